// CSV text → records with the line each starts on, for hosts without csv-parse (Apps Script has no Buffer).
import type { Delimiter } from './delimiter';

/** The records of a CSV text and the 1-based line each record starts on. */
export interface CsvRecords {
  records: string[][];
  lines: number[];
}

/**
 * Splits CSV text the way the CLI's csv-parse options read it (RFC 4180 quotes, "" for a quote, CRLF, LF or CR
 * line ends, records of any length, a stray quote inside an unquoted field kept as text). It is hand-written
 * because csv-parse needs Node's Buffer, which Apps Script lacks, and Utilities.parseCsv gives no line numbers;
 * tests/shared/api/import-csv.test.ts checks it against csv-parse.
 */
export function parseCsvRecords(text: string, delimiter: Delimiter): CsvRecords {
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  const n = text.length;
  const endRecord = (): void => {
    record.push(field);
    records.push(record);
    lines.push(start);
    record = [];
    field = '';
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field: up to the quote that is followed by a delimiter, a line end or the end of the text.
      i++;
      while (i < n) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          const next = text[i + 1];
          if (next === undefined || next === delimiter || next === '\n' || next === '\r') {
            i++;
            break;
          }
          field += '"';
          i++;
          continue;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      continue;
    }
    if (ch === delimiter) {
      record.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) endRecord();
  return { records, lines };
}
