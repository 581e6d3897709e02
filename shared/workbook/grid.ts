import type { CellValue } from './cell';
import type { Grid, TabLayout } from './port';

// The grid rules every Workbook adapter (SpreadsheetApp, Sheets API, .xlsx, memory) follows, kept in one place
// so a sheet reads and grows the same way whichever adapter holds it.

/** The row padded with empty cells to `width`; a longer row keeps all its cells (nothing typed is cut). */
export function fitRow(row: readonly CellValue[], width: number): CellValue[] {
  const out = row.slice();
  while (out.length < width) out.push(null);
  return out;
}

/** Header cells as the engines see them: trimmed, with the blank cells after the last name cut. */
export function trimHeader(cells: readonly string[]): string[] {
  const header = cells.map((h) => h.trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  return header;
}

const blank = (v: unknown): boolean => v === '' || v === null || v === undefined;

/**
 * A tab from the values a sheet returned (row 1 the header): the header through trimHeader (each cell made
 * text by `headerText`), each data row exactly as long as the header (cells made by `cell`), and `width`, the
 * columns the values span, which passes the header when someone typed to the right of it.
 */
export function scanGrid<V>(values: readonly (readonly V[])[], headerText: (value: V | undefined) => string, cell: (value: V | undefined) => CellValue): { grid: Grid; width: number } {
  const header = trimHeader((values[0] ?? []).map(headerText));
  const rows = values.slice(1).map((line) => {
    const cells: CellValue[] = [];
    for (let c = 0; c < header.length; c++) cells.push(cell(line[c]));
    return cells;
  });
  let width = header.length;
  for (const line of values) {
    let last = line.length;
    while (last > width && blank(line[last - 1])) last--;
    width = Math.max(width, last);
  }
  return { grid: { header, rows }, width };
}

/** The layout's columns the header lacks, in the layout's order; names compare trimmed and case-blind. */
export function missingColumns(header: readonly string[], layout: TabLayout): string[] {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  return layout.header.filter((h) => !have.has(h.trim().toLowerCase()));
}

/** Where missing columns go and what to write there; see addMissingColumns. */
export interface AddedColumns {
  /** The sheet column (1-based) of the first new header cell. */
  start: number;
  /** The new header names, written from `start` on. */
  names: string[];
  /** Whether each new column holds plain text (the layout's textColumns), for the number format. */
  text: boolean[];
}

/**
 * Adds the layout's missing columns to `grid` in place, after every column the tab spans (`width`), so
 * data someone typed to the right of the header is never written over; columns between the header and
 * `start` join the grid with blank names. Undefined when nothing is missing.
 */
export function addMissingColumns(grid: Grid, width: number, layout: TabLayout): AddedColumns | undefined {
  const names = missingColumns(grid.header, layout);
  if (names.length === 0) return undefined;
  const start = Math.max(width, grid.header.length) + 1;
  const added = [...Array<string>(start - 1 - grid.header.length).fill(''), ...names];
  grid.header.push(...added);
  for (const row of grid.rows) {
    while (row.length < grid.header.length) row.push(null);
  }
  const text = new Set(layout.textColumns);
  return { start, names, text: names.map((h) => text.has(h)) };
}

/** Runs of consecutive flagged columns as { start (0-based index), count }: one format call per run. */
export function textRuns(isText: readonly boolean[]): { start: number; count: number }[] {
  const runs: { start: number; count: number }[] = [];
  let runStart = -1;
  for (let i = 0; i <= isText.length; i++) {
    if (i < isText.length && isText[i]) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      runs.push({ start: runStart, count: i - runStart });
      runStart = -1;
    }
  }
  return runs;
}
