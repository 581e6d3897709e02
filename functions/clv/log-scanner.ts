// Loads the compiled purchase-log scanner (shared/clv/wasm/scan-log.as.ts, built to scan-log.wasm beside the CLI
// bundle) and reads a log file with it. Without the file (a source checkout that was never built) or on any
// case it leaves to TypeScript, the answer is undefined and the caller reads the file the usual way.
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { fileLayout, scanPurchaseLog, type LogScanExports, type ScannedLog, type TimeUnit } from '../../shared/clv';

/** The file name the build writes the scanner to, beside the CLI's chunks. */
export const SCANNER_FILE = 'scan-log.wasm';

let cached: LogScanExports | null | undefined;

/** The scanner instance, made once per process from the bytes at `url` (null when they are not there). */
export function logScanner(url: URL = new URL(`./${SCANNER_FILE}`, import.meta.url)): LogScanExports | null {
  if (cached !== undefined) return cached;
  try {
    cached = instantiate(readFileSync(url));
  } catch {
    cached = null;
  }
  return cached;
}

/** A scanner from compiled bytes (the build's file, or a test's own compilation). */
export function instantiate(bytes: Uint8Array): LogScanExports {
  const { Instance, Module } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  return new Instance(new Module(bytes), {}).exports as unknown as LogScanExports;
}

/** The part of the WebAssembly global used here (Node's types leave it to the DOM library, which this project omits). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

/**
 * A purchase log's bytes read by the scanner when it can: a comma, tab or semicolon file whose first line is a
 * header (or a first row) of a purchase log, no quote anywhere, valid UTF-8. Undefined otherwise.
 */
export function scanLogFile(scanner: LogScanExports, file: Buffer, options: { end?: number; unit: TimeUnit }): ScannedLog | undefined {
  const nl = file.indexOf(10);
  const firstEnd = nl < 0 ? file.length : nl;
  const first = file.toString('utf8', 0, firstEnd);
  // A blank first line, a quote or text that is not UTF-8: the TypeScript readers take those.
  if (first.trim() === '' || file.indexOf(34) >= 0 || !isUtf8(file)) return undefined;
  let layout;
  try {
    layout = fileLayout(first);
  } catch {
    return undefined;
  }
  if (layout.kind !== 'transactions') return undefined;
  const from = layout.hasHeader ? (nl < 0 ? file.length : nl + 1) : 0;
  return scanPurchaseLog(scanner, file, { from, delimiter: layout.delimiter, columns: layout.columns }, options);
}
