/** Reports by dimension: customers, activity, retention, CLV, cost and profit per group, and the 80/20 views. */
export { buildReport, counts, type Report, type ReportInput, type ReportRow } from './build';
export { concentration, lossMakers, type Concentration, type LossMakers } from './concentration';
export { costRatesOf, NO_COSTS, type CostRates } from './costs';
export { asDimension, BLANK_GROUP, groupOf, REPORT_DIMENSIONS, type ColumnDimension, type ReportDimension } from './dimensions';
export { reportOnWorkbook, reportsOnWorkbook, segmentMembersOn, type ReportProblem, type WorkbookReportRequest } from './from-workbook';
export { ReportLedger, type CustomerFigures, type ReportCustomer } from './ledger';
export { reportWindow, type ReportWindow } from './window';
export { ledgerOf, type LedgerSources } from './sources';
export { customerEconomics, type CustomerEconomics } from './per-customer';
export { REPORTS_HEADER, REPORTS_TAB, reportsSheet, type ReportsSheetInput } from './sheet';
