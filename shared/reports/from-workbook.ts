import { segmentMatchesOnGrid } from '../segments';
import { cellText, customersTab, interactionsTab, outboxTab, parseSettings, purchasesTab, readTable, segmentsTab, SETTINGS_TAB, type CellValue, type Columns, type Grid, type TabDef, type Workbook } from '../workbook';
import { buildReport, type Report } from './build';
import { costRatesOf } from './costs';
import type { ReportDimension } from './dimensions';
import { ReportLedger } from './ledger';

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

/**
 * The report of a workbook: Customers, Purchases, Interactions and sent Outbox messages (costs), Settings
 * (margin and costs) and Segments, each tab read once.
 */
export function reportOnWorkbook(wb: Workbook, request: WorkbookReportRequest): { ok: true; report: Report } | { ok: false; problem: ReportProblem } {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  const order = settings.date_order;
  const customers = readTable(wb, reportCustomersTab, order);
  if (!customers) return { ok: false, problem: { code: 'no_customers', message: 'the workbook has no Customers tab' } };
  const rates = costRatesOf(settings);
  let ledger: ReportLedger;
  try {
    ledger = new ReportLedger(request.date, customers.rows.map((r) => r.record), rates, settings.time_zone);
  } catch {
    return { ok: false, problem: { code: 'bad_date', message: `"${request.date}" is not a date as YYYY-MM-DD` } };
  }
  for (const { record: p } of readTable(wb, reportPurchasesTab, order)?.rows ?? []) ledger.addPurchase(p.customer_id, p.date, p.amount);
  // A tab whose rows would all cost 0 is not read: the biggest tabs of a workbook, and no setting asks for them.
  if (rates.otherInteraction > 0 || Object.values(rates.interaction).some((c) => c > 0)) {
    for (const { record: i } of readTable(wb, interactionsTab, order)?.rows ?? []) ledger.addInteraction(i.customer_id, i.date, i.kind);
  }
  if (rates.message > 0) {
    for (const { record: m } of readTable(wb, outboxTab, order)?.rows ?? []) if (m.status === 'sent') ledger.addMessage(m.customer_id, m.sent_at);
  }

  // Only the segments the report needs are evaluated, so a broken rule elsewhere on the tab does not stop it.
  const chosen = request.segment?.trim().toLowerCase();
  const grid = request.by === 'segment' || chosen !== undefined ? wb.read(customersTab.name) : undefined;
  const saved = grid ? savedSegments(wb, grid, request.date, (name) => request.by === 'segment' || name === chosen) : { ok: true as const, names: [], segments: [] };
  if (!saved.ok) return saved;
  let only: Set<string> | undefined;
  if (chosen !== undefined) {
    const found = saved.segments.find((s) => s.name.toLowerCase() === chosen);
    if (!found) {
      const names = saved.names.join(', ');
      return { ok: false, problem: { code: 'unknown_segment', message: `there is no segment "${request.segment}" on the Segments tab${names ? ` (there are: ${names})` : ''}` } };
    }
    only = found.members;
  }
  return { ok: true, report: buildReport({ by: request.by, date: request.date, ledger, segments: saved.segments, ...(only ? { only } : {}) }) };
}
