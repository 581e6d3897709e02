/** The Dashboard as data: tables and chart specifications from the retention and CLV engines, and its tab layout. */
export { buildDashboard, type DashboardInput, type DashboardOptions, type DashboardScores } from './build';
export type { ChartSpec, ChartType, Dashboard, DashboardTable, ValueFormat } from './model';
export { DASHBOARD_TAB, dashboardSheet, readDashboardSheet, tableById, type DashboardSheet, type TableOnSheet, type TablePlacement } from './sheet';
export { PERCENTILE_TIERS, percentileTiers } from './tiers';
export { formatCompact, formatValue, niceTicks } from './format';
export { chartCaption } from './insights';
