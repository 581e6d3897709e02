// Reading a file of records for `regulars dedupe` and the dedupe function, the public face of functions/dedupe
// (the generators and the evaluator beside them serve the benchmarks and tests).
export { readTable, readXlsx, parseCsv, decodeText, looksLikeHeader, TableError, type Table } from './read-table';
export { tableRecords, clustersCsv, ColumnError, type MappedColumns } from './records';
