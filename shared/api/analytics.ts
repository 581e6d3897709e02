import { businessClock, fail, ok, refuse, type HostZone } from '../kernel';
import { ClvError, scoreCustomerColumns, type ClvFault, type CustomerClvResult } from '../clv';
import { buildDashboard as buildDashboardData, DASHBOARD_TAB, dashboardSheet, type Dashboard, type TablePlacement } from '../dashboard';
import { isCustomerContact, MEMBERSHIP_COUNTER, planLoyalty, type LoyaltyPlan } from '../loyalty';
import { analyzeRetention, scoredColumns, type CustomerProfile } from '../retention';
import {
  appendRecords,
  customersTab,
  defectionsTab,
  describeIssue,
  interactionsTab,
  loyaltyTab,
  openTable,
  outboxTab,
  parseSettings,
  purchasesTab,
  readTable,
  SETTINGS_TAB,
  writeSettings,
  type CellIssue,
  type CellUpdate,
  type CellValue,
  type Customer,
  type Purchase,
  type Settings,
  type Workbook,
} from '../workbook';
import { customerEconomics, ledgerOf, type CustomerEconomics } from '../reports';
import { syncTasks } from './tasks';
import { withSatisfactionBlock } from './satisfaction';
import type { ApiResult, NoInput } from './result';
import { planClv, scoredPurchases } from './clv-columns';
import type { ServerDeps } from './deps';
import { scoreFromWarehouse, type ScoredCustomers, type WarehouseScoreResult } from './score-warehouse';

/** What "Score customers" did from the Purchases tab: how many rows it wrote, which models it used, and anything the owner should know. */
export interface ScoreCustomersResult extends ScoredCustomers {
  /** The log was the sheet's own Purchases tab (Settings warehouse blank or sheet); merged rows and other contact types are blanked, not counted in `scored`. */
  source: 'sheet';
  /** Defections found for the first time, appended to the Defections tab (one append). */
  newDefections: number;
  /** The Tasks tab brought up to date: tasks created, refreshed, closed as no longer needed, and open now. */
  tasks: { created: number; refreshed: number; closed: number; open: number };
  /** Loyalty tiers written: customers with a tier now, tiers that went up (the upgrade campaign fires) or down, numbers issued. */
  loyalty: { members: number; upgrades: number; downgrades: number; issued: number };
  /** Plain-language notes: why a model fell back, rows that could not be read (by row and column). */
  messages: string[];
}

/** The dashboard as written to the Dashboard tab, with where each table landed (the add-on draws charts there). */
export interface BuiltDashboard {
  dashboard: Dashboard;
  tab: string;
  /** The tab's width in columns (the charts are drawn to the right of it). */
  columns: number;
  placements: TablePlacement[];
}

/** The analytics calls: scoring the Customers tab and the Dashboard. */
export interface AnalyticsApi {
  /** Scores from the Purchases tab, or, when Settings warehouse is bigquery, through the clv function (source tells which). */
  scoreCustomers: (input: NoInput) => ApiResult<ScoreCustomersResult | WarehouseScoreResult>;
  /** The dashboard computed from the workbook, without writing anything (the sidebar's view). */
  getDashboard: (input: NoInput) => ApiResult<Dashboard>;
  /** Computes the dashboard and writes its tables to the Dashboard tab. */
  buildDashboard: (input: NoInput) => ApiResult<BuiltDashboard>;
}

/** The scored Customers columns of DESIGN §2, in contract order (adjacent, so the write is one block). */
export const SCORED_COLUMNS = [
  'orders',
  'revenue',
  'first_purchase',
  'last_purchase',
  'p_alive',
  'expected_purchases_90d',
  'clv_12m',
  'clv_tier',
  'rfm_segment',
  'churn_risk',
  'cost_12m',
  'profit_12m',
] as const satisfies readonly (keyof Customer)[];

type ScoredColumn = (typeof SCORED_COLUMNS)[number];

/** The loyalty columns scoring writes in the same batch as the scored ones (added when a tab lacks them). */
const LOYALTY_COLUMNS = ['membership_tier', 'membership_no', 'tier_upgraded_at'] as const satisfies readonly (keyof Customer)[];

const FAULT_NOTES: Record<ClvFault, string> = {
  invalid_input: 'The purchases could not be read for the lifetime model.',
  too_few_customers: 'Too few customers with purchases to fit a lifetime model (BG/NBD needs at least 10).',
  too_few_repeat_buyers: 'No repeat buyers to fit a lifetime model yet (BG/NBD needs at least one customer who bought on two or more days).',
  did_not_converge: 'The lifetime model could not be fitted to this data (the fit did not converge).',
  spend_mean_undefined: 'Spend per visit varies too much for the spend model (Gamma-Gamma q ≤ 1), so CLV uses each customer\'s own average order.',
  numerical: 'The lifetime model gave numbers too extreme to trust for this data.',
};

const PURCHASE_FALLBACK = 'p_alive is left blank; expected purchases and CLV come from each customer\'s own purchase rate, and churn risk from their purchase rhythm.';

const SPEND_FALLBACK = 'Too few repeat buyers with spend to fit the spend model (Gamma-Gamma needs at least 5), so CLV uses each customer\'s own average order.';


/** The tables the analytics read, each tab read once. */
interface Loaded {
  settings: Settings;
  today: string;
  customers: { row: number; record: Customer }[];
  purchases: Purchase[];
  issues: CellIssue[];
  /** Settings that could not be read (their defaults are used), by row. */
  settingNotes: string[];
  /** Settings keys the schema does not know (the task settings among them). */
  extra: Record<string, string>;
}

function load(wb: Workbook, now: string, hostZone: HostZone | undefined): Loaded | ApiResult<never> {
  const parsed = parseSettings(wb.read(SETTINGS_TAB));
  const settings = parsed.settings;
  const settingNotes = parsed.issues.map((i) => `Settings row ${i.row}, ${i.key}: ${i.message}; the default ${String(settings[i.key as keyof Settings])} was used.`);
  const order = settings.date_order;
  const customers = readTable(wb, customersTab, order);
  if (!customers) return refuse(['Customers'], 'There is no Customers tab yet. Run "Set up Regulars tabs" first.');
  const purchases = readTable(wb, purchasesTab, order);
  const clock = businessClock(now, settings.time_zone, hostZone);
  if (!clock.ok) return fail(clock.issues);
  const issues = purchases?.issues ?? [];
  // Engines read dates in settings.time_zone: give them the zone decided here (a blank one is the host's, or UTC).
  return { settings: { ...settings, time_zone: clock.value.zone }, today: clock.value.today, customers: customers.rows, purchases: purchases?.rows.map((r) => r.record) ?? [], issues, settingNotes: [...settingNotes, ...(clock.notes ?? [])], extra: parsed.extra };
}

function isRefusal(x: Loaded | ApiResult<never>): x is ApiResult<never> {
  return 'ok' in x;
}

/** At most five unreadable cells by row and column, then how many more. */
function cellNotes(issues: readonly CellIssue[]): string[] {
  const notes = issues.slice(0, 5).map((i) => `${describeIssue(i)}. Correct it and score again.`);
  if (issues.length > 5) notes.push(`…and ${issues.length - 5} more unreadable cells on the Purchases tab.`);
  return notes;
}

/** A number fit for a cell: rounded, never NaN or ±Infinity (blank instead). */
function num(value: number | undefined | null, digits: number): CellValue {
  if (value === undefined || value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Implements AnalyticsApi over the Workbook port, so the add-on, the workbench and tests share it. */
export function createAnalyticsApi(deps: ServerDeps): AnalyticsApi {
  const dashboardOf = (wb: Workbook): ApiResult<Dashboard> => {
    const loaded = load(wb, deps.now(), deps.hostTimeZone);
    if (isRefusal(loaded)) return loaded;
    const order = loaded.settings.date_order;
    const dashboard = buildDashboardData({
      customers: loaded.customers.map((r) => r.record),
      purchases: loaded.purchases,
      interactions: readTable(wb, interactionsTab, order)?.rows.map((r) => r.record) ?? [],
      defections: readTable(wb, defectionsTab, order)?.rows.map((r) => r.record) ?? [],
      settings: loaded.settings,
      today: loaded.today,
    });
    return ok(dashboard);
  };

  return {
    scoreCustomers() {
      const wb = deps.workbook();
      // Where the log is comes first: a Settings problem there refuses, never falling back to the Purchases tab.
      const plan = planClv(wb, deps.now(), deps.hostTimeZone);
      if (!plan.ok) return plan;
      const { warehouse } = plan.value;
      // The function writes the sheet itself: no document lock is held while it works.
      if (warehouse.kind === 'bigquery') return scoreFromWarehouse(deps, { ...plan.value, warehouse });
      return wb.withLock(() => scoreUnderLock(wb, deps.now(), deps.hostTimeZone));
    },

    getDashboard() {
      return dashboardOf(deps.workbook());
    },

    buildDashboard() {
      const wb = deps.workbook();
      return wb.withLock(() => {
        const result = dashboardOf(wb);
        if (!result.ok) return result;
        // The tab carries the satisfaction block too, in the same one write.
        const { dashboard, notes } = withSatisfactionBlock(wb, deps, result.value);
        const sheet = dashboardSheet(dashboard);
        wb.ensureTab(DASHBOARD_TAB, sheet.layout);
        wb.replaceRows(DASHBOARD_TAB, sheet.rows);
        return ok({ dashboard, tab: DASHBOARD_TAB, columns: sheet.layout.header.length, placements: sheet.placements }, notes);
      });
    },
  };
}

/**
 * Fits the lifetime model on every purchase up to today, runs the retention analysis with its P(alive), and writes
 * the ten scored columns of every Customers row in one batch (the columns are added first when missing).
 */
function scoreUnderLock(wb: Workbook, now: string, hostZone: HostZone | undefined): ApiResult<ScoreCustomersResult> {
  const loaded = load(wb, now, hostZone);
  if (isRefusal(loaded)) return loaded;
  const { settings, today } = loaded;
  const customers = loaded.customers.map((r) => r.record);
  // Merged customers' purchases go to their survivors; the models and the analysis see customers only.
  const { dated, counted } = scoredPurchases(customers, loaded.purchases, today);
  if (counted.purchases.length === 0) {
    return refuse(['Purchases'], `There are no purchases dated on or before ${today} to score. Add rows to the Purchases tab (customer_id, date, amount), then run Score customers again.`);
  }
  let clv: CustomerClvResult;
  try {
    clv = scoreCustomerColumns(counted.purchases, { today, margin: settings.margin_pct / 100, discountRate: settings.discount_rate });
  } catch (error) {
    if (error instanceof ClvError) return refuse(['Purchases'], FAULT_NOTES[error.code]);
    throw error;
  }
  const pAlive: Record<string, number> = {};
  for (const [id, c] of clv.columns) if (c.p_alive !== undefined) pAlive[id] = c.p_alive;
  const interactions = readTable(wb, interactionsTab, settings.date_order)?.rows.map((r) => r.record) ?? [];
  const recorded = readTable(wb, defectionsTab, settings.date_order);
  const analysis = analyzeRetention({ customers: counted.customers, purchases: counted.purchases, interactions, defections: recorded?.rows.map((r) => r.record) ?? [], settings, asOf: today, scores: { pAlive } });
  const profiles = new Map(analysis.profiles.map((p) => [p.id, p]));
  // Cost to serve and profit come from the ledger `regulars report` counts with, so the columns add up to its totals.
  const economics = customerEconomics(
    ledgerOf(today, settings, {
      customers,
      purchases: loaded.purchases,
      interactions: () => interactions,
      messages: () => readTable(wb, outboxTab, settings.date_order)?.rows.map((r) => r.record) ?? [],
    }),
  );

  // Tiers from the Loyalty tab and numbers by the Settings rule; adding columns later keeps the row numbers.
  const loyalty = planLoyalty({
    customers: loaded.customers,
    purchases: dated,
    tiers: readTable(wb, loyaltyTab, settings.date_order)?.rows.map((r) => r.record) ?? [],
    today,
    rule: settings.membership_rule,
    prefix: settings.membership_prefix,
    lastIssued: Number(loaded.extra[MEMBERSHIP_COUNTER] ?? 0),
  });
  const loyaltyNeeds = LOYALTY_COLUMNS.filter((field) => loyalty.changes.some((c) => c[field] !== undefined));

  // Only the scored columns a tab lacks (and loyalty columns about to be filled) are added, after the user's own.
  const before = readTable(wb, customersTab, settings.date_order);
  const missing = [...SCORED_COLUMNS, ...loyaltyNeeds].filter((field) => !before?.map.indexOf.has(field));
  const textual = new Set<string>(['clv_tier', 'rfm_segment', 'membership_tier', 'membership_no']);
  if (before && missing.length > 0) wb.ensureTab(customersTab.name, { header: [...before.header, ...missing], textColumns: missing.filter((f) => textual.has(f)) });
  const table = missing.length > 0 ? readTable(wb, customersTab, settings.date_order) : before;
  if (!table) return refuse(['Customers'], 'The Customers tab disappeared while scoring.');
  const at = SCORED_COLUMNS.map((field) => table.map.indexOf.get(field));
  const updates: CellUpdate[] = [];
  let scored = 0;
  let buyers = 0;
  for (const { row, record } of table.rows) {
    const id = record.id.trim();
    const unscored = record.status === 'merged' || !isCustomerContact(record);
    const values = unscored || id === '' ? blankScores() : { ...scoresOf(clv, profiles.get(id), id), ...economicsOf(economics.get(id)) };
    if (!unscored && id !== '') {
      scored++;
      if (clv.columns.has(id)) buyers++;
    }
    SCORED_COLUMNS.forEach((field, k) => {
      const col = at[k];
      if (col !== undefined) updates.push({ row, col: col + 1, value: values[field] });
    });
  }
  updates.push(...loyaltyUpdates(loyalty, table.map.indexOf));
  // One write: planBlocks turns the adjacent scored columns of every row into one rectangle.
  wb.write(customersTab.name, updates);
  if (loyalty.issued > 0) writeSettings(wb, { [MEMBERSHIP_COUNTER]: loyalty.lastIssued });

  // A defection is recorded once: the engine dates it by the day its rule first held, so a later run finds the row.
  const fresh = analysis.defections.filter((d) => d.recordedId === null);
  if (fresh.length > 0) {
    const table = recorded ?? openTable(wb, defectionsTab, settings.date_order);
    appendRecords(
      wb,
      table,
      fresh.map((d) => ({ customer_id: d.customerId, detected_at: d.detectedAt, type: d.type, reason: d.reason, lost_profit_estimate: Number.isFinite(d.lostProfit) ? Math.round(d.lostProfit * 100) / 100 : undefined })),
    );
  }

  // Tasks are derived from the same analysis as the Dashboard's lists, after the new defections have their rows.
  const tasks = syncTasks(wb, { today, now, settings, extra: loaded.extra, customers: table, interactions, analysis });
  const open = tasks.open;

  const messages: string[] = [];
  // The spend model is fitted first, the purchase model second, so each fallback's fault is at its end of the list.
  if (clv.purchaseModel === 'history') messages.push(`${FAULT_NOTES[clv.faults[clv.faults.length - 1] ?? 'too_few_repeat_buyers']} ${PURCHASE_FALLBACK}`);
  if (clv.spendModel === 'average') {
    const fault = clv.faults[0];
    messages.push(fault === undefined || fault === 'too_few_repeat_buyers' ? SPEND_FALLBACK : FAULT_NOTES[fault]);
  }
  // What the lifetime model's fit says in plain words ("almost nobody seems to stop buying"), as a sentence.
  messages.push(...clv.warnings.map((w) => `Lifetime model: ${w}.`));
  const unknown = new Set(counted.purchases.map((p) => p.customer_id.trim()).filter((id) => !profiles.get(id)?.listed));
  if (unknown.size > 0) messages.push(`${unknown.size} customer id(s) on the Purchases tab are not on the Customers tab; their purchases count in the model but have no row to score.`);
  messages.push(...loaded.settingNotes, ...cellNotes(loaded.issues));
  if (fresh.length > 0) messages.push(`${fresh.length} new defection(s) recorded on the Defections tab, with their estimated lost profit.`);
  if (loyalty.members + loyalty.upgrades + loyalty.downgrades + loyalty.issued > 0) {
    messages.push(`Loyalty: ${loyalty.members} customer(s) hold a tier; ${loyalty.upgrades} moved up (the tier-upgrade campaign greets them), ${loyalty.downgrades} down; ${loyalty.issued} membership number(s) issued.`);
  }
  messages.push(...tasks.notes);
  messages.push(`Tasks: ${tasks.created} new, ${tasks.closed} no longer needed, ${open} open on the Tasks tab.`);
  return ok({
    source: 'sheet',
    asOf: today,
    scored,
    buyers,
    cells: updates.length,
    newDefections: fresh.length,
    purchaseModel: clv.purchaseModel,
    spendModel: clv.spendModel,
    tasks: { created: tasks.created, refreshed: tasks.refreshed, closed: tasks.closed, open },
    loyalty: { members: loyalty.members, upgrades: loyalty.upgrades, downgrades: loyalty.downgrades, issued: loyalty.issued },
    messages,
  });
}

/** The cells of the loyalty changes (tier, upgrade date, number), for the same write as the scores. */
function loyaltyUpdates(plan: LoyaltyPlan, indexOf: ReadonlyMap<string, number>): CellUpdate[] {
  const updates: CellUpdate[] = [];
  for (const change of plan.changes) {
    for (const field of LOYALTY_COLUMNS) {
      const value = change[field];
      const col = indexOf.get(field);
      if (value !== undefined && col !== undefined) updates.push({ row: change.row, col: col + 1, value: value === '' ? null : value });
    }
  }
  return updates;
}

function blankScores(): Record<ScoredColumn, CellValue> {
  return { orders: null, revenue: null, first_purchase: null, last_purchase: null, p_alive: null, expected_purchases_90d: null, clv_12m: null, clv_tier: null, rfm_segment: null, churn_risk: null, cost_12m: null, profit_12m: null };
}

/** A customer's cost and profit cells: blank for those a report does not count (archived ones). */
function economicsOf(e: CustomerEconomics | undefined): Pick<Record<ScoredColumn, CellValue>, 'cost_12m' | 'profit_12m'> {
  return { cost_12m: num(e?.cost_12m, 2), profit_12m: num(e?.profit_12m, 2) };
}

/**
 * One customer's scored cells: orders, revenue, dates, RFM and churn risk from the retention profile (refunds
 * lower revenue but are not orders), P(alive), expected purchases, CLV and its tier from the lifetime model.
 */
function scoresOf(clv: CustomerClvResult, profile: CustomerProfile | undefined, id: string): Record<ScoredColumn, CellValue> {
  const c = clv.columns.get(id);
  if (!profile || profile.purchaseDays === 0) return { ...blankScores(), orders: 0, revenue: 0 };
  const r = scoredColumns(profile);
  return {
    orders: num(r.orders, 0),
    revenue: num(r.revenue, 2),
    first_purchase: r.first_purchase ?? null,
    last_purchase: r.last_purchase ?? null,
    p_alive: num(c?.p_alive, 4),
    expected_purchases_90d: num(c?.expected_purchases_90d, 4),
    clv_12m: num(c?.clv_12m, 2),
    clv_tier: c?.clv_tier ?? null,
    rfm_segment: r.rfm_segment === '' ? null : r.rfm_segment,
    churn_risk: num(r.churn_risk, 3),
    cost_12m: null,
    profit_12m: null,
  };
}
