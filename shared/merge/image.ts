import { isBlank, type CellValue } from '../workbook';

/** A sheet cell holds at most this many characters; a log cell must fit in one. */
export const CELL_LIMIT = 50_000;

/**
 * The key of each column in a row image: its header, or `#N` (1-based position) when the header is blank or
 * repeated, so that every cell of the row has a key of its own.
 */
export function columnKeys(header: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const h of header) count.set(h, (count.get(h) ?? 0) + 1);
  const keys: string[] = [];
  const used = new Set<string>();
  header.forEach((h, i) => {
    let key = h.trim() !== '' && count.get(h) === 1 ? h : `#${i + 1}`;
    while (used.has(key)) key = `#${key}`;
    used.add(key);
    keys.push(key);
  });
  return keys;
}

/** A row as a JSON object keyed by column; with `only`, just those column indexes. */
export function rowImage(keys: readonly string[], row: readonly CellValue[], only?: Iterable<number>): string {
  const image: Record<string, CellValue> = {};
  const indexes = only ? [...only].sort((a, b) => a - b) : keys.map((_, i) => i);
  for (const i of indexes) image[keys[i] ?? `#${i + 1}`] = row[i] ?? null;
  return JSON.stringify(image);
}

/** Parses a row image back; undefined when the text is not one. */
export function parseImage(text: string): Record<string, CellValue> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const out: Record<string, CellValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
      out[k] = v;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Two cells a person would call equal: both blank, or the same value (adapters may hand 12 back as "12"). */
export function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (isBlank(a ?? null) && isBlank(b ?? null)) return true;
  if (a === b) return true;
  return a !== null && a !== undefined && b !== null && b !== undefined && typeof a !== 'boolean' && typeof b !== 'boolean' && String(a) === String(b);
}
