import { addMissingColumns, fitRow, flattenTyped, guardFormula, planBlocks, scanGrid, textRuns } from '../../shared/workbook';
import type { CellUpdate, CellValue, Grid, TabLayout, TypedCell, TypedCellUpdate, Workbook } from '../../shared/workbook';

/** What a cell can hold when read from or written to SpreadsheetApp. */
export type SheetValue = string | number | boolean | Date | null;

/** The RichTextValue calls the adapter makes: a cell's text and the link over all of it. */
export interface RichTextPort {
  getText(): string;
  getLinkUrl(): string | null;
}

/** The few Range calls the adapter makes (a structural subset of GoogleAppsScript.Spreadsheet.Range). */
export interface RangePort {
  getValues(): unknown[][];
  setValues(values: SheetValue[][]): unknown;
  setNumberFormat(format: string): unknown;
  clearContent(): unknown;
  /** Formulas as typed ('' where a cell holds none). */
  getFormulas(): string[][];
  /** Each text cell's rich text (null for numbers, dates, booleans and formulas' non-text results). */
  getRichTextValues(): (RichTextPort | null)[][];
  setRichTextValues(values: RichTextPort[][]): unknown;
}

/** The few Sheet calls the adapter makes. */
export interface SheetPort {
  getName(): string;
  getDataRange(): RangePort;
  getRange(row: number, column: number, numRows: number, numColumns: number): RangePort;
  getMaxRows(): number;
  getMaxColumns(): number;
  insertRowsAfter(afterPosition: number, howMany: number): unknown;
  insertColumnsAfter(afterPosition: number, howMany: number): unknown;
  setFrozenRows(rows: number): unknown;
}

/** The few Spreadsheet calls the adapter makes. */
export interface SpreadsheetPort {
  getSheets(): SheetPort[];
  insertSheet(sheetName: string): SheetPort;
  getSpreadsheetTimeZone(): string;
}

/** A document lock (LockService.getDocumentLock()). */
export interface LockPort {
  waitLock(timeoutInMillis: number): void;
  releaseLock(): void;
}

/** The Apps Script services the adapter needs besides the spreadsheet, injected so tests can fake them. */
export interface SpreadsheetServices {
  /** LockService.getDocumentLock(); null outside a document (e.g. a standalone trigger). */
  documentLock(): LockPort | null;
  /** SpreadsheetApp.flush(): applies pending writes before the lock is released. */
  flush(): void;
  /** Utilities.formatDate. */
  formatDate(date: Date, timeZone: string, pattern: string): string;
  /**
   * SpreadsheetApp.newRichTextValue().setText(text).setLinkUrl(url).build(): a hyperlink cell. Without it a link
   * is written as =HYPERLINK(url, text), which shows and works the same but reads back as a formula.
   */
  newRichText?(text: string, url: string): RichTextPort;
}

/** Options for the SpreadsheetApp adapter. */
export interface SpreadsheetWorkbookOptions {
  /** How long withLock waits for another run to finish; default 30 s. */
  lockTimeoutMs?: number;
}

/** Raised when the document lock cannot be taken in time; its message is safe to show to a user. */
export class WorkbookBusyError extends Error {
  readonly code = 'workbook_busy';
  constructor(seconds: number) {
    super(`Another Regulars task is updating this spreadsheet; waited ${seconds} s. Please try again in a minute.`);
    this.name = 'WorkbookBusyError';
  }
}

interface Tab {
  sheet: SheetPort;
  /** The grid handed to callers (dates as ISO strings). */
  grid?: Grid;
  /** The same cells as the sheet returned them, so cells rewritten only to fill a block keep their type. */
  raw?: SheetValue[][];
  /** Columns holding anything, which can exceed the header when a user typed beyond it. */
  width?: number;
  /** The sheet's grid size (getMaxRows/getMaxColumns), asked once. */
  size?: { rows: number; cols: number };
}

const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/**
 * The Workbook port over SpreadsheetApp. Each tab is read once per session with one getValues(); every
 * write is a few setValues() blocks (planBlocks), every append one block after the last row, so the
 * number of calls does not grow with the number of rows. User strings that Sheets would parse as a
 * formula or signed number are written with a leading apostrophe.
 */
export class SpreadsheetWorkbook implements Workbook {
  private tabs?: Map<string, Tab>;
  private timeZone?: string;
  private lockDepth = 0;
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly services: SpreadsheetServices,
    options: SpreadsheetWorkbookOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  }

  tabNames(): string[] {
    return [...this.sheets().keys()];
  }

  read(tab: string): Grid | undefined {
    const entry = this.sheets().get(tab);
    return entry ? this.load(entry).grid : undefined;
  }

  ensureTab(tab: string, layout: TabLayout): void {
    const entry = this.sheets().get(tab);
    if (!entry) {
      this.createTab(tab, layout);
      return;
    }
    const loaded = this.load(entry);
    const added = addMissingColumns(loaded.grid, loaded.width, layout);
    if (!added) return;
    const { start, names } = added;
    this.ensureSize(entry, 1, start + names.length - 1);
    entry.sheet.getRange(1, start, 1, names.length).setValues([names.map((h) => guardFormula(h))]);
    this.formatText(entry, start, added.text);
    loaded.raw.forEach((row, i) => {
      while (row.length < start - 1) row.push(null);
      row.push(...(i === 0 ? names : names.map(() => null)));
    });
    entry.width = loaded.grid.header.length;
  }

  write(tab: string, updates: readonly CellUpdate[]): void {
    if (updates.length === 0) return;
    const entry = this.mustHave(tab);
    const { grid, raw } = this.load(entry);
    const updated = new Set(updates.map((u) => `${u.row}:${u.col}`));
    const blocks = planBlocks(updates, (r, c) => grid.rows[r - 2]?.[c - 1] ?? null);
    const bottom = Math.max(...blocks.map((b) => b.row + b.values.length - 1));
    const right = Math.max(...blocks.map((b) => b.col + (b.values[0]?.length ?? 1) - 1));
    this.ensureSize(entry, bottom, right);
    const links: { row: number; col: number; text: string; url: string }[] = [];
    for (const block of blocks) {
      const range = entry.sheet.getRange(block.row, block.col, block.values.length, block.values[0]?.length ?? 1);
      const fills = block.values.some((line, i) => line.some((_, j) => !updated.has(`${block.row + i}:${block.col + j}`)));
      // Cells that only fill the rectangle must come back as they were: their formulas and links are read
      // first (two calls), since getValues gave only a formula's result and a link's text.
      const formulas = fills ? range.getFormulas() : [];
      const rich = fills ? range.getRichTextValues() : [];
      const values = block.values.map((line, i) =>
        line.map((value, j) => {
          const r = block.row + i;
          const c = block.col + j;
          if (updated.has(`${r}:${c}`)) return toSheet(value);
          const formula = formulas[i]?.[j] ?? '';
          if (formula !== '') return formula;
          const url = rich[i]?.[j]?.getLinkUrl() ?? null;
          if (url) {
            const text = rich[i]?.[j]?.getText() ?? '';
            if (this.services.newRichText) links.push({ row: r, col: c, text, url });
            return this.typedToSheet({ kind: 'link', url, text });
          }
          // Anything else is written back exactly as read (a Date stays a Date).
          return rewrite(raw[r - 1]?.[c - 1] ?? null);
        }),
      );
      range.setValues(values);
    }
    this.writeLinks(entry, links);
    for (const u of updates) {
      while (grid.rows.length < u.row - 1) {
        grid.rows.push(grid.header.map(() => null));
        raw.push(grid.header.map(() => null));
      }
      grid.rows[u.row - 2]![u.col - 1] = u.value;
      raw[u.row - 1]![u.col - 1] = u.value;
    }
  }

  append(tab: string, rows: readonly CellValue[][]): void {
    if (rows.length === 0) return;
    const entry = this.mustHave(tab);
    const { grid, raw } = this.load(entry);
    const width = Math.max(grid.header.length, ...rows.map((r) => r.length));
    const fitted = rows.map((r) => fitRow(r, width));
    const start = grid.rows.length + 2;
    this.ensureSize(entry, start + fitted.length - 1, width);
    entry.sheet.getRange(start, 1, fitted.length, width).setValues(fitted.map((r) => r.map(toSheet)));
    for (const row of fitted) {
      grid.rows.push(fitRow(row, grid.header.length));
      raw.push([...row]);
    }
  }

  replaceRows(tab: string, rows: readonly CellValue[][]): void {
    const entry = this.mustHave(tab);
    const { grid } = this.load(entry);
    const width = Math.max(1, grid.header.length);
    const fitted = rows.map((r) => fitRow(r, width).slice(0, width));
    const before = grid.rows.length;
    if (fitted.length > 0) {
      this.ensureSize(entry, fitted.length + 1, width);
      entry.sheet.getRange(2, 1, fitted.length, width).setValues(fitted.map((r) => r.map(toSheet)));
    }
    if (before > fitted.length) entry.sheet.getRange(fitted.length + 2, 1, before - fitted.length, width).clearContent();
    entry.grid = { header: grid.header, rows: fitted.map((r) => [...r]) };
    entry.raw = [grid.header, ...fitted.map((r) => [...r])];
  }

  /**
   * These data rows (sheet row numbers) with each cell's type, in four calls whatever their number: one range
   * from the first to the last row, read as formulas, rich text (for links) and values (Dates for date cells).
   */
  readTyped(tab: string, rows: readonly number[]): TypedCell[][] {
    const entry = this.mustHave(tab);
    const { grid } = this.load(entry);
    if (rows.length === 0) return [];
    const width = Math.max(1, grid.header.length);
    const top = Math.min(...rows);
    const bottom = Math.min(Math.max(...rows), this.size(entry).rows);
    if (bottom < top) return rows.map(() => grid.header.map(() => null));
    const range = entry.sheet.getRange(top, 1, bottom - top + 1, width);
    const formulas = range.getFormulas();
    const rich = range.getRichTextValues();
    const values = range.getValues();
    const zone = this.zone();
    return rows.map((r) => {
      const i = r - top;
      return grid.header.map((_, c) => this.typedFromSheet(values[i]?.[c], formulas[i]?.[c] ?? '', rich[i]?.[c] ?? null, zone));
    });
  }

  /**
   * Writes typed cells: a formula as a formula, a date as a date, a link as a link, anything else as write()
   * does. Each block (planBlocks) is read first as formulas, rich text and values, so the cells that only fill
   * the block are written back as they were — a formula stays a formula, a link a link. Links then go in with
   * one setRichTextValues per run of link cells in a column. The calls depend on the block and link layout,
   * never on the number of rows.
   */
  writeTyped(tab: string, updates: readonly TypedCellUpdate[]): void {
    if (updates.length === 0) return;
    const entry = this.mustHave(tab);
    const { grid, raw } = this.load(entry);
    const byCell = new Map(updates.map((u) => [`${u.row}:${u.col}`, u.value]));
    const blocks = planBlocks(
      updates.map((u) => ({ row: u.row, col: u.col, value: null })),
      () => null,
    );
    const bottom = Math.max(...blocks.map((b) => b.row + b.values.length - 1));
    const right = Math.max(...blocks.map((b) => b.col + (b.values[0]?.length ?? 1) - 1));
    this.ensureSize(entry, bottom, right);
    const links: { row: number; col: number; text: string; url: string }[] = [];
    for (const block of blocks) {
      const height = block.values.length;
      const width = block.values[0]?.length ?? 1;
      const range = entry.sheet.getRange(block.row, block.col, height, width);
      const formulas = range.getFormulas();
      const rich = range.getRichTextValues();
      const values = range.getValues();
      const out: SheetValue[][] = [];
      for (let i = 0; i < height; i++) {
        const line: SheetValue[] = [];
        for (let j = 0; j < width; j++) {
          const row = block.row + i;
          const col = block.col + j;
          const cell = byCell.has(`${row}:${col}`) ? (byCell.get(`${row}:${col}`) ?? null) : this.typedFromSheet(values[i]?.[j], formulas[i]?.[j] ?? '', rich[i]?.[j] ?? null, '');
          if (cell !== null && typeof cell === 'object' && cell.kind === 'link' && this.services.newRichText) links.push({ row, col, text: cell.text, url: cell.url });
          // A filler date is written back as the Date read, so its instant is exact.
          const filler = !byCell.has(`${row}:${col}`) && values[i]?.[j] instanceof Date;
          line.push(filler ? (values[i]![j] as Date) : this.typedToSheet(cell));
        }
        out.push(line);
      }
      range.setValues(out);
    }
    this.writeLinks(entry, links);
    for (const u of updates) {
      while (grid.rows.length < u.row - 1) {
        grid.rows.push(grid.header.map(() => null));
        raw.push(grid.header.map(() => null));
      }
      const plain = flattenTyped(u.value);
      grid.rows[u.row - 2]![u.col - 1] = plain;
      raw[u.row - 1]![u.col - 1] = plain;
    }
  }

  /**
   * Runs fn holding the document lock. Reads cached before the lock was taken are dropped, so what fn
   * reads is what the sheet holds now; pending writes are flushed before the lock is released.
   */
  withLock<T>(fn: () => T): T {
    if (this.lockDepth > 0) return fn();
    const lock = this.services.documentLock();
    if (!lock) throw new Error('Regulars needs to run inside a spreadsheet to lock it; no document lock is available.');
    try {
      lock.waitLock(this.lockTimeoutMs);
    } catch {
      throw new WorkbookBusyError(Math.round(this.lockTimeoutMs / 1000));
    }
    this.lockDepth++;
    try {
      for (const entry of this.tabs?.values() ?? []) {
        delete entry.grid;
        delete entry.raw;
        delete entry.width;
        delete entry.size;
      }
      return fn();
    } finally {
      this.lockDepth--;
      try {
        this.services.flush();
      } finally {
        lock.releaseLock();
      }
    }
  }

  /** One setRichTextValues per run of link cells on consecutive rows of one column. */
  private writeLinks(entry: Tab, links: readonly { row: number; col: number; text: string; url: string }[]): void {
    const services = this.services;
    if (!services.newRichText || links.length === 0) return;
    const make = (text: string, url: string): RichTextPort => services.newRichText!(text, url);
    const sorted = [...links].sort((a, b) => a.col - b.col || a.row - b.row);
    let run: typeof sorted = [];
    const flush = (): void => {
      const first = run[0];
      if (!first) return;
      entry.sheet.getRange(first.row, first.col, run.length, 1).setRichTextValues(run.map((l) => [make(l.text, l.url)]));
      run = [];
    };
    for (const link of sorted) {
      const last = run[run.length - 1];
      if (last && (last.col !== link.col || last.row + 1 !== link.row)) flush();
      run.push(link);
    }
    flush();
  }

  /** A cell read as formula, rich text and value, as a TypedCell (zone '' when only the kind matters). */
  private typedFromSheet(value: unknown, formula: string, rich: RichTextPort | null, zone: string): TypedCell {
    if (formula !== '') return { kind: 'formula', formula, value: this.fromSheet(value, zone || this.zone()) };
    if (value instanceof Date) return { kind: 'date', iso: this.iso(value, zone || this.zone()) };
    const url = rich?.getLinkUrl() ?? null;
    if (url !== null && url !== '') return { kind: 'link', url, text: rich?.getText() ?? '' };
    return this.fromSheet(value, zone || this.zone());
  }

  /** A typed cell as setValues must receive it: formulas as typed, dates as text Sheets reads as a date. */
  private typedToSheet(cell: TypedCell): SheetValue {
    if (cell === null || typeof cell !== 'object') return toSheet(cell);
    if (cell.kind === 'formula') return cell.formula;
    // Sheets reads "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS" as a date (and time) in the spreadsheet's zone, in every locale.
    if (cell.kind === 'date') return cell.iso.length <= 10 ? cell.iso : cell.iso.slice(0, 19).replace('T', ' ');
    // Without newRichText the link becomes a HYPERLINK formula (a written link is set after this block).
    if (this.services.newRichText) return guardFormula(cell.text);
    return `=HYPERLINK("${cell.url.replace(/"/g, '""')}","${cell.text.replace(/"/g, '""')}")`;
  }

  private sheets(): Map<string, Tab> {
    if (!this.tabs) {
      this.tabs = new Map();
      for (const sheet of this.spreadsheet.getSheets()) this.tabs.set(sheet.getName(), { sheet });
    }
    return this.tabs;
  }

  private mustHave(tab: string): Tab {
    const entry = this.sheets().get(tab);
    if (!entry) throw new Error(`No tab named ${tab}`);
    return entry;
  }

  private load(entry: Tab): Required<Tab> {
    if (!entry.grid || !entry.raw || entry.width === undefined) {
      const values = entry.sheet.getDataRange().getValues() as SheetValue[][];
      const zone = this.zone();
      const { grid, width } = scanGrid(
        values,
        (h) => (h instanceof Date ? this.iso(h, zone) : String(h ?? '')),
        (v) => this.fromSheet(v, zone),
      );
      entry.grid = grid;
      entry.raw = values.map((line) => [...line]);
      entry.width = width;
    }
    return entry as Required<Tab>;
  }

  private createTab(tab: string, layout: TabLayout): void {
    const sheet = this.spreadsheet.insertSheet(tab);
    const width = layout.header.length;
    const entry: Tab = { sheet, grid: { header: [...layout.header], rows: [] }, raw: [[...layout.header]], width };
    this.sheets().set(tab, entry);
    if (width === 0) return;
    this.ensureSize(entry, 1, width);
    sheet.getRange(1, 1, 1, width).setValues([layout.header.map((h) => guardFormula(h))]);
    const text = new Set(layout.textColumns);
    this.formatText(entry, 1, layout.header.map((h) => text.has(h)));
    sheet.setFrozenRows(1);
  }

  /** One setNumberFormat('@') per contiguous run of text columns, over the whole column. */
  private formatText(entry: Tab, firstCol: number, isText: readonly boolean[]): void {
    const rows = this.size(entry).rows;
    for (const run of textRuns(isText)) entry.sheet.getRange(1, firstCol + run.start, rows, run.count).setNumberFormat('@');
  }

  /** Grows the grid when a write reaches past it: SpreadsheetApp refuses ranges outside the sheet. */
  private ensureSize(entry: Tab, rows: number, cols: number): void {
    const size = this.size(entry);
    if (rows > size.rows) {
      entry.sheet.insertRowsAfter(size.rows, rows - size.rows);
      size.rows = rows;
    }
    if (cols > size.cols) {
      entry.sheet.insertColumnsAfter(size.cols, cols - size.cols);
      size.cols = cols;
    }
  }

  private size(entry: Tab): { rows: number; cols: number } {
    entry.size ??= { rows: entry.sheet.getMaxRows(), cols: entry.sheet.getMaxColumns() };
    return entry.size;
  }

  /** The spreadsheet's own time zone, asked once per session: the host zone a blank Settings time_zone means. */
  spreadsheetTimeZone(): string {
    return this.zone();
  }

  private zone(): string {
    this.timeZone ??= this.spreadsheet.getSpreadsheetTimeZone();
    return this.timeZone;
  }

  private fromSheet(value: unknown, zone: string): CellValue {
    if (value === undefined || value === null || value === '') return null;
    if (value instanceof Date) return this.iso(value, zone);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    return JSON.stringify(value);
  }

  private readonly isoCache = new Map<number, string>();

  /** A Date as ISO in the spreadsheet's zone: YYYY-MM-DD when it is midnight there (a date-only cell). */
  private iso(date: Date, zone: string): string {
    const key = date.getTime();
    const cached = this.isoCache.get(key);
    if (cached !== undefined) return cached;
    const full = this.services.formatDate(date, zone, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    const text = full.slice(10, 23) === 'T00:00:00.000' ? full.slice(0, 10) : full.replace('.000', '');
    this.isoCache.set(key, text);
    return text;
  }
}

/** A value the engines produced, as setValues must receive it: strings guarded, null as an empty cell. */
function toSheet(value: CellValue): SheetValue {
  if (value === null) return '';
  return typeof value === 'string' ? guardFormula(value) : value;
}

/** A value read from the sheet written back unchanged; text read from the sheet is text, so guard it too. */
function rewrite(value: unknown): SheetValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return guardFormula(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return JSON.stringify(value);
}
