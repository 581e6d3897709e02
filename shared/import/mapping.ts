// Header row → which column feeds which target, with the user's overrides applied first.
import { fold, REPEATED } from './fields';

/** Target → the 0-based columns that feed it (several only for repeated targets such as email, phone). */
export type ColumnMapping = Map<string, number[]>;

/** A mapping that could not be applied as asked. */
export interface MappingProblem {
  field: string;
  column: string;
  reason: 'unknown_field' | 'no_such_column';
}

/**
 * Maps a header: overrides (`field → header text`, '' to leave a field out) first, then each column to the
 * first target whose alias list matches it; single targets keep their best-ranked column.
 */
export function mapColumns(
  header: readonly string[],
  aliases: Readonly<Record<string, readonly RegExp[]>>,
  overrides: Readonly<Record<string, string>> = {},
): { mapping: ColumnMapping; problems: MappingProblem[] } {
  const folded = header.map((h) => fold(h));
  const mapping: ColumnMapping = new Map();
  const taken = new Set<number>();
  const problems: MappingProblem[] = [];
  for (const [field, column] of Object.entries(overrides)) {
    if (!(field in aliases)) {
      problems.push({ field, column, reason: 'unknown_field' });
      continue;
    }
    if (column.trim() === '') {
      mapping.set(field, []);
      continue;
    }
    const at = folded.findIndex((h, i) => h === fold(column) && !taken.has(i));
    const byExact = header.findIndex((h) => h === column);
    const index = byExact >= 0 ? byExact : at;
    if (index < 0) {
      problems.push({ field, column, reason: 'no_such_column' });
      continue;
    }
    taken.add(index);
    mapping.set(field, REPEATED.has(field) ? [...(mapping.get(field) ?? []), index] : [index]);
  }
  const overridden = new Set(Object.keys(overrides));
  // Rank every free column by (target order, alias rank, column order); each column goes to one target.
  const candidates: { field: string; rank: number; index: number }[] = [];
  const fieldOrder = Object.keys(aliases);
  folded.forEach((h, index) => {
    if (taken.has(index) || h === '') return;
    for (const [f, field] of fieldOrder.entries()) {
      if (overridden.has(field)) continue;
      const rank = (aliases[field] ?? []).findIndex((re) => re.test(h));
      if (rank >= 0) {
        candidates.push({ field, rank: f * 100 + rank, index });
        break;
      }
    }
  });
  candidates.sort((a, b) => a.rank - b.rank || a.index - b.index);
  for (const c of candidates) {
    const list = mapping.get(c.field) ?? [];
    if (list.length > 0 && !REPEATED.has(c.field)) continue;
    list.push(c.index);
    mapping.set(c.field, list);
    taken.add(c.index);
  }
  return { mapping, problems };
}

/** The columns no target took, by index. */
export function unmappedColumns(header: readonly string[], mapping: ColumnMapping): number[] {
  const used = new Set([...mapping.values()].flat());
  return header.map((_, i) => i).filter((i) => !used.has(i) && header[i]!.trim() !== '');
}
