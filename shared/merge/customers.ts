import { cellText, customersTab, layoutOf, mapHeader, type CellValue, type Grid, type HeaderMap, type Workbook } from '../workbook';
import type { MergeIssue } from './types';

/** The Customers tab as read under the lock, with the columns a merge or purge writes. */
export interface CustomersView {
  grid: Grid;
  map: HeaderMap;
  idCol: number;
  statusCol: number;
  mergedIntoCol: number;
  updatedAtCol: number;
  /** Data row indexes by trimmed id. */
  rowsById: Map<string, number[]>;
}

/** Reads Customers (adding any missing contract columns first, so status and merged_into exist). */
export function readCustomers(wb: Workbook): CustomersView | undefined {
  if (!wb.tabNames().includes(customersTab.name)) return undefined;
  wb.ensureTab(customersTab.name, layoutOf(customersTab));
  const grid = wb.read(customersTab.name);
  if (!grid) return undefined;
  const map = mapHeader(customersTab.columns, grid.header);
  const at = (field: string): number => map.indexOf.get(field) ?? -1;
  const idCol = at('id');
  const rowsById = new Map<string, number[]>();
  grid.rows.forEach((row, i) => {
    const id = cellText(row[idCol]);
    if (id === '') return;
    const list = rowsById.get(id) ?? [];
    list.push(i);
    rowsById.set(id, list);
  });
  return { grid, map, idCol, statusCol: at('status'), mergedIntoCol: at('merged_into'), updatedAtCol: at('updated_at'), rowsById };
}

/** The row index of each id, or issues for ids that are missing, repeated or not active. */
export function findActive(view: CustomersView, ids: readonly string[]): { rows: Map<string, number>; issues: MergeIssue[] } {
  const rows = new Map<string, number>();
  const issues: MergeIssue[] = [];
  for (const id of ids) {
    const found = view.rowsById.get(id) ?? [];
    const index = found[0];
    if (index === undefined) issues.push({ code: 'customer_missing', id });
    else if (found.length > 1) issues.push({ code: 'customer_id_duplicate', id });
    else if (!isActive(view.grid.rows[index]?.[view.statusCol] ?? null)) issues.push({ code: 'customer_not_active', id, row: index + 2 });
    else rows.set(id, index);
  }
  return { rows, issues };
}

/** A blank status counts as active: rows typed in by hand rarely fill it. */
export function isActive(status: CellValue): boolean {
  const s = cellText(status).toLowerCase();
  return s === '' || s === 'active';
}
