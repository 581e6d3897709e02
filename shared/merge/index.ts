/** Applying and undoing merges and purges in the workbook, and remembering "not a duplicate" decisions. */

/** What a merge takes (structurally the dedupe engine's MergeProposal) and what merges, purges and undo return. */
export type {
  Actor,
  ChangeSummary,
  MergeFault,
  MergeInput,
  MergeIssue,
  MergeResult,
  MergeSummary,
  UndoConflict,
  UndoConflictCode,
  UndoResult,
  UndoStatus,
} from './types';
/** Applies one merge proposal in a constant number of workbook calls, logging a before-image of every changed row. */
export { applyMerge } from './apply';
/** Archives customers (a purge) with the same log, so undoMerge can put them back. */
export { archiveCustomers, type ArchiveResult } from './archive';
/** Puts back what a merge or purge changed, cell by cell, reporting conflicts instead of overwriting later edits. */
export { undoMerge } from './undo';
/** Lists merges and purges from the Merge log, newest first, for an Undo list. */
export { listMerges, mergeLogDef } from './log';
/** Remembers pairs declared "not a duplicate" and keeps them out of later proposals. */
export { decisionsTab, filterProposals, loadDecisions, markNotDuplicate, markNotDuplicates, pairKey, type MarkResult, type SplitProposal } from './decisions';
/** The tabs whose rows are re-pointed from merged customers to the survivor. */
export { REPOINTED_TABS } from './repoint';
/** The active customers as dedupe records (contract columns by role, the user's own columns as extra text). */
export { customerRecords, MATCH_FIELDS, type CustomerRecords } from './records';
/** Clusters side by side for review, and proposals re-worked after "not a duplicate" decisions. */
export { pairsOf, reproposeKept, reviewClusters, type ReviewCluster, type ReviewField, type ReviewMember } from './review';
/** The HTTP function's body and answer: flat rows in, clusters and proposals out. */
export { fromRow, parseDedupeResponse, toRow, type DedupeRequestBody, type DedupeResponseBody, type DedupeRow } from './wire';
