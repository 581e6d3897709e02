import type { CellValue, TabLayout } from '../workbook';
import type { Report, ReportRow } from './build';

/** The derived tab the reports by dimension are written to (replaced whole on every write, like Dashboard). */
export const REPORTS_TAB = 'Reports';

/** The Reports tab's columns: one flat table, so a filter on `dimension` shows one report and a pivot reads all. */
export const REPORTS_HEADER = ['dimension', 'group', 'customers', 'active_12m', 'revenue_12m', 'retention_rate', 'repeat_rate', 'clv_sum', 'value_at_risk', 'cost_12m', 'profit_12m', 'as_of', 'only_segment'] as const;

/** What the Reports tab is written from: the reports (one per dimension), and the segment they were limited to. */
export interface ReportsSheetInput {
  reports: readonly Report[];
  /** The saved segment whose members alone were counted ('' or absent: everyone). */
  segment?: string;
}

const money = (n: number): number => Math.round(n * 100) / 100;
const rate = (n: number | null): CellValue => (n === null ? null : Math.round(n * 10_000) / 10_000);

/**
 * The Reports tab as rows: each report's groups and its total, then three 80/20 lines (the customers who make 80 %
 * of the revenue and of the profit, and those who cost more than they bring: their count under `customers`).
 * Money is rounded to cents and rates to four places; a blank rate means nobody to divide by.
 */
export function reportsSheet(input: ReportsSheetInput): { layout: TabLayout; rows: CellValue[][] } {
  const only = input.segment ?? '';
  const rows: CellValue[][] = [];
  const line = (dimension: string, r: ReportRow, date: string): void => {
    rows.push([dimension, r.group, r.customers, r.active_12m, money(r.revenue_12m), rate(r.retention_rate), rate(r.repeat_rate), money(r.clv_sum), money(r.value_at_risk), money(r.cost_12m), money(r.profit_12m), date, only]);
  };
  for (const report of input.reports) {
    for (const r of report.rows) line(report.by, r, report.date);
    line(report.by, report.total, report.date);
  }
  const first = input.reports[0];
  if (first) {
    const { revenue, profit, loss_makers } = first.pareto;
    const pareto = (group: string, customers: number | null, revenue12: CellValue, profit12: CellValue): CellValue[] => ['80/20', group, customers, null, revenue12, null, null, null, null, null, profit12, first.date, only];
    rows.push(pareto('make 80% of the revenue', revenue.count_for_80, money(revenue.total), null));
    rows.push(pareto('make 80% of the profit', profit.count_for_80, null, money(profit.total)));
    rows.push(pareto('cost more than they bring', loss_makers.customers, null, money(loss_makers.loss)));
  }
  // dimension, group and only_segment hold what people typed (regions, segment names): plain text, never a formula.
  return { layout: { header: [...REPORTS_HEADER], textColumns: ['dimension', 'group', 'only_segment'] }, rows };
}
