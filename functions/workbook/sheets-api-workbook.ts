import type { CellUpdate, CellValue, Grid, TabLayout, TypedCell, TypedCellUpdate, Workbook } from '../../shared/workbook';
import { addMissingColumns, columnLetters, fitRow, flattenTyped, scanGrid, textRuns } from '../../shared/workbook';

/** A value as the Sheets API carries it. */
export type ApiValue = string | number | boolean;

/** One request of spreadsheets.batchUpdate, as far as this adapter builds them. */
export type StructureRequest =
  | { addSheet: { properties: { sheetId: number; title: string; gridProperties: { rowCount: number; columnCount: number; frozenRowCount: number } } } }
  | { appendDimension: { sheetId: number; dimension: 'ROWS' | 'COLUMNS'; length: number } }
  | {
      repeatCell: {
        range: { sheetId: number; startColumnIndex: number; endColumnIndex: number };
        cell: { userEnteredFormat: { numberFormat: { type: 'TEXT' } } };
        fields: 'userEnteredFormat.numberFormat';
      };
    }
  | { updateCells: { start: { sheetId: number; rowIndex: number; columnIndex: number }; rows: { values: CellData[] }[]; fields: string } };

/** A cell value as the API carries it in grid data (sheets_v4.Schema$ExtendedValue). */
export interface ExtendedValue {
  numberValue?: number | null;
  stringValue?: string | null;
  boolValue?: boolean | null;
  formulaValue?: string | null;
  errorValue?: { type?: string | null; message?: string | null };
}

/** The parts of a cell (sheets_v4.Schema$CellData) the adapter reads and writes for typed cells. */
export interface CellData {
  userEnteredValue?: ExtendedValue;
  effectiveValue?: ExtendedValue;
  formattedValue?: string | null;
  hyperlink?: string | null;
  userEnteredFormat?: { numberFormat?: { type?: string | null; pattern?: string | null } };
  effectiveFormat?: { numberFormat?: { type?: string | null; pattern?: string | null } };
  textFormatRuns?: { startIndex?: number | null; format?: { link?: { uri?: string | null } } }[];
}

/** The spreadsheet metadata the adapter asks for. */
export interface SpreadsheetMeta {
  properties?: { timeZone?: string | null } | null;
  sheets?:
    | {
        properties?: { sheetId?: number | null; title?: string | null; gridProperties?: { rowCount?: number | null; columnCount?: number | null } | null } | null;
        /** With includeGridData: the cells of each requested range. */
        data?: { startRow?: number | null; rowData?: { values?: CellData[] | null }[] | null }[] | null;
      }[]
    | null;
}

/**
 * The four Sheets API v4 methods the adapter calls: a structural subset of googleapis' sheets_v4.Sheets,
 * so tests can pass a fake and production passes `sheets({ version: 'v4', auth })`.
 */
export interface SheetsClient {
  spreadsheets: {
    get(params: { spreadsheetId: string; fields: string; ranges?: string[]; includeGridData?: boolean }): Promise<{ data: SpreadsheetMeta }>;
    batchUpdate(params: { spreadsheetId: string; requestBody: { requests: StructureRequest[] } }): Promise<unknown>;
    values: {
      batchGet(params: {
        spreadsheetId: string;
        ranges: string[];
        majorDimension: 'ROWS';
        valueRenderOption: 'UNFORMATTED_VALUE';
        dateTimeRenderOption: 'SERIAL_NUMBER';
      }): Promise<{ data: { valueRanges?: { range?: string | null; values?: unknown[][] | null }[] | null } }>;
      batchUpdate(params: { spreadsheetId: string; requestBody: { valueInputOption: 'RAW'; data: { range: string; values: ApiValue[][] }[] } }): Promise<unknown>;
    };
  };
}

/** Options for opening a spreadsheet. */
export interface OpenSheetsOptions {
  /** Tabs to read (default: all). A tab left out cannot be read or written in this session. */
  tabs?: readonly string[];
  /**
   * Tabs also read with each cell's type (formulas, hyperlinks, date formats), for readTyped: one more call at
   * open (spreadsheets.get with grid data) whatever their size. Default none.
   */
  typedTabs?: readonly string[];
}

/** What one flush sent. */
export interface FlushResult {
  structureRequests: number;
  ranges: number;
  /** Typed cells written (one updateCells request each, all in one batchUpdate). */
  typedCells: number;
}

interface Tab {
  sheetId: number;
  rowCount: number;
  columnCount: number;
  grid?: Grid;
  /** Columns holding anything, which can exceed the header when a user typed beyond it. */
  width: number;
  /** With typedTabs: every cell's type by "row:col" (sheet coordinates), and whether it has a date format. */
  typed?: Map<string, { cell: TypedCell; dateFormat: boolean }>;
}

const NEW_TAB_ROWS = 1000;
const NEW_TAB_COLS = 26;

/**
 * The Workbook port over the Sheets API v4. open() costs two calls (metadata, then one values.batchGet of
 * every needed tab), and one more when typedTabs are asked for; writes are buffered and flush() sends at most
 * three: one spreadsheets.batchUpdate for new tabs, grid growth and text formats, one values.batchUpdate with
 * valueInputOption RAW, so no string is ever parsed as a formula or number, and one spreadsheets.batchUpdate of
 * updateCells for typed cells (writeTyped). Date cells typed by people arrive as serial numbers (the codec reads
 * those in date columns).
 *
 * Typed cells (readTyped/writeTyped) use grid data: a formula is userEnteredValue.formulaValue; a date is a
 * number whose number format is DATE or DATE_TIME, carried as the ISO date (or wall-clock date-time, the
 * spreadsheet's zone) of its serial number; a link is the cell's hyperlink over its text (textFormatRuns with a
 * link, as the Sheets UI makes them). Written back, a date keeps the cell's own date format when it has one and
 * otherwise gets yyyy-mm-dd (hh:mm:ss); a link is its text with one link run; nothing is ever parsed.
 */
export class SheetsApiWorkbook implements Workbook {
  private readonly structure: StructureRequest[] = [];
  private readonly data: { range: string; values: ApiValue[][] }[] = [];
  private readonly typedRequests: StructureRequest[] = [];
  private nextSheetId: number;

  private constructor(
    private readonly client: SheetsClient,
    readonly spreadsheetId: string,
    private readonly tabs: Map<string, Tab>,
    /** The spreadsheet's time zone, for callers that need "today" there. */
    readonly timeZone: string,
  ) {
    this.nextSheetId = Math.max(0, ...[...tabs.values()].map((t) => t.sheetId)) + 1;
  }

  /** Reads the spreadsheet's tabs in two calls and returns a session over them. */
  static async open(client: SheetsClient, spreadsheetId: string, options: OpenSheetsOptions = {}): Promise<SheetsApiWorkbook> {
    const meta = await client.spreadsheets.get({
      spreadsheetId,
      fields: 'properties.timeZone,sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))',
    });
    const tabs = new Map<string, Tab>();
    for (const sheet of meta.data.sheets ?? []) {
      const p = sheet.properties;
      if (!p?.title || p.sheetId === undefined || p.sheetId === null) continue;
      tabs.set(p.title, { sheetId: p.sheetId, rowCount: p.gridProperties?.rowCount ?? NEW_TAB_ROWS, columnCount: p.gridProperties?.columnCount ?? NEW_TAB_COLS, width: 0 });
    }
    const wanted = (options.tabs ?? [...tabs.keys()]).filter((t) => tabs.has(t));
    const typed = (options.typedTabs ?? []).filter((t) => wanted.includes(t));
    if (typed.length > 0) {
      const grid = await client.spreadsheets.get({
        spreadsheetId,
        ranges: typed.map(quoteTab),
        includeGridData: true,
        fields:
          'sheets(properties.title,data(startRow,rowData.values(userEnteredValue,effectiveValue,formattedValue,hyperlink,userEnteredFormat.numberFormat,effectiveFormat.numberFormat,textFormatRuns)))',
      });
      for (const sheet of grid.data.sheets ?? []) {
        const tab = tabs.get(sheet.properties?.title ?? '');
        if (tab) tab.typed = typedCells(sheet.data ?? []);
      }
    }
    if (wanted.length > 0) {
      const got = await client.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges: wanted.map(quoteTab),
        majorDimension: 'ROWS',
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      });
      const ranges = got.data.valueRanges ?? [];
      wanted.forEach((name, i) => {
        const tab = tabs.get(name)!;
        const { grid, width } = toGrid(ranges[i]?.values ?? []);
        tab.grid = grid;
        tab.width = width;
      });
    }
    return new SheetsApiWorkbook(client, spreadsheetId, tabs, meta.data.properties?.timeZone ?? 'UTC');
  }

  tabNames(): string[] {
    return [...this.tabs.keys()];
  }

  read(tab: string): Grid | undefined {
    const entry = this.tabs.get(tab);
    if (!entry) return undefined;
    return this.loaded(tab, entry);
  }

  ensureTab(tab: string, layout: TabLayout): void {
    const entry = this.tabs.get(tab);
    if (!entry) {
      const sheetId = this.nextSheetId++;
      const columnCount = Math.max(NEW_TAB_COLS, layout.header.length);
      this.structure.push({ addSheet: { properties: { sheetId, title: tab, gridProperties: { rowCount: NEW_TAB_ROWS, columnCount, frozenRowCount: 1 } } } });
      this.tabs.set(tab, { sheetId, rowCount: NEW_TAB_ROWS, columnCount, grid: { header: [...layout.header], rows: [] }, width: layout.header.length });
      if (layout.header.length > 0) this.data.push({ range: a1(tab, 1, 1, 1, layout.header.length), values: [[...layout.header]] });
      const text = new Set(layout.textColumns);
      this.formatText(sheetId, 1, layout.header.map((h) => text.has(h)));
      return;
    }
    const grid = this.loaded(tab, entry);
    const added = addMissingColumns(grid, entry.width, layout);
    if (!added) return;
    const { start, names } = added;
    this.grow(entry, 1, start + names.length - 1);
    this.data.push({ range: a1(tab, 1, start, 1, names.length), values: [names] });
    this.formatText(entry.sheetId, start, added.text);
    entry.width = grid.header.length;
  }

  write(tab: string, updates: readonly CellUpdate[]): void {
    if (updates.length === 0) return;
    const entry = this.mustHave(tab);
    const grid = this.loaded(tab, entry);
    // One values.batchUpdate carries any number of ranges, so the ranges cover exactly the updated cells: a
    // cell between them is never rewritten (RAW would turn a formula into its value and drop a link).
    for (const block of exactRectangles(updates)) {
      const width = block.values[0]?.length ?? 1;
      this.grow(entry, block.row + block.values.length - 1, block.col + width - 1);
      this.data.push({ range: a1(tab, block.row, block.col, block.values.length, width), values: block.values.map((line) => line.map(toApi)) });
    }
    for (const u of updates) {
      while (grid.rows.length < u.row - 1) grid.rows.push(grid.header.map(() => null));
      grid.rows[u.row - 2]![u.col - 1] = u.value;
    }
  }

  append(tab: string, rows: readonly CellValue[][]): void {
    if (rows.length === 0) return;
    const entry = this.mustHave(tab);
    const grid = this.loaded(tab, entry);
    const width = Math.max(1, grid.header.length, ...rows.map((r) => r.length));
    const start = grid.rows.length + 2;
    this.grow(entry, start + rows.length - 1, width);
    this.data.push({ range: a1(tab, start, 1, rows.length, width), values: rows.map((r) => fitRow(r, width).map(toApi)) });
    for (const row of rows) grid.rows.push(fitRow(row, grid.header.length));
  }

  replaceRows(tab: string, rows: readonly CellValue[][]): void {
    const entry = this.mustHave(tab);
    const grid = this.loaded(tab, entry);
    const width = Math.max(1, grid.header.length);
    const fitted = rows.map((r) => fitRow(r, width).slice(0, width));
    // Rows that no longer exist are blanked with '' (the API skips nulls) in the same write.
    const total = Math.max(fitted.length, grid.rows.length);
    if (total > 0) {
      this.grow(entry, total + 1, width);
      const values = Array.from({ length: total }, (_, i) => fitted[i]?.map(toApi) ?? Array<ApiValue>(width).fill(''));
      this.data.push({ range: a1(tab, 2, 1, total, width), values });
    }
    grid.rows = fitted.map((r) => [...r]);
  }

  /** These data rows with each cell's type, from the grid data read at open (the tab must be in typedTabs). */
  readTyped(tab: string, rows: readonly number[]): TypedCell[][] {
    const entry = this.mustHave(tab);
    const grid = this.loaded(tab, entry);
    const typed = entry.typed;
    if (!typed) throw new Error(`Tab ${tab} was not read with its cell types; list it in open(…, { typedTabs })`);
    return rows.map((r) => grid.header.map((_, c): TypedCell => typed.get(`${r}:${c + 1}`)?.cell ?? grid.rows[r - 2]?.[c] ?? null));
  }

  /** Buffers typed cells: one updateCells request each, sent in one batchUpdate by flush(). */
  writeTyped(tab: string, updates: readonly TypedCellUpdate[]): void {
    if (updates.length === 0) return;
    const entry = this.mustHave(tab);
    const grid = this.loaded(tab, entry);
    this.grow(entry, Math.max(...updates.map((u) => u.row)), Math.max(...updates.map((u) => u.col)));
    for (const u of updates) {
      const key = `${u.row}:${u.col}`;
      const dateFormat = entry.typed?.get(key)?.dateFormat ?? false;
      const { cell, fields } = toCellData(u.value, dateFormat);
      this.typedRequests.push({ updateCells: { start: { sheetId: entry.sheetId, rowIndex: u.row - 1, columnIndex: u.col - 1 }, rows: [{ values: [cell] }], fields } });
      while (grid.rows.length < u.row - 1) grid.rows.push(grid.header.map(() => null));
      grid.rows[u.row - 2]![u.col - 1] = flattenTyped(u.value);
      entry.typed?.set(key, { cell: u.value, dateFormat: dateFormat || isDate(u.value) });
    }
  }

  /**
   * Runs fn. The Sheets API has no document lock: functions rely on one sender per document (Settings
   * `delivery`) and leased Outbox rows instead; call flush() after fn to send the writes.
   */
  withLock<T>(fn: () => T): T {
    return fn();
  }

  /**
   * Sends buffered writes: at most one spreadsheets.batchUpdate (structure), one values.batchUpdate and one
   * spreadsheets.batchUpdate of typed cells, in that order.
   */
  async flush(): Promise<FlushResult> {
    const requests = this.structure.splice(0);
    const data = this.data.splice(0);
    const typed = this.typedRequests.splice(0);
    if (requests.length > 0) await this.client.spreadsheets.batchUpdate({ spreadsheetId: this.spreadsheetId, requestBody: { requests } });
    if (data.length > 0) await this.client.spreadsheets.values.batchUpdate({ spreadsheetId: this.spreadsheetId, requestBody: { valueInputOption: 'RAW', data } });
    if (typed.length > 0) await this.client.spreadsheets.batchUpdate({ spreadsheetId: this.spreadsheetId, requestBody: { requests: typed } });
    return { structureRequests: requests.length, ranges: data.length, typedCells: typed.length };
  }

  /** True while writes are buffered and not yet flushed. */
  get pending(): boolean {
    return this.structure.length > 0 || this.data.length > 0 || this.typedRequests.length > 0;
  }

  private mustHave(tab: string): Tab {
    const entry = this.tabs.get(tab);
    if (!entry) throw new Error(`No tab named ${tab}`);
    return entry;
  }

  private loaded(tab: string, entry: Tab): Grid {
    if (!entry.grid) throw new Error(`Tab ${tab} was not read when the spreadsheet was opened; list it in open(…, { tabs })`);
    return entry.grid;
  }

  /** One repeatCell (whole columns, plain text) per contiguous run of text columns. */
  private formatText(sheetId: number, firstCol: number, isText: readonly boolean[]): void {
    for (const run of textRuns(isText)) {
      this.structure.push({
        repeatCell: {
          range: { sheetId, startColumnIndex: firstCol - 1 + run.start, endColumnIndex: firstCol - 1 + run.start + run.count },
          cell: { userEnteredFormat: { numberFormat: { type: 'TEXT' } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      });
    }
  }

  /** The API refuses ranges past the grid, so the grid grows first (in the structure batch). */
  private grow(entry: Tab, rows: number, cols: number): void {
    if (rows > entry.rowCount) {
      this.structure.push({ appendDimension: { sheetId: entry.sheetId, dimension: 'ROWS', length: rows - entry.rowCount } });
      entry.rowCount = rows;
    }
    if (cols > entry.columnCount) {
      this.structure.push({ appendDimension: { sheetId: entry.sheetId, dimension: 'COLUMNS', length: cols - entry.columnCount } });
      entry.columnCount = cols;
    }
  }
}

/** Opens a spreadsheet through the Sheets API as a Workbook session (see SheetsApiWorkbook). */
export function openSheetsApiWorkbook(client: SheetsClient, spreadsheetId: string, options?: OpenSheetsOptions): Promise<SheetsApiWorkbook> {
  return SheetsApiWorkbook.open(client, spreadsheetId, options);
}

/** A Sheets API client from the sheets sub-module of googleapis (loads in a fraction of the full package's time). */
export async function createSheetsClient(auth: unknown): Promise<SheetsClient> {
  const { sheets } = await import('googleapis/build/src/apis/sheets');
  const client: SheetsClient = sheets({ version: 'v4', auth: auth as never });
  return client;
}

/** The API leaves out trailing empty cells and rows; scanGrid pads every row back to the header's width. */
function toGrid(values: readonly unknown[][]): { grid: Grid; width: number } {
  return scanGrid(values, (h) => (typeof h === 'string' ? h : h == null ? '' : JSON.stringify(h)), fromApi);
}

function fromApi(value: unknown): CellValue {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Days from the Sheets epoch (1899-12-30) to 1970-01-01. */
const EPOCH_OFFSET_DAYS = 25_569;
const DAY_MS = 86_400_000;
const DATE_TYPES = new Set(['DATE', 'DATE_TIME']);

/** A serial number as ISO: the day alone for a DATE format, the wall-clock date-time (no zone) for DATE_TIME. */
export function serialToIso(serial: number, type: string): string {
  const ms = Math.round((serial - EPOCH_OFFSET_DAYS) * DAY_MS);
  const iso = new Date(ms).toISOString();
  if (type === 'DATE' || iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

/** An ISO date or wall-clock date-time (any zone suffix ignored) as a serial number. */
export function isoToSerial(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?/.exec(iso);
  if (!m) throw new Error(`Not an ISO date: ${iso}`);
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), Math.round(Number(m[7] ?? 0) * 1000));
  return ms / DAY_MS + EPOCH_OFFSET_DAYS;
}

function plainOfExtended(value: ExtendedValue | null | undefined): CellValue {
  if (!value) return null;
  if (typeof value.numberValue === 'number') return value.numberValue;
  if (typeof value.stringValue === 'string') return value.stringValue === '' ? null : value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  return null;
}

/** Grid data as typed cells by "row:col" (only cells that hold something). */
function typedCells(data: NonNullable<NonNullable<SpreadsheetMeta['sheets']>[number]['data']>): Map<string, { cell: TypedCell; dateFormat: boolean }> {
  const out = new Map<string, { cell: TypedCell; dateFormat: boolean }>();
  for (const block of data) {
    const start = block.startRow ?? 0;
    (block.rowData ?? []).forEach((line, r) =>
      (line.values ?? []).forEach((cell, c) => {
        const formatType = cell.userEnteredFormat?.numberFormat?.type ?? cell.effectiveFormat?.numberFormat?.type ?? '';
        const dateFormat = DATE_TYPES.has(formatType);
        const typed = typedOf(cell, formatType);
        if (typed !== null || dateFormat) out.set(`${start + r + 1}:${c + 1}`, { cell: typed, dateFormat });
      }),
    );
  }
  return out;
}

function typedOf(cell: CellData, formatType: string): TypedCell {
  const entered = cell.userEnteredValue;
  if (typeof entered?.formulaValue === 'string') return { kind: 'formula', formula: entered.formulaValue, value: plainOfExtended(cell.effectiveValue) };
  if (typeof entered?.numberValue === 'number' && DATE_TYPES.has(formatType)) return { kind: 'date', iso: serialToIso(entered.numberValue, formatType) };
  const link = cell.hyperlink ?? cell.textFormatRuns?.find((run) => run.format?.link?.uri)?.format?.link?.uri ?? null;
  if (link) return { kind: 'link', url: link, text: cell.formattedValue ?? entered?.stringValue ?? '' };
  return plainOfExtended(entered);
}

function isDate(cell: TypedCell): boolean {
  return cell !== null && typeof cell === 'object' && cell.kind === 'date';
}

/**
 * A typed cell as an updateCells CellData and its field mask. Values go in as userEnteredValue (never parsed);
 * textFormatRuns is always in the mask so a link written over is removed; a date sets a date format only where
 * the cell has none, so a person's own date pattern stays.
 */
function toCellData(value: TypedCell, hasDateFormat: boolean): { cell: CellData; fields: string } {
  const fields = 'userEnteredValue,textFormatRuns';
  if (value === null) return { cell: {}, fields };
  if (typeof value === 'string') return { cell: { userEnteredValue: { stringValue: value } }, fields };
  if (typeof value === 'number') return { cell: { userEnteredValue: { numberValue: value } }, fields };
  if (typeof value === 'boolean') return { cell: { userEnteredValue: { boolValue: value } }, fields };
  if (value.kind === 'formula') return { cell: { userEnteredValue: { formulaValue: value.formula } }, fields };
  if (value.kind === 'link') return { cell: { userEnteredValue: { stringValue: value.text }, textFormatRuns: [{ startIndex: 0, format: { link: { uri: value.url } } }] }, fields };
  const serial = isoToSerial(value.iso);
  if (hasDateFormat) return { cell: { userEnteredValue: { numberValue: serial } }, fields };
  const withTime = value.iso.length > 10;
  const numberFormat = withTime ? { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm:ss' } : { type: 'DATE', pattern: 'yyyy-mm-dd' };
  return { cell: { userEnteredValue: { numberValue: serial }, userEnteredFormat: { numberFormat } }, fields: `${fields},userEnteredFormat.numberFormat` };
}

/** RAW input is stored as given; an empty string clears a cell (a null would be skipped). */
function toApi(value: CellValue): ApiValue {
  return value === null ? '' : value;
}

/**
 * Updates as rectangles that hold updated cells only: runs of adjacent columns on each row, and the same run on
 * consecutive rows merged into one rectangle (a scored column block stays one range). The last value of a cell wins.
 */
function exactRectangles(updates: readonly CellUpdate[]): { row: number; col: number; values: CellValue[][] }[] {
  const byRow = new Map<number, Map<number, CellValue>>();
  for (const u of updates) {
    const line = byRow.get(u.row) ?? new Map<number, CellValue>();
    line.set(u.col, u.value);
    byRow.set(u.row, line);
  }
  const out: { row: number; col: number; values: CellValue[][] }[] = [];
  // Rectangles still open for growth downwards, by "firstCol:lastCol", with the row they reached.
  const open = new Map<string, { rect: { row: number; col: number; values: CellValue[][] }; last: number }>();
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const line = byRow.get(row)!;
    const cols = [...line.keys()].sort((a, b) => a - b);
    let start = 0;
    for (let i = 1; i <= cols.length; i++) {
      if (i < cols.length && cols[i] === cols[i - 1]! + 1) continue;
      const first = cols[start]!;
      const lastCol = cols[i - 1]!;
      const values = cols.slice(start, i).map((c) => line.get(c) ?? null);
      const key = `${first}:${lastCol}`;
      const growing = open.get(key);
      if (growing && growing.last === row - 1) {
        growing.rect.values.push(values);
        growing.last = row;
      } else {
        const rect = { row, col: first, values: [values] };
        out.push(rect);
        open.set(key, { rect, last: row });
      }
      start = i;
    }
  }
  return out;
}

/** A tab name as an A1 range prefix: always quoted, quotes doubled. */
export function quoteTab(tab: string): string {
  return `'${tab.replace(/'/g, "''")}'`;
}


function a1(tab: string, row: number, col: number, height: number, width: number): string {
  return `${quoteTab(tab)}!${columnLetters(col)}${row}:${columnLetters(col + width - 1)}${row + height - 1}`;
}
