import * as z from 'zod';
import { clvFromSheet, clvScoring, planClv, withRowIds, writeClvColumns, type ClvPlan } from '../../shared/api';
import { ClvError, scoreSummaryColumns, SHEET_UNIT, type CustomerClvResult } from '../../shared/clv';
import { dayNumber, type Issue } from '../../shared/kernel';
import type { Workbook } from '../../shared/workbook';
import { openBackendSheet } from '../greetings';
import { BigQueryRefusal, bigqueryCustomerSummary, bigqueryTableName, openBigQuery, type BigQueryOptions, type BigQueryPort } from '../sql';
import type { HandlerRequest, HandlerResponse } from './handler';
import { invalidRequest } from './invalid-request';

type Env = Readonly<Record<string, string | undefined>>;

/** What the `clv` function needs to score the business's sheet; production wiring is clvSheetDepsFromEnv. */
export interface ClvSheetDeps {
  /** The business's sheet (Settings, Customers, Purchases), read once; commit() sends the buffered writes. */
  openWorkbook: () => Promise<{ wb: Workbook; commit: () => Promise<void> }>;
  /** A BigQuery port for the project and location Settings name (tests pass a fake client through bigQueryPort). */
  bigquery: (options: BigQueryOptions) => Promise<BigQueryPort>;
  /** Now, in milliseconds since the epoch. */
  now: () => number;
  /** The id of the sheet openWorkbook opens (REGULARS_SPREADSHEET_ID), checked against a caller's spreadsheetId. */
  spreadsheetId?: string;
}

/**
 * The deployed function's dependencies: the sheet REGULARS_SPREADSHEET_ID through the Sheets API, and BigQuery
 * with Application Default Credentials, which on Cloud Functions are the function's service account.
 */
export function clvSheetDepsFromEnv(env: Env): ClvSheetDeps {
  return {
    openWorkbook: () => openBackendSheet(env, ['Settings', 'Customers', 'Purchases']),
    bigquery: (options) => openBigQuery(options),
    now: () => Date.now(),
    ...(env.REGULARS_SPREADSHEET_ID ? { spreadsheetId: env.REGULARS_SPREADSHEET_ID } : {}),
  };
}

/**
 * The body that asks for the sheet to be scored: `{ "sheet": true }`, and from the add-on the id of the spreadsheet
 * it runs in (`spreadsheetId`), so a function set up for another sheet refuses rather than scoring that one.
 */
export const sheetBody = z.object({ sheet: z.literal(true), spreadsheetId: z.string().trim().min(1).max(200).optional() }).strict();

/** Whether a body asks for the sheet mode (then it is held to sheetBody; otherwise it is a purchases body). */
export function asksForSheet(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'sheet' in body;
}

/** Raised when the deadline passes while BigQuery is still summarising. */
class DeadlineError extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), Math.max(0, ms));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A 400 for Settings that cannot be used: the first problem says what, `issues` lists each naming its key. */
function settingsRefusal(issues: readonly Issue[]): HandlerResponse {
  const lines = issues.map((i) => i.message);
  return { status: 400, body: { error: `invalid Settings: ${lines[0] ?? 'unreadable'}`, issues: lines, keys: issues.map((i) => i.path.join('.')) } };
}

/** The log summarised in BigQuery, scored here exactly as the sheet's own log is. */
async function clvFromBigQuery(plan: ClvPlan & { warehouse: { kind: 'bigquery' } }, deps: ClvSheetDeps, ms: number): Promise<CustomerClvResult> {
  const { table, location } = plan.warehouse;
  const port = await deps.bigquery({ projectId: table.project, ...(location === undefined ? {} : { location }) });
  const summary = await within(bigqueryCustomerSummary(port, table, dayNumber(plan.today)!, SHEET_UNIT), ms);
  return scoreSummaryColumns(summary, clvScoring(plan));
}

/**
 * The `clv` function's sheet mode (`{ "sheet": true }`, from Cloud Scheduler or the add-on): reads Settings, takes
 * the purchase log from BigQuery when Settings `warehouse` is `bigquery` (else the Purchases tab, as Score
 * customers does), fits and scores it with the sheet's one pipeline, and writes the CLV columns of Customers in
 * one batch. A spreadsheetId other than its own is a 409; unusable Settings are a 400 naming the key; a log the
 * engine refuses is a 422; BigQuery failing is a 502; the deadline passing is a 503.
 */
export async function scoreSheet(request: HandlerRequest, deps: ClvSheetDeps): Promise<HandlerResponse> {
  const started = deps.now();
  const parsed = sheetBody.safeParse(request.body);
  if (!parsed.success) return invalidRequest(parsed.error);
  const asked = parsed.data.spreadsheetId;
  if (asked !== undefined && asked !== deps.spreadsheetId) {
    // Neither id is echoed: the caller knows its own, and the function's is its operator's business.
    return { status: 409, body: { error: 'this clv function scores another spreadsheet (its REGULARS_SPREADSHEET_ID is not the one asked for); nothing was read or written', code: 'other_spreadsheet' } };
  }
  const opened = await deps.openWorkbook();
  // Rows typed into the sheet by hand get their ids on the first read, as in the add-on.
  const wb = withRowIds(opened.wb, []);
  const planned = planClv(wb, new Date(started).toISOString());
  if (!planned.ok) return planned.issues.some((i) => i.path[0] === 'Settings') ? settingsRefusal(planned.issues) : refusal(planned.issues);
  const plan = planned.value;
  const { warehouse } = plan;
  let clv: CustomerClvResult;
  try {
    if (warehouse.kind === 'bigquery') {
      clv = await clvFromBigQuery({ ...plan, warehouse }, deps, request.deadlineMs - (deps.now() - started));
    } else {
      const fromSheet = clvFromSheet(wb, plan);
      if (!fromSheet.ok) return refusal(fromSheet.issues);
      clv = fromSheet.value;
    }
  } catch (error) {
    if (error instanceof DeadlineError) return { status: 503, body: { error: 'deadline: BigQuery did not summarise the purchase log in the time this function has; nothing was written' } };
    if (error instanceof BigQueryRefusal || error instanceof ClvError) return { status: 422, body: { error: `cannot score: ${error.message}`, code: error instanceof ClvError ? error.code : 'bigquery_refused' } };
    if (warehouse.kind === 'bigquery') {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return { status: 502, body: { error: `BigQuery (${bigqueryTableName(warehouse.table)}): ${message}`, code: 'bigquery_failed' } };
    }
    throw error;
  }
  const written = wb.withLock(() => writeClvColumns(wb, plan, clv));
  if (!written.ok) return refusal(written.issues);
  await opened.commit();
  return {
    status: 200,
    body: {
      source: warehouse.kind === 'bigquery' ? `bigquery:${bigqueryTableName(warehouse.table)}` : 'sheet',
      asOf: plan.today,
      ...written.value,
      purchaseModel: clv.purchaseModel,
      spendModel: clv.spendModel,
      warnings: clv.warnings,
      notes: plan.notes,
    },
  };
}

/** A workbook that cannot be scored (no Customers tab, no purchases): a 422 with the reason. */
function refusal(issues: readonly Issue[]): HandlerResponse {
  return { status: 422, body: { error: `cannot score: ${issues[0]?.message ?? 'unreadable workbook'}`, issues: issues.map((i) => i.message) } };
}
