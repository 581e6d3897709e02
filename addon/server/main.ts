// The add-on's entry: every export becomes a top-level Apps Script function (scripts/build.mjs adds the
// delegates). Nothing here may run at load time: Apps Script evaluates this file on every call.
import { createServerApi, type ServerApi } from '../../shared/api';
import { migrateWorkbook } from '../../shared/workbook';
import { activeWorkbook, appsScriptDeps } from './apps-script';

/** The sidebar of one customer, served from dist/addon/customer-card.html. */
const CUSTOMER_CARD = 'customer-card';

/** Menu items in order: label and the top-level function it runs. */
export const MENU_ITEMS: readonly (readonly [label: string, fn: string])[] = [
  ['Customer card', 'showCustomerCard'],
  ['Set up Regulars tabs', 'setUpWorkbook'],
];

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

/** Opens the customer card sidebar. */
export function showCustomerCard(): void {
  const html = HtmlService.createHtmlOutputFromFile(CUSTOMER_CARD).setTitle('Customer card');
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Creates the missing Regulars tabs and columns (a user's own columns stay) and records the schema version. */
export function setUpWorkbook(): { from: number; to: number } {
  const wb = activeWorkbook();
  return wb.withLock(() => migrateWorkbook(wb));
}

function api(): ServerApi {
  return createServerApi(appsScriptDeps());
}

// One top-level function per ServerApi method, each over a fresh SpreadsheetApp session. One line each, so
// capabilities can be added side by side; tests/build checks that this list matches SERVER_API_METHODS.
type Method<K extends keyof ServerApi> = ServerApi[K];
// customer card
export const searchCustomers: Method<'searchCustomers'> = (input) => api().searchCustomers(input);
export const getCustomerCard: Method<'getCustomerCard'> = (input) => api().getCustomerCard(input);
export const getSelectedCustomer: Method<'getSelectedCustomer'> = (input) => api().getSelectedCustomer(input);
export const saveCustomer: Method<'saveCustomer'> = (input) => api().saveCustomer(input);
