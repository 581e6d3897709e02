import type { MergeProposal } from '../dedupe';
import { cellText, customersTab, mapHeader, type Grid } from '../workbook';
import { pairKey, type SplitProposal } from './decisions';
import { MATCH_FIELDS } from './records';

/** One customer of a cluster as the Duplicates sidebar lists it. */
export interface ReviewMember {
  id: string;
  /** Sheet row on Customers (row 1 is the header). */
  row: number;
  /** Mean match probability to the other members (0–1). */
  score: number;
}

/** One field of a cluster side by side: each member's value (same order as members) and the proposed one. */
export interface ReviewField {
  field: string;
  values: string[];
  /** True when the members' values are not all the same (case aside; a blank beside a value differs). */
  differs: boolean;
  /** The value survivorship chose (may come from any member). */
  proposed: string;
}

/** A cluster ready for review: best-first by score, survivor first among the members. */
export interface ReviewCluster {
  clusterId: string;
  score: number;
  survivorId: string;
  members: ReviewMember[];
  fields: ReviewField[];
}

/** Other Customers columns shown to help tell people apart, though the engine does not match on them. */
const CONTEXT_FIELDS = ['contact_type', 'category', 'customer_since', 'source', 'membership_no', 'orders', 'last_purchase', 'tags', 'notes'];

/**
 * Clusters side by side, best first: every field some member fills (match fields, the user's own columns, then
 * context fields), each member's value, whether they differ, and the proposed value.
 */
export function reviewClusters(grid: Grid, proposals: readonly MergeProposal[], memberScores: ReadonlyMap<string, number> = new Map()): ReviewCluster[] {
  const map = mapHeader(customersTab.columns, grid.header);
  const idCol = map.indexOf.get('id');
  const rowOf = new Map<string, number>();
  if (idCol !== undefined) grid.rows.forEach((r, i) => rowOf.set(cellText(r[idCol]), i));
  const own = map.unknown.map((i) => (grid.header[i] ?? '').trim()).filter((h) => h !== '');
  const columns: [string, number][] = [];
  for (const f of [...MATCH_FIELDS, ...CONTEXT_FIELDS]) {
    const at = map.indexOf.get(f);
    if (at !== undefined) columns.push([f, at]);
  }
  for (const h of own) if (own.indexOf(h) === own.lastIndexOf(h)) columns.push([h, grid.header.findIndex((x) => x.trim() === h)]);
  const out: ReviewCluster[] = [];
  for (const p of proposals) {
    const ids = [p.survivorId, ...p.memberIds.filter((id) => id !== p.survivorId)];
    if (ids.some((id) => !rowOf.has(id))) continue;
    const rows = ids.map((id) => grid.rows[rowOf.get(id)!] ?? []);
    const fields: ReviewField[] = [];
    for (const [field, at] of columns) {
      const values = rows.map((r) => cellText(r[at]));
      const filled = values.filter((v) => v !== '');
      if (filled.length === 0) continue;
      // A blank beside a value counts as a difference too: the person choosing should see it.
      const differs = new Set(values.map((v) => v.toLowerCase())).size > 1;
      fields.push({ field, values, differs, proposed: p.fields[field] ?? filled[0] ?? '' });
    }
    out.push({
      clusterId: p.clusterId,
      score: p.score,
      survivorId: p.survivorId,
      members: ids.map((id) => ({ id, row: rowOf.get(id)! + 2, score: memberScores.get(id) ?? p.score })),
      fields,
    });
  }
  return out.sort((a, b) => b.score - a.score || b.members.length - a.members.length || a.members[0]!.row - b.members[0]!.row);
}

/**
 * A proposal cut down by "not a duplicate" decisions, re-proposed for the members kept: chosen values and
 * alternatives only from those members (a value of a member set apart must not move to the survivor).
 * Undefined when fewer than two members are left.
 */
export function reproposeKept<P extends MergeProposal>(split: SplitProposal<P>, grid: Grid): MergeProposal | undefined {
  if (split.keep.length < 2) return undefined;
  const map = mapHeader(customersTab.columns, grid.header);
  const idCol = map.indexOf.get('id');
  const kept = new Set(split.keep);
  const rows = idCol === undefined ? [] : grid.rows.filter((r) => kept.has(cellText(r[idCol])));
  const has = (field: string, value: string): boolean => {
    const at = map.indexOf.get(field) ?? grid.header.findIndex((h) => h.trim() === field);
    return at >= 0 && rows.some((r) => cellText(r[at]).toLowerCase() === value.trim().toLowerCase());
  };
  const fields: Record<string, string> = {};
  for (const [f, v] of Object.entries(split.proposal.fields)) if (has(f, v)) fields[f] = v;
  const alternatives: Record<string, string[]> = {};
  for (const [f, vs] of Object.entries(split.proposal.alternatives)) {
    const left = vs.filter((v) => has(f, v));
    if (left.length > 0) alternatives[f] = left;
  }
  const survivorId = split.keep[0]!;
  return { ...split.proposal, survivorId, memberIds: split.proposal.memberIds.filter((id) => kept.has(id)), fields, alternatives };
}

/** Every pair among these ids, for marking a whole cluster "not duplicates". */
export function pairsOf(ids: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const key = pairKey(ids[i]!, ids[j]!);
      if (ids[i]!.trim() === ids[j]!.trim() || seen.has(key)) continue;
      seen.add(key);
      out.push([ids[i]!, ids[j]!]);
    }
  }
  return out;
}
