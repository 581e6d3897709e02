import {
  appendRecords,
  col,
  decodeTable,
  mergeLogTab,
  openTable,
  writeSettings,
  type CellUpdate,
  type CellValue,
  type DecodedTable,
  type Grid,
  type TabDef,
  type Workbook,
} from '../workbook';
import { CELL_LIMIT, columnKeys, rowImage } from './image';
import type { MergeIssue, MergeSummary } from './types';

/**
 * The Merge log as this module writes it: the contract's columns plus `after`, the cells the merge wrote
 * (JSON keyed like `before`), which undo compares with the sheet before putting anything back, and
 * `undone_by`.
 */
export const mergeLogDef = {
  ...mergeLogTab,
  columns: { ...mergeLogTab.columns, after: col.json(), undone_by: col.text() },
} satisfies TabDef;

export type MergeLogTable = DecodedTable<typeof mergeLogDef.columns>;

/** Opens the Merge log, creating it (or its missing columns) when needed. */
export function openLog(wb: Workbook): MergeLogTable {
  return openTable(wb, mergeLogDef);
}

/** One row to change: where it is, its id, the cells as read, and the new values by column index. */
export interface RowChange {
  tab: string;
  /** 0-based index of the data row in the grid. */
  index: number;
  rowId: string;
  before: readonly CellValue[];
  updates: Map<number, CellValue>;
}

/** What every log row of one operation shares. */
export interface LogHeader {
  mergeId: string;
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
  const byTab = new Map<string, CellUpdate[]>();
  for (const c of changes) {
    const list = byTab.get(c.tab) ?? [];
    for (const [col, value] of c.updates) list.push({ row: c.index + 2, col: col + 1, value });
    byTab.set(c.tab, list);
  }
  for (const [tab, updates] of byTab) if (updates.length > 0) wb.write(tab, updates);
  appendRecords(wb, log, records);
  return [];
}

/** The row with these updates applied. */
export function withUpdates(row: readonly CellValue[], updates: ReadonlyMap<number, CellValue>): CellValue[] {
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

/** Every merge and purge in the Merge log, newest first, for an Undo list. */
export function listMerges(wb: Workbook): MergeSummary[] {
  const grid = wb.read(mergeLogDef.name);
  if (!grid) return [];
  const table = decodeTable(mergeLogDef, grid);
  const byId = new Map<string, { summary: MergeSummary; merged: Set<string>; undone: number; order: number }>();
  for (const { record } of table.rows) {
    if (record.merge_id === '') continue;
    let entry = byId.get(record.merge_id);
    if (!entry) {
      entry = {
        summary: {
          mergeId: record.merge_id,
          kind: record.survivor_id === '' ? 'archive' : 'merge',
          survivorId: record.survivor_id,
          mergedIds: [],
          at: record.at ?? '',
          by: record.by,
          score: record.score,
          rows: 0,
          undone: 'no',
          undoneAt: undefined,
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
    e.summary.undone = e.undone === 0 ? 'no' : e.undone === e.summary.rows ? 'yes' : 'partly';
  }
  entries.sort((a, b) => (a.summary.at === b.summary.at ? b.order - a.order : a.summary.at < b.summary.at ? 1 : -1));
  return entries.map((e) => e.summary);
}

/** The ids in a merged_ids cell. */
export function splitIds(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
