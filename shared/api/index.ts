import type { ApiIssue, CustomerCard, CustomerSummary, FieldValue } from '../customers';
import type { MessagesApi } from './messages';
import type { DuplicatesApi } from './duplicates';
import type { AnalyticsApi } from './analytics';
import type { CustomerActionsApi } from './customer-actions';
import type { StartHereApi } from './start-here';
import type { TasksApi } from './tasks';
import type { ImportApi } from './import';
import type { SegmentsApi } from './segments';
import type { LoyaltyApi } from './loyalty';

export type { ApiFault, ApiIssue, CustomerCard, CustomerSummary, FieldValue, InteractionLine, ProfileFieldType, ProfileFieldView, PurchaseLine } from '../customers';

/** Every answer across google.script.run: a value, or problems as data (never a thrown message). */
/** `notes` say what the call did besides its answer (say, ids it gave to rows typed by hand). */
export type ApiResult<T> = { ok: true; value: T; notes?: string[] } | { ok: false; issues: ApiIssue[] };

/** Search by name, company, e-mail or phone; limit defaults to 20 (at most 100). */
export interface SearchInput {
  query: string;
  limit?: number;
}

/** Open a card by customer id, or by sheet row on the Customers tab; `blank` is the empty card "New customer" fills in. */
export type CardRequest = { id: string } | { row: number } | { blank: true };

/** A method that takes no arguments still takes one object, so every call has the same shape. */
export type NoInput = Record<string, never>;

/**
 * What the card saves: changed contract fields and changed Profile fields (by name), each blank as null.
 * `seen` holds the values the card showed for those fields; a field someone else changed since is refused.
 */
export interface SaveCustomerInput {
  id: string;
  changes: Record<string, FieldValue>;
  profile: Record<string, FieldValue>;
  seen?: { changes?: Record<string, FieldValue>; profile?: Record<string, FieldValue> };
}

/** The card as saved, and how many cells the save wrote (0 when nothing had changed). */
export interface SaveCustomerResult {
  card: CustomerCard;
  written: number;
}

/** The customer card's calls. */
export interface CustomerApi {
  searchCustomers: (input: SearchInput) => ApiResult<CustomerSummary[]>;
  getCustomerCard: (input: CardRequest) => ApiResult<CustomerCard>;
  /** The card of the customer on the row selected in the sheet (needs the `selection` dependency). */
  getSelectedCustomer: (input: NoInput) => ApiResult<CustomerCard>;
  saveCustomer: (input: SaveCustomerInput) => ApiResult<SaveCustomerResult>;
}

/**
 * Every function a sidebar may call: one interface per capability, joined here. The add-on exports one
 * top-level function per method (over the SpreadsheetApp adapter), the workbench bridges them over HTTP, and
 * sidebars call them through google.script.run. Inputs and outputs are JSON only: no Date, no undefined.
 */
export type ServerApi = CustomerApi & CustomerActionsApi & MessagesApi & DuplicatesApi & AnalyticsApi & StartHereApi & TasksApi & ImportApi & SegmentsApi & LoyaltyApi;

/** The names of ServerApi's methods, for bridges that must refuse anything else. */
export const SERVER_API_METHODS = [
  // customer card
  'searchCustomers',
  'getCustomerCard',
  'getSelectedCustomer',
  'saveCustomer',
  'createCustomer',
  'logInteraction',
  'recordPurchase',
  'resolveComplaint',
  'archiveCustomer',
  'joinMembership',
  'eraseCustomerData',
  'getCustomerTimeline',
  // messages
  'listCampaigns',
  'saveCampaign',
  'previewMessage',
  'sendTestMessage',
  'getTodayPlan',
  'listOutbox',
  'getApprovals',
  'decideApproval',
  // duplicates
  'findDuplicates',
  'mergeDuplicates',
  'markNotDuplicate',
  'mergeAllDuplicates',
  'listMerges',
  'undoMerge',
  // analytics
  'scoreCustomers',
  'getDashboard',
  'buildDashboard',
  // start here
  'getStartHere',
  // this week (tasks)
  'listTasks',
  'completeTask',
  'refreshTasks',
  // import
  'previewImport',
  'runImport',
  'listImports',
  'undoImport',
  // segments and reports
  'getSegmentBuilder',
  'previewSegment',
  'saveSegment',
  'getSegmentReport',
] as const satisfies readonly (keyof ServerApi)[];

/** A ServerApi method name. */
export type ServerApiMethod = keyof ServerApi;

export { createCustomerApi, type ServerDeps, type Selection } from './server-api';
export { createCustomerActionsApi, QUICK_KINDS, type ConfirmedInput, type CreateCustomerInput, type CustomerActionsApi, type LogInteractionInput, type RecordPurchaseInput, type ResolveComplaintInput, type TimelineInput } from './customer-actions';
export { assignMissingIds, withRowIds, type AssignedIds } from './customer-ids';
export { createHostApi, createServerApi, type HostEngines } from './create';
export { createMessagesApi, type MessagesApi } from './messages';
export { createAnalyticsApi, SCORED_COLUMNS, type AnalyticsApi, type BuiltDashboard, type ScoreCustomersResult } from './analytics';
export { createDuplicatesApi, LOCAL_DEDUPE_LIMIT, type DedupeEngine, type DuplicatesOptions, MERGE_ALL_BATCH, type DuplicateReport, type DuplicatesApi, type EngineSite, type FindDuplicatesInput, type MergeAllInput, type MergeAllResult, type MergeDuplicatesInput, type NotDuplicateInput } from './duplicates';
export { createStartHereApi, startHereSteps, type StartHere, type StartHereApi, type StartHereKey, type StartHereStep } from './start-here';
export { completeTaskOn, createTasksApi, listTasksOn, refreshTasksOn, syncTasks, taskView, type CompleteTaskRequest, type CompleteTaskResult, type ListTasksInput, type TaskList, type TasksApi, type TasksRefreshed, type TaskSyncInput, type TaskView } from './tasks';
export { createImportApi, listImportsOn, PREVIEW_LIST_LIMIT, type ImportApi, type ImportFileInput, type ImportHost, type ImportLogLine, type ImportPreview, type ImportProgress, type ImportRequest, type ImportedDuplicate, type PreviewField, type RunImportInput, type UndoImportResult } from './import';
export { createLoyaltyApi, type JoinedMembership, type JoinMembershipInput, type LoyaltyApi } from './loyalty';
export { createSegmentsApi, type SavedSegment, type SegmentBuilder, type SegmentColumn, type SegmentColumnKind, type SegmentMember, type SegmentPreview, type SegmentsApi } from './segments';
