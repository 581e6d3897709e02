// The bytes `regulars dedupe --engine bigquery` would scan, so its on-demand cost, estimated from the columns each
// statement reads (functions/sql/dedupe-bigquery-bytes.ts) on a generated SA export, and scaled to a million
// customers: what is read of the per-record tables by the records, what is read of the per-pair tables by the
// candidate pairs a million records of the same generator make (15,182,077, measured by the dedupe-duckdb bench
// and listed in the README; pairs grow faster than records, as blocks grow).
// Run: node bench/run.mjs bigquery-dedupe-bytes   (BIGQUERY_BYTES_PEOPLE=50000, BIGQUERY_BYTES_PAIRS_1M=15182077)
import { generateSaExport, saExportTable } from '../functions/dedupe/generate-sa';
import { tableRecords } from '../functions/dedupe/records';
import { dedupeBigQueryBytes } from '../functions/sql';
import { candidatePairs, prepare } from '../shared/dedupe';
import { bigquery, fieldComparisons, type FieldComparisonSql } from '../shared/sql';

const PEOPLE = Number(process.env.BIGQUERY_BYTES_PEOPLE ?? 50_000);
/** BigQuery's on-demand list price per TiB scanned (US multi-region, 2025); check the current price list. */
const USD_PER_TIB = 6.25;
const PAIRS_1M = Number(process.env.BIGQUERY_BYTES_PAIRS_1M ?? 15_182_077);

const records = tableRecords(saExportTable(generateSaExport({ people: PEOPLE, seed: 3 })), {}, 0, 'generated').records;
const p = prepare(records, {});
const pairs = candidatePairs(p, 1000, false);
const fields = fieldComparisons(p, bigquery).byField as FieldComparisonSql[];
const rows = dedupeBigQueryBytes(p, fields, pairs);
const million = (r: { recordBytes: number; pairBytes: number }): number => (r.recordBytes * 1_000_000) / p.n + (r.pairBytes * PAIRS_1M) / pairs.count;
const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(3);
console.log(`${p.n.toLocaleString('en')} records, ${pairs.count.toLocaleString('en')} candidate pairs (${(pairs.count / p.n).toFixed(1)} per record), ${fields.length} fields`);
console.log('statement\tGiB here\tGiB per million');
for (const r of rows) console.log(`${r.statement}\t${gib(r.bytes)}\t${gib(million(r))}`);
const total = { recordBytes: rows.reduce((s, r) => s + r.recordBytes, 0), pairBytes: rows.reduce((s, r) => s + r.pairBytes, 0) };
const perMillion = million(total);
console.log(`total\t${gib(total.recordBytes + total.pairBytes)}\t${gib(perMillion)}  (≈ US$${((perMillion / 2 ** 40) * USD_PER_TIB).toFixed(2)} per million customers at US$${USD_PER_TIB}/TiB)`);
