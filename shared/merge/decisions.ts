import { appendRecords, cellText, col, mapHeader, openTable, type Grid, type TabDef, type Workbook } from '../workbook';
import type { Actor, MergeInput } from './types';

/** The tab where "not a duplicate" decisions are kept: one row per pair of customers declared distinct. */
export const decisionsTab = {
  name: 'Dedupe decisions',
  idPrefix: 'N',
  columns: {
    id: col.id(),
    pair: col.text({ required: true }),
    decided_by: col.text(),
    decided_at: col.datetime(),
  },
} satisfies TabDef;

/** The key of a pair: the two ids trimmed, sorted and joined by "|", so A|B and B|A are the same pair. */
export function pairKey(idA: string, idB: string): string {
  const [a, b] = [idA.trim(), idB.trim()].sort();
  return `${a}|${b}`;
}

/** Outcome of marking a pair: whether a row was added, or why not. */
export type MarkResult = { ok: true; added: boolean; pair: string } | { ok: false; code: 'same_customer' | 'blank_id' };

/** Records that two customers are not the same person (once; marking the pair again adds nothing). */
export function markNotDuplicate(wb: Workbook, idA: string, idB: string, actor: Actor): MarkResult {
  if (idA.trim() === '' || idB.trim() === '') return { ok: false, code: 'blank_id' };
  if (idA.trim() === idB.trim()) return { ok: false, code: 'same_customer' };
  const pair = pairKey(idA, idB);
  return wb.withLock(() => {
    const table = openTable(wb, decisionsTab);
    if (table.rows.some((r) => normalisePair(r.record.pair) === pair)) return { ok: true, added: false, pair };
    appendRecords(wb, table, [{ pair, decided_by: actor.by, decided_at: actor.at }]);
    return { ok: true, added: true, pair };
  });
}

/** Records several pairs at once (one read, one append); returns the pair keys newly added. */
export function markNotDuplicates(wb: Workbook, pairs: readonly (readonly [string, string])[], actor: Actor): { ok: true; added: string[] } | { ok: false; code: 'same_customer' | 'blank_id' } {
  for (const [a, b] of pairs) {
    if (a.trim() === '' || b.trim() === '') return { ok: false, code: 'blank_id' };
    if (a.trim() === b.trim()) return { ok: false, code: 'same_customer' };
  }
  return wb.withLock(() => {
    const table = openTable(wb, decisionsTab);
    const known = new Set(table.rows.map((r) => normalisePair(r.record.pair)));
    const added: string[] = [];
    for (const [a, b] of pairs) {
      const pair = pairKey(a, b);
      if (known.has(pair)) continue;
      known.add(pair);
      added.push(pair);
    }
    appendRecords(wb, table, added.map((pair) => ({ pair, decided_by: actor.by, decided_at: actor.at })));
    return { ok: true as const, added };
  });
}

/** Every pair declared distinct, as pair keys; empty when the tab does not exist yet. */
export function loadDecisions(wb: Workbook): Set<string> {
  return decisionsFrom(wb.read(decisionsTab.name));
}

/** The pair keys in a decisions grid (hand-typed pairs in either order count too). */
export function decisionsFrom(grid: Grid | undefined): Set<string> {
  const out = new Set<string>();
  if (!grid) return out;
  const at = mapHeader(decisionsTab.columns, grid.header).indexOf.get('pair');
  if (at === undefined) return out;
  for (const row of grid.rows) {
    const key = normalisePair(cellText(row[at]));
    if (key !== '') out.add(key);
  }
  return out;
}

function normalisePair(text: string): string {
  const parts = text.split('|').map((s) => s.trim());
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return '';
  return pairKey(parts[0]!, parts[1]!);
}

/** The pairs among these ids that were declared distinct. */
export function distinctPairs(ids: readonly string[], decisions: ReadonlySet<string>): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i]!;
      const b = ids[j]!;
      if (decisions.has(pairKey(a, b))) out.push([a, b]);
    }
  }
  return out;
}

/**
 * A proposal that had to be cut because some of its members were declared distinct: `keep` (survivor first)
 * may still be one person, but its survivorship must be worked out again, since the chosen values may have
 * come from a member now left `apart`.
 */
export interface SplitProposal<P> {
  proposal: P;
  keep: string[];
  apart: string[];
}

/**
 * Splits proposals into those untouched by any decision and those cut down: each member is kept only if it
 * was declared distinct from none of the members kept before it (survivor first, then in member order).
 */
export function filterProposals<P extends MergeInput>(proposals: readonly P[], decisions: ReadonlySet<string>): { kept: P[]; split: SplitProposal<P>[] } {
  const kept: P[] = [];
  const split: SplitProposal<P>[] = [];
  for (const proposal of proposals) {
    const members = [proposal.survivorId, ...proposal.memberIds.filter((id) => id !== proposal.survivorId)];
    const keep: string[] = [];
    const apart: string[] = [];
    for (const id of members) {
      if (keep.some((k) => decisions.has(pairKey(k, id)))) apart.push(id);
      else keep.push(id);
    }
    if (apart.length === 0) kept.push(proposal);
    else split.push({ proposal, keep, apart });
  }
  return { kept, split };
}
