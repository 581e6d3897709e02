/** SQL generated from the engines' definitions, for databases that hold logs too big for memory; dialects in one place. */
export { duckdb, type SqlDialect } from './dialect';
export { bigquery, bigqueryTable, bigqueryNameProblem, bigqueryColumnsSql, type BigQueryTable } from './bigquery-dialect';
export { clvStatements, type ClvStatements } from './clv-statements';
export {
  customerTotalsSql,
  logFactsSql,
  firstProblemSql,
  badDateSql,
  negativeDaySql,
  rfmRowsSql,
  distinctRowsSql,
  distinctSpendSql,
  type PurchaseColumns,
  type SummaryOptions,
} from './clv-summary';
export {
  blockingKeyRows,
  blockingRecordRows,
  candidatePairsSql,
  oversizedBlocksSql,
  type BlockingKeyRow,
  type BlockingRecordRow,
  type BlockingSqlOptions,
  type BlockingTables,
} from './dedupe-blocking';
export type { ComparisonColumn, ComparisonValue, FieldComparisonSql, FieldComparisonBuilder } from './dedupe-comparison-sql';
