// Reads a customer list as a header and string rows: CSV as shipped (FEBRL's ", " separators, quoted fields,
// BOM, ; or tab delimiters, no header at all) or the first sheet of an .xlsx workbook.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/** A table as read: header names and rows of trimmed strings (every row as long as the header). */
export interface Table {
  headers: string[];
  rows: string[][];
  /** True when the file had no header row and the names were made up (column 1 … or the FEBRL layout). */
  headerless: boolean;
}

/** Why a file could not be read: a closed set of codes; the CLI renders the message. */
export class TableError extends Error {
  constructor(
    readonly code: 'unreadable' | 'empty' | 'format',
    message: string,
  ) {
    super(message);
    this.name = 'TableError';
  }
}

const FEBRL_HEADERS = ['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'];

function sniffDelimiter(text: string): string {
  const line = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  let best = ',';
  let bestN = 0;
  for (const d of [',', ';', '\t', '|']) {
    let k = 0;
    let quoted = false;
    for (const c of line) {
      if (c === '"') quoted = !quoted;
      else if (c === d && !quoted) k++;
    }
    if (k > bestN) [best, bestN] = [d, k];
  }
  return best;
}

function looksLikeHeader(row: readonly string[], next: readonly string[] | undefined): boolean {
  // A header has no empty names, no digits-only names, and is not a FEBRL record.
  if (row.some((c) => /^rec-\d+-(org|dup-\d+)$/.test(c))) return false;
  if (row.some((c) => c === '' || /^[+\d][\d\s./:-]*$/.test(c))) return false;
  if (next && row.every((c, k) => c === next[k])) return false;
  return true;
}

function finish(raw: string[][]): Table {
  const rows = raw.filter((r) => r.some((c) => c !== ''));
  const first = rows[0];
  if (first === undefined) throw new TableError('empty', 'the file has no rows');
  let headers: string[];
  let headerless = false;
  let body: string[][];
  if (looksLikeHeader(first, rows[1])) {
    headers = first.map((h) => h.trim());
    body = rows.slice(1);
  } else {
    headerless = true;
    const width = Math.max(...rows.slice(0, 50).map((r) => r.length));
    headers = width === FEBRL_HEADERS.length && /^rec-\d+/.test(first[0] ?? '') ? [...FEBRL_HEADERS] : Array.from({ length: width }, (_, k) => `column ${k + 1}`);
    body = rows;
  }
  const width = headers.length;
  for (const r of body) {
    if (r.length < width) while (r.length < width) r.push('');
    else if (r.length > width) r.length = width;
  }
  return { headers, rows: body, headerless };
}

/** Parses CSV text (any of , ; tab | as delimiter; spaces around delimiters and quotes tolerated). */
export function parseCsv(text: string): Table {
  const delimiter = sniffDelimiter(text);
  // Without quotes a CSV is lines and delimiters: split directly, several times faster than the full parser.
  if (!text.includes('"')) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return finish(body.split(/\r?\n/).map((line) => line.split(delimiter).map((c) => c.trim())));
  }
  let raw: string[][];
  try {
    raw = parse(text, { delimiter, bom: true, trim: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: false });
  } catch (error) {
    throw new TableError('format', `not a readable CSV file (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`);
  }
  return finish(raw.map((r) => r.map((c) => c.trim())));
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[]; hyperlink?: string };
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.hyperlink === 'string') return v.hyperlink.replace(/^mailto:/, '');
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Reads the first worksheet of an .xlsx file. */
export async function readXlsx(path: string): Promise<Table> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (error) {
    throw new TableError('unreadable', `cannot read ${path} as an .xlsx workbook (${error instanceof Error ? error.message : 'error'})`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new TableError('empty', `${path} has no worksheet`);
  const raw: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    const out: string[] = [];
    for (let c = 1; c < values.length; c++) out.push(cellText(values[c]).trim());
    raw.push(out);
  });
  return finish(raw);
}

/** Reads a .csv (or any delimited text) or .xlsx file into a Table. */
export async function readTable(path: string): Promise<Table> {
  if (/\.xlsx$/i.test(path)) return readXlsx(path);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new TableError('unreadable', `cannot read ${path} (${code})`);
  }
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(path);
  if (buf.includes(0)) throw new TableError('format', `${path} is a binary file, not CSV or .xlsx`);
  return parseCsv(buf.toString('utf8'));
}
