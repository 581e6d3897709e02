import type { ApiIssue, CustomerCard, CustomerSummary, FieldValue } from '../customers';
import type { MessagesApi } from './messages';
import type { DuplicatesApi } from './duplicates';
import type { AnalyticsApi } from './analytics';

export type { ApiFault, ApiIssue, CustomerCard, CustomerSummary, FieldValue, InteractionLine, ProfileFieldType, ProfileFieldView, PurchaseLine } from '../customers';

/** Every answer across google.script.run: a value, or problems as data (never a thrown message). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; issues: ApiIssue[] };

/** Search by name, company, e-mail or phone; limit defaults to 20 (at most 100). */
export interface SearchInput {
  query: string;
  limit?: number;
}

/** Open a card by customer id, or by sheet row on the Customers tab. */
export type CardRequest = { id: string } | { row: number };

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
export type ServerApi = CustomerApi & MessagesApi & DuplicatesApi & AnalyticsApi;

/** The names of ServerApi's methods, for bridges that must refuse anything else. */
export const SERVER_API_METHODS = [
  // customer card
  'searchCustomers',
  'getCustomerCard',
  'getSelectedCustomer',
  'saveCustomer',
  // messages
  'listCampaigns',
  'saveCampaign',
  'previewMessage',
  'sendTestMessage',
  'getTodayPlan',
  'listOutbox',
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
] as const satisfies readonly (keyof ServerApi)[];

/** A ServerApi method name. */
export type ServerApiMethod = keyof ServerApi;

export { createCustomerApi, type ServerDeps, type Selection } from './server-api';
export { createHostApi, createServerApi, type HostEngines } from './create';
export { createMessagesApi, type MessagesApi } from './messages';
export { createAnalyticsApi, SCORED_COLUMNS, type AnalyticsApi, type BuiltDashboard, type ScoreCustomersResult } from './analytics';
export { createDuplicatesApi, LOCAL_DEDUPE_LIMIT, type DedupeEngine, type DuplicatesOptions, MERGE_ALL_BATCH, type DuplicateReport, type DuplicatesApi, type EngineSite, type FindDuplicatesInput, type MergeAllInput, type MergeAllResult, type MergeDuplicatesInput, type NotDuplicateInput } from './duplicates';
