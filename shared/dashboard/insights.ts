import type { CellValue } from '../workbook';
import { formatCompact } from './format';
import type { ChartSpec, DashboardTable } from './model';

// One sentence under each chart: what it shows, read from the chart's own table, and what to do about it.
// Figures are rounded for reading; the tables keep the exact values.

const num = (v: CellValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The sentence for one chart, from its table; a chart of an empty table gets what to do to fill it. */
export function chartCaption(spec: ChartSpec, table: DashboardTable | undefined, currency: string, asOf: string): string {
  const rows = table?.rows ?? [];
  if (rows.length === 0) return 'Nothing to show yet: record purchases (and score customers) to fill this chart.';
  const money = (v: number): string => formatCompact(v, 'currency', currency);
  switch (spec.id) {
    case 'revenue':
      return revenueCaption(rows, asOf, money);
    case 'active': {
      const last = lastComplete(rows, asOf);
      return `${num(last[3]) ?? 0} customers bought in ${String(last[0])}, ${num(last[4]) ?? 0} of them for the first time: welcome new customers so they come back.`;
    }
    case 'retention': {
      const rates = rows.slice(-13, -1).map((r) => num(r[5])).filter((v): v is number => v !== null);
      if (rates.length === 0) return 'Not enough months yet to say how many buyers come back.';
      const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
      return `On average ${pct(mean)} of a month's buyers bought again the next month: call the customers at risk before they drift away.`;
    }
    case 'cohorts': {
      const m1 = rows.map((r) => num(r[3])).filter((v): v is number => v !== null);
      if (m1.length === 0) return 'Each row is the customers who first bought that month; darker cells mean more of them came back.';
      const mean = m1.reduce((a, b) => a + b, 0) / m1.length;
      return `Only ${pct(mean)} of new customers buy again the month after their first purchase: follow up every first order within a few weeks.`;
    }
    case 'pareto':
      return `${table?.note ?? ''} Look after these customers first.`.trim();
    case 'tiers_customers':
    case 'tiers_value': {
      const top = rows[0]!;
      const share = num(top[3]);
      return `${String(top[0])}: ${num(top[1]) ?? 0} customers hold ${share === null ? 'most' : pct(share)} of the value: thank them and keep in touch.`;
    }
    case 'segments': {
      const count = (name: string): number => num(rows.find((r) => r[0] === name)?.[1]) ?? 0;
      const slipping = count('At risk') + count("Can't lose them");
      return `${slipping} customers are "At risk" or "Can't lose them" (good customers gone quiet): win them back with a personal message.`;
    }
    case 'at_risk': {
      const stake = rows.reduce((s, r) => s + (num(r[8]) ?? 0), 0);
      return `The ${rows.length} customers most worth a call have ${money(stake)} of profit at stake: call them this week, top first.`;
    }
    case 'defection_types': {
      const top = [...rows].sort((a, b) => (num(b[2]) ?? 0) - (num(a[2]) ?? 0))[0]!;
      return `Most lost profit (${money(num(top[2]) ?? 0)}) comes from "${String(top[0])}": fix that cause first.`;
    }
    default:
      return table?.note ?? '';
  }
}

/** The last month that has ended (the current month is still running), or the only month there is. */
function lastComplete(rows: readonly CellValue[][], asOf: string): CellValue[] {
  const last = rows[rows.length - 1]!;
  return String(last[0]) === asOf.slice(0, 7) && rows.length > 1 ? rows[rows.length - 2]! : last;
}

function revenueCaption(rows: readonly CellValue[][], asOf: string, money: (v: number) => string): string {
  const last = lastComplete(rows, asOf);
  const month = String(last[0]);
  const revenue = num(last[1]) ?? 0;
  const yearAgo = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  const before = rows.find((r) => r[0] === yearAgo);
  const base = num(before?.[1]);
  if (base === null || base <= 0) return `Revenue in ${month} was ${money(revenue)}: compare it with the same month next year to see the trend.`;
  const change = revenue / base - 1;
  if (Math.abs(change) < 0.005) return `Revenue in ${month} was ${money(revenue)}, the same as a year before: keep an eye on the customers at risk.`;
  return change < 0
    ? `Revenue in ${month} was ${pct(-change)} below ${yearAgo}: look at the customers at risk and call the top ones.`
    : `Revenue in ${month} was ${pct(change)} above ${yearAgo}: find out what brought it and do more of it.`;
}
