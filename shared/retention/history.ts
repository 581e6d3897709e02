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

interface Raw {
  days: number[];
  months: number[];
  amounts: number[];
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
 */
export function buildHistory(purchases: readonly Purchase[], asOf: string, customers: readonly Customer[] = []): PurchaseHistory {
  const end = parseDay(asOf);
  if (!end) throw new RangeError('asOf must be a YYYY-MM-DD date');
  const survivors = survivorMap(customers);
  const raw = new Map<string, Raw>();
  let skipped = 0;
  let future = 0;
  for (const p of purchases) {
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
    id = survivors.get(id) ?? id;
    let r = raw.get(id);
    if (!r) {
      r = { days: [], months: [], amounts: [] };
      raw.set(id, r);
    }
    r.days.push(ref.day);
    r.months.push(ref.month);
    r.amounts.push(p.amount ?? 0);
  }
  const out = new Map<string, CustomerHistory>();
  for (const [id, r] of raw) {
    const h = collapse(id, r);
    if (h.days.length > 0) out.set(id, h);
  }
  return { asOf: end.day, asOfMonth: end.month, customers: out, skipped, future };
}

function collapse(id: string, r: Raw): CustomerHistory {
  const n = r.days.length;
  let order: number[] | undefined;
  for (let i = 1; i < n; i++) {
    if (r.days[i]! < r.days[i - 1]!) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => r.days[a]! - r.days[b]!);
      break;
    }
  }
  const h: CustomerHistory = { id, days: [], months: [], spend: [], orders: [], orderCount: 0, revenue: 0 };
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    const day = r.days[i]!;
    const amount = r.amounts[i]!;
    h.revenue += amount;
    if (amount < 0) {
      (h.refunds ??= []).push({ month: r.months[i]!, amount });
      continue;
    }
    h.orderCount++;
    const last = h.days.length - 1;
    if (last >= 0 && h.days[last] === day) {
      h.spend[last]! += amount;
      h.orders[last]!++;
    } else {
      h.days.push(day);
      h.months.push(r.months[i]!);
      h.spend.push(amount);
      h.orders.push(1);
    }
  }
  return h;
}
