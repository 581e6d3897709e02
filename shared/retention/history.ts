import type { Customer, Purchase } from '../workbook';
import { parseDay } from './dates';

/** One customer's purchases up to the analysis date, collapsed to distinct purchase days in order. */
export interface CustomerHistory {
  id: string;
  /** Distinct purchase days (days since 1970-01-01), ascending. */
  days: number[];
  /** The month index (year × 12 + month − 1) of each day. */
  months: number[];
  /** Amount bought on each day. */
  spend: number[];
  /** Purchase rows on each day. */
  orders: number[];
  /** Refunds (negative amounts), which lower revenue but are not visits. */
  refunds?: { month: number; amount: number }[];
  orderCount: number;
  revenue: number;
}

/** Everybody's purchase history as of one date, built in one pass over the Purchases tab. */
export interface PurchaseHistory {
  asOf: number;
  asOfMonth: number;
  /** Customers with at least one purchase on or before `asOf`, keyed by id (merged ids folded into survivors). */
  customers: Map<string, CustomerHistory>;
  /** Rows without a customer id or a readable date. */
  skipped: number;
  /** Rows dated after `asOf`, left out. */
  future: number;
}

/** Where each merged customer's rows belong: the end of its merged_into chain. */
export function survivorMap(customers: readonly Customer[]): Map<string, string> {
  const into = new Map<string, string>();
  for (const c of customers) {
    const target = c.merged_into.trim();
    if (c.status === 'merged' && target !== '') into.set(c.id.trim(), target);
  }
  const resolved = new Map<string, string>();
  for (const id of into.keys()) {
    let current = id;
    // A chain is short; the bound only guards against a cycle typed by hand.
    for (let hops = 0; hops < 32; hops++) {
      const next = into.get(current);
      if (next === undefined || next === id) break;
      current = next;
    }
    resolved.set(id, current);
  }
  return resolved;
}

/**
 * Groups purchases by customer as of `asOf` (inclusive, YYYY-MM-DD). Rows of merged customers count for their
 * survivor; negative amounts are refunds; several rows on one day make one purchase day.
 * Built for a million rows: one pass into typed arrays, then each customer's rows gathered by a counting sort,
 * so there is no per-row object or per-customer growing array.
 */
export function buildHistory(purchases: readonly Purchase[], asOf: string, customers: readonly Customer[] = []): PurchaseHistory {
  const end = parseDay(asOf);
  if (!end) throw new RangeError('asOf must be a YYYY-MM-DD date');
  const survivors = survivorMap(customers);
  const n = purchases.length;
  const index = new Map<string, number>();
  const ids: string[] = [];
  let counts = new Int32Array(1024);
  const who = new Int32Array(n);
  const days = new Int32Array(n);
  const months = new Int32Array(n);
  const amounts = new Float64Array(n);
  let kept = 0;
  let skipped = 0;
  let future = 0;
  for (let i = 0; i < n; i++) {
    const p = purchases[i]!;
    let id = p.customer_id.trim();
    const ref = parseDay(p.date);
    if (id === '' || !ref) {
      skipped++;
      continue;
    }
    if (ref.day > end.day) {
      future++;
      continue;
    }
    if (survivors.size > 0) id = survivors.get(id) ?? id;
    let k = index.get(id);
    if (k === undefined) {
      k = ids.length;
      index.set(id, k);
      ids.push(id);
      if (k >= counts.length) {
        const grown = new Int32Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
      }
    }
    counts[k]!++;
    who[kept] = k;
    days[kept] = ref.day;
    months[kept] = ref.month;
    amounts[kept] = p.amount ?? 0;
    kept++;
  }
  // Two stable counting sorts (by day, then by customer) put each customer's rows together in date order, ties
  // in sheet order: customer k's rows are order[start[k] … start[k + 1]).
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let r = 0; r < kept; r++) {
    if (days[r]! < minDay) minDay = days[r]!;
    if (days[r]! > maxDay) maxDay = days[r]!;
  }
  const byDay = new Int32Array(kept);
  if (kept > 0) {
    const dayStart = new Int32Array(maxDay - minDay + 2);
    for (let r = 0; r < kept; r++) dayStart[days[r]! - minDay + 1]!++;
    for (let d = 1; d < dayStart.length; d++) dayStart[d]! += dayStart[d - 1]!;
    for (let r = 0; r < kept; r++) byDay[dayStart[days[r]! - minDay]!++] = r;
  }
  const start = new Int32Array(ids.length + 1);
  for (let k = 0; k < ids.length; k++) start[k + 1] = start[k]! + counts[k]!;
  const fill = start.slice(0, ids.length);
  const order = new Int32Array(kept);
  for (let j = 0; j < kept; j++) {
    const r = byDay[j]!;
    order[fill[who[r]!]!++] = r;
  }
  const out = new Map<string, CustomerHistory>();
  for (let k = 0; k < ids.length; k++) {
    const h = collapse(ids[k]!, order.subarray(start[k], start[k + 1]), days, months, amounts);
    if (h.days.length > 0) out.set(ids[k]!, h);
  }
  return { asOf: end.day, asOfMonth: end.month, customers: out, skipped, future };
}

/**
 * One customer's rows (in date order) as purchase days. Refunds are netted per day: a day whose rows add up to
 * more than nothing is a purchase day of that net spend; a day refunded whole is no visit, and a net negative day
 * (a return of something bought earlier) is a refund in its month. Revenue is every amount, refunds included.
 */
function collapse(id: string, rows: Int32Array, days: Int32Array, months: Int32Array, amounts: Float64Array): CustomerHistory {
  const h: CustomerHistory = { id, days: [], months: [], spend: [], orders: [], orderCount: 0, revenue: 0 };
  let j = 0;
  while (j < rows.length) {
    const day = days[rows[j]!]!;
    const month = months[rows[j]!]!;
    let net = 0;
    let bought = 0;
    let refunded = false;
    for (; j < rows.length && days[rows[j]!] === day; j++) {
      const amount = amounts[rows[j]!]!;
      net += amount;
      if (amount >= 0) bought++;
      else refunded = true;
    }
    h.revenue += net;
    // A day of rows without amounts (or free ones) is still a visit; one whose refund cancels it is not.
    if (net > 0 || (net === 0 && bought > 0 && !refunded)) {
      h.days.push(day);
      h.months.push(month);
      h.spend.push(net);
      h.orders.push(bought);
      h.orderCount += bought;
    } else if (net < 0) {
      (h.refunds ??= []).push({ month, amount: net });
    }
  }
  return h;
}
