/** SQL engines the Node side runs generated SQL on: embedded DuckDB and BigQuery (each loaded on first use). */
export { openDuckDb, isMemoryLimit, type DuckDbOptions, type DuckDbSession } from './duckdb';
export { createCustomerTotals, partsFor, memoryLimitBytes, PART_ROWS, type CustomerTotalsRequest } from './duckdb-customer-totals';
export {
  openBigQuery,
  bigQueryPort,
  type BigQueryPort,
  type BigQueryLoadPort,
  type BigQueryClient,
  type BigQueryField,
  type BigQueryLoadRequest,
  type BigQueryOptions,
  type BigQueryRequest,
  type QueryParams,
} from './bigquery';
export { BigQueryRefusal, bigqueryCustomerSummary, bigqueryFirstProblem, bigqueryPurchaseColumns, bigqueryTableName, numberColumns } from './bigquery-clv';
export { duckDbCandidatePairs, duckDbCandidateTable, type DuckDbBlockingOptions } from './dedupe-blocking';
export { codeValues, comparisonColumns, loadComparisonTable, loadValueTable, loadValueTables, pairLevels, type CodedValues } from './dedupe-comparison-table';
export { duckDbFindClusters, type DuckDbDedupeOptions, type DuckDbFound } from './dedupe-duckdb';
export { candidateLevels, comparatorLevels, readGroupLevels, sqlGroupLevelsSql, type CandidateLevelsOptions } from './dedupe-typescript-levels';
export { IntFile, readIntRows } from './int-csv';
export { numberingScratch, numberValuePairs, type DistinctPairs, type NumberingScratch, type RecordPairs } from './value-pairs';
export { bigQueryFindClusters, runPrefix, type BigQueryDedupeOptions, type BigQueryFound } from './dedupe-bigquery';
export { dedupeBigQueryBytes, valueBytes, type StatementBytes } from './dedupe-bigquery-bytes';
