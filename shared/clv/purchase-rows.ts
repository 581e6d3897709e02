import { ClvError } from './errors';
import type { CodedPurchaseLog } from './rfm';
import { indexAfter, isBlank, isPlain, number, parseDay, parseDayAt, plainDecimal } from './text-scan';

/** A CLV input file read as a purchase log: one row per purchase, with the last day seen. */
export interface PurchasesInput {
  kind: 'transactions';
  log: CodedPurchaseLog;
  hasAmounts: boolean;
  lastDay: number;
}

/**
 * The purchase rows from `from` on, scanned in place: only customer ids are sliced out, and customers are numbered
 * as they come (a run of rows for one customer is looked up once), so the summary needs no map of its own. Lines with quotes, odd
 * whitespace or fancy numbers go through the string path, which gives the same values and errors.
 */
export function readPurchases(
  text: string,
  from: number,
  firstLineNumber: number,
  delimiter: string,
  split: (l: string) => string[],
  [ci, di, ai]: [number, number, number],
): PurchasesInput {
  // Customers are numbered as they come (a map lookup only when the id changes from the row before).
  const index = new Map<string, number>();
  const ids: string[] = [];
  let previousCode = -1;
  let codes = new Int32Array(Math.max(16, Math.ceil((text.length - from) / 20)));
  // Typed columns grown by doubling (from a guess of ~20 characters a row): no boxing, no copy at the end.
  let days = new Int32Array(Math.max(16, Math.ceil((text.length - from) / 20)));
  let amounts = new Float64Array(days.length);
  let rows = 0;
  let lastDay = -Infinity;
  const whitespace = delimiter === ' ';
  const lastWanted = Math.max(ci, di, ai);
  let previousId = '';
  let lineNumber = firstLineNumber;
  const n = text.length;
  // Separators can be found with indexOf unless whitespace columns may also be split by tabs or stray CRs.
  const tabFree = !whitespace || text.indexOf('\t', from) < 0;
  let nextQuote = -1;
  let nextCr = -1;
  for (let pos = from; pos < n; lineNumber++) {
    const nl = text.indexOf('\n', pos);
    const lineStart = pos;
    let end = nl < 0 ? n : nl;
    pos = nl < 0 ? n : nl + 1;
    if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
    let cs = -1;
    let ce = -1;
    let ds = -1;
    let de = -1;
    let as = -1;
    let ae = -1;
    // Is there a quote on this line? One forward search per quote in the file, not one per line.
    if (nextQuote < lineStart) nextQuote = indexAfter(text, '"', lineStart);
    const quoted = nextQuote < end;
    if (whitespace && nextCr < lineStart) nextCr = indexAfter(text, '\r', lineStart);
    const byIndexOf = tabFree && !(whitespace && nextCr < end);
    let found = false;
    let field = 0;
    let i = lineStart;
    while (!quoted && i <= end && field <= lastWanted) {
      if (whitespace) {
        // With byIndexOf the only blank inside a line is the space.
        if (byIndexOf) while (i < end && text.charCodeAt(i) === 32) i++;
        else while (i < end && isBlank(text.charCodeAt(i))) i++;
        if (i >= end) break;
      }
      const start = i;
      if (byIndexOf) {
        // Native search for the separator instead of a JS loop over every character (most of a cold start).
        i = text.indexOf(delimiter, i);
        if (i < 0 || i > end) i = end;
      } else {
        while (i < end && !isBlank(text.charCodeAt(i))) i++;
      }
      if (i > start) found = true;
      if (field === ci) {
        cs = start;
        ce = i;
      }
      if (field === di) {
        ds = start;
        de = i;
      }
      if (field === ai) {
        as = start;
        ae = i;
      }
      field++;
      i++;
    }
    let id: string;
    let day: number | undefined;
    let amount = 0;
    if (quoted || !found) {
      const line = text.slice(lineStart, end);
      if (line.trim() === '') continue;
      const f = split(line);
      id = f[ci]?.trim() ?? '';
      day = parseDay(f[di]?.trim() ?? '');
      if (ai >= 0) amount = number(f[ai], lineNumber, 'the amount');
    } else {
      // CSV fields may carry spaces around them (whitespace-separated ones never do).
      if (!whitespace) {
        while (cs < ce && isBlank(text.charCodeAt(cs))) cs++;
        while (ce > cs && isBlank(text.charCodeAt(ce - 1))) ce--;
        while (ds < de && isBlank(text.charCodeAt(ds))) ds++;
        while (de > ds && isBlank(text.charCodeAt(de - 1))) de--;
        while (as < ae && isBlank(text.charCodeAt(as))) as++;
        while (ae > as && isBlank(text.charCodeAt(ae - 1))) ae--;
      }
      if (cs < 0 || ce === cs) id = '';
      // A control, non-ASCII or other Unicode space at either end: let String.trim decide.
      else if (!(isPlain(text.charCodeAt(cs)) && isPlain(text.charCodeAt(ce - 1)))) id = text.slice(cs, ce).trim();
      else if (ce - cs === previousId.length && text.startsWith(previousId, cs)) id = previousId;
      else id = text.slice(cs, ce);
      if (ds < 0 || de === ds) day = undefined;
      // Only a field with odd ends can fail in place and pass once String.trim has had its say.
      else day = parseDayAt(text, ds, de) ?? parseDay(text.slice(ds, de).trim());
      if (ai >= 0) {
        amount = as < 0 || ae === as ? NaN : plainDecimal(text, as, ae);
        if (Number.isNaN(amount)) amount = number(as < 0 ? undefined : text.slice(as, ae), lineNumber, 'the amount');
      }
    }
    if (id === '') throw new ClvError('invalid_input', `line ${lineNumber}: the customer is blank`);
    if (day === undefined) throw new ClvError('invalid_input', `line ${lineNumber}: the date is not YYYY-MM-DD or YYYYMMDD`);
    if (id !== previousId || previousCode < 0) {
      let code = index.get(id);
      if (code === undefined) {
        code = ids.length;
        index.set(id, code);
        ids.push(id);
      }
      previousCode = code;
    }
    previousId = id;
    if (rows === days.length) {
      const grownCodes = new Int32Array(rows * 2);
      grownCodes.set(codes);
      codes = grownCodes;
      const grownDays = new Int32Array(rows * 2);
      grownDays.set(days);
      days = grownDays;
      const grownAmounts = new Float64Array(rows * 2);
      grownAmounts.set(amounts);
      amounts = grownAmounts;
    }
    codes[rows] = previousCode;
    days[rows] = day;
    amounts[rows] = amount;
    rows++;
    if (day > lastDay) lastDay = day;
  }
  if (rows === 0) throw new ClvError('invalid_input', 'the file has no purchases');
  return { kind: 'transactions', log: { ids, code: codes.subarray(0, rows), day: days.subarray(0, rows), amount: amounts.subarray(0, rows) }, hasAmounts: ai >= 0, lastDay };
}
