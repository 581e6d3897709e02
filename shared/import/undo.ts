// undoImport: puts back every cell an import overwrote and removes every row it created, from the Import log.
import {
  TABS,
  cellText,
  foldHeader,
  importLogTab,
  mapHeader,
  readTable,
  type CellUpdate,
  type CellValue,
  type TypedCell,
  type TypedCellUpdate,
  type Workbook,
} from '../workbook';

/** Why an import could not be undone. */
export type UndoFault = 'unknown_import' | 'already_undone';

/** What undo did: cells put back, rows removed, and ids it could no longer find (left as they are). */
export type UndoResult =
  | { ok: true; importId: string; restoredRows: number; removedRows: number; missing: string[] }
  | { ok: false; importId: string; fault: UndoFault };

/** A typed cell as a plain value, for adapters that cannot write types. */
function plainOf(cell: TypedCell): CellValue {
  if (cell === null || typeof cell !== 'object') return cell;
  if (cell.kind === 'date') return cell.iso;
  if (cell.kind === 'formula') return cell.value;
  return cell.text;
}

function idColumn(tab: string, header: readonly string[]): number | undefined {
  const def = TABS.find((t) => t.name === tab);
  if (def) return mapHeader(def.columns, header).indexOf.get('id');
  const at = header.findIndex((h) => foldHeader(h) === 'id');
  return at >= 0 ? at : undefined;
}

/**
 * Undoes one import exactly (call inside wb.withLock): overwritten cells get their logged values back (typed
 * where the adapter can write types), created rows are removed (the rows below move up; every other cell,
 * user columns included, is kept), and the log rows get `undone_at`. Ids stay used: they are never issued again.
 */
export function undoImport(wb: Workbook, importId: string, ctx: { at: string }): UndoResult {
  const log = readTable(wb, importLogTab);
  const entries = (log?.rows ?? []).filter((r) => r.record.import_id === importId);
  if (!log || entries.length === 0) return { ok: false, importId, fault: 'unknown_import' };
  const open = entries.filter((r) => r.record.undone_at === undefined || r.record.undone_at === '');
  if (open.length === 0) return { ok: false, importId, fault: 'already_undone' };
  const missing: string[] = [];
  let restoredRows = 0;
  let removedRows = 0;
  const tabs = [...new Set(open.map((e) => e.record.tab))];
  for (const tab of tabs) {
    const grid = wb.read(tab);
    const idAt = grid ? idColumn(tab, grid.header) : undefined;
    if (!grid || idAt === undefined) {
      missing.push(...open.filter((e) => e.record.tab === tab).map((e) => e.record.row_id));
      continue;
    }
    const rowOf = new Map<string, number>();
    grid.rows.forEach((cells, i) => rowOf.set(cellText(cells[idAt]), i + 2));
    const typed: TypedCellUpdate[] = [];
    const removeIds = new Set<string>();
    for (const e of open.filter((x) => x.record.tab === tab)) {
      const row = rowOf.get(e.record.row_id);
      if (row === undefined) {
        missing.push(e.record.row_id);
        continue;
      }
      if (e.record.before === '') {
        removeIds.add(e.record.row_id);
        continue;
      }
      const before = JSON.parse(e.record.before) as Record<string, TypedCell>;
      for (const [column, value] of Object.entries(before)) {
        const col = grid.header.indexOf(column);
        if (col >= 0) typed.push({ row, col: col + 1, value });
      }
      restoredRows++;
    }
    if (typed.length > 0) {
      const needsTypes = typed.some((u) => u.value !== null && typeof u.value === 'object');
      if (needsTypes && wb.writeTyped) wb.writeTyped(tab, typed);
      else wb.write(tab, typed.map((u): CellUpdate => ({ row: u.row, col: u.col, value: plainOf(u.value) })));
    }
    if (removeIds.size > 0) {
      const now = wb.read(tab) ?? grid;
      const keptAt = now.rows.flatMap((cells, i) => (removeIds.has(cellText(cells[idAt])) ? [] : [i]));
      // replaceRows writes plain values: the kept rows' dates, formulas and links are read first and put back typed.
      const typedRows = wb.readTyped && wb.writeTyped ? wb.readTyped(tab, keptAt.map((i) => i + 2)) : undefined;
      removedRows += now.rows.length - keptAt.length;
      wb.replaceRows(tab, keptAt.map((i) => now.rows[i]!));
      const typedCells: TypedCellUpdate[] = [];
      typedRows?.forEach((cells, k) => cells.forEach((value, c) => {
        if (value !== null && typeof value === 'object') typedCells.push({ row: k + 2, col: c + 1, value });
      }));
      if (typedCells.length > 0) wb.writeTyped?.(tab, typedCells);
    }
  }
  const undoneAt = log.map.indexOf.get('undone_at');
  if (undoneAt !== undefined) wb.write(importLogTab.name, open.map((e) => ({ row: e.row, col: undoneAt + 1, value: ctx.at })));
  return { ok: true, importId, restoredRows, removedRows, missing };
}
