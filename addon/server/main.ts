// The add-on's entry: every export becomes a top-level Apps Script function (scripts/build.mjs adds the
// delegates). Nothing here may run at load time: Apps Script evaluates this file on every call.
import { createHostApi, withRowIds, type ServerApi } from '../../shared/api';
import { findClusters } from '../../shared/dedupe';
import { MENU_LABELS, migrateWorkbook, sidebarLabel } from '../../shared/workbook';
import { activeWorkbook, appsScriptDeps } from './apps-script';
import { appsScriptRemote } from './remote';
import { installHourlyTrigger, removeHourlyTrigger } from './triggers';
import { runHourly, type Checkpoint } from './triggers-run';
import { hourlyEnv, triggerEnv, withAddonMail } from './triggers-apps-script';
import { buildDashboardOnSheet, scoreCustomersReport, type MenuReport } from './analytics';

/** The sidebar of one customer, served from dist/addon/customer-card.html. */
const CUSTOMER_CARD = 'customer-card';
/** The Duplicates sidebar, served from dist/addon/duplicates.html. */
const DUPLICATES = 'duplicates';

/** Menu items in order: label and the top-level function it runs (labels live in shared/workbook/labels). */
export const MENU_ITEMS = MENU_LABELS;

/**
 * Builds the Regulars menu. Runs in AuthMode.NONE when the add-on is not yet used in this document, so it
 * only adds menu items: no reads of the sheet, properties or user.
 */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const [label, fn] of MENU_ITEMS) menu.addItem(label, fn);
  menu.addToUi();
}

/** Runs when the add-on is installed from the Marketplace: the menu appears without a reload. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

/** Opens the "Start here" sidebar: the first steps (import, duplicates, scoring, messages), ticked as they are done. */
export function showStartHere(): void {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('start-here').setTitle(sidebarLabel('start-here')));
}

/** Opens the customer card sidebar. */
export function showCustomerCard(): void {
  const html = HtmlService.createHtmlOutputFromFile(CUSTOMER_CARD).setTitle(sidebarLabel(CUSTOMER_CARD));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Menu "Score customers": writes the scored Customers columns in one batch (or has the clv function score from BigQuery, when Settings say so) and says what it did. */
export function runScoreCustomers(): void {
  alertReport(scoreCustomersReport(api()));
}

/** Menu "Dashboard": writes the Dashboard tab's tables, draws its native charts and opens the Dashboard sidebar. */
export function showDashboard(): void {
  const report = buildDashboardOnSheet(api(), (name) => SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name));
  if (!report.ok) {
    alertReport(report);
    return;
  }
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('dashboard').setTitle(sidebarLabel('dashboard')));
}

function alertReport(report: MenuReport): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(report.title, report.lines.join('\n\n'), ui.ButtonSet.OK);
}

/** Opens the Duplicates sidebar: find, review, merge and undo. */
export function showDuplicates(): void {
  const html = HtmlService.createHtmlOutputFromFile(DUPLICATES).setTitle(sidebarLabel(DUPLICATES));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Creates the missing Regulars tabs and columns (a user's own columns stay) and records the schema version. */
export function setUpWorkbook(): { from: number; to: number } {
  const wb = activeWorkbook();
  return wb.withLock(() => migrateWorkbook(wb));
}

/** Opens the "This week" sidebar: open tasks by account manager, each done by recording its outcome. */
export function showThisWeek(): void {
  const html = HtmlService.createHtmlOutputFromFile('this-week').setTitle(sidebarLabel('this-week'));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Opens the Segments sidebar: build a rule by clicks or by typing, see who is in it, save it, report by dimension. */
export function showSegments(): void {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('segments').setTitle(sidebarLabel('segments')));
}

/** Opens the Loyalty sidebar: the tiers and discount ladder, members per tier, recent upgrades, printable cards. */
export function showLoyalty(): void {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('loyalty').setTitle(sidebarLabel('loyalty')));
}

/** Opens the Import sidebar: customers or purchases from a CSV or vCard file, previewed, imported, undone. */
export function showImport(): void {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('import').setTitle(sidebarLabel('import')));
}

/** Opens the Messages sidebar (campaigns, previews, today's plan, the Outbox). */
export function showMessages(): void {
  const html = HtmlService.createHtmlOutputFromFile('messages').setTitle(sidebarLabel('messages'));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Installs this document's one hourly trigger; the installer becomes the document's sender (Settings delivery: addon). */
export function scheduleMessages(): void {
  const result = installHourlyTrigger(triggerEnv());
  const replaced = result.previousOwner ? ` It replaces ${result.previousOwner} as the sender.` : '';
  SpreadsheetApp.getUi().alert(`Messages will be sent every hour from ${result.owner} while Settings delivery is "addon".${replaced}`);
}

/** Removes this user's hourly trigger from this document. */
export function stopScheduledMessages(): void {
  const { removed } = removeHourlyTrigger(triggerEnv());
  SpreadsheetApp.getUi().alert(removed > 0 ? 'Hourly messages are stopped for this spreadsheet.' : 'No hourly trigger of yours was set up here.');
}

/** The hourly trigger's handler (the name installHourlyTrigger schedules). */
export function runScheduledMessages(e?: { triggerUid?: string }): Promise<Checkpoint> {
  const env = hourlyEnv();
  // Rows typed by hand get ids before greetings are planned over them, as in every sidebar call.
  return runHourly({ ...env, workbook: withRowIds(env.workbook, []) }, e);
}

/** Uploaded bytes to text through Utilities (Apps Script has no TextDecoder); Java charset names. */
function utilitiesDecoder(bytes: Uint8Array, encoding: string): string {
  const signed = Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
  return Utilities.newBlob(signed).getDataAsString(encoding === 'windows-1252' ? 'windows-1252' : encoding.toUpperCase());
}

function api(): ServerApi {
  // Small sheets are deduplicated here (libphonenumber swapped for addon/server/phone-lite.ts at build); large
  // ones through the `dedupe` function (deps.remote).
  return createHostApi(withAddonMail({ ...appsScriptDeps(), remote: appsScriptRemote() }), { dedupe: findClusters, import: { decode: utilitiesDecoder } });
}

// One top-level function per ServerApi method, each over a fresh SpreadsheetApp session. One line each, so
// capabilities can be added side by side; tests/build checks that this list matches SERVER_API_METHODS.
type Method<K extends keyof ServerApi> = ServerApi[K];
// customer card
export const searchCustomers: Method<'searchCustomers'> = (input) => api().searchCustomers(input);
export const getCustomerCard: Method<'getCustomerCard'> = (input) => api().getCustomerCard(input);
export const getSelectedCustomer: Method<'getSelectedCustomer'> = (input) => api().getSelectedCustomer(input);
export const saveCustomer: Method<'saveCustomer'> = (input) => api().saveCustomer(input);
export const createCustomer: Method<'createCustomer'> = (input) => api().createCustomer(input);
export const logInteraction: Method<'logInteraction'> = (input) => api().logInteraction(input);
export const recordPurchase: Method<'recordPurchase'> = (input) => api().recordPurchase(input);
export const resolveComplaint: Method<'resolveComplaint'> = (input) => api().resolveComplaint(input);
export const archiveCustomer: Method<'archiveCustomer'> = (input) => api().archiveCustomer(input);
export const joinMembership: Method<'joinMembership'> = (input) => api().joinMembership(input);
export const eraseCustomerData: Method<'eraseCustomerData'> = (input) => api().eraseCustomerData(input);
export const getCustomerTimeline: Method<'getCustomerTimeline'> = (input) => api().getCustomerTimeline(input);
// duplicates
export const findDuplicates: Method<'findDuplicates'> = (input) => api().findDuplicates(input);
export const mergeDuplicates: Method<'mergeDuplicates'> = (input) => api().mergeDuplicates(input);
export const markNotDuplicate: Method<'markNotDuplicate'> = (input) => api().markNotDuplicate(input);
export const mergeAllDuplicates: Method<'mergeAllDuplicates'> = (input) => api().mergeAllDuplicates(input);
export const listMerges: Method<'listMerges'> = (input) => api().listMerges(input);
export const undoMerge: Method<'undoMerge'> = (input) => api().undoMerge(input);
// messages
export const listCampaigns: Method<'listCampaigns'> = (input) => api().listCampaigns(input);
export const saveCampaign: Method<'saveCampaign'> = (input) => api().saveCampaign(input);
export const previewMessage: Method<'previewMessage'> = (input) => api().previewMessage(input);
export const sendTestMessage: Method<'sendTestMessage'> = (input) => api().sendTestMessage(input);
export const getTodayPlan: Method<'getTodayPlan'> = (input) => api().getTodayPlan(input);
export const listOutbox: Method<'listOutbox'> = (input) => api().listOutbox(input);
export const getApprovals: Method<'getApprovals'> = (input) => api().getApprovals(input);
export const decideApproval: Method<'decideApproval'> = (input) => api().decideApproval(input);
export const getCampaignAudience: Method<'getCampaignAudience'> = (input) => api().getCampaignAudience(input);
export const getCampaignResults: Method<'getCampaignResults'> = (input) => api().getCampaignResults(input);
// analytics
export const scoreCustomers: Method<'scoreCustomers'> = (input) => api().scoreCustomers(input);
export const getDashboard: Method<'getDashboard'> = (input) => api().getDashboard(input);
export const buildDashboard: Method<'buildDashboard'> = (input) => api().buildDashboard(input);
export const getSatisfaction: Method<'getSatisfaction'> = (input) => api().getSatisfaction(input);
// start here
export const getStartHere: Method<'getStartHere'> = (input) => api().getStartHere(input);
// this week (tasks)
export const listTasks: Method<'listTasks'> = (input) => api().listTasks(input);
export const completeTask: Method<'completeTask'> = (input) => api().completeTask(input);
export const refreshTasks: Method<'refreshTasks'> = (input) => api().refreshTasks(input);
// import
export const previewImport: Method<'previewImport'> = (input) => api().previewImport(input);
export const runImport: Method<'runImport'> = (input) => api().runImport(input);
export const listImports: Method<'listImports'> = (input) => api().listImports(input);
export const undoImport: Method<'undoImport'> = (input) => api().undoImport(input);
// segments and reports
export const getSegmentBuilder: Method<'getSegmentBuilder'> = (input) => api().getSegmentBuilder(input);
export const previewSegment: Method<'previewSegment'> = (input) => api().previewSegment(input);
export const saveSegment: Method<'saveSegment'> = (input) => api().saveSegment(input);
export const getSegmentReport: Method<'getSegmentReport'> = (input) => api().getSegmentReport(input);
export const listSegments: Method<'listSegments'> = (input) => api().listSegments(input);
export const writeSegmentMembers: Method<'writeSegmentMembers'> = (input) => api().writeSegmentMembers(input);
export const writeReports: Method<'writeReports'> = (input) => api().writeReports(input);
export const getSegmentDashboard: Method<'getSegmentDashboard'> = (input) => api().getSegmentDashboard(input);
export const buildSegmentDashboard: Method<'buildSegmentDashboard'> = (input) => api().buildSegmentDashboard(input);
// loyalty sidebar
export const getLoyaltyOverview: Method<'getLoyaltyOverview'> = (input) => api().getLoyaltyOverview(input);
export const saveLoyaltyTiers: Method<'saveLoyaltyTiers'> = (input) => api().saveLoyaltyTiers(input);
export const getMembershipCard: Method<'getMembershipCard'> = (input) => api().getMembershipCard(input);
