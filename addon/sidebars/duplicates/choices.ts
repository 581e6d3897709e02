// The Duplicates sidebar's decisions as pure functions: which value each field starts with, what a merge sends,
// how scores read. Kept apart from the DOM so they are unit-tested.
import type { MergeDuplicatesInput } from '../../../shared/api';
import type { MergeSummary, ReviewCluster, ReviewField } from '../../../shared/merge';

/** A match probability as people read it: whole percent, with one decimal close to certainty (99.6%). */
export function percent(score: number): string {
  const p = Math.max(0, Math.min(1, score)) * 100;
  return p >= 99 && p < 100 ? `${Math.floor(p * 10) / 10}%` : `${Math.round(p)}%`;
}

/**
 * The member whose value a field starts with: the one holding the proposed value (survivor first), else the
 * survivor when it has one, else the first member with a value.
 */
export function defaultChoice(field: ReviewField, survivorIndex: number): number {
  const want = field.proposed.trim().toLowerCase();
  const order = [survivorIndex, ...field.values.map((_, i) => i).filter((i) => i !== survivorIndex)];
  const holding = order.find((i) => want !== '' && (field.values[i] ?? '').trim().toLowerCase() === want);
  if (holding !== undefined) return holding;
  if ((field.values[survivorIndex] ?? '') !== '') return survivorIndex;
  return order.find((i) => (field.values[i] ?? '') !== '') ?? survivorIndex;
}

/**
 * The merge to send: the chosen survivor, every member, and for each field that differs the value chosen
 * (by member index); a blank choice is sent as blank, which keeps what the survivor has.
 */
export function mergeRequest(cluster: ReviewCluster, survivorId: string, chosen: Readonly<Record<string, number>>): MergeDuplicatesInput {
  const fields: Record<string, string> = {};
  for (const f of cluster.fields) {
    if (!f.differs) continue;
    const at = chosen[f.field];
    if (at === undefined) continue;
    fields[f.field] = f.values[at] ?? '';
  }
  return { survivorId, memberIds: cluster.members.map((m) => m.id), fields, score: cluster.score };
}

/** Clusters at or above a level given in percent. */
export function clustersAbove(clusters: readonly ReviewCluster[], levelPercent: number): ReviewCluster[] {
  return clusters.filter((c) => c.score * 100 >= levelPercent - 1e-9);
}

/** One line of the Undo list: who was merged into whom, and when. */
export function mergeLine(m: MergeSummary): string {
  const when = m.at.replace('T', ' ').slice(0, 16);
  const what = m.kind === 'archive' ? `Archived ${m.mergedIds.join(', ')}` : `${m.mergedIds.join(', ')} → ${m.survivorId}`;
  return `${what} · ${when}${m.by ? ` · ${m.by}` : ''}`;
}

/** Field names as labels: first_name → First name; a user's own column keeps its header. */
export function fieldLabel(field: string): string {
  if (!/^[a-z0-9_]+$/.test(field)) return field;
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
