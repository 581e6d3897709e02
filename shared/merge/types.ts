/**
 * A merge to apply: structurally the dedupe engine's MergeProposal, so its proposals can be passed as they are.
 * `fields` are the survivor's chosen values (by field name or by the header of a user's own column);
 * `alternatives` are other values of a field (e-mails, phones) to keep on the survivor.
 */
export interface MergeInput {
  clusterId?: string;
  survivorId: string;
  memberIds: readonly string[];
  score?: number;
  fields?: Readonly<Record<string, string>>;
  alternatives?: Readonly<Record<string, readonly string[]>>;
}

/** Who did it and when (an ISO date-time), given by the caller because shared/ reads no clock. */
export interface Actor {
  by: string;
  at: string;
}

/** Why a merge or purge was refused; nothing is written when any of these is returned. */
export type MergeFault =
  | 'nothing_to_merge'
  | 'merge_id_blank'
  | 'no_customers_tab'
  | 'customer_missing'
  | 'customer_id_duplicate'
  | 'customer_not_active'
  | 'declared_distinct'
  | 'unknown_field'
  | 'reserved_field'
  | 'row_id_duplicate'
  | 'no_id_column'
  | 'log_cell_too_large'
  | 'merge_id_in_use';

/** One reason a merge or purge was refused, as data: which customer, tab, row or column it concerns. */
export interface MergeIssue {
  code: MergeFault;
  id?: string;
  ids?: string[];
  tab?: string;
  /** Sheet row number (1-based; row 1 is the header). */
  row?: number;
  field?: string;
}

/** What a merge or purge changed: how many rows per tab, and the Merge log rows written. */
export interface ChangeSummary {
  mergeId: string;
  survivorId: string;
  mergedIds: string[];
  /** Changed rows per tab name. */
  changed: Record<string, number>;
  logRows: number;
}

export type MergeResult = { ok: true; value: ChangeSummary } | { ok: false; issues: MergeIssue[] };

/** Why one logged row (or one of its cells) could not be put back. */
export type UndoConflictCode = 'cell_changed' | 'row_missing' | 'row_id_duplicate' | 'tab_missing' | 'column_missing' | 'bad_log_entry';

/** One cell or row that undo left alone because it no longer holds what the merge wrote. */
export interface UndoConflict {
  code: UndoConflictCode;
  tab: string;
  rowId: string;
  /** The column header, for cell and column conflicts. */
  column?: string;
}

export type UndoStatus = 'undone' | 'partly_undone' | 'already_undone' | 'not_found';

/** The outcome of an undo: rows put back now, rows left (each with its conflicts), and the overall status. */
export interface UndoResult {
  mergeId: string;
  status: UndoStatus;
  /** Rows restored by this call. */
  restored: number;
  /** Rows that stay as they are because of a conflict; undo can be retried once they are resolved. */
  unrestored: { tab: string; rowId: string }[];
  conflicts: UndoConflict[];
}

/** One merge or purge as the Undo list shows it. */
export interface MergeSummary {
  mergeId: string;
  /** The "merge all" this merge was part of; undoMerge with this id undoes the whole batch. */
  batchId: string | undefined;
  kind: 'merge' | 'archive';
  survivorId: string;
  mergedIds: string[];
  at: string;
  by: string;
  score: number | undefined;
  /** Changed rows logged. */
  rows: number;
  /** 'partly' when some rows were restored and others are held back by conflicts. */
  undone: 'no' | 'partly' | 'yes';
  undoneAt: string | undefined;
  /** Names on the Customers tab of the ids above, by id (ids without a name are left out). */
  names: Record<string, string>;
}
