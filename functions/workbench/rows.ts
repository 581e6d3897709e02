import type { CellValue, Grid } from '../../shared/workbook';

/** One page of a tab as the workbench table shows it: sheet row numbers (header is row 1) and cells. */
export interface RowsPage {
  tab: string;
  header: string[];
  total: number;
  offset: number;
  rows: { row: number; cells: CellValue[] }[];
}

export const MAX_PAGE = 500;

/** The rows of a tab from `offset`, at most `limit`, keeping only rows with a cell containing `filter` (any case). */
export function pageRows(tab: string, grid: Grid, offset: number, limit: number, filter: string): RowsPage {
  const needle = filter.trim().toLowerCase();
  let rows = grid.rows.map((cells, i) => ({ row: i + 2, cells }));
  if (needle !== '') rows = rows.filter((r) => r.cells.some((c) => c !== null && String(c).toLowerCase().includes(needle)));
  const start = Math.max(0, Math.min(offset, rows.length));
  return { tab, header: grid.header, total: rows.length, offset: start, rows: rows.slice(start, start + Math.max(0, Math.min(limit, MAX_PAGE))) };
}
