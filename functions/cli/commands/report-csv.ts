import { closeSync, openSync, readSync } from 'node:fs';
import { dayNumber, daysFromCivil, isRealDate } from '../../../shared/kernel';
import type { ReportCustomer, ReportDimension, ReportLedger } from '../../../shared/reports';
import { customersTab, decodeCell, mapHeader, purchasesTab, type DateOrder } from '../../../shared/workbook';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const CHUNK = 8 << 20;

/** One row as byte ranges into the current chunk; a field is decoded only when asked for. */
export class CsvRow {
  buf: Buffer = Buffer.alloc(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);
  count = 0;
  /** The 1-based line of the file the row starts on (the header is line 1). */
  line = 0;

  /** The field's text ('' when the row is shorter), with "" inside a quoted field read as one quote. */
  text(k: number): string {
    if (k < 0 || k >= this.count) return '';
    const s = this.buf.toString('utf8', this.starts[k], this.ends[k]);
    return this.quoted[k] === 1 ? s.replaceAll('""', '"') : s;
  }

  grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const quoted = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    quoted.set(this.quoted);
    [this.starts, this.ends, this.quoted] = [starts, ends, quoted];
  }
}

/**
 * Parses one RFC 4180 row starting at `p`; returns where the next row starts, or -1 when the chunk ends inside
 * the row and more bytes are needed.
 */
function parseRow(buf: Buffer, p: number, end: number, delimiter: number, last: boolean, row: CsvRow): number {
  row.count = 0;
  for (;;) {
    if (row.count === row.starts.length) row.grow();
    const k = row.count++;
    if (p < end && buf[p] === QUOTE) {
      let q = p + 1;
      for (;;) {
        if (q >= end) return last ? finishField(row, k, p + 1, end, 1, end) : -1;
        if (buf[q] === QUOTE) {
          if (q + 1 < end && buf[q + 1] === QUOTE) q += 2;
          else if (q + 1 >= end && !last) return -1;
          else break;
        } else q++;
      }
      row.starts[k] = p + 1;
      row.ends[k] = q;
      row.quoted[k] = 1;
      p = q + 1;
      // Anything between the closing quote and the delimiter is dropped, as spreadsheet programs do.
      while (p < end && buf[p] !== delimiter && buf[p] !== LF && buf[p] !== CR) p++;
    } else {
      const start = p;
      while (p < end && buf[p] !== delimiter && buf[p] !== LF && buf[p] !== CR) p++;
      row.starts[k] = start;
      row.ends[k] = p;
      row.quoted[k] = 0;
    }
    if (p >= end) return last ? end : -1;
    const c = buf[p]!;
    if (c === delimiter) {
      p++;
      continue;
    }
    if (c === CR) {
      if (p + 1 >= end && !last) return -1;
      return buf[p + 1] === LF ? p + 2 : p + 1;
    }
    return p + 1;
  }
}

function finishField(row: CsvRow, k: number, start: number, end: number, quoted: number, next: number): number {
  row.starts[k] = start;
  row.ends[k] = end;
  row.quoted[k] = quoted;
  return next;
}

function guessDelimiter(line: string): number {
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return (counts[0]?.[1] ?? 0) > 0 ? counts[0]![0].charCodeAt(0) : 0x2c;
}

/**
 * Streams a CSV file (UTF-8, any of , ; tab | as delimiter, quoted fields with "" and line breaks inside) row by
 * row in 8 MB chunks. Hand-written because the million-row report target leaves no room for a parser that builds
 * an array of strings per row: fields stay byte ranges until a caller decodes the few it reads.
 */
export function scanCsv(file: string, onHeader: (header: string[]) => void, onRow: (row: CsvRow) => void): void {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.alloc(CHUNK);
    let filled = 0;
    let eof = false;
    let header: string[] | undefined;
    let delimiter = 0x2c;
    let line = 1;
    const row = new CsvRow();
    let first = true;
    while (!eof || filled > 0) {
      if (!eof && filled < buf.length) {
        const n = readSync(fd, buf, filled, buf.length - filled, null);
        if (n === 0) eof = true;
        filled += n;
      }
      let p = 0;
      if (first && filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3;
      if (header === undefined) {
        const nl = buf.indexOf(LF, p);
        if (nl < 0 || nl >= filled) {
          if (!eof) {
            if (filled === buf.length) buf = Buffer.concat([buf, Buffer.alloc(buf.length)]);
            continue;
          }
        }
        const text = buf.toString('utf8', p, nl < 0 || nl >= filled ? filled : nl).replace(/\r$/, '');
        delimiter = guessDelimiter(text);
        row.buf = buf;
        const next = parseRow(buf, p, filled, delimiter, true, row);
        header = Array.from({ length: row.count }, (_, k) => row.text(k).trim());
        onHeader(header);
        p = next;
        first = false;
      }
      row.buf = buf;
      for (;;) {
        if (p >= filled) break;
        const next = parseRow(buf, p, filled, delimiter, eof, row);
        if (next < 0) break;
        line++;
        if (!(row.count === 1 && row.starts[0] === row.ends[0])) {
          row.line = line;
          onRow(row);
        }
        p = next;
      }
      if (eof && p >= filled) break;
      // Carry the unfinished row to the front; a row longer than the buffer doubles it.
      const rest = filled - p;
      if (p === 0 && rest === buf.length) buf = Buffer.concat([buf, Buffer.alloc(buf.length)]);
      else buf.copy(buf, 0, p, filled);
      filled = rest;
    }
  } finally {
    closeSync(fd);
  }
}

/** A cell of a CSV file that could not be read: the line and column, for the note the CLI prints. */
export interface CsvIssue {
  line: number;
  column: string;
  reason: string;
}

/** Reads a customers CSV (columns named as on the Customers tab, synonyms allowed) into report customers; of the
 * dimension columns only `dimension` is decoded, the others are left blank. */
export function readCustomersCsv(file: string, dimension: ReportDimension): { customers: ReportCustomer[]; issues: CsvIssue[]; missing: string[] } {
  const customers: ReportCustomer[] = [];
  const issues: CsvIssue[] = [];
  const fields = ['id', 'status', 'contact_type', 'merged_into', 'clv_12m', 'churn_risk', ...(dimension === 'segment' || dimension === 'contact_type' ? [] : [dimension])] as const;
  let at: Record<string, number> = {};
  let names: string[] = [];
  scanCsv(
    file,
    (header) => {
      names = header;
      const map = mapHeader(customersTab.columns, header);
      at = Object.fromEntries(fields.map((f) => [f, map.indexOf.get(f) ?? -1]));
    },
    (row) => {
      const number = (field: 'clv_12m' | 'churn_risk'): number | undefined => {
        const text = row.text(at[field]!).trim();
        if (text === '') return undefined;
        const n = Number(text);
        if (Number.isFinite(n)) return n;
        if (issues.length < 5) issues.push({ line: row.line, column: names[at[field]!] ?? field, reason: 'not a number' });
        return undefined;
      };
      const customer: ReportCustomer = {
        id: row.text(at.id!).trim(),
        status: at.status! < 0 ? 'active' : row.text(at.status!).trim().toLowerCase(),
        contact_type: row.text(at.contact_type!).trim().toLowerCase(),
        merged_into: row.text(at.merged_into!).trim(),
        clv_12m: number('clv_12m'),
        churn_risk: number('churn_risk'),
        category: '',
        region: '',
        industry: '',
        account_manager: '',
        source: '',
        clv_tier: '',
        rfm_segment: '',
      };
      if (dimension !== 'segment' && dimension !== 'contact_type') customer[dimension] = row.text(at[dimension]!).trim();
      customers.push(customer);
    },
  );
  return { customers, issues, missing: fields.filter((f) => at[f] === undefined || at[f] < 0) };
}

/** Reads an amount from bytes: plain decimals fast, anything else (1 234,50; "R 12") through the workbook's reader. */
function amountOf(row: CsvRow, k: number): number | undefined {
  if (k < 0 || k >= row.count) return undefined;
  const buf = row.buf;
  let p = row.starts[k]!;
  const end = row.ends[k]!;
  if (p === end) return 0;
  let sign = 1;
  if (buf[p] === 0x2d) {
    sign = -1;
    p++;
  }
  let whole = 0;
  let digits = 0;
  while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) {
    whole = whole * 10 + (buf[p]! - 0x30);
    p++;
    digits++;
  }
  let scale = 1;
  if (p < end && buf[p] === 0x2e) {
    p++;
    while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) {
      whole = whole * 10 + (buf[p]! - 0x30);
      scale *= 10;
      p++;
      digits++;
    }
  }
  if (p === end && digits > 0 && digits < 16) return (sign * whole) / scale;
  const parsed = decodeCell(purchasesTab.columns.amount, row.text(k));
  return parsed.ok ? (parsed.value as number | undefined) : undefined;
}

function digitsAt(buf: Buffer, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = buf[i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Reads the day number of an ISO date (a time after it is ignored), else through the workbook's date reader. */
function dayOf(row: CsvRow, k: number, order: DateOrder): number | undefined {
  if (k < 0 || k >= row.count) return undefined;
  const buf = row.buf;
  const s = row.starts[k]!;
  if (row.ends[k]! - s >= 10 && buf[s + 4] === 0x2d && buf[s + 7] === 0x2d) {
    const year = digitsAt(buf, s, 4);
    const month = digitsAt(buf, s + 5, 2);
    const day = digitsAt(buf, s + 8, 2);
    return year >= 0 && isRealDate(year, month, day) ? daysFromCivil(year, month, day) : undefined;
  }
  const parsed = decodeCell(purchasesTab.columns.date, row.text(k), order);
  return parsed.ok && typeof parsed.value === 'string' ? dayNumber(parsed.value) : undefined;
}

/** Streams a purchases CSV into the ledger; rows whose customer is unknown are left out, unreadable cells noted. */
export function readPurchasesCsv(file: string, ledger: ReportLedger, order: DateOrder): { rows: number; unknownCustomers: number; issues: CsvIssue[] } {
  let idAt = -1;
  let dateAt = -1;
  let amountAt = -1;
  let names: string[] = [];
  let rows = 0;
  let unknownCustomers = 0;
  const issues: CsvIssue[] = [];
  let issueCount = 0;
  const ids = new ByteIdIndex(ledger.ids());
  const note = (line: number, k: number, reason: string): void => {
    issueCount++;
    if (issues.length < 5) issues.push({ line, column: names[k] ?? '', reason });
  };
  scanCsv(
    file,
    (header) => {
      names = header;
      const map = mapHeader(purchasesTab.columns, header);
      idAt = map.indexOf.get('customer_id') ?? -1;
      dateAt = map.indexOf.get('date') ?? -1;
      amountAt = map.indexOf.get('amount') ?? -1;
    },
    (row) => {
      rows++;
      // Quoted or padded ids take the slow path through the ledger's own (trimming) lookup.
      let slot: number | undefined = idAt < row.count && row.quoted[idAt] === 0 ? ids.find(row.buf, row.starts[idAt]!, row.ends[idAt]!) : -1;
      if (slot === -1) slot = ledger.slotOf(row.text(idAt));
      if (slot === undefined) {
        unknownCustomers++;
        return;
      }
      const day = dayOf(row, dateAt, order);
      if (day === undefined) return note(row.line, dateAt, 'not a date');
      const amount = amountOf(row, amountAt);
      if (amount === undefined) return note(row.line, amountAt, 'not an amount');
      ledger.addPurchaseAt(slot, day, amount);
    },
  );
  if (idAt < 0 || dateAt < 0) throw new Error(`${file} has no ${idAt < 0 ? 'customer_id' : 'date'} column`);
  if (issueCount > issues.length) issues.push({ line: 0, column: '', reason: `…and ${issueCount - issues.length} more unreadable cells` });
  return { rows, unknownCustomers, issues };
}

/**
 * Customer ids → ledger slots, looked up by the bytes of a CSV field, so ten million purchase rows never become
 * ten million id strings: an open-addressing table of FNV-1a hashes over one buffer of every id's UTF-8 bytes.
 */
export class ByteIdIndex {
  private readonly bytes: Buffer;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly slots: Int32Array;
  private readonly table: Int32Array;
  private readonly mask: number;

  /** When every id is one prefix and a fixed number of digits (C-000123): slot by number, one array read. */
  private readonly prefix: Buffer | undefined;
  private readonly digits: number = 0;
  private readonly byNumber: Int32Array | undefined;

  constructor(entries: Iterable<[string, number]>) {
    const list = [...entries];
    const shape = /^(\D*)(\d{1,9})$/.exec(list[0]?.[0] ?? '');
    if (shape && list.length > 0) {
      const [, prefix = '', number = ''] = shape;
      let max = 0;
      const same = list.every(([id]) => {
        if (id.length !== prefix.length + number.length || !id.startsWith(prefix)) return false;
        const n = Number(id.slice(prefix.length));
        if (!/^\d+$/.test(id.slice(prefix.length))) return false;
        if (n > max) max = n;
        return true;
      });
      if (same && max < 50_000_000) {
        this.prefix = Buffer.from(prefix, 'utf8');
        this.digits = number.length;
        this.byNumber = new Int32Array(max + 1).fill(-1);
        for (const [id, slot] of list) {
          const n = Number(id.slice(prefix.length));
          if (this.byNumber[n] === -1) this.byNumber[n] = slot;
        }
      }
    }
    if (this.byNumber) {
      [this.bytes, this.starts, this.ends, this.slots, this.table, this.mask] = [Buffer.alloc(0), new Int32Array(0), new Int32Array(0), new Int32Array(0), new Int32Array(0), 0];
      return;
    }
    const encoded = list.map(([id]) => Buffer.from(id, 'utf8'));
    this.bytes = Buffer.concat(encoded);
    this.starts = new Int32Array(list.length);
    this.ends = new Int32Array(list.length);
    this.slots = new Int32Array(list.length);
    let size = 1;
    while (size < list.length * 2) size <<= 1;
    this.mask = size - 1;
    this.table = new Int32Array(size).fill(-1);
    let at = 0;
    list.forEach(([, slot], i) => {
      this.starts[i] = at;
      at += encoded[i]!.length;
      this.ends[i] = at;
      this.slots[i] = slot;
      // The first of equal ids wins, as in the ledger's own lookup.
      if (this.find(this.bytes, this.starts[i], at) !== -1) return;
      let h = ByteIdIndex.hash(this.bytes, this.starts[i], at) & this.mask;
      while (this.table[h] !== -1) h = (h + 1) & this.mask;
      this.table[h] = i;
    });
  }

  private static hash(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
    return h >>> 0;
  }

  /** The slot of the id in buf[start, end), or -1. */
  find(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (this.byNumber) {
      const prefix = this.prefix!;
      if (length !== prefix.length + this.digits) return -1;
      for (let k = 0; k < prefix.length; k++) if (buf[start + k] !== prefix[k]) return -1;
      let n = 0;
      for (let p = start + prefix.length; p < end; p++) {
        const c = buf[p]! - 0x30;
        if (c < 0 || c > 9) return -1;
        n = n * 10 + c;
      }
      return n < this.byNumber.length ? this.byNumber[n]! : -1;
    }
    let h = ByteIdIndex.hash(buf, start, end) & this.mask;
    for (;;) {
      const i = this.table[h]!;
      if (i === -1) return -1;
      const s = this.starts[i]!;
      if (this.ends[i]! - s === length) {
        let same = true;
        for (let k = 0; k < length; k++) {
          if (this.bytes[s + k] !== buf[start + k]) {
            same = false;
            break;
          }
        }
        if (same) return this.slots[i]!;
      }
      h = (h + 1) & this.mask;
    }
  }
}
