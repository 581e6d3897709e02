import { cellText, customersTab, flattenTyped, mapHeader, saveChanges, type Grid, type TypedCell, type TypedCellUpdate, type Workbook } from '../workbook';
import { columnKeys, parseImage, sameCell, sameTyped } from './image';
import { openLog, typedRows, writeCells, type MergeLogTable } from './log';
import { REPOINTED_TABS } from './repoint';
import type { Actor, UndoConflict, UndoResult } from './types';

type LogRow = MergeLogTable['rows'][number];

/**
 * Undoes one merge or purge — or, given a batch id, every merge of one "merge all", newest first — under the
 * document lock: each logged row is found again by its id and the cells the merge wrote are put back to the
 * before-image, type included (a date, formula or link goes back as one through writeTyped), but only where
 * they still hold what the merge wrote. A row with any conflicting cell is left whole and reported (undo can
 * be run again once it is resolved); restored rows get undone_at in the log, so undoing again changes nothing.
 * One read and one write per tab, whatever the number of merges undone.
 */
export function undoMerge(wb: Workbook, mergeId: string, actor: Actor): UndoResult {
  return wb.withLock(() => {
    const id = mergeId.trim();
    const log = openLog(wb);
    let entries = log.rows.filter((r) => r.record.merge_id === id);
    if (entries.length === 0 && id !== '') entries = log.rows.filter((r) => r.record.batch_id === id);
    const result: UndoResult = { mergeId: id, status: 'not_found', restored: 0, unrestored: [], conflicts: [] };
    if (entries.length === 0) return result;
    // Newest first, so a row changed by two merges of a batch goes back through both.
    const open = entries.filter((r) => (r.record.undone_at ?? '') === '').sort((a, b) => b.row - a.row);
    if (open.length === 0) return { ...result, status: 'already_undone' };

    const byTab = new Map<string, LogRow[]>();
    for (const entry of open) byTab.set(entry.record.tab, [...(byTab.get(entry.record.tab) ?? []), entry]);
    const restored: LogRow[] = [];
    for (const [tab, tabEntries] of byTab) {
      const grid = wb.read(tab);
      const sheet = grid ? indexTab(wb, tab, grid, tabEntries) : undefined;
      const updates: TypedCellUpdate[] = [];
      for (const entry of tabEntries) {
        const conflicts = sheet ? restoreRow(sheet, entry, updates) : [{ code: 'tab_missing' as const, tab, rowId: entry.record.row_id }];
        if (conflicts.length === 0) restored.push(entry);
        else {
          result.unrestored.push({ tab, rowId: entry.record.row_id });
          result.conflicts.push(...conflicts);
        }
      }
      writeCells(wb, tab, updates);
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
function restoreRow(sheet: IndexedTab, entry: LogRow, updates: TypedCellUpdate[]): UndoConflict[] {
  const { tab, colOf } = sheet;
  const rowId = entry.record.row_id;
  const before = parseImage(entry.record.before);
  const after = parseImage(entry.record.after);
  if (!before || !after || rowId === '') return [{ code: 'bad_log_entry', tab, rowId }];
  const found = sheet.rowsById.get(rowId) ?? [];
  const index = found[0];
  if (index === undefined) return [{ code: 'row_missing', tab, rowId }];
  if (found.length > 1) return [{ code: 'row_id_duplicate', tab, rowId }];
  const conflicts: UndoConflict[] = [];
  const cells: TypedCellUpdate[] = [];
  for (const [key, written] of Object.entries(after)) {
    const col = colOf.get(key);
    if (col === undefined) {
      conflicts.push({ code: 'column_missing', tab, rowId, column: key });
      continue;
    }
    const now = sheet.cellNow(index, col);
    const was = before[key] ?? null;
    if (sheet.holds(now, was)) continue;
    if (sheet.holds(now, written)) cells.push({ row: index + 2, col: col + 1, value: was });
    else conflicts.push({ code: 'cell_changed', tab, rowId, column: key });
  }
  if (conflicts.length === 0) {
    updates.push(...cells);
    for (const c of cells) sheet.planned.set(`${c.row - 2}:${c.col - 1}`, c.value);
  }
  return conflicts;
}

/** A tab read for undo: its rows by id, its columns by image key, and the cells as they are now (typed when the workbook can say). */
interface IndexedTab {
  tab: string;
  rowsById: Map<string, number[]>;
  colOf: Map<string, number>;
  /** Cells this undo has already decided to write ("index:col"), so a later entry sees them. */
  planned: Map<string, TypedCell>;
  cellNow(index: number, col: number): TypedCell;
  /** True when a cell as it is now holds this logged cell (types compared when the workbook reads them). */
  holds(now: TypedCell, logged: TypedCell): boolean;
}

function indexTab(wb: Workbook, tab: string, grid: Grid, entries: readonly LogRow[]): IndexedTab {
  const idCol = idColumn(tab, grid.header);
  const rowsById = new Map<string, number[]>();
  if (idCol !== undefined) {
    grid.rows.forEach((row, i) => {
      const id = cellText(row[idCol]);
      if (id !== '') rowsById.set(id, [...(rowsById.get(id) ?? []), i]);
    });
  }
  const indexes = entries.flatMap((e) => rowsById.get(e.record.row_id) ?? []);
  const typedKnown = wb.readTyped !== undefined;
  const typed = typedKnown ? typedRows(wb, tab, grid, indexes) : new Map<number, TypedCell[]>();
  const planned = new Map<string, TypedCell>();
  return {
    tab,
    rowsById,
    colOf: new Map(columnKeys(grid.header).map((key, i) => [key, i])),
    planned,
    cellNow: (index, col) => {
      const key = `${index}:${col}`;
      if (planned.has(key)) return planned.get(key) ?? null;
      return typed.get(index)?.[col] ?? grid.rows[index]?.[col] ?? null;
    },
    // Without readTyped the sheet shows only plain values, so a logged typed cell is compared by what it shows.
    holds: (now, logged) => (typedKnown ? sameTyped(now, logged) : sameCell(flattenTyped(now), flattenTyped(logged))),
  };
}

const ID_DEFS = [customersTab, ...REPOINTED_TABS];

function idColumn(tab: string, header: readonly string[]): number | undefined {
  const def = ID_DEFS.find((d) => d.name === tab);
  if (def) return mapHeader(def.columns, header).indexOf.get('id');
  const at = header.findIndex((h) => h.trim().toLowerCase() === 'id');
  return at < 0 ? undefined : at;
}
