import type { Defection, Interaction } from '../workbook';
import { isoFromDay } from '../kernel';
import { localDay, parseDay } from './dates';
import type { PurchaseHistory } from './history';
import type { ResolvedOptions, RetentionSettings } from './options';
import type { CustomerProfile } from './profiles';

/** The kinds of defection the engine detects (cancelled is only ever entered by hand). */
export type DetectedType = 'no_repurchase' | 'missed_appointment' | 'not_returning' | 'complaint_unresolved';

/** A defection found in the data, with the profit it is estimated to cost. */
export interface DetectedDefection {
  customerId: string;
  type: DetectedType;
  /** The first day the rule held (so the same defection is found with the same date on every run). */
  detectedAt: string;
  /** The day of the purchase, appointment or complaint it is about. */
  since: string;
  /** A short, name-free explanation with the numbers behind it. */
  reason: string;
  /** The customer's valueIfRetained: yearly revenue × margin × annuity factor. */
  lostProfit: number;
  /** The id of the Defections row that already records it, or null when it is new. */
  recordedId: string | null;
}

const MISSED = /miss|no[\s_-]?show|did\s*n[o']?t\s*(attend|show|come)|\bdna\b|absent|not\s*attended|cancel+ed\s*late/i;
const NOT_RESOLVED = /unresolv|not\s*(yet\s*)?resolv|open|pending|waiting|escalat/i;
const RESOLVED = /resolv|closed|done|fixed|settled|solved/i;

/** True when an appointment's status says the customer did not come. */
export function isMissedStatus(status: string): boolean {
  return MISSED.test(status);
}

/** True when a complaint's status says it was dealt with. */
export function isResolvedStatus(status: string): boolean {
  return !NOT_RESOLVED.test(status) && RESOLVED.test(status);
}

interface DetectInput {
  history: PurchaseHistory;
  profiles: readonly CustomerProfile[];
  interactions: readonly Interaction[];
  defections: readonly Defection[];
  settings: RetentionSettings;
  options: ResolvedOptions;
  survivors: Map<string, string>;
}

interface Moments {
  missed: number[];
  attended: number;
  complaints: { day: number; open: boolean }[];
}

/**
 * Finds, per customer and type, the defection the data shows now:
 * - no_repurchase: no purchase for longer than overdueFactor × their median gap (at least minOverdueDays), or
 *   noRepurchaseDays for one-time buyers;
 * - missed_appointment: the latest appointment with a missed/no-show status, not followed by a purchase, a visit
 *   or an attended appointment;
 * - not_returning: no purchase in the complaint_days after their latest complaint (the complaint's own day excluded);
 * - complaint_unresolved: their oldest complaint still open (no resolved_at up to the analysis date and no
 *   resolved/closed status) more than unresolvedDays after it was made.
 * Archived and merged customers are skipped. Interactions after the analysis date are ignored.
 */
export function detectDefections(input: DetectInput): DetectedDefection[] {
  const { history, options, settings } = input;
  const asOf = history.asOf;
  const moments = new Map<string, Moments>();
  for (const i of input.interactions) {
    const raw = i.customer_id.trim();
    if (raw === '') continue;
    const ref = localDay(i.date, settings.time_zone);
    if (!ref || ref.day > asOf) continue;
    const id = input.survivors.get(raw) ?? raw;
    let m = moments.get(id);
    if (!m) moments.set(id, (m = { missed: [], attended: Number.NEGATIVE_INFINITY, complaints: [] }));
    if (i.kind === 'appointment') {
      if (isMissedStatus(i.status)) m.missed.push(ref.day);
      else m.attended = Math.max(m.attended, ref.day);
    } else if (i.kind === 'visit') {
      m.attended = Math.max(m.attended, ref.day);
    } else if (i.kind === 'complaint') {
      const resolvedAt = parseDay(i.resolved_at);
      const resolved = (resolvedAt !== undefined && resolvedAt.day <= asOf) || isResolvedStatus(i.status);
      m.complaints.push({ day: ref.day, open: !resolved });
    }
  }
  const recorded = new Map<string, string>();
  // Rows typed by hand rarely carry the engine's date: a row of the same customer and type dated on or after the
  // day the defection is about (its purchase, appointment or complaint) records the same episode.
  const byPair = new Map<string, { day: number; id: string; open: boolean }[]>();
  for (const d of input.defections) {
    const pair = `${input.survivors.get(d.customer_id.trim()) ?? d.customer_id.trim()}|${d.type}`;
    const ref = parseDay(d.detected_at);
    if (ref) recorded.set(`${pair}|${ref.day}`, d.id);
    let list = byPair.get(pair);
    if (!list) byPair.set(pair, (list = []));
    list.push({ day: ref?.day ?? Number.NEGATIVE_INFINITY, id: d.id, open: d.outcome.trim() === '' });
  }
  const recordedId = (id: string, type: DetectedType, detected: number, since: number): string | null => {
    const exact = recorded.get(`${id}|${type}|${detected}`);
    if (exact !== undefined) return exact;
    let best: { day: number; id: string } | undefined;
    let open: { day: number; id: string } | undefined;
    for (const row of byPair.get(`${id}|${type}`) ?? []) {
      if (row.day >= since && (!best || row.day > best.day)) best = row;
      // An open no_repurchase row dated before their last purchase was ended by that purchase.
      if (row.open && type !== 'no_repurchase' && (!open || row.day < open.day)) open = row;
    }
    // One open defection per person and type: a new episode while an older one is still open (a second complaint,
    // a later appointment missed) is the same defection, not another row.
    return best?.id ?? open?.id ?? null;
  };
  const out: DetectedDefection[] = [];
  const push = (p: CustomerProfile, type: DetectedType, detected: number, since: number, reason: string): void => {
    out.push({
      customerId: p.id,
      type,
      detectedAt: isoFromDay(detected),
      since: isoFromDay(since),
      reason,
      lostProfit: p.valueIfRetained,
      recordedId: recordedId(p.id, type, detected, since),
    });
  };
  for (const p of input.profiles) {
    if (p.status === 'archived' || p.status === 'merged') continue;
    const days = history.customers.get(p.id)?.days ?? [];
    const last = days.length > 0 ? days[days.length - 1]! : Number.NEGATIVE_INFINITY;
    if (days.length > 0) {
      const limit = p.medianGap === null ? options.noRepurchaseDays : Math.max(options.overdueFactor * p.medianGap, options.minOverdueDays);
      if (asOf - last > limit) {
        const reason =
          p.medianGap === null
            ? `one purchase, none for ${asOf - last} days (limit ${fmt(limit)})`
            : `no purchase for ${asOf - last} days; usually every ${fmt(p.medianGap)} days`;
        push(p, 'no_repurchase', last + Math.floor(limit) + 1, last, reason);
      }
    }
    const m = moments.get(p.id);
    if (!m) continue;
    if (m.missed.length > 0) {
      const latest = Math.max(...m.missed);
      if (last <= latest && m.attended <= latest) {
        push(p, 'missed_appointment', latest, latest, `missed ${m.missed.length} appointment(s); no visit or purchase since`);
      }
    }
    if (m.complaints.length > 0) {
      const window = settings.complaint_days;
      const latest = Math.max(...m.complaints.map((c) => c.day));
      if (asOf > latest + window && !boughtWithin(days, latest, latest + window)) {
        push(p, 'not_returning', latest + window + 1, latest, `no purchase in the ${window} days after a complaint`);
      }
      const open = m.complaints.filter((c) => c.open);
      if (open.length > 0) {
        const oldest = Math.min(...open.map((c) => c.day));
        if (asOf > oldest + options.unresolvedDays) {
          push(p, 'complaint_unresolved', oldest + options.unresolvedDays + 1, oldest, `${open.length} complaint(s) open, the oldest for ${asOf - oldest} days`);
        }
      }
    }
  }
  return out.sort(byLostProfit);
}

/** Largest lost profit first, then the most recent, then by customer id. */
export function byLostProfit(a: { lostProfit: number; detectedAt: string; customerId: string }, b: { lostProfit: number; detectedAt: string; customerId: string }): number {
  return b.lostProfit - a.lostProfit || (a.detectedAt < b.detectedAt ? 1 : a.detectedAt > b.detectedAt ? -1 : 0) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);
}

function boughtWithin(days: readonly number[], after: number, until: number): boolean {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo < days.length && days[lo]! <= until;
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}
