import type { LockPort, RangePort, RichTextPort, SheetPort, SheetValue, SpreadsheetPort, SpreadsheetServices } from '../../../addon/server/spreadsheet-workbook';

/**
 * A fake of the few SpreadsheetApp calls the adapter uses. It records every call and models how a real
 * sheet treats setValues input, as far as the adapter depends on it: a string is read the way typed input
 * is — a leading apostrophe is consumed, `=`, `+`, `@` and non-numeric `-` make a formula (which reads back
 * as an error here), numbers lose leading zeros, YYYY-MM-DD becomes a Date — unless the cell is formatted
 * as plain text ('@'). Ranges outside the sheet's grid throw, as they do in Apps Script. What this model
 * assumes about Sheets is listed in docs/verify-on-google.md.
 */

interface Cell {
  value: SheetValue;
  formula?: string;
  format?: string;
  /** A hyperlink over the whole text (set by setRichTextValues); value holds the text. */
  link?: string;
}

/** A RichTextValue as the fake builds and returns it. */
export class FakeRichText implements RichTextPort {
  constructor(
    private readonly text: string,
    private readonly url: string | null,
  ) {}
  getText(): string {
    return this.text;
  }
  getLinkUrl(): string | null {
    return this.url;
  }
}

/** One recorded call: the object kind, the method and the tab it was made on. */
export interface FakeCall {
  kind: 'Spreadsheet' | 'Sheet' | 'Range' | 'Lock' | 'App';
  method: string;
  tab?: string;
}

/** A formula cell reads back as this (the fake does not evaluate formulas). */
export const FORMULA_RESULT = '#ERROR!';

const OUTSIDE = 'Exception: The coordinates of the range are outside the dimensions of the sheet.';

export class FakeRange implements RangePort {
  constructor(
    private readonly sheet: FakeSheet,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
  ) {}

  getValues(): SheetValue[][] {
    this.sheet.record('Range', 'getValues');
    const out: SheetValue[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const line: SheetValue[] = [];
      for (let c = 0; c < this.numCols; c++) {
        const cell = this.sheet.cell(this.row + r, this.col + c);
        line.push(cell?.formula !== undefined ? FORMULA_RESULT : cell?.value instanceof Date ? new Date(cell.value) : (cell?.value ?? ''));
      }
      out.push(line);
    }
    return out;
  }

  setValues(values: SheetValue[][]): FakeRange {
    this.sheet.record('Range', 'setValues');
    if (values.length !== this.numRows) throw new Error(`Exception: The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`);
    values.forEach((line, r) => {
      if (line.length !== this.numCols) throw new Error(`Exception: The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.numCols}.`);
      line.forEach((value, c) => this.sheet.typeInto(this.row + r, this.col + c, value));
    });
    return this;
  }

  getFormulas(): string[][] {
    this.sheet.record('Range', 'getFormulas');
    return this.map((cell) => cell?.formula ?? '');
  }

  /** Rich text of text cells; null for numbers, booleans, dates and formulas, as Apps Script returns. */
  getRichTextValues(): (RichTextPort | null)[][] {
    this.sheet.record('Range', 'getRichTextValues');
    return this.map((cell) => {
      if (cell?.formula !== undefined) return null;
      const value = cell?.value ?? '';
      return typeof value === 'string' ? new FakeRichText(value, cell?.link ?? null) : null;
    });
  }

  /** Stores each rich text as a text cell (never parsed), with its link. */
  setRichTextValues(values: RichTextPort[][]): FakeRange {
    this.sheet.record('Range', 'setRichTextValues');
    if (values.length !== this.numRows || values.some((line) => line.length !== this.numCols)) throw new Error('Exception: The number of rows or columns in the data does not match the range.');
    values.forEach((line, r) =>
      line.forEach((rich, c) => {
        const cell = this.sheet.touch(this.row + r, this.col + c);
        delete cell.formula;
        cell.value = rich.getText();
        const url = rich.getLinkUrl();
        if (url) cell.link = url;
        else delete cell.link;
      }),
    );
    return this;
  }

  private map<T>(fn: (cell: Cell | undefined) => T): T[][] {
    return Array.from({ length: this.numRows }, (_, r) => Array.from({ length: this.numCols }, (_, c) => fn(this.sheet.cell(this.row + r, this.col + c))));
  }

  setNumberFormat(format: string): FakeRange {
    this.sheet.record('Range', 'setNumberFormat');
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numCols; c++) this.sheet.touch(this.row + r, this.col + c).format = format;
    return this;
  }

  clearContent(): FakeRange {
    this.sheet.record('Range', 'clearContent');
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numCols; c++) {
        const cell = this.sheet.cell(this.row + r, this.col + c);
        if (cell) {
          cell.value = null;
          delete cell.formula;
          delete cell.link;
        }
      }
    }
    return this;
  }
}

export class FakeSheet implements SheetPort {
  /** Stored cells, row-major, 0-based; absent means an empty, unformatted cell. */
  private readonly cells: (Cell | undefined)[][] = [];
  frozenRows = 0;

  constructor(
    private readonly book: FakeSpreadsheet,
    readonly tabName: string,
    public maxRows = 1000,
    public maxCols = 26,
  ) {}

  record(kind: FakeCall['kind'], method: string): void {
    this.book.calls.push({ kind, method, tab: this.tabName });
  }

  getName(): string {
    this.record('Sheet', 'getName');
    return this.tabName;
  }

  getDataRange(): FakeRange {
    this.record('Sheet', 'getDataRange');
    let rows = 0;
    let cols = 0;
    this.cells.forEach((line, r) =>
      line.forEach((cell, c) => {
        if (cell && (cell.formula !== undefined || (cell.value !== null && cell.value !== ''))) {
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, c + 1);
        }
      }),
    );
    return new FakeRange(this, 1, 1, Math.max(rows, 1), Math.max(cols, 1));
  }

  getRange(row: number, column: number, numRows: number, numColumns: number): FakeRange {
    this.record('Sheet', 'getRange');
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) throw new Error(OUTSIDE);
    if (row + numRows - 1 > this.maxRows || column + numColumns - 1 > this.maxCols) throw new Error(OUTSIDE);
    return new FakeRange(this, row, column, numRows, numColumns);
  }

  getMaxRows(): number {
    this.record('Sheet', 'getMaxRows');
    return this.maxRows;
  }

  getMaxColumns(): number {
    this.record('Sheet', 'getMaxColumns');
    return this.maxCols;
  }

  /** New rows take the format of the row above them, as inserted rows do in Sheets. */
  insertRowsAfter(afterPosition: number, howMany: number): FakeSheet {
    this.record('Sheet', 'insertRowsAfter');
    if (afterPosition < 1 || afterPosition > this.maxRows) throw new Error(OUTSIDE);
    const above = this.cells[afterPosition - 1] ?? [];
    const fresh = Array.from({ length: howMany }, () => above.map((cell) => (cell?.format ? { value: null, format: cell.format } : undefined)));
    while (this.cells.length < afterPosition) this.cells.push([]);
    this.cells.splice(afterPosition, 0, ...fresh);
    this.maxRows += howMany;
    return this;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): FakeSheet {
    this.record('Sheet', 'insertColumnsAfter');
    if (afterPosition < 1 || afterPosition > this.maxCols) throw new Error(OUTSIDE);
    for (const line of this.cells) if (line.length > afterPosition) line.splice(afterPosition, 0, ...Array<undefined>(howMany).fill(undefined));
    this.maxCols += howMany;
    return this;
  }

  setFrozenRows(rows: number): FakeSheet {
    this.record('Sheet', 'setFrozenRows');
    this.frozenRows = rows;
    return this;
  }

  cell(row: number, col: number): Cell | undefined {
    return this.cells[row - 1]?.[col - 1];
  }

  touch(row: number, col: number): Cell {
    while (this.cells.length < row) this.cells.push([]);
    const line = this.cells[row - 1]!;
    while (line.length < col) line.push(undefined);
    const cell = line[col - 1] ?? { value: null };
    line[col - 1] = cell;
    return cell;
  }

  /** Stores a value the way Sheets stores typed input into a cell with the cell's format. */
  typeInto(row: number, col: number, input: SheetValue): void {
    const cell = this.touch(row, col);
    delete cell.formula;
    delete cell.link;
    const parsed = parseTyped(input, cell.format, this.book.timeZone);
    if (parsed.formula !== undefined) {
      cell.formula = parsed.formula;
      cell.value = null;
    } else cell.value = parsed.value;
  }

  /** What a person looking at the sheet would see as stored values (formulas as their text); not a recorded call. */
  dump(): { values: SheetValue[][]; formulas: (string | undefined)[][]; formats: (string | undefined)[][]; links: (string | undefined)[][] } {
    return {
      links: this.cells.map((line) => line.map((c) => c?.link)),
      values: this.cells.map((line) => line.map((c) => (c?.value instanceof Date ? new Date(c.value) : (c?.value ?? null)))),
      formulas: this.cells.map((line) => line.map((c) => c?.formula)),
      formats: this.cells.map((line) => line.map((c) => c?.format)),
    };
  }

  /** Puts values into the sheet as existing content (no parsing, no calls recorded). */
  seed(rows: readonly SheetValue[][], startRow = 1): void {
    rows.forEach((line, r) => line.forEach((value, c) => (this.touch(startRow + r, c + 1).value = value)));
    this.maxRows = Math.max(this.maxRows, startRow + rows.length - 1);
    this.maxCols = Math.max(this.maxCols, ...rows.map((r) => r.length));
  }
}

/** The fake Spreadsheet, its lock and services, and the log of every call made on any of them. */
export class FakeSpreadsheet implements SpreadsheetPort {
  readonly calls: FakeCall[] = [];
  private readonly sheets: FakeSheet[] = [];
  /** When true, waitLock throws as Apps Script does when the lock is not obtained in time. */
  lockBusy = false;
  lockHeld = false;

  constructor(readonly timeZone = 'Africa/Johannesburg') {}

  getSheets(): FakeSheet[] {
    this.calls.push({ kind: 'Spreadsheet', method: 'getSheets' });
    return [...this.sheets];
  }

  insertSheet(sheetName: string): FakeSheet {
    this.calls.push({ kind: 'Spreadsheet', method: 'insertSheet', tab: sheetName });
    if (this.sheetNamed(sheetName)) throw new Error(`Exception: A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    const sheet = new FakeSheet(this, sheetName);
    this.sheets.push(sheet);
    return sheet;
  }

  getSpreadsheetTimeZone(): string {
    this.calls.push({ kind: 'Spreadsheet', method: 'getSpreadsheetTimeZone' });
    return this.timeZone;
  }

  /** A sheet by name without recording a call (for test setup and inspection). */
  sheetNamed(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.tabName === name);
  }

  /** Adds a sheet holding these values as existing content. */
  addSheet(name: string, rows: readonly SheetValue[][] = []): FakeSheet {
    const sheet = new FakeSheet(this, name);
    sheet.seed(rows);
    this.sheets.push(sheet);
    return sheet;
  }

  /** LockService, SpreadsheetApp.flush and Utilities.formatDate as the adapter uses them. */
  services(): SpreadsheetServices {
    const lock: LockPort = {
      waitLock: () => {
        this.calls.push({ kind: 'Lock', method: 'waitLock' });
        if (this.lockBusy) throw new Error('Lock timeout: another process was holding the lock for too long.');
        this.lockHeld = true;
      },
      releaseLock: () => {
        this.calls.push({ kind: 'Lock', method: 'releaseLock' });
        this.lockHeld = false;
      },
    };
    return {
      documentLock: () => lock,
      flush: () => this.calls.push({ kind: 'App', method: 'flush' }),
      formatDate: (date, zone, pattern) => formatDate(date, zone, pattern),
      newRichText: (text, url) => new FakeRichText(text, url),
    };
  }

  /** Calls recorded so far, optionally only those of one method. */
  count(method?: string): number {
    return method ? this.calls.filter((c) => c.method === method).length : this.calls.length;
  }
}

function parseTyped(input: SheetValue, format: string | undefined, zone: string): { value: SheetValue; formula?: string } {
  if (typeof input !== 'string') return { value: input };
  if (input.startsWith("'")) return { value: input.slice(1) };
  if (format === '@') return { value: input };
  if (input === '') return { value: null };
  if (/^[=+@]/.test(input)) return { value: null, formula: input };
  // Leading tab or CR: Sheets drops the whitespace when it parses typed input.
  if (/^[\t\r]/.test(input)) return parseTyped(input.replace(/^[\t\r]+/, ''), format, zone);
  if (/^-?\d+(\.\d+)?$/.test(input)) return { value: Number(input) };
  if (input.startsWith('-')) return { value: null, formula: input };
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (date) return { value: zonedMidnight(+date[1]!, +date[2]!, +date[3]!, zone) };
  // "YYYY-MM-DD HH:MM:SS" is a date and time of day in the spreadsheet's zone.
  const stamp = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(input);
  if (stamp) {
    const midnight = zonedMidnight(+stamp[1]!, +stamp[2]!, +stamp[3]!, zone);
    return { value: new Date(midnight.getTime() + ((+stamp[4]! * 60 + +stamp[5]!) * 60 + +stamp[6]!) * 1000) };
  }
  return { value: input };
}

function offsetMinutes(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The instant of midnight on this calendar day in a time zone: what a date-only cell holds. */
export function zonedMidnight(year: number, month: number, day: number, zone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  let at = guess - offsetMinutes(guess, zone) * 60_000;
  at = guess - offsetMinutes(at, zone) * 60_000;
  return new Date(at);
}

/** Utilities.formatDate for the one pattern the adapter uses. */
export function formatDate(date: Date, zone: string, pattern: string): string {
  if (pattern !== "yyyy-MM-dd'T'HH:mm:ss.SSSXXX") throw new Error(`fake formatDate does not know pattern ${pattern}`);
  const offset = offsetMinutes(date.getTime(), zone);
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
