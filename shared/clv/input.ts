import { ClvError } from './errors';
import { readPlainPurchases } from './plain-rows';
import { readPurchases, type PurchasesInput } from './purchase-rows';
import { isBlank, number, parseDay } from './text-scan';

export { parseDay } from './text-scan';

/** A CLV input file read as either a purchase log or a ready-made RFM summary. */
export type ClvInput =
  | PurchasesInput
  | { kind: 'summary'; ids: string[]; x: Float64Array; tx: Float64Array; T: Float64Array; monetary: Float64Array | undefined };

const CUSTOMER_NAMES = ['customer_id', 'customerid', 'customer', 'cust_id', 'client_id', 'clientid', 'masterid', 'id', 'sampleid'];
const DATE_NAMES = ['date', 'order_date', 'purchase_date', 'invoice_date', 'transaction_date', 'datetime', 'timestamp'];
const AMOUNT_NAMES = ['amount', 'sales', 'dollar_value', 'value', 'revenue', 'total', 'spend', 'price', 'monetary'];
const X_NAMES = ['frequency', 'x', 'freq'];
const TX_NAMES = ['recency', 't_x', 'tx'];
const T_NAMES = ['t', 'age'];
const M_NAMES = ['monetary_value', 'monetary', 'zbar', 'mean_spend', 'avg_spend'];
const ID_NAMES = ['id', 'customer_id', 'customer', 'cust_id'];

function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Fields separated by runs of spaces, tabs or CRs (a hand loop: 69,659 regex splits cost more than the fit). */
function splitWhitespace(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    while (i < n && (c === 32 || c === 9 || c === 13)) c = line.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    while (i < n && c !== 32 && c !== 9 && c !== 13) c = line.charCodeAt(++i);
    out.push(line.slice(start, i));
  }
  return out;
}

/**
 * Slices just the fields at `wanted` (−1 for none) out of an unquoted line into `out`, in one scan; returns false
 * for a line with quotes or with no fields at all, which the caller handles the slow way.
 */
function pickFields(line: string, delimiter: string, wanted: readonly number[], out: (string | undefined)[]): boolean {
  if (line.includes('"')) return false;
  out.fill(undefined);
  const n = line.endsWith('\r') ? line.length - 1 : line.length;
  const whitespace = delimiter === ' ';
  const sep = delimiter.charCodeAt(0);
  let field = 0;
  let i = 0;
  let found = false;
  while (i <= n) {
    if (whitespace) {
      while (i < n && isBlank(line.charCodeAt(i))) i++;
      if (i >= n) break;
    }
    const start = i;
    while (i < n && (whitespace ? !isBlank(line.charCodeAt(i)) : line.charCodeAt(i) !== sep)) i++;
    for (let w = 0; w < wanted.length; w++) if (wanted[w] === field) out[w] = line.slice(start, i);
    if (i > start) found = true;
    field++;
    i++;
  }
  return found;
}

function normalise(name: string): string {
  return name.trim().replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function findColumn(header: string[], names: readonly string[]): number {
  for (const name of names) {
    const i = header.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

/** A file's first line as the readers see it: its delimiter, its fields and whether they name columns. */
export interface HeaderLine {
  delimiter: string;
  fields: string[];
  hasHeader: boolean;
}

/** Splits a first line the way parseClvInput does (delimiter sniffed; a header has a field that is no number or date). */
export function readHeaderLine(line: string): HeaderLine {
  const firstLine = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ' ';
  const fields = delimiter === ' ' ? splitWhitespace(firstLine) : splitCsvLine(firstLine, delimiter);
  const hasHeader = fields.some((f) => f.trim() !== '' && !Number.isFinite(Number(f)) && parseDay(f.trim()) === undefined);
  return { delimiter, fields, hasHeader };
}

/** Where a header's columns are: an RFM summary, or a purchase log's customer, date and amount (−1: none). */
export type HeaderColumns = { kind: 'summary' } | { kind: 'transactions'; customer: number; date: number; amount: number };

/** Maps column names to the summary or purchase-log columns with the names parseClvInput accepts. */
export function headerColumns(names: readonly string[]): HeaderColumns {
  const header = names.map(normalise);
  if (findColumn(header, X_NAMES) >= 0 && findColumn(header, TX_NAMES) >= 0 && findColumn(header, T_NAMES) >= 0) return { kind: 'summary' };
  const customer = findColumn(header, CUSTOMER_NAMES);
  const date = findColumn(header, DATE_NAMES);
  if (customer < 0 || date < 0) throw new ClvError('invalid_input', 'need a customer and a date column (customer_id, date, amount), or a summary (frequency, recency, T)');
  return { kind: 'transactions', customer, date, amount: findColumn(header, AMOUNT_NAMES) };
}

/**
 * Reads a CLV input file: CSV (comma, semicolon or tab) with a header, or whitespace-separated columns like
 * CDNOW's master file (customer, YYYYMMDD date, …, amount last). A header with frequency/x, recency/t_x and T
 * makes it a summary; otherwise it is a purchase log of customer, date and (optional) amount.
 */
export function parseClvInput(text: string): ClvInput {
  // Find the first non-blank line without splitting the whole file (the purchase-log path never splits it).
  let firstStart = 0;
  let firstIndex = 0;
  let rawFirst = '';
  for (;;) {
    if (firstStart >= text.length) throw new ClvError('invalid_input', 'the file is empty');
    const nl = text.indexOf('\n', firstStart);
    rawFirst = text.slice(firstStart, nl < 0 ? text.length : nl);
    if (rawFirst.trim() !== '') break;
    firstStart = nl < 0 ? text.length : nl + 1;
    firstIndex++;
  }
  const layout = fileLayout(rawFirst);
  const body = layout.hasHeader ? firstIndex + 1 : firstIndex;
  if (layout.kind === 'summary') return readSummary(text.split('\n'), body, layout.split, layout.delimiter, layout.header, layout.columns);
  let bodyStart = firstStart;
  if (layout.hasHeader) {
    const nl = text.indexOf('\n', firstStart);
    bodyStart = nl < 0 ? text.length : nl + 1;
  }
  const { delimiter, columns } = layout;
  return readPlainPurchases(text, bodyStart, delimiter, columns) ?? readPurchases(text, bodyStart, body + 1, delimiter, layout.split, columns);
}

/**
 * What a file's first non-blank line says about it: its delimiter, whether it is a header, and where the columns
 * are, [x, t_x, T] of a summary or [customer, date, amount] of a purchase log (amount −1: none).
 */
export type FileLayout = { delimiter: string; split: (line: string) => string[]; hasHeader: boolean; header: string[] } & (
  | { kind: 'summary'; columns: [number, number, number] }
  | { kind: 'transactions'; columns: [number, number, number] }
);

/** Reads the first non-blank line as parseClvInput does (delimiter sniffed; a header has a field that is no number or date). */
export function fileLayout(rawFirst: string): FileLayout {
  const firstLine = rawFirst.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ' ';
  const split = delimiter === ' ' ? splitWhitespace : (l: string) => splitCsvLine(l, delimiter);
  const firstFields = split(firstLine);
  const hasHeader = firstFields.some((f) => f.trim() !== '' && !Number.isFinite(Number(f)) && parseDay(f.trim()) === undefined);
  const header = hasHeader ? firstFields.map(normalise) : [];
  const shape = { delimiter, split, hasHeader, header };
  if (hasHeader) {
    const xi = findColumn(header, X_NAMES);
    const txi = findColumn(header, TX_NAMES);
    const Ti = findColumn(header, T_NAMES);
    if (xi >= 0 && txi >= 0 && Ti >= 0) return { ...shape, kind: 'summary', columns: [xi, txi, Ti] };
    const ci = findColumn(header, CUSTOMER_NAMES);
    const di = findColumn(header, DATE_NAMES);
    if (ci < 0 || di < 0) {
      throw new ClvError('invalid_input', 'need a customer and a date column (customer_id, date, amount), or a summary (frequency, recency, T)');
    }
    return { ...shape, kind: 'transactions', columns: [ci, di, findColumn(header, AMOUNT_NAMES)] };
  }
  // No header: customer first, the first date-like column after it, the amount last (CDNOW's layouts).
  const di = firstFields.findIndex((f, i) => i > 0 && parseDay(f.trim()) !== undefined);
  let ai = firstFields.length >= 3 ? firstFields.length - 1 : -1;
  if (di < 0) throw new ClvError('invalid_input', 'line 1: no date column found (YYYYMMDD or YYYY-MM-DD)');
  if (ai === di) ai = -1;
  return { ...shape, kind: 'transactions', columns: [0, di, ai] };
}

function readSummary(
  lines: string[],
  body: number,
  split: (l: string) => string[],
  delimiter: string,
  header: string[],
  [xi, txi, Ti]: [number, number, number],
): ClvInput {
  const idi = findColumn(header, ID_NAMES);
  const mi = findColumn(header, M_NAMES);
  const ids: string[] = [];
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const m: number[] = [];
  const wanted = [idi, xi, txi, Ti, mi];
  const f: (string | undefined)[] = new Array<string | undefined>(wanted.length);
  for (let l = body; l < lines.length; l++) {
    const line = lines[l]!;
    if (!pickFields(line, delimiter, wanted, f)) {
      // Quoted fields need the full CSV splitter; blank lines are skipped.
      if (line.trim() === '') continue;
      const all = split(line.endsWith('\r') ? line.slice(0, -1) : line);
      wanted.forEach((column, w) => (f[w] = column >= 0 ? all[column] : undefined));
    }
    ids.push(idi >= 0 ? (f[0]?.trim() ?? '') : String(ids.length + 1));
    x.push(number(f[1], l + 1, 'frequency'));
    tx.push(number(f[2], l + 1, 'recency'));
    T.push(number(f[3], l + 1, 'T'));
    if (mi >= 0) m.push(number(f[4], l + 1, 'monetary value'));
  }
  if (ids.length === 0) throw new ClvError('invalid_input', 'the file has no customers');
  return {
    kind: 'summary',
    ids,
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    monetary: mi >= 0 ? Float64Array.from(m) : undefined,
  };
}
