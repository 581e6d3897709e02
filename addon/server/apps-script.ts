import { builtInHolidays } from './holidays';
import type { Selection, ServerDeps } from '../../shared/api';
import { SpreadsheetWorkbook, type SpreadsheetServices } from './spreadsheet-workbook';

/** The Apps Script services the workbook adapter uses, read from the globals only when called. */
export function appsScriptServices(): SpreadsheetServices {
  return {
    documentLock: () => LockService.getDocumentLock(),
    flush: () => SpreadsheetApp.flush(),
    formatDate: (date, timeZone, pattern) => Utilities.formatDate(date, timeZone, pattern),
    newRichText: (text, url) => SpreadsheetApp.newRichTextValue().setText(text).setLinkUrl(url).build(),
  };
}

/** A Workbook session over the spreadsheet this add-on runs in (one per server call). */
export function activeWorkbook(): SpreadsheetWorkbook {
  return new SpreadsheetWorkbook(SpreadsheetApp.getActiveSpreadsheet(), appsScriptServices());
}

/** The tab and row of the person's cursor, or undefined when nothing is selected. */
function activeSelection(): Selection | undefined {
  const range = SpreadsheetApp.getActiveRange();
  if (!range) return undefined;
  return { tab: range.getSheet().getName(), row: range.getRow() };
}

/** What the shared server API needs from Apps Script: a fresh workbook session per call, the clock, the user. */
export function appsScriptDeps(): ServerDeps {
  let session: SpreadsheetWorkbook | undefined;
  return {
    workbook: () => (session ??= activeWorkbook()),
    now: () => new Date().toISOString(),
    // Asked only when Settings time_zone is blank (businessClock), as the hourly trigger asks it (hourlyEnv).
    hostTimeZone: () => (session ??= activeWorkbook()).spreadsheetTimeZone(),
    user: () => Session.getActiveUser().getEmail(),
    selection: activeSelection,
    holidays: (country, year) => builtInHolidays(country).filter((h) => h.date.startsWith(`${year}-`)),
    // Sent to the clv function, which scores only the spreadsheet it is set up for.
    spreadsheetId: () => SpreadsheetApp.getActiveSpreadsheet().getId(),
  };
}
