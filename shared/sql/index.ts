/** SQL generated from the engines' definitions, for databases that hold logs too big for memory; dialects in one place. */
export { duckdb, type SqlDialect } from './dialect';
export { BIGQUERY_TABLE_HOURS, bigquery, bigqueryTable, bigqueryNameProblem, bigqueryColumnsSql, type BigQueryTable } from './bigquery-dialect';
export { clvStatements, type ClvStatements } from './clv-statements';
export { purchaseWarehouse, WAREHOUSE_KEYS, type PurchaseWarehouse } from './purchase-warehouse';
export {
  customerTotalsSql,
  customerTotalsOfRowsSql,
  purchaseRowsSql,
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
export { candidateTableSql, createTableSql, levelsTableSql, patternCountsSql, passingPairsSql, type ScoringTables } from './dedupe-scoring';
export { distinctLevelsPlan, distinctLevelsSql, joinBackSql, joinBatches, SMALL_DISTINCT, valueGroups, valueIds, type DistinctLevelsPlan, type DistinctTables, type ValueGroup, type ValueIds } from './dedupe-distinct-levels';
export { fieldComparisons, COMPARISON_BUILDERS, type FieldComparisons } from './dedupe-comparisons';
export { nameComparisons } from './dedupe-compare-names';
export { placeComparisons, streetComparisonSql, placeComparisonSql } from './dedupe-compare-place';
export { companyComparisonSql, domainComparisonSql } from './dedupe-compare-company';
export {
  jaroWinklerSql,
  jaroWinklerAtCutsSql,
  jaroWinklerAtLeastSql,
  jaroWinklerBoundsSql,
  withinTyposSql,
  wordOverlapSql,
  unitCoder,
  allAscii,
  exactDouble,
  type JaroWinklerOptions,
} from './dedupe-compare-similarity';
export { contactComparisons } from './dedupe-compare-contact';
export { DEDUPE_UDFS, udfCall, udfDeclaration, udfJavaScript, udfParameters, udfsCalled, withUdfs } from './bigquery-udfs';
