import type { ConsentChange, DateOrder, Interaction, MergeLogEntry, OutboxEntry, Purchase } from '../workbook';
import { formatStamp, localStamp } from './dates';

/** What happened to a customer, from any tab: the card's timeline shows these newest first. */
export type TimelineKind = 'purchase' | 'interaction' | 'message' | 'consent' | 'merge';

/** One line of the timeline, ready to show. */
export interface TimelineItem {
  kind: TimelineKind;
  /** The business-local wall clock, YYYY-MM-DD or YYYY-MM-DDTHH:MM (sorts as text); '' when unknown. */
  at: string;
  /** `at` as the business writes it: 23/01/2024 08:30. */
  when: string;
  /** The interaction kind, the message status, the consent change (given/withdrawn), 'merge' or 'purchase'. */
  type: string;
  title: string;
  detail: string;
  /** The row's id, so an action (resolve a complaint) can name it. */
  ref: string;
  /** For a complaint: true while it is not resolved. */
  open?: boolean;
  amount?: number | null;
  currency?: string;
}

/** Everything the timeline is drawn from, already filtered to the customer. */
export interface TimelineSources {
  purchases: readonly Purchase[];
  interactions: readonly Interaction[];
  outbox: readonly OutboxEntry[];
  consent: readonly ConsentChange[];
  merges: readonly MergeLogEntry[];
}

const CLOSED = new Set(['resolved', 'closed', 'done']);

/** True for a complaint not yet resolved (no resolved_at and no closing status). */
export function isOpenComplaint(i: Pick<Interaction, 'kind' | 'resolved_at' | 'status'>): boolean {
  return i.kind === 'complaint' && !i.resolved_at && !CLOSED.has(i.status.trim().toLowerCase());
}

/** One page of a customer's timeline, newest first, with the total so the card can offer more. */
export function buildTimeline(src: TimelineSources, zone: { timeZone: string; order: DateOrder }, offset: number, limit: number): { items: TimelineItem[]; total: number; offset: number } {
  const stamp = (text: string | undefined): { at: string; when: string } => {
    const at = text ? (localStamp(text, zone.timeZone) ?? '') : '';
    return { at, when: at === '' ? (text ?? '') : formatStamp(at, zone.order) };
  };
  const items: TimelineItem[] = [];
  for (const p of src.purchases) {
    items.push({ kind: 'purchase', ...stamp(p.date), type: 'purchase', title: p.description || 'Purchase', detail: [p.channel, p.staff].filter(Boolean).join(' · '), ref: p.id, amount: p.amount ?? null, currency: p.currency });
  }
  for (const i of src.interactions) {
    const resolved = i.resolved_at ? `resolved ${formatStamp(i.resolved_at, zone.order)}` : '';
    const followUp = i.follow_up_date ? `follow up ${formatStamp(i.follow_up_date, zone.order)}` : '';
    items.push({
      kind: 'interaction',
      ...stamp(i.date),
      type: i.kind,
      title: i.subject || i.kind,
      detail: [i.notes, i.staff, i.status, followUp, resolved].filter(Boolean).join(' · '),
      ref: i.id,
      ...(i.kind === 'complaint' ? { open: isOpenComplaint(i) } : {}),
    });
  }
  for (const o of src.outbox) {
    items.push({ kind: 'message', ...stamp(o.sent_at ?? o.planned_for), type: o.status, title: o.subject || o.campaign || 'Message', detail: [o.campaign, o.status, o.reason].filter(Boolean).join(' · '), ref: o.id });
  }
  for (const c of src.consent) {
    items.push({ kind: 'consent', ...stamp(c.at), type: c.change, title: c.change === 'given' ? 'E-mail consent given' : 'E-mail consent withdrawn', detail: [c.basis, c.source, c.by].filter(Boolean).join(' · '), ref: c.id });
  }
  // One line per merge, however many rows it changed.
  const merges = new Map<string, MergeLogEntry>();
  for (const m of src.merges) if (!merges.has(m.merge_id)) merges.set(m.merge_id, m);
  for (const m of merges.values()) {
    items.push({ kind: 'merge', ...stamp(m.at), type: 'merge', title: `Merged ${m.merged_ids} into ${m.survivor_id}`, detail: [m.by, m.undone_at ? 'undone' : ''].filter(Boolean).join(' · '), ref: m.merge_id });
  }
  items.sort((a, b) => b.at.localeCompare(a.at) || b.ref.localeCompare(a.ref));
  const start = Math.max(0, Math.min(offset, items.length));
  return { items: items.slice(start, start + limit), total: items.length, offset: start };
}

/** True when a Merge log row is about this customer (the survivor, or one of the merged). */
export function mergeMentions(entry: Pick<MergeLogEntry, 'survivor_id' | 'merged_ids' | 'row_id'>, id: string): boolean {
  return entry.survivor_id === id || entry.row_id === id || entry.merged_ids.split(/[\s,;]+/).includes(id);
}
