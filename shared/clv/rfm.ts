import { ClvError } from './errors';

/** The time unit of recency and age: weeks (days / 7) or days. */
export type TimeUnit = 'week' | 'day';

/** Days in one unit. */
export const UNIT_DAYS: Record<TimeUnit, number> = { week: 7, day: 1 };

/** A purchase log in columns: customer id, day number (days since 1970-01-01) and amount per row. */
export interface PurchaseLog {
  customer: readonly string[];
  day: ArrayLike<number>;
  amount: ArrayLike<number>;
}

/**
 * The per-customer RFM summary at a calibration end (inclusive): x = repeat purchase days after the first,
 * tx = first to last purchase day, T = first purchase day to the end (both in `unit`), monetary = mean spend
 * of the repeat days (a day's purchases are added up; 0 when x = 0).
 */
export interface RfmSummary {
  unit: TimeUnit;
  ids: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
  /** Purchase rows up to the end, their total, and the first and last purchase day numbers. */
  orders: Float64Array;
  revenue: Float64Array;
  firstDay: Float64Array;
  lastDay: Float64Array;
}

/** A purchase log whose customers were numbered as it was read: row i belongs to ids[code[i]]. */
export interface CodedPurchaseLog {
  ids: readonly string[];
  code: Int32Array;
  day: ArrayLike<number>;
  amount: ArrayLike<number>;
  /** Set by a reader that saw the rows grouped by customer in order of number, days not going back within one. */
  sorted?: boolean;
}

/** Numbers the customers of a log in order of first appearance (a coded log already is). */
function numberCustomers(log: PurchaseLog | CodedPurchaseLog): { ids: readonly string[]; cust: Int32Array } {
  if ('code' in log) return { ids: log.ids, cust: log.code };
  const n = log.customer.length;
  const index = new Map<string, number>();
  const ids: string[] = [];
  const cust = new Int32Array(n);
  let prevId: string | undefined;
  let prevK = -1;
  for (let i = 0; i < n; i++) {
    const id = log.customer[i]!;
    // Logs grouped by customer repeat the id row after row: skip the lookup.
    let k = id === prevId ? prevK : index.get(id);
    prevId = id;
    if (k === undefined) {
      k = ids.length;
      index.set(id, k);
      ids.push(id);
    }
    prevK = k;
    cust[i] = k;
  }
  return { ids, cust };
}

/** Summarises a purchase log up to `endDay` (inclusive); customers whose first purchase is later are left out. */
export function summarise(log: PurchaseLog | CodedPurchaseLog, endDay: number, unit: TimeUnit = 'week'): RfmSummary {
  const n = log.day.length;
  if (('code' in log ? log.code.length : log.customer.length) !== n || log.amount.length !== n) {
    throw new ClvError('invalid_input', 'purchase columns differ in length');
  }
  const { ids, cust } = numberCustomers(log);
  // A reader that already saw the order spares this pass over every row.
  let sorted = true;
  if (!('code' in log && log.sorted === true)) {
    let prevKey = -Infinity;
    for (let i = 0; i < n; i++) {
      const key = cust[i]! * 4_000_000 + log.day[i]!;
      if (key < prevKey) sorted = false;
      prevKey = key;
    }
  }
  let order: Int32Array | undefined;
  if (!sorted) {
    // Most logs come grouped by customer and date; only shuffled ones pay for the sort.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = cust[i]! * 4_000_000 + log.day[i]!;
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((p, q) => keys[p]! - keys[q]! || p - q);
    order = Int32Array.from(idx);
  }
  const m = ids.length;
  // Days read into whole-number storage need no check per row.
  const wholeDays = log.day instanceof Int32Array;
  const first = new Float64Array(m).fill(Infinity);
  const last = new Float64Array(m).fill(-Infinity);
  const days = new Float64Array(m);
  const orders = new Float64Array(m);
  const revenue = new Float64Array(m);
  const repeatSpend = new Float64Array(m);
  let current = -1;
  let currentDay = NaN;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j]! : j;
    const day = log.day[i]!;
    if (!wholeDays && !Number.isInteger(day)) throw new ClvError('invalid_input', `row ${i + 1}: the date is not a whole day`);
    if (day > endDay) continue;
    const k = cust[i]!;
    const amount = log.amount[i]!;
    if (!Number.isFinite(amount)) throw new ClvError('invalid_input', `row ${i + 1}: the amount is not a number`);
    if (k !== current) {
      current = k;
      currentDay = NaN;
    }
    if (amount < 0) {
      // A refund or return lowers what the customer spent; it is never a purchase day (or a repeat purchase).
      revenue[k]! += amount;
      if (day > first[k]!) repeatSpend[k]! += amount;
      continue;
    }
    orders[k]! += 1;
    revenue[k]! += amount;
    if (day !== currentDay) {
      currentDay = day;
      days[k]! += 1;
      if (day < first[k]!) first[k] = day;
      if (day > last[k]!) last[k] = day;
    }
    if (day !== first[k]) repeatSpend[k]! += amount;
  }
  let kept = 0;
  for (let k = 0; k < m; k++) if (days[k]! > 0) kept++;
  const scale = 1 / UNIT_DAYS[unit];
  const out: RfmSummary = {
    unit,
    ids: new Array<string>(kept),
    x: new Float64Array(kept),
    tx: new Float64Array(kept),
    T: new Float64Array(kept),
    monetary: new Float64Array(kept),
    orders: new Float64Array(kept),
    revenue: new Float64Array(kept),
    firstDay: new Float64Array(kept),
    lastDay: new Float64Array(kept),
  };
  let o = 0;
  for (let k = 0; k < m; k++) {
    if (days[k]! === 0) continue;
    const x = days[k]! - 1;
    out.ids[o] = ids[k]!;
    out.x[o] = x;
    out.tx[o] = (last[k]! - first[k]!) * scale;
    out.T[o] = (endDay - first[k]!) * scale;
    out.monetary[o] = x > 0 ? repeatSpend[k]! / x : 0;
    out.orders[o] = orders[k]!;
    out.revenue[o] = revenue[k]!;
    out.firstDay[o] = first[k]!;
    out.lastDay[o] = last[k]!;
    o++;
  }
  return out;
}

/** The distinct T and t_x values of compressed data and each row's index into them. */
export interface TimeIndex {
  tValues: Float64Array;
  tIndex: Int32Array;
  txValues: Float64Array;
  txIndex: Int32Array;
}

/** Customers with identical (x, tx, T) folded into one row with a weight; `row[i]` is customer i's row. */
export interface CompressedRfm {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  row: Int32Array;
  /** Largest x, for the per-x tables of the likelihoods. */
  maxX: number;
  customers: number;
  repeatBuyers: number;
  /** The rows' distinct T and t_x values, when compress found them (likelihoods take logs per value, not per row). */
  times?: TimeIndex;
}

/** The distinct values of a column in order of appearance, and each entry's index into them. */
export function distinctValues(values: ArrayLike<number>): { values: number[]; index: Int32Array } {
  const n = values.length;
  // Whole days, in days or in weeks (v · 7 a whole number, as days / 7 or days · (1/7), which differ in the last bit
  // for a third of day counts): a lookup array instead of a map of doubles, which boxes every key.
  let most = 0;
  let whole = true;
  for (let i = 0; i < n && whole; i++) {
    const v = values[i]!;
    const k = Math.round(v * 7);
    whole = k >= 0 && k <= 10_000_000 && (k / 7 === v || k * (1 / 7) === v);
    if (k > most) most = k;
  }
  return (whole && distinctWholeDays(values, most)) || distinctByMap(values);
}

/** distinctValues through a lookup array by 7v; undefined when one slot would hold two different values. */
function distinctWholeDays(values: ArrayLike<number>, most: number): { values: number[]; index: Int32Array } | undefined {
  const n = values.length;
  const out: number[] = [];
  const index = new Int32Array(n);
  const slot = new Int32Array(most + 1).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const k = Math.round(v * 7);
    let at = slot[k]!;
    if (at < 0) {
      at = out.length;
      slot[k] = at;
      out.push(v);
    } else if (out[at] !== v) {
      return undefined;
    }
    index[i] = at;
  }
  return { values: out, index };
}

function distinctByMap(values: ArrayLike<number>): { values: number[]; index: Int32Array } {
  const n = values.length;
  const out: number[] = [];
  const index = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let k = seen.get(v);
    if (k === undefined) {
      k = out.length;
      seen.set(v, k);
      out.push(v);
    }
    index[i] = k;
  }
  return { values: out, index };
}

/** Most (x, T, t_x) keys compress indexes with a flat table (4 bytes each, pages touched only where used). */
const TABLE_KEYS = 1 << 22;

/**
 * Validates (x integer ≥ 0, 0 ≤ tx ≤ T, T > 0 or x = 0) and compresses identical rows. Purchase logs have
 * whole-day times, so T and t_x take a few hundred values however many customers there are: each row is keyed by
 * one exact integer (x, T's index, t_x's index) in one flat map, and the time index comes out with the rows.
 */
export function compress(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): CompressedRfm {
  const n = x.length;
  if (tx.length !== n || T.length !== n) throw new ClvError('invalid_input', 'x, tx and T differ in length');
  let maxX = 0;
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const ti = tx[i]!;
    const Ti = T[i]!;
    if (!(Number.isInteger(xi) && xi >= 0)) throw new ClvError('invalid_input', `customer ${i + 1}: frequency must be a whole number ≥ 0`);
    if (!(ti >= 0 && Ti >= ti && Number.isFinite(Ti))) throw new ClvError('invalid_input', `customer ${i + 1}: need 0 ≤ recency ≤ T`);
    if (xi > 0 && !(ti > 0)) throw new ClvError('invalid_input', `customer ${i + 1}: repeat purchases need a recency > 0`);
    if (xi > 0) repeatBuyers++;
    if (xi > maxX) maxX = xi;
  }
  const byT = distinctValues(T);
  const byTx = distinctValues(tx);
  const nT = byT.values.length;
  const nTx = byTx.values.length;
  // A number key is exact while (maxX + 1) · nT · nTx stays below 2^53; past that (never for day-resolution logs), a string key.
  const keys = (maxX + 1) * nT * nTx;
  const exact = keys < Number.MAX_SAFE_INTEGER;
  // Few enough keys (a 50,000-customer log has about a million): a flat table of row + 1, else a map.
  const table = keys <= TABLE_KEYS ? new Int32Array(keys) : undefined;
  const seen = new Map<number | string, number>();
  const row = new Int32Array(n);
  const ux: number[] = [];
  const tRow: number[] = [];
  const txRow: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    const ti = byT.index[i]!;
    const txi = byTx.index[i]!;
    let r: number | undefined;
    let key: number | string = 0;
    if (table) {
      key = (x[i]! * nT + ti) * nTx + txi;
      r = table[key]! - 1;
      if (r < 0) r = undefined;
    } else {
      key = exact ? (x[i]! * nT + ti) * nTx + txi : `${x[i]!},${ti},${txi}`;
      r = seen.get(key);
    }
    if (r === undefined) {
      r = ux.length;
      if (table) table[key as number] = r + 1;
      else seen.set(key, r);
      ux.push(x[i]!);
      tRow.push(ti);
      txRow.push(txi);
      w.push(0);
    }
    w[r]! += 1;
    row[i] = r;
  }
  const tValues = Float64Array.from(byT.values);
  const txValues = Float64Array.from(byTx.values);
  const tIndex = Int32Array.from(tRow);
  const txIndex = Int32Array.from(txRow);
  // Plain loops: Float64Array.from with a map function calls back per row, slow in a short process.
  const rowTx = new Float64Array(ux.length);
  const rowT = new Float64Array(ux.length);
  for (let r = 0; r < ux.length; r++) {
    rowTx[r] = txValues[txIndex[r]!]!;
    rowT[r] = tValues[tIndex[r]!]!;
  }
  return {
    x: Float64Array.from(ux),
    tx: rowTx,
    T: rowT,
    weight: Float64Array.from(w),
    row,
    maxX,
    customers: n,
    repeatBuyers,
    times: { tValues, tIndex, txValues, txIndex },
  };
}
