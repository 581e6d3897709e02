import type { CellValue, TabLayout } from '../workbook';
import type { Dashboard, DashboardTable } from './model';

/** The derived tab the dashboard's tables are written to (and, in the add-on, its native charts drawn on). */
export const DASHBOARD_TAB = 'Dashboard';

/** The tab is at least this wide, so a dashboard a little wider than the last one rarely adds columns. */
const MIN_COLUMNS = 16;

/** Where one table sits on the Dashboard tab, in sheet coordinates (1-based; row 1 is the tab's header). */
export interface TablePlacement {
  id: string;
  /** The row of the table's title; its note is on the next row. */
  titleRow: number;
  /** The row of the table's own header (column names). */
  headerRow: number;
  /** Data rows headerRow + 1 … headerRow + rows; 0 rows when the table is empty. */
  rows: number;
  /** The sheet column of the table's first column (column A holds the table id). */
  firstColumn: number;
  /** How many columns the table has. */
  columns: number;
}

/** The Dashboard tab as cells: its header, the rows below it, and where each table landed. */
export interface DashboardSheet {
  layout: TabLayout;
  rows: CellValue[][];
  placements: TablePlacement[];
}

/**
 * Lays the tables out one under another: a title row, a note row, the table's header, its rows, a blank row.
 * Column A repeats the table id on every row of a table, so the tab can be filtered by table and read back by
 * a program (an .xlsx cannot hold the charts, so the tables are what it carries).
 */
export function dashboardSheet(dashboard: Dashboard): DashboardSheet {
  const widest = Math.max(0, ...dashboard.tables.map((t) => t.header.length));
  const width = Math.max(MIN_COLUMNS, widest);
  const header = ['Table', ...Array.from({ length: width }, (_, k) => `Column ${k + 1}`)];
  const rows: CellValue[][] = [];
  const placements: TablePlacement[] = [];
  const line = (id: string, cells: readonly CellValue[]): void => {
    rows.push([id, ...cells]);
  };
  line('', [dashboard.heading]);
  rows.push([]);
  for (const table of dashboard.tables) {
    // Sheet row of the next line: row 1 is the header, data starts on row 2.
    const titleRow = rows.length + 2;
    line(table.id, [table.title]);
    line(table.id, [table.note]);
    line(table.id, table.header);
    for (const r of table.rows) line(table.id, r.map(cellOf));
    placements.push({ id: table.id, titleRow, headerRow: titleRow + 2, rows: table.rows.length, firstColumn: 2, columns: table.header.length });
    rows.push([]);
  }
  // Column 1 holds the labels (months like 2025-01, cohorts, tiers): as plain text, Sheets keeps them as typed
  // instead of turning a month into a date.
  return { layout: { header, textColumns: ['Table', 'Column 1'] }, rows, placements };
}

/** A value as a cell: numbers that are not finite become blank, so the tab never shows NaN. */
function cellOf(value: CellValue): CellValue {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** A table read back from the Dashboard tab's cells (what an .xlsx holds): title, note, header and rows. */
export interface TableOnSheet {
  title: string;
  note: string;
  header: string[];
  rows: CellValue[][];
}

/** Reads the tables back from the tab's rows (below its header), keyed by table id, for checks and tools. */
export function readDashboardSheet(rows: readonly (readonly CellValue[])[]): Map<string, TableOnSheet> {
  const out = new Map<string, TableOnSheet>();
  const lines = new Map<string, (readonly CellValue[])[]>();
  for (const r of rows) {
    const id = typeof r[0] === 'string' ? r[0].trim() : '';
    if (id === '') continue;
    let list = lines.get(id);
    if (!list) lines.set(id, (list = []));
    list.push(r);
  }
  for (const [id, list] of lines) {
    const text = (r: readonly CellValue[] | undefined): string => (r && typeof r[1] === 'string' ? r[1] : '');
    const header = (list[2] ?? []).slice(1).map((c) => (c === null ? '' : String(c)));
    while (header.length > 0 && header[header.length - 1] === '') header.pop();
    const width = header.length;
    const body = list.slice(3).map((r) => {
      const cells = r.slice(1, 1 + width);
      while (cells.length < width) cells.push(null);
      return cells;
    });
    out.set(id, { title: text(list[0]), note: text(list[1]), header, rows: body });
  }
  return out;
}

/** The table with this id; throws when a caller asks for one the dashboard does not have (a programming error). */
export function tableById(dashboard: Dashboard, id: string): DashboardTable {
  const table = dashboard.tables.find((t) => t.id === id);
  if (!table) throw new Error(`The dashboard has no table ${id}`);
  return table;
}
