// Reads a customer list as a header and string rows: CSV as shipped (FEBRL's ", " separators, quoted fields,
// BOM, ; or tab delimiters, CR, LF or CRLF lines, FEBRL's headerless layout) or the first sheet of an .xlsx
// workbook. Any other file without a header row, or bytes that are not text, are refused with the reason.
import { isAscii, isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { parse as parseStream } from 'csv-parse';
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
  const end = text.search(/[\r\n]/);
  const line = end === -1 ? text : text.slice(0, end);
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

/** A cell that is a value, never a column name: a number, date, phone, e-mail address, web address or FEBRL id. */
function looksLikeValue(cell: string): boolean {
  return (
    cell === '' ||
    /^[+\d][\d\s./:()-]*$/.test(cell) ||
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell) ||
    /^(https?:\/\/|www\.)/i.test(cell) ||
    /^rec-\d+-(org|dup-\d+)$/.test(cell)
  );
}

/** True when a first row names columns: none of its cells is a value, and it is not repeated by the next row. */
export function looksLikeHeader(row: readonly string[], next: readonly string[] | undefined): boolean {
  if (row.some(looksLikeValue)) return false;
  if (next && row.every((c, k) => c === next[k])) return false;
  return true;
}

/** The first row, shortened for a message. */
function preview(row: readonly string[]): string {
  const text = row.join(', ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
    // Only FEBRL's published layout is known without a header; any other file must name its columns.
    const width = Math.max(...rows.slice(0, 50).map((r) => r.length));
    if (width !== FEBRL_HEADERS.length || !/^rec-\d+/.test(first[0] ?? '')) {
      throw new TableError('format', `the file has no header row: its first row (${preview(first)}) holds values, not column names; add a first row naming the columns, e.g. id,name,email,phone`);
    }
    headerless = true;
    headers = [...FEBRL_HEADERS];
    body = rows;
  }
  const width = headers.length;
  for (const r of body) {
    if (r.length < width) while (r.length < width) r.push('');
    else if (r.length > width) r.length = width;
  }
  return { headers, rows: body, headerless };
}

/**
 * The text of a file: UTF-8, or Windows-1252 when it is not valid UTF-8 but reads as text (Excel's "CSV"
 * on Windows); bytes that are neither (control characters, random data) are refused.
 */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    if (hasControlBytes(buf)) throw notText();
    return new TextDecoder('windows-1252').decode(buf);
  }
}

/** True when bytes hold a control character other than tab and line breaks: not text. */
function hasControlBytes(buf: Buffer): boolean {
  for (const b of buf) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return true;
  return false;
}

const notText = (): TableError => new TableError('format', 'the file is not text (it holds control bytes): save it as CSV (UTF-8) or .xlsx');

/** The options of the full CSV parser (for text with quotes). */
const PARSER = { bom: true, trim: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: false } as const;

/** The parser's failure as the reader reports it. */
const parseFailure = (error: unknown): TableError => new TableError('format', `not a readable CSV file (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`);

/**
 * Bytes decoded and parsed at a time for a file larger than this: a V8 string stops at 2^29 - 24 characters (about
 * 512 MB), so a five-million-row export cannot be one text.
 */
export const PIECE_BYTES = 64 * 2 ** 20;

/**
 * The table of a CSV file's bytes, as parseCsv(decodeText(bytes)) reads it, decoded and parsed in pieces of
 * `pieceBytes` when larger (the encoding decided for the whole file first).
 */
export async function parseCsvBytes(buf: Buffer, pieceBytes = PIECE_BYTES): Promise<Table> {
  if (buf.length <= pieceBytes) return parseCsv(decodeText(buf));
  // decodeText's choice, made for the whole file: UTF-8 when valid, else Windows-1252 when it reads as text.
  const utf8 = isUtf8(buf);
  if (!utf8 && hasControlBytes(buf)) throw notText();
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252');
  // Plain ASCII (most exports) is read as Latin-1, which gives the same characters one byte each: the streaming
  // decoder gives two (128 MB for a 64 MB piece), and every cell cut from it keeps that width.
  const ascii = isAscii(buf);
  const pieces = function* (): Generator<string> {
    for (let at = 0; at < buf.length; at += pieceBytes) {
      const bytes = buf.subarray(at, at + pieceBytes);
      yield ascii ? bytes.toString('latin1') : decoder.decode(bytes, { stream: at + pieceBytes < buf.length });
    }
  };
  // The delimiter of the first line, as parseCsv sniffs it (its bytes up to the first line break, BOM dropped).
  const breaks = [buf.indexOf(0x0a), buf.indexOf(0x0d)].filter((k) => k >= 0);
  const head = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252').decode(buf.subarray(0, breaks.length > 0 ? Math.min(...breaks) : buf.length));
  const delimiter = sniffDelimiter(head);
  const raw: string[][] = [];
  if (!buf.includes(0x22)) {
    // No quotes: lines and delimiters, as parseCsv splits them; a line cut by a piece's end waits for the next piece.
    let carry = '';
    let first = true;
    for (const piece of pieces()) {
      let text = carry + piece;
      if (first && text !== '') {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const lines = text.split(/\r\n|\r|\n/);
      carry = lines.pop() ?? '';
      for (const line of lines) raw.push(line.split(delimiter).map((c) => c.trim()));
    }
    raw.push(carry.split(delimiter).map((c) => c.trim()));
    return finish(raw);
  }
  // Quotes may hold line breaks: the full parser, fed piece by piece (waiting when its buffer is full).
  let parser: ReturnType<typeof parseStream> | undefined;
  let ended: Promise<unknown> = Promise.resolve();
  try {
    for (const piece of pieces()) {
      if (!parser) {
        parser = parseStream({ ...PARSER, delimiter });
        parser.on('data', (record: string[]) => void raw.push(record.map((c) => c.trim())));
        ended = once(parser, 'end');
        // Awaited below; a failure before then must not count as unhandled.
        ended.catch(() => undefined);
      }
      if (!parser.write(piece)) await once(parser, 'drain');
    }
    parser?.end();
    await ended;
  } catch (error) {
    throw parseFailure(error);
  }
  return finish(raw);
}

/** Parses CSV text (any of , ; tab | as delimiter; spaces around delimiters and quotes tolerated). */
export function parseCsv(text: string): Table {
  const delimiter = sniffDelimiter(text);
  // Without quotes a CSV is lines and delimiters: split directly, several times faster than the full parser.
  if (!text.includes('"')) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return finish(body.split(/\r\n|\r|\n/).map((line) => line.split(delimiter).map((c) => c.trim())));
  }
  let raw: string[][];
  try {
    raw = parse(text, { ...PARSER, delimiter });
  } catch (error) {
    throw parseFailure(error);
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
  return parseCsvBytes(buf);
}
