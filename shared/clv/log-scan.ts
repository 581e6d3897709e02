// The WebAssembly purchase-log scanner (wasm/scan-log.as.ts) driven from TypeScript: lays out its memory, runs the
// scan and the compression, and hands back what fitAndScore takes as a 'distinct' source. Any case the scanner
// leaves to the TypeScript readers comes back undefined, and the caller reads the file the usual way.
import type { CompressedRfm } from './rfm';
import { UNIT_DAYS, type TimeUnit } from './rfm';

/** The scanner's exports (the instance made from the compiled module; see functions/clv/log-scanner.ts). */
export interface LogScanExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  tableBytes(capacity: number): number;
  scanStart(hash: number, hashBits: number): void;
  scan(input: number, from: number, end: number, delimiter: number, ci: number, di: number, ai: number, endDay: number, table: number, capacity: number, hash: number, hashBits: number): number;
  lastDay(): number;
  firstDay(): number;
  compress(table: number, tableCapacity: number, customers: number, endDay: number, scale: number, out: number, slots: number, span: number, hash: number, hashBits: number): void;
  compressed(which: number): number;
}

/** Where the purchase log's rows and columns are in the file (from fileLayout). */
export interface LogLayout {
  /** Byte offset of the first row. */
  from: number;
  delimiter: string;
  /** Customer, date and amount columns (amount −1: none). */
  columns: readonly [number, number, number];
}

/** A log read, summarised and compressed by the scanner: the pipeline's 'distinct' source, and the log's last day. */
export interface ScannedLog {
  data: CompressedRfm;
  spend: { x: Float64Array; mean: Float64Array } | undefined;
  end: number;
  lastDay: number;
}

/** Files past this are read by the TypeScript path: the scanner's tables take about six times the file. */
const MOST_BYTES = 128 * 2 ** 20;
/** Day spans beyond this (27,000 years) are left to the TypeScript path rather than given a slot table. */
const MOST_DAYS = 10_000_000;
/** The scanner's i32 "no end given". */
const NO_END = 2 ** 31 - 1;
const PAGE = 65_536;
/** Bytes per scan call (rounded up to the next line break). */
const SLICE = 64 * 1024;


const align = (n: number, to = 8): number => Math.ceil(n / to) * to;

function hashBitsFor(count: number): number {
  let bits = 4;
  while (1 << bits < count * 2) bits++;
  return bits;
}

function ensure(wasm: LogScanExports, bytes: number): void {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
}

/**
 * Reads a purchase log's bytes as the TypeScript readers would (readPlainPurchases, then summarise up to `end`, its
 * last day by default, then compress), or undefined when they must (quotes, odd rows, negative amounts, a log not
 * grouped by customer, non-UTF-8 text is the caller's check). The result is the same data bit for bit.
 */
export function scanPurchaseLog(wasm: LogScanExports, file: Uint8Array, layout: LogLayout, options: { end?: number; unit: TimeUnit }): ScannedLog | undefined {
  const delimiter = layout.delimiter.charCodeAt(0);
  if (layout.delimiter.length !== 1 || layout.delimiter === ' ' || delimiter > 127) return undefined;
  const [ci, di, ai] = layout.columns;
  const rowsBytes = file.length - layout.from;
  if (rowsBytes <= 0 || file.length > MOST_BYTES) return undefined;
  const base = align(wasm.heapBase(), 16);
  const input = base;
  // Customers are at most the rows; a row has at least an id, a date of eight digits and the separators.
  const capacity = Math.floor(rowsBytes / 10) + 2;
  const table = align(input + file.length);
  const tableEnd = align(table + wasm.tableBytes(capacity));
  const hashBits = hashBitsFor(capacity);
  const hash = tableEnd;
  ensure(wasm, hash + 4 * (1 << hashBits));
  new Uint8Array(wasm.memory.buffer, input, file.length).set(file);
  const endDay = options.end ?? NO_END;
  // In slices ending at a line break: V8 finishes a call in the code it began with, so a single call would run
  // entirely in WebAssembly's baseline code; later slices run in its optimised code.
  wasm.scanStart(hash, hashBits);
  let customers = 0;
  for (let from = layout.from; from < file.length; ) {
    const cut = from + SLICE >= file.length ? -1 : file.indexOf(10, from + SLICE);
    const to = cut < 0 ? file.length : cut + 1;
    customers = wasm.scan(input, from, to, delimiter, ci, di, ai, endDay, table, capacity, hash, hashBits);
    // Negative: a case the TypeScript readers decide (see the scanner's codes).
    if (customers < 0) return undefined;
    from = to;
  }
  if (customers === 0) return undefined;
  const lastDay = wasm.lastDay();
  const end = options.end ?? lastDay;
  const firstDay = wasm.firstDay();
  if (firstDay > end || end - firstDay > MOST_DAYS) return undefined;
  const span = end - firstDay;
  const m = customers;
  const out = align(hash + 4 * (1 << hashBits));
  const outBytes = m * (8 * 8 + 3 * 4);
  const slots = align(out + outBytes);
  const rowBits = hashBitsFor(m);
  const rowHash = align(slots + 8 * (span + 1));
  ensure(wasm, rowHash + 4 * (1 << rowBits));
  const scale = 1 / UNIT_DAYS[options.unit];
  wasm.compress(table, capacity, m, end, scale, out, slots, span, rowHash, rowBits);
  const [rows, nT, nTx, maxX, repeatBuyers, kept] = [0, 1, 2, 3, 4, 5].map((k) => wasm.compressed(k)) as [number, number, number, number, number, number];
  if (kept === 0) return undefined;
  const memory = wasm.memory.buffer;
  const f64 = (k: number, length: number): Float64Array => new Float64Array(memory.slice(out + k * m * 8, out + k * m * 8 + length * 8));
  const i32 = (k: number, length: number): Int32Array => new Int32Array(memory.slice(out + 8 * m * 8 + k * m * 4, out + 8 * m * 8 + k * m * 4 + length * 4));
  const data: CompressedRfm = {
    x: f64(2, rows),
    tx: f64(3, rows),
    T: f64(4, rows),
    weight: f64(5, rows),
    row: i32(0, kept),
    maxX,
    customers: kept,
    repeatBuyers,
    times: { tValues: f64(6, nT), tIndex: i32(1, rows), txValues: f64(7, nTx), txIndex: i32(2, rows) },
  };
  return { data, spend: ai >= 0 ? { x: f64(0, kept), mean: f64(1, kept) } : undefined, end, lastDay };
}
