import type { ApiValue, CellData, ExtendedValue, SheetsClient, SpreadsheetMeta, StructureRequest } from '../../../functions/workbook/sheets-api-workbook';

/**
 * A fake of the four Sheets API v4 methods the adapter calls. It records every call and behaves like the
 * API where the adapter depends on it: batchGet leaves out trailing empty cells and rows, writes past the
 * grid fail ("exceeds grid limits"), RAW input is stored as given, USER_ENTERED input is parsed like
 * typing (so a formula-looking string would stop being text), and '' clears a cell. With includeGridData,
 * spreadsheets.get returns each cell's userEnteredValue, effectiveValue, number format and link (a formula's
 * effective value is an error here: the fake does not evaluate); updateCells sets exactly the masked fields.
 */

interface FakeTab {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  cells: (ApiValue | null)[][];
  formulas: Map<string, string>;
  /** 0-based column indexes formatted as plain text. */
  textColumns: Set<number>;
  /** Cells ("row:col", 0-based) with a DATE or DATE_TIME number format. */
  dateFormats: Map<string, string>;
  /** Cells ("row:col", 0-based) whose text carries a link. */
  links: Map<string, string>;
}

/** One recorded API call and its parameters. */
export interface ApiCall {
  method: 'spreadsheets.get' | 'spreadsheets.batchUpdate' | 'values.batchGet' | 'values.batchUpdate';
  params: unknown;
}

const FORMULA_RESULT = '#ERROR!';

export class FakeSheetsApi {
  readonly calls: ApiCall[] = [];
  readonly tabs: FakeTab[] = [];

  constructor(readonly timeZone = 'Africa/Johannesburg') {}

  /** Adds a tab holding these rows as existing content (not a recorded call). */
  addTab(title: string, rows: readonly (ApiValue | null)[][] = [], size: { rows?: number; cols?: number } = {}): FakeTab {
    const tab: FakeTab = {
      sheetId: this.tabs.length === 0 ? 0 : 1000 + this.tabs.length,
      title,
      rowCount: Math.max(size.rows ?? 1000, rows.length),
      columnCount: Math.max(size.cols ?? 26, ...rows.map((r) => r.length)),
      frozenRowCount: 0,
      cells: rows.map((r) => [...r]),
      formulas: new Map(),
      textColumns: new Set(),
      dateFormats: new Map(),
      links: new Map(),
    };
    this.tabs.push(tab);
    return tab;
  }

  tab(title: string): FakeTab | undefined {
    return this.tabs.find((t) => t.title === title);
  }

  count(method?: ApiCall['method']): number {
    return method ? this.calls.filter((c) => c.method === method).length : this.calls.length;
  }

  /** The client the adapter is given. */
  client(): SheetsClient {
    return {
      spreadsheets: {
        get: (params) => {
          this.calls.push({ method: 'spreadsheets.get', params });
          if (params.includeGridData) {
            const sheets = (params.ranges ?? []).map((range) => {
              const tab = this.tabOfRange(range);
              return { properties: { title: tab.title }, data: [{ startRow: 0, rowData: tab.cells.map((line, r) => ({ values: line.map((_, c) => this.cellData(tab, r, c)) })) }] };
            });
            return Promise.resolve({ data: { sheets } });
          }
          const data: SpreadsheetMeta = {
            properties: { timeZone: this.timeZone },
            sheets: this.tabs.map((t) => ({ properties: { sheetId: t.sheetId, title: t.title, gridProperties: { rowCount: t.rowCount, columnCount: t.columnCount } } })),
          };
          return Promise.resolve({ data });
        },
        batchUpdate: (params) => {
          this.calls.push({ method: 'spreadsheets.batchUpdate', params: structuredClone(params) });
          for (const request of params.requestBody.requests) this.apply(request);
          return Promise.resolve({ data: {} });
        },
        values: {
          batchGet: (params) => {
            this.calls.push({ method: 'values.batchGet', params });
            const valueRanges = params.ranges.map((range) => {
              return { range, values: this.trimmed(this.tabOfRange(range)) };
            });
            return Promise.resolve({ data: { valueRanges } });
          },
          batchUpdate: (params) => {
            this.calls.push({ method: 'values.batchUpdate', params: structuredClone(params) });
            const input = params.requestBody.valueInputOption as string;
            for (const { range, values } of params.requestBody.data) this.put(range, values, input);
            return Promise.resolve({ data: {} });
          },
        },
      },
    };
  }

  private tabOfRange(range: string): FakeTab {
    const title = /^'((?:[^']|'')*)'$/.exec(range)?.[1]?.replace(/''/g, "'");
    const tab = title === undefined ? undefined : this.tab(title);
    if (!tab) throw new Error(`Unable to parse range: ${range}`);
    return tab;
  }

  /** One cell as grid data. */
  private cellData(tab: FakeTab, r: number, c: number): CellData {
    const key = `${r}:${c}`;
    const value = tab.cells[r]?.[c] ?? null;
    const formula = tab.formulas.get(key);
    const out: CellData = {};
    const extended = (v: ApiValue | null): ExtendedValue | undefined =>
      v === null ? undefined : typeof v === 'number' ? { numberValue: v } : typeof v === 'boolean' ? { boolValue: v } : { stringValue: v };
    if (formula !== undefined) {
      out.userEnteredValue = { formulaValue: formula };
      out.effectiveValue = { errorValue: { type: 'ERROR', message: 'not evaluated by the fake' } };
    } else {
      const v = extended(value);
      if (v) {
        out.userEnteredValue = v;
        out.effectiveValue = v;
        out.formattedValue = String(value);
      }
    }
    const date = tab.dateFormats.get(key);
    if (date) out.userEnteredFormat = { numberFormat: { type: date } };
    const link = tab.links.get(key);
    if (link) {
      out.hyperlink = link;
      out.textFormatRuns = [{ startIndex: 0, format: { link: { uri: link } } }];
    }
    return out;
  }

  /** updateCells: only the fields in the mask change. */
  private updateCells(request: Extract<StructureRequest, { updateCells: unknown }>['updateCells']): void {
    const tab = this.byId(request.start.sheetId);
    const fields = new Set(request.fields.split(','));
    request.rows.forEach((line, i) =>
      line.values.forEach((cell, j) => {
        const row = request.start.rowIndex + i;
        const col = request.start.columnIndex + j;
        if (row >= tab.rowCount || col >= tab.columnCount) throw new Error(`Range exceeds grid limits. Max rows: ${tab.rowCount}, max columns: ${tab.columnCount}`);
        const key = `${row}:${col}`;
        while (tab.cells.length <= row) tab.cells.push([]);
        const cells = tab.cells[row]!;
        while (cells.length <= col) cells.push(null);
        if (fields.has('userEnteredValue')) {
          const v = cell.userEnteredValue;
          tab.formulas.delete(key);
          if (typeof v?.formulaValue === 'string') {
            tab.formulas.set(key, v.formulaValue);
            cells[col] = null;
          } else cells[col] = v?.numberValue ?? v?.stringValue ?? v?.boolValue ?? null;
        }
        if (fields.has('textFormatRuns')) {
          const uri = cell.textFormatRuns?.find((run) => run.format?.link?.uri)?.format?.link?.uri;
          if (uri) tab.links.set(key, uri);
          else tab.links.delete(key);
        }
        if (fields.has('userEnteredFormat.numberFormat')) {
          const type = cell.userEnteredFormat?.numberFormat?.type;
          if (type === 'DATE' || type === 'DATE_TIME') tab.dateFormats.set(key, type);
          else tab.dateFormats.delete(key);
        }
      }),
    );
  }

  private apply(request: StructureRequest): void {
    if ('updateCells' in request) {
      this.updateCells(request.updateCells);
      return;
    }
    if ('addSheet' in request) {
      const p = request.addSheet.properties;
      if (this.tab(p.title)) throw new Error(`A sheet with the name "${p.title}" already exists.`);
      if (this.tabs.some((t) => t.sheetId === p.sheetId)) throw new Error(`Sheet id ${p.sheetId} is already in use.`);
      this.tabs.push({ sheetId: p.sheetId, title: p.title, rowCount: p.gridProperties.rowCount, columnCount: p.gridProperties.columnCount, frozenRowCount: p.gridProperties.frozenRowCount, cells: [], formulas: new Map(), textColumns: new Set(), dateFormats: new Map(), links: new Map() });
    } else if ('appendDimension' in request) {
      const tab = this.byId(request.appendDimension.sheetId);
      if (request.appendDimension.dimension === 'ROWS') tab.rowCount += request.appendDimension.length;
      else tab.columnCount += request.appendDimension.length;
    } else if ('repeatCell' in request) {
      const { sheetId, startColumnIndex, endColumnIndex } = request.repeatCell.range;
      const tab = this.byId(sheetId);
      for (let c = startColumnIndex; c < endColumnIndex; c++) tab.textColumns.add(c);
    } else throw new Error(`fake does not know request ${JSON.stringify(request)}`);
  }

  private byId(sheetId: number): FakeTab {
    const tab = this.tabs.find((t) => t.sheetId === sheetId);
    if (!tab) throw new Error(`No grid with id: ${sheetId}`);
    return tab;
  }

  private put(range: string, values: ApiValue[][], input: string): void {
    const m = /^'((?:[^']|'')*)'!([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!m) throw new Error(`Unable to parse range: ${range}`);
    const tab = this.tab(m[1]!.replace(/''/g, "'"));
    if (!tab) throw new Error(`Unable to parse range: ${range}`);
    const [top, left, bottom, right] = [Number(m[3]), letters(m[2]!), Number(m[5]), letters(m[4]!)];
    if (bottom > tab.rowCount || right > tab.columnCount) throw new Error(`Range (${range}) exceeds grid limits. Max rows: ${tab.rowCount}, max columns: ${tab.columnCount}`);
    if (values.length !== bottom - top + 1 || values.some((line) => line.length !== right - left + 1)) throw new Error(`Requested writing within range [${range}], but tried writing to a different shape.`);
    values.forEach((line, r) =>
      line.forEach((value, c) => {
        const row = top + r - 1;
        const col = left + c - 1;
        while (tab.cells.length <= row) tab.cells.push([]);
        const cells = tab.cells[row]!;
        while (cells.length <= col) cells.push(null);
        tab.formulas.delete(`${row}:${col}`);
        // A new value replaces the old text and its link; the number format stays, as in Sheets.
        tab.links.delete(`${row}:${col}`);
        if (input === 'RAW') cells[col] = value === '' ? null : value;
        else if (input === 'USER_ENTERED') {
          const typed = typeLike(value, tab.textColumns.has(col));
          if (typed.formula !== undefined) tab.formulas.set(`${row}:${col}`, typed.formula);
          cells[col] = typed.value;
        } else throw new Error(`Invalid valueInputOption: ${input}`);
      }),
    );
  }

  /** Values as batchGet returns them: trailing empty cells and rows left out, formulas as their result. */
  private trimmed(tab: FakeTab): ApiValue[][] {
    const rows = tab.cells.map((line, r) => {
      const out = line.map((v, c) => (tab.formulas.has(`${r}:${c}`) ? FORMULA_RESULT : (v ?? '')));
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    });
    while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
    return rows;
  }
}

function letters(text: string): number {
  let n = 0;
  for (const ch of text) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function typeLike(value: ApiValue, asText: boolean): { value: ApiValue | null; formula?: string } {
  if (typeof value !== 'string') return { value };
  if (value.startsWith("'")) return { value: value.slice(1) };
  if (asText) return { value };
  if (value === '') return { value: null };
  if (/^[=+@]/.test(value) || /^-\D/.test(value)) return { value: null, formula: value };
  if (/^-?\d+(\.\d+)?$/.test(value)) return { value: Number(value) };
  return { value };
}
