import { cellText, customersTab, mapHeader, saveChanges, type CellUpdate, type Grid, type Workbook } from '../workbook';
import { columnKeys, parseImage, sameCell } from './image';
import { openLog, type MergeLogTable } from './log';
import { REPOINTED_TABS } from './repoint';
import type { Actor, UndoConflict, UndoResult } from './types';

type LogRow = MergeLogTable['rows'][number];

/**
 * Undoes one merge or purge under the document lock: each logged row is found again by its id and the cells
 * the merge wrote are put back to the before-image, but only where they still hold what the merge wrote. A row
 * with any conflicting cell is left whole and reported (undo can be run again once it is resolved); restored
 * rows get undone_at in the log, so undoing again changes nothing.
 */
export function undoMerge(wb: Workbook, mergeId: string, actor: Actor): UndoResult {
  return wb.withLock(() => {
    const id = mergeId.trim();
    const log = openLog(wb);
    const entries = log.rows.filter((r) => r.record.merge_id === id);
    const result: UndoResult = { mergeId: id, status: 'not_found', restored: 0, unrestored: [], conflicts: [] };
    if (entries.length === 0) return result;
    const open = entries.filter((r) => (r.record.undone_at ?? '') === '');
    if (open.length === 0) return { ...result, status: 'already_undone' };

    const byTab = new Map<string, LogRow[]>();
    for (const entry of open) byTab.set(entry.record.tab, [...(byTab.get(entry.record.tab) ?? []), entry]);
    const restored: LogRow[] = [];
    for (const [tab, tabEntries] of byTab) {
      const grid = wb.read(tab);
      const sheet = grid ? indexTab(tab, grid) : undefined;
      const updates: CellUpdate[] = [];
      for (const entry of tabEntries) {
        const conflicts = sheet ? restoreRow(sheet, entry, updates) : [{ code: 'tab_missing' as const, tab, rowId: entry.record.row_id }];
        if (conflicts.length === 0) restored.push(entry);
        else {
          result.unrestored.push({ tab, rowId: entry.record.row_id });
          result.conflicts.push(...conflicts);
        }
      }
      if (updates.length > 0) wb.write(tab, updates);
    }
    saveChanges(
      wb,
      log,
      restored.map((r) => ({ row: r.row, before: r.record, after: { ...r.record, undone_at: actor.at, undone_by: actor.by } })),
    );
    result.restored = restored.length;
    result.status = result.unrestored.length === 0 ? 'undone' : 'partly_undone';
    return result;
  });
}

/**
 * Adds to `updates` the cells that put one logged row back, or returns its conflicts (adding nothing).
 * Cells already back at their before value need no write; cells holding neither value are conflicts.
 */
function restoreRow(sheet: IndexedTab, entry: LogRow, updates: CellUpdate[]): UndoConflict[] {
  const { tab, grid, colOf } = sheet;
  const rowId = entry.record.row_id;
  const before = parseImage(entry.record.before);
  const after = parseImage(entry.record.after);
  if (!before || !after || rowId === '') return [{ code: 'bad_log_entry', tab, rowId }];
  const found = sheet.rowsById.get(rowId) ?? [];
  const index = found[0];
  if (index === undefined) return [{ code: 'row_missing', tab, rowId }];
  if (found.length > 1) return [{ code: 'row_id_duplicate', tab, rowId }];
  const row = grid.rows[index] ?? [];
  const conflicts: UndoConflict[] = [];
  const cells: CellUpdate[] = [];
  for (const [key, written] of Object.entries(after)) {
    const col = colOf.get(key);
    if (col === undefined) {
      conflicts.push({ code: 'column_missing', tab, rowId, column: key });
      continue;
    }
    const now = row[col] ?? null;
    const was = before[key] ?? null;
    if (now === was || sameCell(now, was)) continue;
    if (sameCell(now, written)) cells.push({ row: index + 2, col: col + 1, value: was });
    else conflicts.push({ code: 'cell_changed', tab, rowId, column: key });
  }
  if (conflicts.length === 0) updates.push(...cells);
  return conflicts;
}

/** A tab read for undo, with its rows by id and its columns by image key (built once per tab). */
interface IndexedTab {
  tab: string;
  grid: Grid;
  rowsById: Map<string, number[]>;
  colOf: Map<string, number>;
}

function indexTab(tab: string, grid: Grid): IndexedTab {
  const idCol = idColumn(tab, grid.header);
  const rowsById = new Map<string, number[]>();
  if (idCol !== undefined) {
    grid.rows.forEach((row, i) => {
      const id = cellText(row[idCol]);
      if (id !== '') rowsById.set(id, [...(rowsById.get(id) ?? []), i]);
    });
  }
  return { tab, grid, rowsById, colOf: new Map(columnKeys(grid.header).map((key, i) => [key, i])) };
}

const ID_DEFS = [customersTab, ...REPOINTED_TABS];

function idColumn(tab: string, header: readonly string[]): number | undefined {
  const def = ID_DEFS.find((d) => d.name === tab);
  if (def) return mapHeader(def.columns, header).indexOf.get('id');
  const at = header.findIndex((h) => h.trim().toLowerCase() === 'id');
  return at < 0 ? undefined : at;
}
