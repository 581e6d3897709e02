import type { Defection } from '../workbook';
import { parseDay } from './dates';
import { byLostProfit, type DetectedDefection } from './defections';
import type { PurchaseHistory } from './history';
import type { CustomerProfile } from './profiles';

/** An open defection, detected now or recorded by hand, with its estimated lost profit. */
export interface RankedDefection {
  customerId: string;
  type: string;
  detectedAt: string;
  reason: string;
  lostProfit: number;
  /** The Defections row that records it, or null when it is new. */
  recordedId: string | null;
  outcome: string;
}

/** Open defections' count and lost profit by type. */
export interface DefectionTypeTotal {
  type: string;
  count: number;
  lostProfit: number;
}

const DETECTED_TYPES = new Set(['no_repurchase', 'missed_appointment', 'not_returning', 'complaint_unresolved']);

/**
 * Every open defection ranked by lost profit: detected ones whose row (if any) has no outcome yet,
 * plus recorded rows of types the engine does not detect (cancelled) that have no outcome and no purchase since.
 * A recorded row's own lost_profit_estimate wins over the engine's estimate.
 */
export function rankDefections(detected: readonly DetectedDefection[], recorded: readonly Defection[], profiles: readonly CustomerProfile[], history: PurchaseHistory): RankedDefection[] {
  const rows = new Map<string, Defection>();
  for (const d of recorded) rows.set(d.id, d);
  const value = new Map<string, number>();
  for (const p of profiles) value.set(p.id, p.valueIfRetained);
  const out: RankedDefection[] = [];
  for (const d of detected) {
    const row = d.recordedId === null ? undefined : rows.get(d.recordedId);
    // An outcome (reached, won back, lost) closes the defection it records.
    if (row && row.outcome.trim() !== '') continue;
    out.push({
      customerId: d.customerId,
      type: d.type,
      detectedAt: d.detectedAt,
      reason: d.reason,
      lostProfit: row?.lost_profit_estimate ?? d.lostProfit,
      recordedId: d.recordedId,
      outcome: '',
    });
  }
  for (const d of recorded) {
    if (DETECTED_TYPES.has(d.type) || d.outcome.trim() !== '') continue;
    const id = d.customer_id.trim();
    const since = parseDay(d.detected_at);
    const days = history.customers.get(id)?.days;
    if (since && days && days[days.length - 1]! > since.day) continue;
    out.push({
      customerId: id,
      type: d.type,
      detectedAt: d.detected_at ?? '',
      reason: d.reason,
      lostProfit: d.lost_profit_estimate ?? value.get(id) ?? 0,
      recordedId: d.id,
      outcome: '',
    });
  }
  return out.sort(byLostProfit);
}

/** Count and lost profit per type, largest lost profit first. */
export function defectionTotals(ranked: readonly RankedDefection[]): DefectionTypeTotal[] {
  const totals = new Map<string, DefectionTypeTotal>();
  for (const d of ranked) {
    let t = totals.get(d.type);
    if (!t) totals.set(d.type, (t = { type: d.type, count: 0, lostProfit: 0 }));
    t.count++;
    t.lostProfit += d.lostProfit;
  }
  return [...totals.values()].sort((a, b) => b.lostProfit - a.lostProfit || a.type.localeCompare(b.type));
}
