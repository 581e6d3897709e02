// The import's edge: a file's bytes → SourceTable, with csv-parse for CSV and ExcelJS for .xlsx.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { decodeText, parseVcards, sniffDelimiter, type SourceTable } from '../../shared/import';

/** A file that cannot be read as any format we take; the message is one line for the CLI. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}

/** csv, xlsx or vcf from the file's first bytes, then its extension. */
export function sniffFormat(file: string, bytes: Uint8Array): SourceTable['format'] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.vcf' || ext === '.vcard') return 'vcf';
  if (ext === '.xlsx') return 'xlsx';
  return 'csv';
}

/** A decoded CSV text as a table; each row carries the line it starts on. */
export function csvTable(text: string, file: string): SourceTable {
  if (/^\s*BEGIN:VCARD/i.test(text)) return parseVcards(text, file);
  const delimiter = sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    throw new UnreadableFileError(`${file} is not a CSV file we can read (${(error as Error).message.split('\n')[0]})`);
  }
  const [head, ...body] = records;
  if (!head) throw new UnreadableFileError(`${file} is empty`);
  const lines: number[] = [];
  let previousEnd = head.info.lines;
  for (const r of body) {
    lines.push(previousEnd + 1);
    previousEnd = r.info.lines;
  }
  return { file: path.basename(file), format: 'csv', header: head.record.map((h) => h.trim()), rows: body.map((r) => r.record), lines };
}

/** A cell of a source sheet as text: dates as ISO (a date alone at midnight), formulas by their result, rich text joined. */
function excelText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((p) => p.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return excelText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in value && 'text' in value) return excelText(value.text);
  return '';
}

/** The first sheet of an .xlsx with data, cells as text (dates as ISO, as the workbook adapter reads them). */
export async function xlsxTable(bytes: Uint8Array, file: string): Promise<SourceTable> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new UnreadableFileError(`${file} is not an .xlsx workbook we can read (${(error as Error).message.split('\n')[0]})`);
  }
  const sheet = book.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw new UnreadableFileError(`${file} has no sheet with data`);
  const width = sheet.columnCount;
  const header: string[] = [];
  for (let c = 1; c <= width; c++) header.push(excelText(sheet.getRow(1).getCell(c).value).trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(excelText(row.getCell(c).value));
    rows.push(cells);
    lines.push(r);
  }
  return { file: path.basename(file), format: 'xlsx', header, rows, lines };
}

/** Reads any file we import: CSV (any delimiter and encoding), .xlsx or vCard. */
export async function readSourceFile(file: string, bytes: Uint8Array): Promise<SourceTable> {
  const format = sniffFormat(file, bytes);
  if (format === 'xlsx') return xlsxTable(bytes, file);
  if (bytes.length === 0) throw new UnreadableFileError(`${path.basename(file)} is empty`);
  const { text } = decodeText(bytes);
  if (format === 'vcf') {
    const table = parseVcards(text, path.basename(file));
    if (table.rows.length === 0) throw new UnreadableFileError(`${path.basename(file)} has no vCard in it`);
    return table;
  }
  return csvTable(text, path.basename(file));
}
