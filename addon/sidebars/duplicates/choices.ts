// The Duplicates sidebar's decisions as pure functions: which value each field starts with, what a merge sends,
// how scores read. Kept apart from the DOM so they are unit-tested.
import type { MergeAllInput, MergeDuplicatesInput } from '../../../shared/api';

/** A group the user confirmed for "merge all". */
type ConfirmedGroup = NonNullable<MergeAllInput['groups']>[number];
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

/** A customer id with its name next to it, when the list knows one: "Ann Botha (C-000012)". */
export function named(id: string, names: Readonly<Record<string, string>>): string {
  const name = names[id];
  return name ? `${name} (${id})` : id;
}

/** One line of the Undo list: who was merged into whom (names next to ids), and when. */
export function mergeLine(m: MergeSummary): string {
  const when = m.at.replace('T', ' ').slice(0, 16);
  const merged = m.mergedIds.map((id) => named(id, m.names)).join(', ');
  const what = m.kind === 'archive' ? `Archived ${merged}` : `${merged} → ${named(m.survivorId, m.names)}`;
  return `${what} · ${when}${m.by ? ` · ${m.by}` : ''}`;
}

/** One entry of the Undo list: a single merge, or every merge of one "merge all" (undone together). */
export type HistoryEntry = { kind: 'single'; merge: MergeSummary } | { kind: 'batch'; batchId: string; merges: MergeSummary[] };

/** The merges (newest first) as Undo list entries: the merges of one batch become one entry, where its newest is. */
export function historyEntries(merges: readonly MergeSummary[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const batches = new Map<string, { kind: 'batch'; batchId: string; merges: MergeSummary[] }>();
  for (const m of merges) {
    if (!m.batchId) {
      out.push({ kind: 'single', merge: m });
      continue;
    }
    let entry = batches.get(m.batchId);
    if (!entry) {
      entry = { kind: 'batch', batchId: m.batchId, merges: [] };
      batches.set(m.batchId, entry);
      out.push(entry);
    }
    entry.merges.push(m);
  }
  return out;
}

/** How a batch reads in the Undo list: its size, when, by whom, and a few of its survivors by name. */
export function batchLine(entry: { merges: readonly MergeSummary[] }): string {
  const first = entry.merges[0];
  const when = (first?.at ?? '').replace('T', ' ').slice(0, 16);
  const n = entry.merges.length;
  const some = entry.merges.slice(0, 3).map((m) => named(m.survivorId, m.names));
  const more = n > 3 ? `, and ${n - 3} more` : '';
  return `Merge all: ${n} group${n === 1 ? '' : 's'} (${some.join('; ')}${more}) · ${when}${first?.by ? ` · ${first.by}` : ''}`;
}

/** True when every merge of the entry is undone. */
export function entryUndone(entry: HistoryEntry): boolean {
  return entry.kind === 'single' ? entry.merge.undone === 'yes' : entry.merges.every((m) => m.undone === 'yes');
}

/** A cluster member's name as the review shows it (first and last name, else company), or ''. */
export function memberName(cluster: ReviewCluster, index: number): string {
  const value = (field: string): string => (cluster.fields.find((f) => f.field === field)?.values[index] ?? '').trim();
  const person = [value('first_name'), value('last_name')].filter((t) => t !== '').join(' ');
  return person !== '' ? person : value('company');
}

/** What "merge all" asks before it runs: how many groups, three examples in words, and the groups to send. */
export function mergeAllQuestion(clusters: readonly ReviewCluster[], levelPercent: number): { question: string; examples: string[]; groups: ConfirmedGroup[] } {
  const n = clusters.length;
  const examples = clusters.slice(0, 3).map((c) => {
    const names: Record<string, string> = {};
    c.members.forEach((m, i) => {
      const name = memberName(c, i);
      if (name !== '') names[m.id] = name;
    });
    const others = c.members.filter((m) => m.id !== c.survivorId).map((m) => named(m.id, names));
    return `${others.join(', ')} into ${named(c.survivorId, names)} (${percent(c.score)})`;
  });
  const question = `Merge ${n} group${n === 1 ? '' : 's'} at or above ${levelPercent}%? Each keeps the proposed survivor and values; you can undo the whole batch afterwards.`;
  return { question, examples, groups: clusters.map((c) => ({ survivorId: c.survivorId, memberIds: c.members.map((m) => m.id) })) };
}

/** Field names as labels: first_name → First name; a user's own column keeps its header. */
export function fieldLabel(field: string): string {
  if (!/^[a-z0-9_]+$/.test(field)) return field;
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
