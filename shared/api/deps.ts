import type { PhoneNormaliser } from '../customers';
import type { Holiday, Mailer, OutgoingMessage, SendResult } from '../greetings';
import type { Workbook } from '../workbook';

/** Where the person's cursor is in the sheet. */
export interface Selection {
  tab: string;
  row: number;
}

/** What the server code needs from its host: the workbook of this call, the clock and who is calling. */
export interface ServerDeps {
  /** The workbook for this call (a fresh session per call in Apps Script; one shared file in the workbench). */
  workbook: () => Workbook;
  /** Now, as an ISO date-time. */
  now: () => string;
  /** Who is making the change, for the logs (an e-mail address in the add-on). */
  user: () => string;
  /** The selected row, when the host knows one. */
  selection?: () => Selection | undefined;
  /**
   * Calls one of the project's HTTP functions by name with a JSON body and returns its parsed JSON answer, or
   * throws (with a message safe to show) when the call fails. Absent when no functions URL is configured.
   */
  remote?: (fn: string, body: unknown) => unknown;
  /**
   * The id of the spreadsheet this call works on (the add-on's active one), sent to functions that write a sheet
   * so that one set up for another spreadsheet refuses; absent on local hosts.
   */
  spreadsheetId?: () => string;
  /**
   * The mailer for the Messages sidebar's test send: Gmail (MailApp fallback) in the add-on, the file outbox
   * in the workbench. `sendNow`, when present, answers synchronously (Apps Script), so the sidebar call returns
   * a value rather than a promise. Absent: test sends are refused.
   */
  mailer?: () => Mailer & { sendNow?(message: OutgoingMessage): SendResult };
  /** Phones to E.164 (libphonenumber-js on Node, addon/server/phone-lite.ts in the add-on); default shared/dedupe's e164Phone. */
  normalisePhone?: PhoneNormaliser;
  /** The holidays of a country for a year (date-holidays on Node); absent: holiday campaigns are not planned in previews. */
  holidays?: (country: string, year: number) => Holiday[];
  /** Per-user preferences kept out of the sheet (document properties in the add-on, a local file in the workbench). */
  prefs?: { get(key: string): string | undefined; set(key: string, value: string): void };
  /** Who installed the sending trigger: the one who approves runs when Settings approvers is blank. */
  owner?: () => string | undefined;
  /**
   * The spreadsheet's own time zone, for a blank Settings time_zone (businessClock in shared/kernel), asked only
   * then. The add-on passes it here and to its hourly run (runGreetingsAt's hostZone), so the Today tab and the run
   * agree; Node hosts (workbench, CLI, functions) have no spreadsheet zone and pass nothing: blank means UTC.
   */
  hostTimeZone?: () => string | undefined;
}
