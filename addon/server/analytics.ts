import type { ServerApi } from '../../shared/api';
import { DASHBOARD_TAB } from '../../shared/dashboard';
import { appsScriptChartServices, drawDashboard, type ChartSheetPort } from './charts';

/** What the menu shows after a run: a title and lines of plain text (an alert never renders HTML). */
export interface MenuReport {
  ok: boolean;
  title: string;
  lines: string[];
}

/**
 * Runs "Score customers" and says what happened, including why a model fell back; with Settings warehouse =
 * bigquery, what the clv function answered (it scored from BigQuery and wrote the columns itself).
 */
export function scoreCustomersReport(api: ServerApi): MenuReport {
  const result = api.scoreCustomers({});
  if (!result.ok) return { ok: false, title: 'Customers were not scored', lines: result.issues.map((i) => i.message) };
  const r = result.value;
  const model = r.purchaseModel === 'bgnbd' ? 'BG/NBD' : 'purchase history (no lifetime model)';
  const spend = r.spendModel === 'gamma-gamma' ? 'Gamma-Gamma' : 'average order';
  const from = r.source === 'sheet' ? '' : ` from BigQuery (${r.table})`;
  return {
    ok: true,
    title: r.source === 'sheet' ? 'Customers scored' : 'Customers scored from BigQuery',
    lines: [`${r.scored} customers scored${from} as of ${r.asOf} (${r.buyers} with purchases), using ${model} and ${spend}.`, ...r.messages],
  };
}

/**
 * Writes the Dashboard tab's tables and draws its native charts. `sheetOf` finds the tab after the write
 * (the write goes through the workbook session, which has created it if it was missing).
 */
export function buildDashboardOnSheet(api: ServerApi, sheetOf: (name: string) => ChartSheetPort | null): MenuReport {
  const result = api.buildDashboard({});
  if (!result.ok) return { ok: false, title: 'The dashboard was not built', lines: result.issues.map((i) => i.message) };
  const { dashboard, placements, tab, columns } = result.value;
  const sheet = sheetOf(tab);
  if (!sheet) return { ok: false, title: 'The dashboard was not built', lines: [`The ${DASHBOARD_TAB} tab could not be opened.`] };
  const { charts } = drawDashboard(sheet, appsScriptChartServices(), dashboard, placements, columns);
  return { ok: true, title: 'Dashboard updated', lines: [`${dashboard.heading}: ${dashboard.tables.length} tables and ${charts} charts on the ${tab} tab.`] };
}
