import { concentration, lossMakers, type Concentration, type LossMakers } from './concentration';
import { BLANK_GROUP, groupOf, type ReportDimension } from './dimensions';
import type { ReportLedger, ReportCustomer } from './ledger';

/** One group's figures, named as the CLI contract prints them. */
export interface ReportRow {
  group: string;
  /** Active customers in the group (status active; contact type customer or blank unless grouped by contact_type). */
  customers: number;
  /** Of those, customers who bought in the last 12 months. */
  active_12m: number;
  /** Net revenue of the last 12 months. */
  revenue_12m: number;
  /** Of those who bought in the previous 12 months, the share who bought again in the last 12; null when nobody did. */
  retention_rate: number | null;
  /** Of those active in the last 12 months, the share who bought on two or more days in them; null when nobody did. */
  repeat_rate: number | null;
  /** Sum of clv_12m (0 on a workbook not yet scored). */
  clv_sum: number;
  /** Sum of clv_12m × churn_risk. */
  value_at_risk: number;
  cost_12m: number;
  profit_12m: number;
}

/** A report: one row per group, the total over distinct customers, and the 80/20 views. */
export interface Report {
  by: ReportDimension;
  date: string;
  rows: ReportRow[];
  total: ReportRow;
  pareto: { revenue: Concentration; profit: Concentration; loss_makers: LossMakers };
}

/** What a report is built from. */
export interface ReportInput {
  by: ReportDimension;
  date: string;
  ledger: ReportLedger;
  /** Saved segments and their members' ids (for `by: 'segment'`). */
  segments?: readonly { name: string; members: ReadonlySet<string> }[];
  /** Only these customers' ids (the `--segment` filter). */
  only?: ReadonlySet<string>;
}

/** Whether a customer counts at all: status active, and contact type customer or blank unless `anyType`. */
export function counts(customer: ReportCustomer, anyType: boolean): boolean {
  if (customer.status.trim().toLowerCase() !== 'active') return false;
  const type = customer.contact_type.trim().toLowerCase();
  return anyType || type === '' || type === 'customer';
}

interface Tally {
  customers: number;
  active: number;
  before: number;
  retained: number;
  repeat: number;
  revenue: number;
  clv: number;
  risk: number;
  cost: number;
  profit: number;
}

const emptyTally = (): Tally => ({ customers: 0, active: 0, before: 0, retained: 0, repeat: 0, revenue: 0, clv: 0, risk: 0, cost: 0, profit: 0 });

function rowOf(group: string, t: Tally): ReportRow {
  return {
    group,
    customers: t.customers,
    active_12m: t.active,
    revenue_12m: t.revenue,
    retention_rate: t.before > 0 ? t.retained / t.before : null,
    repeat_rate: t.active > 0 ? t.repeat / t.active : null,
    clv_sum: t.clv,
    value_at_risk: t.risk,
    cost_12m: t.cost,
    profit_12m: t.profit,
  };
}

/** The groups a customer belongs to: one value of the column, or every segment that holds them. */
function groupsOf(c: ReportCustomer, input: ReportInput): readonly string[] {
  if (input.by !== 'segment') return [groupOf(c[input.by])];
  const id = c.id.trim();
  return (input.segments ?? []).filter((s) => s.members.has(id)).map((s) => s.name);
}

/**
 * Builds the report: every counted customer's figures added to each group they belong to (a customer may be in
 * several segments, so segment rows can overlap; the total counts each customer once). Rows are ordered by
 * revenue, largest first; the blank group comes last.
 */
export function buildReport(input: ReportInput): Report {
  const tallies = new Map<string, Tally>();
  for (const s of input.by === 'segment' ? (input.segments ?? []) : []) tallies.set(s.name, emptyTally());
  const total = emptyTally();
  const revenues: number[] = [];
  const profits: number[] = [];
  const ids: string[] = [];
  const anyType = input.by === 'contact_type';
  input.ledger.population.forEach((c, slot) => {
    if (!counts(c, anyType)) return;
    if (input.only && !input.only.has(c.id.trim())) return;
    const f = input.ledger.figuresAt(slot);
    const clv = c.clv_12m ?? 0;
    const add = (t: Tally): void => {
      t.customers++;
      if (f.active) t.active++;
      if (f.activeBefore) t.before++;
      if (f.activeBefore && f.active) t.retained++;
      if (f.repeat) t.repeat++;
      t.revenue += f.revenue;
      t.clv += clv;
      t.risk += clv * (c.churn_risk ?? 0);
      t.cost += f.cost;
      t.profit += f.profit;
    };
    add(total);
    revenues.push(f.revenue);
    profits.push(f.profit);
    ids.push(c.id.trim());
    for (const group of groupsOf(c, input)) {
      let t = tallies.get(group);
      if (!t) tallies.set(group, (t = emptyTally()));
      add(t);
    }
  });
  const rows = [...tallies].map(([group, t]) => rowOf(group, t));
  rows.sort((a, b) => Number(a.group === BLANK_GROUP) - Number(b.group === BLANK_GROUP) || b.revenue_12m - a.revenue_12m || a.group.localeCompare(b.group));
  const profitArray = Float64Array.from(profits);
  return {
    by: input.by,
    date: input.date,
    rows,
    total: rowOf('total', total),
    pareto: { revenue: concentration(Float64Array.from(revenues)), profit: concentration(profitArray), loss_makers: lossMakers(profitArray, ids) },
  };
}
