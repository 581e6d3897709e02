import { customerTotalsSql, distinctRowsSql, distinctSpendSql, firstProblemSql, logFactsSql, rfmRowsSql, type PurchaseColumns, type SummaryOptions } from './clv-summary';
import type { SqlDialect } from './dialect';

/** The CLV summary's statements, each one self-contained (for engines without session tables, such as BigQuery). */
export interface ClvStatements {
  /** The log's last day and whether it nets refunds (logFactsSql). */
  facts: string;
  /** The first customer the in-memory reader would refuse (firstProblemSql). */
  problem: string;
  /** Every customer's RFM row, ordered by customer (customer, x, tx, T, monetary). */
  rows(options: SummaryOptions): string;
  /** Every customer's RFM row with the totals the sheet shows, ordered by customer (the rfm columns of rfmRowsSql). */
  customers(options: SummaryOptions): string;
  /** The distinct (x, t_x, T) rows with their counts (distinctRowsSql). */
  distinct(options: SummaryOptions): string;
  /** The distinct (x, mean spend) pairs with their counts (distinctSpendSql). */
  spend(options: SummaryOptions): string;
}

/**
 * The generators' statements with the customer totals (and the RFM rows) as common table expressions, so each
 * statement reads the source itself: one round trip each and nothing to create or clean up in the database.
 */
export function clvStatements(dialect: SqlDialect, source: string, columns: PurchaseColumns, end: number | undefined): ClvStatements {
  const totals = `WITH customer_totals AS (\n${customerTotalsSql(dialect, source, columns, end)}\n)`;
  const withRfm = (options: SummaryOptions): string => `${totals},\nrfm AS (\n${rfmRowsSql(dialect, 'customer_totals', options)}\n)\n`;
  return {
    facts: `${totals}\n${logFactsSql(dialect, 'customer_totals')}`,
    problem: `${totals}\n${firstProblemSql('customer_totals')}`,
    rows: (options) => `${withRfm(options)}SELECT customer, x, tx, T, monetary FROM rfm ORDER BY customer`,
    customers: (options) => `${withRfm(options)}SELECT customer, x, tx, T, monetary, orders, revenue, first_day, last_day FROM rfm ORDER BY customer`,
    distinct: (options) => `${withRfm(options)}${distinctRowsSql(dialect, 'rfm')}`,
    spend: (options) => `${withRfm(options)}${distinctSpendSql(dialect, 'rfm')}`,
  };
}
