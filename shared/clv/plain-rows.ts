import { daysFromCivil, daysInMonth } from '../kernel';
import type { PurchasesInput } from './purchase-rows';
import { isPlain, parseDayAt, plainDecimal } from './text-scan';

// The day number of the first of each month of years 0–9999 and the month's length (0: not looked up yet), filled
// as a log's dates come: a log spans a few dozen months, so a date costs two lookups instead of a calendar sum.
let monthStarts: Int32Array | undefined;
let monthLengths: Uint8Array | undefined;

/**
 * The common purchase log, read in one small loop: a delimited file without a quote anywhere, every line with a
 * plain id, a real date and a plain amount. Kept apart from the general reader because a small hot function is
 * optimised by V8 early in a short process, where the general one ran mostly unoptimised. Any line it does not
 * understand makes it give up (undefined), and the general reader reads the file, with its errors by line.
 * Customers get a new number at each change of id (logs come grouped by customer) and one Set tells whether an id
 * came back later; only then are the numbers merged (a Map lookup per customer cost more than the rest of a line).
 */
export function readPlainPurchases(text: string, from: number, delimiter: string, [ci, di, ai]: [number, number, number]): PurchasesInput | undefined {
  if (delimiter === ' ' || text.indexOf('"', from) >= 0) return undefined;
  const n = text.length;
  let capacity = Math.max(16, Math.ceil((n - from) / 20));
  let codes = new Int32Array(capacity);
  let days = new Int32Array(capacity);
  let amounts = new Float64Array(capacity);
  const starts0 = monthStarts ?? (monthStarts = new Int32Array(120_000));
  const lengths = monthLengths ?? (monthLengths = new Uint8Array(120_000));
  const seen = new Set<string>();
  const ids: string[] = [];
  let repeated = false;
  // Days never going back within a customer's run: with no repeated id, the log is in summarise's order.
  let inOrder = true;
  let previousDay = 0;
  let previousId = '';
  let previousCode = -1;
  let rows = 0;
  let lastDay = -Infinity;
  const lastWanted = Math.max(ci, di, ai);
  const starts = new Int32Array(lastWanted + 1);
  const ends = new Int32Array(lastWanted + 1);
  for (let pos = from; pos < n; ) {
    const nl = text.indexOf('\n', pos);
    const lineStart = pos;
    let end = nl < 0 ? n : nl;
    pos = nl < 0 ? n : nl + 1;
    if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
    let i = lineStart;
    for (let f = 0; f <= lastWanted; f++) {
      // Fewer fields than the columns we need: the general reader names the line.
      if (i > end) return undefined;
      let next = text.indexOf(delimiter, i);
      if (next < 0 || next > end) next = end;
      starts[f] = i;
      ends[f] = next;
      i = next + 1;
    }
    const cs = starts[ci]!;
    const ce = ends[ci]!;
    if (ce <= cs || !isPlain(text.charCodeAt(cs)) || !isPlain(text.charCodeAt(ce - 1))) return undefined;
    const ds = starts[di]!;
    const de = ends[di]!;
    let day: number | undefined;
    if (de - ds === 10 && text.charCodeAt(ds + 4) === 45 && text.charCodeAt(ds + 7) === 45) {
      // YYYY-MM-DD, the usual date: digits read in line, the month's first day looked up.
      const y1 = text.charCodeAt(ds) - 48;
      const y2 = text.charCodeAt(ds + 1) - 48;
      const y3 = text.charCodeAt(ds + 2) - 48;
      const y4 = text.charCodeAt(ds + 3) - 48;
      const m1 = text.charCodeAt(ds + 5) - 48;
      const m2 = text.charCodeAt(ds + 6) - 48;
      const d1 = text.charCodeAt(ds + 8) - 48;
      const d2 = text.charCodeAt(ds + 9) - 48;
      // One unsigned compare per digit: a character below '0' wraps to a huge number.
      const digits = y1 >>> 0 <= 9 && y2 >>> 0 <= 9 && y3 >>> 0 <= 9 && y4 >>> 0 <= 9 && m1 >>> 0 <= 9 && m2 >>> 0 <= 9 && d1 >>> 0 <= 9 && d2 >>> 0 <= 9;
      const y = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
      const m = m1 * 10 + m2;
      const d = d1 * 10 + d2;
      day = undefined;
      if (digits && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        const k = y * 12 + m - 1;
        if (lengths[k] === 0) {
          starts0[k] = daysFromCivil(y, m, 1);
          lengths[k] = daysInMonth(y, m);
        }
        if (d <= lengths[k]!) day = starts0[k]! + d - 1;
      }
      // Anything odd (a non-digit, an impossible date) is read by the careful parser, which decides.
      if (day === undefined) day = parseDayAt(text, ds, de);
    } else {
      day = parseDayAt(text, ds, de);
    }
    if (day === undefined) return undefined;
    const amount = ai < 0 ? 0 : plainDecimal(text, starts[ai]!, ends[ai]!);
    if (Number.isNaN(amount)) return undefined;
    // A run of rows for one customer: compare in place, slice only when the id changes.
    if (ce - cs !== previousId.length || !text.startsWith(previousId, cs)) {
      previousId = text.slice(cs, ce);
      previousCode = ids.length;
      ids.push(previousId);
      const size = seen.size;
      seen.add(previousId);
      if (seen.size === size) repeated = true;
    } else if (day < previousDay) {
      inOrder = false;
    }
    previousDay = day;
    if (rows === capacity) {
      capacity *= 2;
      const grownCodes = new Int32Array(capacity);
      grownCodes.set(codes);
      codes = grownCodes;
      const grownDays = new Int32Array(capacity);
      grownDays.set(days);
      days = grownDays;
      const grownAmounts = new Float64Array(capacity);
      grownAmounts.set(amounts);
      amounts = grownAmounts;
    }
    codes[rows] = previousCode;
    days[rows] = day;
    amounts[rows] = amount;
    rows++;
    if (day > lastDay) lastDay = day;
  }
  if (rows === 0) return undefined;
  const code = codes.subarray(0, rows);
  return { kind: 'transactions', log: { ids: repeated ? regroup(ids, code) : ids, code, day: days.subarray(0, rows), amount: amounts.subarray(0, rows), sorted: inOrder && !repeated }, hasAmounts: ai >= 0, lastDay };
}

/** Merges the numbers of runs with the same id (a log not grouped by customer): ids in order of first appearance. */
function regroup(runs: string[], code: Int32Array): string[] {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const canonical = new Int32Array(runs.length);
  for (let r = 0; r < runs.length; r++) {
    let k = index.get(runs[r]!);
    if (k === undefined) {
      k = ids.length;
      index.set(runs[r]!, k);
      ids.push(runs[r]!);
    }
    canonical[r] = k;
  }
  for (let i = 0; i < code.length; i++) code[i] = canonical[code[i]!]!;
  return ids;
}
