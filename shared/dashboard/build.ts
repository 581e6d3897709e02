import { analyzeRetention, callList, cohortMatrix, periodRates, RFM_SEGMENTS, type RetentionAnalysis, type RetentionOptions } from '../retention';
import { customersOnly } from '../loyalty';
import type { CellValue, Customer, Defection, Interaction, Purchase, Settings } from '../workbook';
import type { ChartSpec, Dashboard, DashboardTable, ValueFormat } from './model';
import { chartCaption } from './insights';
import { defectionReasonTable } from './reasons';
import { PERCENTILE_TIERS, percentileTiers } from './tiers';

/** Per-customer scores from the clv engine, plain values keyed by customer id; missing ones are read from Customers. */
export interface DashboardScores {
  pAlive?: Readonly<Record<string, number>>;
  clv?: Readonly<Record<string, number>>;
  clvTier?: Readonly<Record<string, string>>;
}

/** How much of each list the dashboard shows. */
export interface DashboardOptions {
  /** Months of revenue and activity (default 24). */
  months?: number;
  /** Latest cohorts in the heatmap (default 12). */
  cohorts?: number;
  /** Months after the first purchase in the heatmap (default 12). */
  cohortMonths?: number;
  /** Customers on the at-risk list (default 20). */
  atRisk?: number;
  /** Defections listed (default 50). */
  defections?: number;
  retention?: RetentionOptions;
}

/** The workbook's tables, optional scores and today's date (in the business's time zone). */
export interface DashboardInput {
  customers: readonly Customer[];
  purchases: readonly Purchase[];
  interactions?: readonly Interaction[];
  defections?: readonly Defection[];
  settings: Pick<Settings, 'margin_pct' | 'discount_rate' | 'complaint_days' | 'time_zone' | 'currency'>;
  today: string;
  scores?: DashboardScores;
  options?: DashboardOptions;
  /** A retention analysis already run on the same input, to avoid running it twice. */
  analysis?: RetentionAnalysis;
}

const TYPE_LABELS: Record<string, string> = {
  no_repurchase: 'No repurchase',
  missed_appointment: 'Missed appointment',
  not_returning: 'Not returning after a complaint',
  complaint_unresolved: 'Complaint unresolved',
  cancelled: 'Cancelled',
};

const money = (n: number): number => Math.round(n * 100) / 100;
const ratio = (n: number | null): number | null => (n === null ? null : Math.round(n * 10_000) / 10_000);

/**
 * The Dashboard as tables and chart specifications: a summary, revenue and active customers by month, the cohort
 * retention heatmap, the 80/20 curve, CLV tiers, RFM segments, the customers at risk worth a call, and open
 * defections ranked by lost profit with their totals by type.
 */
export function buildDashboard(given: DashboardInput): Dashboard {
  // Customers only: prospects, suppliers and partners (and their purchases) are not counted (issue 13 §6).
  const input: DashboardInput = { ...given, ...customersOnly(given.customers, given.purchases) };
  const options = input.options ?? {};
  const scores = withSheetScores(input.customers, input.scores ?? {});
  const analysis =
    input.analysis ??
    analyzeRetention({
      customers: input.customers,
      purchases: input.purchases,
      interactions: input.interactions,
      defections: input.defections,
      settings: input.settings,
      asOf: input.today,
      scores: { pAlive: scores.pAlive, clv: scores.clv },
      options: options.retention,
    });
  const currency = input.settings.currency;
  const money$ = currency === '' ? 'Revenue' : `Revenue (${currency})`;
  const names = new Map<string, Customer>();
  for (const c of input.customers) names.set(c.id.trim(), c);
  const tables: DashboardTable[] = [];
  const charts: ChartSpec[] = [];
  // Captions are read from the finished tables, after every table is built.
  const chart = (spec: Omit<ChartSpec, 'caption'>): void => {
    charts.push({ ...spec, caption: '' });
  };

  tables.push(summaryTable(analysis));

  const months = periodRates(analysis.history, 'month').slice(-(options.months ?? 24));
  tables.push({
    id: 'revenue',
    title: 'Revenue and customers by month',
    header: ['Month', 'Revenue', 'Orders', 'Active customers', 'New customers', 'Retention rate', 'Repeat-purchase rate'],
    formats: ['text', 'currency', 'integer', 'integer', 'integer', 'percent', 'percent'],
    rows: months.map((m) => [m.period, money(m.revenue), m.orders, m.active, m.new, ratio(m.retentionRate), ratio(m.repeatRate)]),
    note: 'Retention rate: share of last month\'s buyers who bought again this month. Repeat-purchase rate: share of this month\'s buyers who have bought on two or more days.',
  });
  chart({ id: 'revenue', type: 'column', title: 'Revenue by month', table: 'revenue', domain: 0, series: [1], xAxisTitle: 'Month', yAxisTitle: money$, format: 'currency' });
  chart({ id: 'active', type: 'line', title: 'Active and new customers by month', table: 'revenue', domain: 0, series: [3, 4], xAxisTitle: 'Month', yAxisTitle: 'Customers', format: 'integer' });
  chart({ id: 'retention', type: 'line', title: 'Retention and repeat-purchase rate by month', table: 'revenue', domain: 0, series: [5, 6], xAxisTitle: 'Month', yAxisTitle: 'Share of buyers (%)', format: 'percent' });

  const offsets = options.cohortMonths ?? 12;
  const cohorts = cohortMatrix(analysis.history, 'month').slice(-(options.cohorts ?? 12));
  tables.push({
    id: 'cohorts',
    title: 'Cohort retention: share of each first-purchase month (cohort) buying again N months later',
    header: ['First purchase', 'Customers', ...Array.from({ length: offsets + 1 }, (_, k) => `M${k}`)],
    formats: ['text', 'integer', ...new Array<ValueFormat>(offsets + 1).fill('percent')],
    rows: cohorts.map((c) => [c.cohort, c.size, ...Array.from({ length: offsets + 1 }, (_, k) => ratio(c.rates[k] ?? null))]),
    note: 'Colour scale: white 0% to blue 100% of the cohort buying again. Blank cells are months that have not happened yet.',
  });
  chart({ id: 'cohorts', type: 'heatmap', title: 'Cohort retention', table: 'cohorts', domain: 0, series: Array.from({ length: offsets + 1 }, (_, k) => k + 2), xAxisTitle: 'Months since first purchase', yAxisTitle: 'Cohort', format: 'percent' });

  const pareto = analysis.pareto;
  tables.push({
    id: 'pareto',
    title: 'The 80/20 curve: share of revenue from the top customers',
    header: ['Top customers', 'Share of revenue', 'Equal shares'],
    formats: ['percent', 'percent', 'percent'],
    // Without revenue there is no curve to draw (every point would be 0).
    rows: pareto.share === null ? [] : pareto.curve.map((p) => [ratio(p.customerShare), ratio(p.revenueShare), ratio(p.customerShare)]),
    note: pareto.share === null ? 'No revenue yet.' : `${pct(pareto.share)} of buyers bring 80% of revenue; the top 20% bring ${pct(pareto.top20 ?? 0)}.`,
  });
  chart({ id: 'pareto', type: 'line', title: 'The 80/20 curve', table: 'pareto', domain: 0, series: [1, 2], xAxisTitle: 'Top customers (% of buyers)', yAxisTitle: 'Share of revenue (%)', format: 'percent' });

  tables.push(tierTable(analysis, scores));
  chart({ id: 'tiers_customers', type: 'pie', title: 'Customers by value tier', table: 'tiers', domain: 0, series: [1], xAxisTitle: 'Tier', yAxisTitle: 'Customers', format: 'integer' });
  chart({ id: 'tiers_value', type: 'column', title: 'Value by tier', table: 'tiers', domain: 0, series: [2], xAxisTitle: 'Tier', yAxisTitle: currency === '' ? 'Value' : `Value (${currency})`, format: 'currency' });

  tables.push(segmentTable(analysis));
  chart({ id: 'segments', type: 'bar', title: 'Customers by RFM segment', table: 'segments', domain: 0, series: [1], xAxisTitle: 'Customers', yAxisTitle: 'Segment', format: 'integer' });

  // The same list the Tasks tab calls (shared/retention callList): reachable customers only.
  const calls = callList(analysis.atRisk, input.customers);
  const atRisk = calls.slice(0, options.atRisk ?? 20);
  const unreachable = analysis.atRisk.length - calls.length;
  tables.push({
    id: 'at_risk',
    title: 'Customers at risk worth a call',
    header: ['Customer', 'Name', 'Phone', 'Email', 'Last purchase', 'Days since', 'Usual gap (days)', 'Churn risk', 'Profit at stake'],
    formats: ['text', 'text', 'text', 'text', 'date', 'integer', 'number', 'percent', 'currency'],
    rows: atRisk.map((r) => {
      const c = names.get(r.customerId);
      return [r.customerId, displayName(c, r.customerId), c?.phone ?? '', c?.email ?? '', r.lastPurchase, r.daysSinceLast, r.medianGap, ratio(r.churnRisk), money(r.profitAtStake)];
    }),
    note:
      (atRisk.length === 0 ? 'Nobody is slipping away right now.' : `${calls.length} customer(s) to call, the first ${atRisk.length} here (all on the Tasks tab). Churn risk from their own purchase rhythm × a year of their margin; customers already overdue are under defections.`) +
      (unreachable > 0 ? ` ${unreachable} more at risk have no phone or e-mail (Tasks: check their details).` : ''),
  });
  chart({ id: 'at_risk', type: 'bar', title: 'Profit at stake: customers worth a call', table: 'at_risk', domain: 1, series: [8], xAxisTitle: money$.replace('Revenue', 'Profit'), yAxisTitle: 'Customer', format: 'currency' });

  const defections = analysis.defections.slice(0, options.defections ?? 50);
  tables.push({
    id: 'defections',
    title: 'Defections ranked by lost profit',
    header: ['Customer', 'Name', 'Type', 'Detected', 'Reason', 'Lost profit', 'Recorded', 'Outcome'],
    formats: ['text', 'text', 'text', 'date', 'text', 'currency', 'text', 'text'],
    rows: defections.map((d) => [d.customerId, displayName(names.get(d.customerId), d.customerId), TYPE_LABELS[d.type] ?? d.type, d.detectedAt, d.reason, money(d.lostProfit), d.recordedId ?? '', d.outcome]),
    note: `Lost profit: a year of the customer's expected spend × margin ${input.settings.margin_pct}%, discounted at ${Math.round(input.settings.discount_rate * 1000) / 10}% a year.`,
  });
  tables.push({
    id: 'defection_types',
    title: 'Open defections by type',
    header: ['Type', 'Defections', 'Lost profit'],
    formats: ['text', 'integer', 'currency'],
    rows: analysis.defectionTotals.map((t) => [TYPE_LABELS[t.type] ?? t.type, t.count, money(t.lostProfit)]),
    note: 'A customer can appear under more than one type.',
  });
  const worth = new Map(analysis.profiles.map((p) => [p.id, p.valueIfRetained]));
  tables.push(defectionReasonTable(input.defections ?? [], (id) => worth.get(id) ?? 0, (type) => TYPE_LABELS[type] ?? type));
  chart({ id: 'defection_types', type: 'bar', title: 'Lost profit by defection type', table: 'defection_types', domain: 0, series: [2], xAxisTitle: money$.replace('Revenue', 'Lost profit'), yAxisTitle: 'Type', format: 'currency' });

  for (const c of charts) c.caption = chartCaption(c, tables.find((t) => t.id === c.table), currency, analysis.asOf);
  return { asOf: analysis.asOf, currency, heading: `Dashboard as of ${analysis.asOf}`, tables, charts };
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function displayName(c: Customer | undefined, id: string): string {
  if (!c) return id;
  const name = `${c.first_name} ${c.last_name}`.trim();
  return name !== '' ? name : c.company !== '' ? c.company : id;
}

/** Scores passed in win; otherwise the scored columns already in Customers are used. */
function withSheetScores(customers: readonly Customer[], given: DashboardScores): DashboardScores {
  const pAlive: Record<string, number> = {};
  const clv: Record<string, number> = {};
  const clvTier: Record<string, string> = {};
  let found = 0;
  for (const c of customers) {
    const id = c.id.trim();
    if (c.p_alive !== undefined) pAlive[id] = c.p_alive;
    if (c.clv_12m !== undefined) clv[id] = c.clv_12m;
    if (c.clv_tier !== '') clvTier[id] = c.clv_tier;
    if (c.p_alive !== undefined || c.clv_12m !== undefined) found++;
  }
  const some = <T>(record: Record<string, T>): Record<string, T> | undefined => (Object.keys(record).length > 0 ? record : undefined);
  if (found === 0 && Object.keys(clvTier).length === 0) return given;
  return { pAlive: given.pAlive ?? some(pAlive), clv: given.clv ?? some(clv), clvTier: given.clvTier ?? some(clvTier) };
}

function summaryTable(a: RetentionAnalysis): DashboardTable {
  const buyers = a.history.customers.size;
  let revenue = 0;
  let revenue12 = 0;
  let repeat = 0;
  let active90 = 0;
  const yearAgo = a.history.asOf - 365;
  for (const h of a.history.customers.values()) {
    revenue += h.revenue;
    if (h.days.length >= 2) repeat++;
    if (a.history.asOf - h.days[h.days.length - 1]! < 90) active90++;
    for (let i = h.days.length - 1; i >= 0 && h.days[i]! > yearAgo; i--) revenue12 += h.spend[i]!;
  }
  const listed = a.profiles.filter((p) => p.listed && p.status !== 'archived').length;
  const lost = a.defections.reduce((s, d) => s + d.lostProfit, 0);
  const stake = a.atRisk.reduce((s, r) => s + r.profitAtStake, 0);
  const rows: [string, CellValue, ValueFormat][] = [
    ['Customers', listed, 'integer'],
    ['Buyers', buyers, 'integer'],
    ['Bought in the last 90 days', active90, 'integer'],
    ['Revenue, all time', money(revenue), 'currency'],
    ['Revenue, last 12 months', money(revenue12), 'currency'],
    ['Repeat buyers', ratio(buyers > 0 ? repeat / buyers : null), 'percent'],
    ['Buyers bringing 80% of revenue', ratio(a.pareto.share), 'percent'],
    ['Revenue from the top 20%', ratio(a.pareto.top20), 'percent'],
    ['Customers at risk', a.atRisk.length, 'integer'],
    ['Profit at stake (at risk)', money(stake), 'currency'],
    ['Open defections', a.defections.length, 'integer'],
    ['Lost profit (open defections)', money(lost), 'currency'],
  ];
  return {
    id: 'summary',
    title: 'Summary',
    header: ['Measure', 'Value'],
    formats: ['text', 'number'],
    rowFormats: rows.map((r) => r[2]),
    rows: rows.map((r) => [r[0], r[1]]),
    note: 'Revenue net of refunds; "last 12 months" and "last 90 days" end today.',
  };
}

function tierTable(a: RetentionAnalysis, scores: DashboardScores): DashboardTable {
  const value = new Map<string, number>();
  let basis: 'clv' | 'revenue' = 'revenue';
  const active = a.profiles.filter((p) => p.status !== 'archived');
  if (scores.clv) {
    basis = 'clv';
    for (const p of active) {
      const v = scores.clv[p.id];
      if (Object.hasOwn(scores.clv, p.id) && typeof v === 'number' && Number.isFinite(v)) value.set(p.id, v);
    }
  } else {
    for (const p of active) if (p.purchaseDays > 0) value.set(p.id, p.revenue);
  }
  const given = scores.clvTier;
  const tierOf = new Map<string, string>();
  if (given && basis === 'clv') {
    for (const id of value.keys()) if (Object.hasOwn(given, id) && given[id] !== '') tierOf.set(id, given[id]!);
  }
  const fallback = percentileTiers(new Map([...value].filter(([id]) => !tierOf.has(id))));
  for (const [id, t] of fallback) tierOf.set(id, t);
  const totals = new Map<string, { customers: number; value: number }>();
  let sum = 0;
  for (const [id, v] of value) {
    const t = tierOf.get(id)!;
    let row = totals.get(t);
    if (!row) totals.set(t, (row = { customers: 0, value: 0 }));
    row.customers++;
    row.value += v;
    sum += v;
  }
  const percentile = new Map<string, number>(PERCENTILE_TIERS.map((t, i) => [t.name, i]));
  const order = [...totals].sort((x, y) => {
    const px = percentile.get(x[0]);
    const py = percentile.get(y[0]);
    if (px !== undefined && py !== undefined) return px - py;
    return y[1].value / y[1].customers - x[1].value / x[1].customers || (x[0] < y[0] ? -1 : 1);
  });
  return {
    id: 'tiers',
    title: basis === 'clv' ? 'Customers by CLV tier' : 'Customers by value tier (revenue so far; CLV not scored yet)',
    header: ['Tier', 'Customers', basis === 'clv' ? 'CLV, 12 months' : 'Revenue', 'Share of value'],
    formats: ['text', 'integer', 'currency', 'percent'],
    rows: order.map(([tier, t]) => [tier, t.customers, money(t.value), ratio(sum > 0 ? t.value / sum : null)]),
    note: given && basis === 'clv' ? 'Tiers from the CLV scores.' : 'Tiers by percentile: top 5%, next 15%, next 30%, bottom 50%.',
  };
}

function segmentTable(a: RetentionAnalysis): DashboardTable {
  const totals = new Map<string, { customers: number; revenue: number }>(RFM_SEGMENTS.map((s) => [s, { customers: 0, revenue: 0 }]));
  let sum = 0;
  for (const s of a.rfm.values()) {
    const t = totals.get(s.segment)!;
    t.customers++;
    t.revenue += s.monetary;
    sum += s.monetary;
  }
  return {
    id: 'segments',
    title: 'RFM segments',
    header: ['Segment', 'Customers', 'Revenue', 'Share of revenue'],
    formats: ['text', 'integer', 'currency', 'percent'],
    rows: [...totals].map(([segment, t]) => [segment, t.customers, money(t.revenue), ratio(sum > 0 ? t.revenue / sum : null)]),
    note: 'Quintile scores 1–5 of recency, purchase days and revenue; segment rules in shared/retention/rfm.ts.',
  };
}
