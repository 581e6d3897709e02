import ExcelJS from 'exceljs';
import type { CellUpdate, CellValue, Grid, TabLayout } from '../../shared/workbook';
import { MemoryWorkbook } from '../../shared/workbook';

type ExcelValue = ExcelJS.CellValue;

/**
 * A Date from a cell as the ISO string the engines expect: a date alone when it has no time of day. Excel
 * stores wall-clock time without a zone (ExcelJS hands it over as that time in UTC), so a date-time comes back
 * without a zone too — "09:30" typed in Johannesburg stays 09:30, not 11:30 after a UTC conversion.
 */
function isoFromDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, iso.endsWith('.000Z') ? 19 : 23);
}

/** Reads whatever ExcelJS holds in a cell (rich text, formulas, hyperlinks, dates) as a plain CellValue. */
export function fromExcel(value: ExcelValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return isoFromDate(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return fromExcel(value.result ?? null);
    if ('hyperlink' in value && 'text' in value) return fromExcel(value.text);
    if ('error' in value) return null;
  }
  return null;
}

function sheetToGrid(sheet: ExcelJS.Worksheet): Grid {
  const width = sheet.actualColumnCount > 0 ? sheet.columnCount : 0;
  const header: string[] = [];
  const headerRow = sheet.getRow(1);
  for (let c = 1; c <= width; c++) header.push(String(fromExcel(headerRow.getCell(c).value) ?? '').trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const rows: CellValue[][] = [];
  const last = sheet.rowCount;
  for (let r = 2; r <= last; r++) {
    const row = sheet.getRow(r);
    const cells: CellValue[] = [];
    for (let c = 1; c <= header.length; c++) cells.push(fromExcel(row.getCell(c).value));
    rows.push(cells);
  }
  // Trailing blank rows are formatting leftovers, not data.
  while (rows.length > 0 && rows[rows.length - 1]!.every((v) => v === null || v === '')) rows.pop();
  return { header, rows };
}

/**
 * The Workbook port over a local .xlsx file — the embedded default that stands in for the Google Sheet.
 * The file is read once into memory; save() writes back only the tabs that changed, cell by cell, so
 * a user's own columns, other tabs and formatting stay as they were. Strings are stored as text cells,
 * which Excel and Sheets never evaluate, so formula-looking input stays inert.
 */
export class XlsxWorkbook extends MemoryWorkbook {
  private readonly dirty = new Set<string>();

  constructor(private readonly book: ExcelJS.Workbook, private path?: string) {
    const tabs: Record<string, Grid> = {};
    book.eachSheet((sheet) => {
      tabs[sheet.name] = sheetToGrid(sheet);
    });
    super(tabs);
  }

  override ensureTab(tab: string, layout: TabLayout): void {
    const before = this.snapshot(tab)?.header.length;
    super.ensureTab(tab, layout);
    if (before !== this.snapshot(tab)?.header.length) this.dirty.add(tab);
  }

  override write(tab: string, updates: readonly CellUpdate[]): void {
    super.write(tab, updates);
    this.dirty.add(tab);
  }

  override append(tab: string, rows: readonly CellValue[][]): void {
    super.append(tab, rows);
    if (rows.length > 0) this.dirty.add(tab);
  }

  override replaceRows(tab: string, rows: readonly CellValue[][]): void {
    super.replaceRows(tab, rows);
    this.dirty.add(tab);
  }

  /** Tabs changed since the last save. */
  changedTabs(): string[] {
    return [...this.dirty];
  }

  /** Writes the changed tabs into the workbook and the workbook to `path` (default: where it was opened). */
  async save(path?: string): Promise<void> {
    const target = path ?? this.path;
    if (!target) throw new Error('save() needs a path for a workbook that was not opened from a file');
    for (const tab of this.dirty) this.syncSheet(tab);
    await this.book.xlsx.writeFile(target);
    this.dirty.clear();
    this.path = target;
  }

  /** The workbook as bytes, for a download or an upload. */
  async toBuffer(): Promise<Buffer> {
    for (const tab of this.dirty) this.syncSheet(tab);
    this.dirty.clear();
    return Buffer.from(await this.book.xlsx.writeBuffer());
  }

  private syncSheet(tab: string): void {
    const grid = this.snapshot(tab);
    if (!grid) return;
    let sheet = this.book.getWorksheet(tab);
    if (!sheet) {
      sheet = this.book.addWorksheet(tab, { views: [{ state: 'frozen', ySplit: 1 }] });
    }
    const text = this.textColumns.get(tab) ?? new Set<string>();
    grid.header.forEach((name, i) => {
      const cell = sheet.getRow(1).getCell(i + 1);
      if (fromExcel(cell.value) !== name) {
        cell.value = name;
        cell.font = { bold: true };
      }
      if (text.has(name)) sheet.getColumn(i + 1).numFmt = '@';
    });
    const existing = sheet.rowCount;
    grid.rows.forEach((cells, r) => {
      const row = sheet.getRow(r + 2);
      cells.forEach((value, c) => {
        const cell = row.getCell(c + 1);
        if (fromExcel(cell.value) !== value) cell.value = value;
      });
    });
    // Rows beyond the grid (after replaceRows shrank a tab) are cleared, not left stale.
    for (let r = grid.rows.length + 2; r <= existing; r++) {
      const row = sheet.getRow(r);
      row.eachCell((cell) => (cell.value = null));
    }
  }
}

/** A new, empty workbook (save it with save(path)). */
export function createXlsxWorkbook(): XlsxWorkbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Regulars';
  return new XlsxWorkbook(book);
}

/** Opens an .xlsx file as a Workbook; a clear error when the file is missing or not a workbook. */
export async function openXlsxWorkbook(path: string): Promise<XlsxWorkbook> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read ${path} as an .xlsx workbook: ${reason}`);
  }
  return new XlsxWorkbook(book, path);
}
