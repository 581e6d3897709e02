import {
  appendRecords,
  cellText,
  col,
  customersTab,
  decodeTable,
  mapHeader,
  mergeLogTab,
  openTable,
  writeSettings,
  flattenTyped,
  type CellUpdate,
  type DecodedTable,
  type Grid,
  type TabDef,
  type TypedCell,
  type TypedCellUpdate,
  type Workbook,
} from '../workbook';
import { CELL_LIMIT, columnKeys, rowImage } from './image';
import type { MergeIssue, MergeSummary } from './types';

/**
 * The Merge log as this module writes it: the contract's columns plus `batch_id` (the "merge all" a merge
 * belongs to, DESIGN §2), `after`, the cells the merge wrote (JSON keyed like `before`), which undo compares
 * with the sheet before putting anything back, and `undone_by`.
 */
export const mergeLogDef = {
  ...mergeLogTab,
  columns: { ...mergeLogTab.columns, batch_id: col.text(), after: col.json(), undone_by: col.text() },
} satisfies TabDef;

export type MergeLogTable = DecodedTable<typeof mergeLogDef.columns>;

/** Opens the Merge log, creating it (or its missing columns) when needed. */
export function openLog(wb: Workbook): MergeLogTable {
  return openTable(wb, mergeLogDef);
}

/**
 * One row to change: where it is, its id, its cells as they were (typed where the workbook can say: dates,
 * formulas, links), and the new cells by column index.
 */
export interface RowChange {
  tab: string;
  /** 0-based index of the data row in the grid. */
  index: number;
  rowId: string;
  before: readonly TypedCell[];
  updates: Map<number, TypedCell>;
}

/**
 * These data rows (0-based grid indexes) of a tab with each cell's type, in one call when the workbook has
 * readTyped, else as read() gave them. Call before anything in them is written.
 */
export function typedRows(wb: Workbook, tab: string, grid: Grid, indexes: Iterable<number>): Map<number, TypedCell[]> {
  const wanted = [...new Set(indexes)].sort((a, b) => a - b);
  const out = new Map<number, TypedCell[]>();
  if (wanted.length === 0) return out;
  const typed = wb.readTyped?.(tab, wanted.map((i) => i + 2));
  wanted.forEach((index, k) => {
    const plain = grid.rows[index] ?? [];
    const row = typed?.[k];
    out.set(index, row ? grid.header.map((_, c) => row[c] ?? null) : [...plain]);
  });
  return out;
}

/** Writes typed cells through writeTyped when the workbook has it (it keeps the types of cells around them). */
export function writeCells(wb: Workbook, tab: string, updates: readonly TypedCellUpdate[]): void {
  if (updates.length === 0) return;
  if (wb.writeTyped) wb.writeTyped(tab, updates);
  else wb.write(tab, updates.map((u): CellUpdate => ({ row: u.row, col: u.col, value: flattenTyped(u.value) })));
}

/** What every log row of one operation shares. */
export interface LogHeader {
  mergeId: string;
  /** The "merge all" this merge is part of, if any. */
  batchId?: string;
  survivorId: string;
  score: number | undefined;
  by: string;
  at: string;
}

/**
 * Writes the changes (one write per tab), the id counters they needed, and one Merge log row per changed row
 * (one append). Refuses, writing nothing, when a log cell would outgrow a sheet cell.
 */
export function commitChanges(
  wb: Workbook,
  log: MergeLogTable,
  grids: ReadonlyMap<string, Grid>,
  changes: readonly RowChange[],
  head: LogHeader,
  mergedIdsOf: (change: RowChange) => string,
  counters: Readonly<Record<string, number>> = {},
): MergeIssue[] {
  const keysOf = new Map<string, string[]>();
  for (const [tab, grid] of grids) keysOf.set(tab, columnKeys(grid.header));
  const issues: MergeIssue[] = [];
  const records = changes.map((c) => {
    const keys = keysOf.get(c.tab) ?? [];
    const before = rowImage(keys, c.before);
    const after = rowImage(keys, withUpdates(c.before, c.updates), c.updates.keys());
    const mergedIds = mergedIdsOf(c);
    if (before.length > CELL_LIMIT || after.length > CELL_LIMIT || mergedIds.length > CELL_LIMIT) {
      issues.push({ code: 'log_cell_too_large', tab: c.tab, id: c.rowId, row: c.index + 2 });
    }
    return {
      merge_id: head.mergeId,
      batch_id: head.batchId ?? '',
      survivor_id: head.survivorId,
      merged_ids: mergedIds,
      tab: c.tab,
      row_id: c.rowId,
      before,
      after,
      score: head.score,
      by: head.by,
      at: head.at,
    };
  });
  if (issues.length > 0) return issues;
  if (Object.keys(counters).length > 0) writeSettings(wb, counters);
  const byTab = new Map<string, TypedCellUpdate[]>();
  for (const c of changes) {
    const list = byTab.get(c.tab) ?? [];
    for (const [col, value] of c.updates) list.push({ row: c.index + 2, col: col + 1, value });
    byTab.set(c.tab, list);
  }
  for (const [tab, updates] of byTab) writeCells(wb, tab, updates);
  appendRecords(wb, log, records);
  return [];
}

/** The row with these updates applied. */
export function withUpdates(row: readonly TypedCell[], updates: ReadonlyMap<number, TypedCell>): TypedCell[] {
  const out = [...row];
  for (const [i, v] of updates) out[i] = v;
  return out;
}

/** Why a new merge or purge id cannot be used, if it cannot. */
export function checkMergeId(log: MergeLogTable, mergeId: string): MergeIssue[] {
  if (mergeId.trim() === '') return [{ code: 'merge_id_blank' }];
  return mergeIdInUse(log, mergeId) ? [{ code: 'merge_id_in_use', id: mergeId.trim() }] : [];
}

/** True when the log already holds rows of this merge id. */
export function mergeIdInUse(log: MergeLogTable, mergeId: string): boolean {
  return log.rows.some((r) => r.record.merge_id === mergeId.trim());
}

/**
 * Every merge and purge in the Merge log, newest first, for an Undo list: merges of one "merge all" carry its
 * batchId, and `names` gives the name on the Customers tab of each id shown (survivor and merged).
 */
export function listMerges(wb: Workbook): MergeSummary[] {
  const grid = wb.read(mergeLogDef.name);
  if (!grid) return [];
  const nameOf = customerNames(wb);
  const table = decodeTable(mergeLogDef, grid);
  const byId = new Map<string, { summary: MergeSummary; merged: Set<string>; undone: number; order: number }>();
  for (const { record } of table.rows) {
    if (record.merge_id === '') continue;
    let entry = byId.get(record.merge_id);
    if (!entry) {
      entry = {
        summary: {
          mergeId: record.merge_id,
          batchId: record.batch_id === '' ? undefined : record.batch_id,
          kind: record.survivor_id === '' ? 'archive' : 'merge',
          survivorId: record.survivor_id,
          mergedIds: [],
          at: record.at ?? '',
          by: record.by,
          score: record.score,
          rows: 0,
          undone: 'no',
          undoneAt: undefined,
          names: {},
        },
        merged: new Set(),
        undone: 0,
        order: byId.size,
      };
      byId.set(record.merge_id, entry);
    }
    entry.summary.rows++;
    for (const id of splitIds(record.merged_ids)) entry.merged.add(id);
    if (record.undone_at !== undefined && record.undone_at !== '') {
      entry.undone++;
      if (entry.summary.undoneAt === undefined || record.undone_at > entry.summary.undoneAt) entry.summary.undoneAt = record.undone_at;
    }
  }
  const entries = [...byId.values()];
  for (const e of entries) {
    e.summary.mergedIds = [...e.merged];
    for (const id of [e.summary.survivorId, ...e.summary.mergedIds]) {
      const name = nameOf.get(id);
      if (name) e.summary.names[id] = name;
    }
    e.summary.undone = e.undone === 0 ? 'no' : e.undone === e.summary.rows ? 'yes' : 'partly';
  }
  entries.sort((a, b) => (a.summary.at === b.summary.at ? b.order - a.order : a.summary.at < b.summary.at ? 1 : -1));
  return entries.map((e) => e.summary);
}

/** The name each customer id goes by (first and last name, else company), from the Customers tab. */
function customerNames(wb: Workbook): Map<string, string> {
  const out = new Map<string, string>();
  const grid = wb.read(customersTab.name);
  if (!grid) return out;
  const map = mapHeader(customersTab.columns, grid.header);
  const at = (f: string): number => map.indexOf.get(f) ?? -1;
  const [idCol, first, last, company] = [at('id'), at('first_name'), at('last_name'), at('company')];
  if (idCol < 0) return out;
  for (const row of grid.rows) {
    const id = cellText(row[idCol]);
    const person = [cellText(row[first]), cellText(row[last])].filter((t) => t !== '').join(' ');
    const name = person !== '' ? person : cellText(row[company]);
    if (id !== '' && name !== '' && !out.has(id)) out.set(id, name);
  }
  return out;
}

/** The ids in a merged_ids cell. */
export function splitIds(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
