import type { CustomerApi } from './server-api';
import type { MessagesApi } from './messages';
import type { DuplicatesApi } from './duplicates';
import type { AnalyticsApi } from './analytics';
import type { CustomerActionsApi } from './customer-actions';
import type { StartHereApi } from './start-here';
import type { TasksApi } from './tasks';
import type { ImportApi } from './import';
import type { SegmentsApi } from './segments';
import type { LoyaltyApi } from './loyalty';
import type { LoyaltyAdminApi } from './loyalty-admin';
import type { SegmentOutputsApi } from './segment-outputs';
import type { SegmentDashboardApi } from './segment-dashboard';
import type { CampaignResultsApi } from './campaign-results';
import type { SatisfactionApi } from './satisfaction';

/**
 * Every function a sidebar may call: one interface per capability, joined here. The add-on exports one
 * top-level function per method (over the SpreadsheetApp adapter), the workbench bridges them over HTTP, and
 * sidebars call them through google.script.run. Inputs and outputs are JSON only: no Date, no undefined.
 */
export type ServerApi = CustomerApi & CustomerActionsApi & MessagesApi & DuplicatesApi & AnalyticsApi & StartHereApi & TasksApi & ImportApi & SegmentsApi & LoyaltyApi & LoyaltyAdminApi & SegmentOutputsApi & SegmentDashboardApi & CampaignResultsApi & SatisfactionApi;

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
  'getCampaignAudience',
  'getCampaignResults',
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
  'getSatisfaction',
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
  'listSegments',
  'writeSegmentMembers',
  'writeReports',
  'getSegmentDashboard',
  'buildSegmentDashboard',
  // loyalty sidebar
  'getLoyaltyOverview',
  'saveLoyaltyTiers',
  'getMembershipCard',
] as const satisfies readonly (keyof ServerApi)[];

/** A ServerApi method name. */
export type ServerApiMethod = keyof ServerApi;
