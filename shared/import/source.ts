// A file's bytes → SourceTable inside shared (the Import sidebar sends bytes): CSV and vCard here, .xlsx from the host.
import { parseCsvRecords } from './csv';
import { detectEncoding, type BytesDecoder } from './decode';
import { sniffDelimiter } from './delimiter';
import type { SourceTable } from './types';
import { parseVcards } from './vcard';

/** Reads an .xlsx file's first sheet with data; only hosts that carry a zip and XML reader have one (Node). */
export type XlsxReader = (bytes: Uint8Array, file: string) => SourceTable | Promise<SourceTable>;

/** Why a file could not be read, in words fit to show next to the file picker. */
export type SourceFault = { ok: false; reason: string };

/** True when the bytes are a zip archive (an .xlsx), whatever the file is called. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/** The last path segment of a name (a browser may send C:\fakepath\x.csv). */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/**
 * Reads CSV (any of , ; TAB |, any encoding detectEncoding knows) or vCard bytes as the CLI's read-file does:
 * header trimmed, each row with the line it starts on. The decoder is the host's (no default: TextDecoder must not
 * reach Code.js). An .xlsx (by its zip signature) is left to the caller.
 */
export function readTextSource(file: string, bytes: Uint8Array, decode: BytesDecoder): { ok: true; table: SourceTable } | SourceFault {
  const name = baseName(file);
  if (bytes.length === 0) return { ok: false, reason: `${name} is empty` };
  // Not decodeText: its default decoder would carry TextDecoder into Code.js, where Apps Script has none.
  const { encoding, bom } = detectEncoding(bytes);
  const text = decode(bytes.subarray(bom), encoding);
  if (/\.(vcf|vcard)$/i.test(name) || /^\s*BEGIN:VCARD/i.test(text)) {
    const table = parseVcards(text, name);
    return table.rows.length === 0 ? { ok: false, reason: `${name} has no vCard in it` } : { ok: true, table };
  }
  const { records, lines } = parseCsvRecords(text, sniffDelimiter(text));
  const [head, ...body] = records;
  if (!head || head.every((h) => h.trim() === '')) return { ok: false, reason: `${name} has no header row` };
  return { ok: true, table: { file: name, format: 'csv', header: head.map((h) => h.trim()), rows: body, lines: lines.slice(1) } };
}
