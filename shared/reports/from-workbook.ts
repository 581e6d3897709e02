import { segmentMatchesOnGrid } from '../segments';
import { cellText, customersTab, interactionsTab, outboxTab, parseSettings, purchasesTab, readTable, segmentsTab, SETTINGS_TAB, type CellValue, type Columns, type Grid, type TabDef, type Workbook } from '../workbook';
import { buildReport, type Report } from './build';
import { REPORT_DIMENSIONS, type ReportDimension } from './dimensions';
import type { ReportLedger } from './ledger';
import { ledgerOf } from './sources';

const CUSTOMER_FIELDS = ['id', 'status', 'contact_type', 'merged_into', 'clv_12m', 'churn_risk', 'category', 'region', 'industry', 'account_manager', 'source', 'clv_tier', 'rfm_segment'] as const;
const PURCHASE_FIELDS = ['customer_id', 'date', 'amount'] as const;

/** The tab with only these columns: a report decodes 13 of the Customers tab's 40-odd columns and 3 of Purchases'. */
function narrow<C extends Columns, K extends keyof C & string>(def: TabDef<C>, fields: readonly K[]): TabDef<Pick<C, K>> {
  const columns = {} as Pick<C, K>;
  for (const f of fields) columns[f] = def.columns[f];
  return { ...def, columns };
}

const reportCustomersTab = narrow(customersTab, CUSTOMER_FIELDS);
const reportPurchasesTab = narrow(purchasesTab, PURCHASE_FIELDS);

/** A report that could not be made, with the reason in words a user can act on. */
export interface ReportProblem {
  code: 'no_customers' | 'bad_date' | 'unknown_segment' | 'bad_segment';
  message: string;
}

/** What to report on a workbook. */
export interface WorkbookReportRequest {
  by: ReportDimension;
  date: string;
  /** Only the members of this saved segment (its name on the Segments tab, case-insensitive). */
  segment?: string;
  /** The business's zone as the caller's businessClock decided it (a blank Settings time_zone may be the host's); default Settings time_zone. */
  timeZone?: string;
}

/**
 * The members of the saved segments `wanted` keeps (by lower-cased name); a rule that cannot be used is a problem
 * naming its row, the segment and the place in the rule. Each rule is evaluated on just the columns it names.
 */
function savedSegments(
  wb: Workbook,
  grid: Grid,
  date: string,
  wanted: (name: string) => boolean,
): { ok: true; names: string[]; segments: { name: string; members: Set<string> }[] } | { ok: false; problem: ReportProblem } {
  const segments: { name: string; members: Set<string> }[] = [];
  const names: string[] = [];
  for (const { row, record } of readTable(wb, segmentsTab)?.rows ?? []) {
    const name = record.name.trim();
    if (name === '') continue;
    names.push(name);
    if (!wanted(name.toLowerCase())) continue;
    const result = segmentMatchesOnGrid(record.rule, grid, date, ['id']);
    if (!result.ok) {
      const issue = result.issues[0];
      return { ok: false, problem: { code: 'bad_segment', message: `Segments row ${row} ("${name}"): ${issue?.message ?? 'the rule cannot be read'} (at character ${(issue?.at ?? 0) + 1})` } };
    }
    segments.push({ name, members: new Set(result.matches.map((i) => cellText(result.table.rows[i]?.id as CellValue | undefined))) });
  }
  return { ok: true, names, segments };
}

/** A report's ledger, the saved segments it groups by and the members it keeps, or why it cannot be made. */
type Prepared = { ok: true; ledger: ReportLedger; segments: { name: string; members: Set<string> }[]; only?: Set<string> } | { ok: false; problem: ReportProblem };

/** The named segment among those evaluated, or a problem listing the names there are. */
function findSegment(saved: { names: string[]; segments: { name: string; members: Set<string> }[] }, wanted: string): { ok: true; name: string; members: Set<string> } | { ok: false; problem: ReportProblem } {
  const found = saved.segments.find((s) => s.name.toLowerCase() === wanted.trim().toLowerCase());
  if (found) return { ok: true, ...found };
  const names = saved.names.join(', ');
  return { ok: false, problem: { code: 'unknown_segment', message: `there is no segment "${wanted}" on the Segments tab${names ? ` (there are: ${names})` : ''}` } };
}

/** The ids of one saved segment's members as of `date` (its name case-insensitive), or why they cannot be had. */
export function segmentMembersOn(wb: Workbook, date: string, name: string): { ok: true; name: string; members: Set<string> } | { ok: false; problem: ReportProblem } {
  const grid = wb.read(customersTab.name);
  if (!grid) return { ok: false, problem: { code: 'no_customers', message: 'the workbook has no Customers tab' } };
  const chosen = name.trim().toLowerCase();
  const saved = savedSegments(wb, grid, date, (n) => n === chosen);
  return saved.ok ? findSegment(saved, name) : saved;
}

/**
 * Reads what a report needs, each tab once: Customers, Purchases, Interactions and sent Outbox messages (costs),
 * Settings (margin and costs), and the Segments `bySegment` or `segment` asks for.
 */
function prepare(wb: Workbook, date: string, bySegment: boolean, segment: string | undefined, zone: string | undefined): Prepared {
  const parsed = parseSettings(wb.read(SETTINGS_TAB)).settings;
  const settings = zone === undefined ? parsed : { ...parsed, time_zone: zone };
  const order = settings.date_order;
  const customers = readTable(wb, reportCustomersTab, order);
  if (!customers) return { ok: false, problem: { code: 'no_customers', message: 'the workbook has no Customers tab' } };
  let ledger: ReportLedger;
  try {
    ledger = ledgerOf(date, settings, {
      customers: customers.rows.map((r) => r.record),
      purchases: (readTable(wb, reportPurchasesTab, order)?.rows ?? []).map((r) => r.record),
      interactions: () => (readTable(wb, interactionsTab, order)?.rows ?? []).map((r) => r.record),
      messages: () => (readTable(wb, outboxTab, order)?.rows ?? []).map((r) => r.record),
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, problem: { code: 'bad_date', message: `"${date}" is not a date as YYYY-MM-DD` } };
  }
  // Only the segments the report needs are evaluated, so a broken rule elsewhere on the tab does not stop it.
  const chosen = segment?.trim().toLowerCase();
  const grid = bySegment || chosen !== undefined ? wb.read(customersTab.name) : undefined;
  const saved = grid ? savedSegments(wb, grid, date, (name) => bySegment || name === chosen) : { ok: true as const, names: [], segments: [] };
  if (!saved.ok) return saved;
  if (segment === undefined) return { ok: true, ledger, segments: saved.segments };
  const found = findSegment(saved, segment);
  return found.ok ? { ok: true, ledger, segments: saved.segments, only: found.members } : found;
}

/** The report of a workbook by one dimension, optionally over one saved segment's members. */
export function reportOnWorkbook(wb: Workbook, request: WorkbookReportRequest): { ok: true; report: Report } | { ok: false; problem: ReportProblem } {
  const prepared = prepare(wb, request.date, request.by === 'segment', request.segment, request.timeZone);
  if (!prepared.ok) return prepared;
  const { ledger, segments, only } = prepared;
  return { ok: true, report: buildReport({ by: request.by, date: request.date, ledger, segments, ...(only ? { only } : {}) }) };
}

/**
 * The reports by every dimension from one reading of the workbook (what the Reports tab holds). By segment only
 * when segments are saved; a segment rule that cannot be used leaves that one report out, with the reason in
 * `notes`, rather than stopping the others.
 */
export function reportsOnWorkbook(wb: Workbook, request: Omit<WorkbookReportRequest, 'by'>): { ok: true; reports: Report[]; notes: string[] } | { ok: false; problem: ReportProblem } {
  const notes: string[] = [];
  let prepared = prepare(wb, request.date, true, request.segment, request.timeZone);
  if (!prepared.ok && prepared.problem.code === 'bad_segment') {
    notes.push(`No report by segment: ${prepared.problem.message}.`);
    prepared = prepare(wb, request.date, false, request.segment, request.timeZone);
  }
  if (!prepared.ok) return prepared;
  const { ledger, segments, only } = prepared;
  const dimensions = REPORT_DIMENSIONS.filter((by) => by !== 'segment' || segments.length > 0);
  return { ok: true, notes, reports: dimensions.map((by) => buildReport({ by, date: request.date, ledger, segments, ...(only ? { only } : {}) })) };
}
