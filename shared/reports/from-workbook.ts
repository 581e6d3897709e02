import { segmentMemberIds, segmentTable, type SegmentTable } from '../segments';
import { customersTab, interactionsTab, outboxTab, parseSettings, purchasesTab, readTable, segmentsTab, SETTINGS_TAB, type Columns, type TabDef, type Workbook } from '../workbook';
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

/** Every saved segment's members; a rule that cannot be used is a problem naming the segment and the place. */
function savedSegments(wb: Workbook, table: SegmentTable, date: string): { ok: true; segments: { name: string; members: Set<string> }[] } | { ok: false; problem: ReportProblem } {
  const segments: { name: string; members: Set<string> }[] = [];
  for (const { row, record } of readTable(wb, segmentsTab)?.rows ?? []) {
    const name = record.name.trim();
    if (name === '') continue;
    const members = segmentMemberIds(record.rule, table, date);
    if (!members.ok) {
      const issue = members.issues[0];
      return { ok: false, problem: { code: 'bad_segment', message: `Segments row ${row} ("${name}"): ${issue?.message ?? 'the rule cannot be read'} (at character ${(issue?.at ?? 0) + 1})` } };
    }
    segments.push({ name, members: members.ids });
  }
  return { ok: true, segments };
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

  const needsSegments = request.by === 'segment' || request.segment !== undefined;
  const grid = needsSegments ? wb.read(customersTab.name) : undefined;
  const saved = grid ? savedSegments(wb, segmentTable(grid), request.date) : { ok: true as const, segments: [] };
  if (!saved.ok) return saved;
  let only: Set<string> | undefined;
  if (request.segment !== undefined) {
    const wanted = request.segment.trim().toLowerCase();
    const found = saved.segments.find((s) => s.name.toLowerCase() === wanted);
    if (!found) {
      const names = saved.segments.map((s) => s.name).join(', ');
      return { ok: false, problem: { code: 'unknown_segment', message: `there is no segment "${request.segment}" on the Segments tab${names ? ` (there are: ${names})` : ''}` } };
    }
    only = found.members;
  }
  return { ok: true, report: buildReport({ by: request.by, date: request.date, ledger, segments: saved.segments, ...(only ? { only } : {}) }) };
}
