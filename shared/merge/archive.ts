import { customersTab, type Grid, type TypedCell, type Workbook } from '../workbook';
import { findActive, readCustomers } from './customers';
import { checkMergeId, commitChanges, openLog, typedRows, type RowChange } from './log';
import type { Actor, MergeIssue } from './types';

/** The outcome of a purge: the ids archived, and those left alone with the reason. */
export type ArchiveResult =
  | { ok: true; value: { archiveId: string; archived: string[]; skipped: MergeIssue[]; logRows: number } }
  | { ok: false; issues: MergeIssue[] };

/**
 * Purges customers by archiving them (status=archived, never deleted) under the document lock, with a
 * before-image of each row in the Merge log (survivor_id blank, merged_ids the row's own id), so undoMerge
 * with the archive id puts them back. Ids that are missing, repeated or not active are skipped and reported.
 */
export function archiveCustomers(wb: Workbook, ids: readonly string[], options: Actor & { archiveId: string }): ArchiveResult {
  return wb.withLock(() => {
    const archiveId = options.archiveId.trim();
    const log = openLog(wb);
    const idIssues = checkMergeId(log, archiveId);
    if (idIssues.length > 0) return { ok: false, issues: idIssues };
    const view = readCustomers(wb);
    if (!view) return { ok: false, issues: [{ code: 'no_customers_tab' }] };
    const wanted = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
    const { rows, issues: skipped } = findActive(view, wanted);
    const typed = typedRows(wb, customersTab.name, view.grid, rows.values());
    const changes: RowChange[] = [...rows].map(([id, index]) => {
      const updates = new Map<number, TypedCell>([[view.statusCol, 'archived']]);
      if (view.updatedAtCol >= 0) updates.set(view.updatedAtCol, options.at);
      return { tab: customersTab.name, index, rowId: id, before: typed.get(index) ?? [...(view.grid.rows[index] ?? [])], updates };
    });
    if (changes.length === 0) return { ok: true, value: { archiveId, archived: [], skipped, logRows: 0 } };
    const grids = new Map<string, Grid>([[customersTab.name, view.grid]]);
    const head = { mergeId: archiveId, survivorId: '', score: undefined, by: options.by, at: options.at };
    const tooLarge = commitChanges(wb, log, grids, changes, head, (c) => c.rowId);
    if (tooLarge.length > 0) return { ok: false, issues: tooLarge };
    return { ok: true, value: { archiveId, archived: changes.map((c) => c.rowId), skipped, logRows: changes.length } };
  });
}
