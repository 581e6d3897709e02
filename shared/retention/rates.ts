import { periodLabel, periodOfMonth, periodStart, type Period } from './dates';
import type { PurchaseHistory } from './history';

/** Activity of one period (month, quarter or year). */
export interface PeriodRate {
  period: string;
  start: string;
  /** Customers who bought in this period. */
  active: number;
  /** Active customers whose first purchase is in this period. */
  new: number;
  /** Active customers who had bought before this period. */
  returning: number;
  /** Customers active in both the previous period and this one. */
  retained: number;
  /** retained ÷ active in the previous period; null when nobody was active then. */
  retentionRate: number | null;
  /** Active customers with two or more purchase days up to the end of this period. */
  repeatBuyers: number;
  /** repeatBuyers ÷ active; null when nobody was active. */
  repeatRate: number | null;
  revenue: number;
  orders: number;
}

/**
 * Retention and repeat-purchase rates per period, from the first purchase's period to the period of `asOf`,
 * without gaps (quiet periods are rows of zeros). One pass over every customer's purchase days.
 */
export function periodRates(history: PurchaseHistory, period: Period = 'month'): PeriodRate[] {
  if (history.customers.size === 0) return [];
  const last = periodOfMonth(history.asOfMonth, period);
  let first = last;
  for (const h of history.customers.values()) first = Math.min(first, periodOfMonth(h.months[0]!, period));
  const length = last - first + 1;
  const active = new Array<number>(length).fill(0);
  const fresh = new Array<number>(length).fill(0);
  const retained = new Array<number>(length).fill(0);
  const repeat = new Array<number>(length).fill(0);
  const revenue = new Array<number>(length).fill(0);
  const orders = new Array<number>(length).fill(0);
  for (const h of history.customers.values()) {
    const n = h.days.length;
    let previous = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const p = periodOfMonth(h.months[i]!, period) - first;
      revenue[p]! += h.spend[i]!;
      orders[p]! += h.orders[i]!;
      if (p !== previous) {
        active[p]!++;
        if (previous === Number.NEGATIVE_INFINITY) fresh[p]!++;
        if (previous === p - 1) retained[p]!++;
        previous = p;
      }
      // The last purchase day of the period decides whether the customer has repeated by its end.
      const next = i + 1 < n ? periodOfMonth(h.months[i + 1]!, period) - first : -1;
      if (next !== p && i + 1 >= 2) repeat[p]!++;
    }
    for (const r of h.refunds ?? []) revenue[periodOfMonth(r.month, period) - first]! += r.amount;
  }
  const rows: PeriodRate[] = [];
  for (let p = 0; p < length; p++) {
    const before = p > 0 ? active[p - 1]! : 0;
    rows.push({
      period: periodLabel(first + p, period),
      start: periodStart(first + p, period),
      active: active[p]!,
      new: fresh[p]!,
      returning: active[p]! - fresh[p]!,
      retained: retained[p]!,
      retentionRate: before > 0 ? retained[p]! / before : null,
      repeatBuyers: repeat[p]!,
      repeatRate: active[p]! > 0 ? repeat[p]! / active[p]! : null,
      revenue: revenue[p]!,
      orders: orders[p]!,
    });
  }
  return rows;
}
