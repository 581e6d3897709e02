import type { PurchasesInput } from './purchase-rows';
import { isPlain, parseDayAt, plainDecimal } from './text-scan';

/**
 * The common purchase log, read in one small loop: a delimited file without a quote anywhere, every line with a
 * plain id, a real date and a plain amount. Kept apart from the general reader because a small hot function is
 * optimised by V8 early in a short process, where the general one ran mostly unoptimised. Any line it does not
 * understand makes it give up (undefined), and the general reader reads the file, with its errors by line.
 */
export function readPlainPurchases(text: string, from: number, delimiter: string, [ci, di, ai]: [number, number, number]): PurchasesInput | undefined {
  if (delimiter === ' ' || text.indexOf('"', from) >= 0) return undefined;
  const n = text.length;
  let capacity = Math.max(16, Math.ceil((n - from) / 20));
  let codes = new Int32Array(capacity);
  let days = new Int32Array(capacity);
  let amounts = new Float64Array(capacity);
  const index = new Map<string, number>();
  const ids: string[] = [];
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
    const day = parseDayAt(text, starts[di]!, ends[di]!);
    if (day === undefined) return undefined;
    const amount = ai < 0 ? 0 : plainDecimal(text, starts[ai]!, ends[ai]!);
    if (Number.isNaN(amount)) return undefined;
    // A run of rows for one customer: compare in place, slice and look up only when the id changes.
    if (ce - cs !== previousId.length || !text.startsWith(previousId, cs)) {
      previousId = text.slice(cs, ce);
      let code = index.get(previousId);
      if (code === undefined) {
        code = ids.length;
        index.set(previousId, code);
        ids.push(previousId);
      }
      previousCode = code;
    }
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
  return { kind: 'transactions', log: { ids, code: codes.subarray(0, rows), day: days.subarray(0, rows), amount: amounts.subarray(0, rows) }, hasAmounts: ai >= 0, lastDay };
}
