// `regulars dedupe --engine bigquery`: the DuckDB engine's pipeline with BigQuery doing the pair-heavy steps.
// Records are prepared in TypeScript and loaded into tables of the user's dataset; the same generated SQL blocks,
// computes each field's level once per distinct pair of values (the string measures as JavaScript UDFs running the
// engine's own code) and counts the level patterns; the EM fit, the exact weights of the pairs that can pass and
// the clustering are the engine's TypeScript (dedupe-sql-model.ts), so the clusters are the in-memory engine's.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findClusters, patternStep, prepare, type DedupeOptions, type DedupeRecord, type Found, type FindOptions } from '../../shared/dedupe';
import {
  bigquery,
  candidateTableSql,
  distinctLevelsSql,
  fieldComparisons,
  oversizedBlocksSql,
  passingPairsSql,
  patternCountsSql,
  type DistinctTables,
  type FieldComparisonBuilder,
  type FieldComparisonSql,
} from '../../shared/sql';
import type { BigQueryLoadPort } from './bigquery';
import { dropWork, loadBigQueryValueTables, loadBlockingTables, runWork, workTable, type BigQueryWork } from './dedupe-bigquery-tables';
import { clustersFromEdges, learnFromPatterns, PassingEdges, patternRows } from './dedupe-sql-model';

/** findClusters' options plus where the run's tables go. */
export interface BigQueryDedupeOptions extends FindOptions {
  port: BigQueryLoadPort;
  project: string;
  dataset: string;
  /** The comparison builders tried per field (default: shared/sql's). */
  builders?: readonly FieldComparisonBuilder[];
  /** Starts the run's table names (default: regulars_dedupe_ plus the time and random letters). */
  prefix?: string;
}

/** findClusters' answer and how the BigQuery engine got it. */
export interface BigQueryFound extends Found {
  /** Fields whose levels were SQL expressions (every field: BigQuery has no TypeScript fallback). */
  sqlFields: string[];
  /** Seconds per phase (prepare, block, compare, learn, score, cluster). */
  seconds: Record<string, number>;
  /** Candidate pairs whose level pattern could reach the threshold, so were read back and weighed. */
  weighedPairs: number;
  /** The prefix of the run's tables (all dropped by the end). */
  prefix: string;
}

/** A prefix no other run shares: the time to the millisecond and six random hex digits. */
export function runPrefix(now = Date.now()): string {
  return `regulars_dedupe_${now.toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * findClusters (shared/dedupe) with BigQuery doing the blocking, the comparisons and the pattern counts: the same
 * candidate pairs, levels and sampled counts, so the same fit, weights and clusters. The run's tables are dropped
 * at the end, also when it fails (and expire by themselves should the process die).
 */
export async function bigQueryFindClusters(records: readonly DedupeRecord[], options: BigQueryDedupeOptions): Promise<BigQueryFound> {
  const { port, project, dataset, builders, prefix = runPrefix(), singletons = true, country, ...rest } = options;
  const code = country?.trim().toUpperCase();
  const engineOptions: DedupeOptions = { ...rest, ...(code ? { country: code } : {}) };
  const link = options.link === true;
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  const lap = (phase: string): void => {
    const now = performance.now();
    seconds[phase] = Math.round(now - clock) / 1000;
    clock = now;
  };
  const sides = new Set(records.map((r) => r.source ?? 0));
  if (link ? sides.size < 2 : records.length < 2) {
    return { ...findClusters(records, options), sqlFields: [], seconds, weighedPairs: 0, prefix };
  }
  const progress = options.onProgress ?? (() => undefined);
  const threshold = options.threshold ?? 0.5;
  progress('normalise', 0);
  const p = prepare(records, engineOptions);
  const chosen = fieldComparisons(p, bigquery, builders);
  if (chosen.missing.length > 0) throw new Error(`no BigQuery form for the field(s) ${chosen.missing.join(', ')}: use --engine duckdb or memory`);
  const fields = chosen.byField as FieldComparisonSql[];
  lap('prepare');
  const folder = await mkdtemp(path.join(tmpdir(), 'regulars-bigquery-'));
  const w: BigQueryWork = { port, project, dataset, prefix, folder, tables: new Set() };
  const t = (name: string): string => workTable(w, name);
  // Plain dotted paths: the generators quote them as one identifier.
  const plain = (name: string): string => `${project}.${dataset}.${prefix}_${name}`;
  const distinct: DistinctTables = { pairs: plain('pairs'), levels: plain('levels'), ids: plain('ids'), values: plain('values_'), distinct: plain('distinct_'), stage: plain('stage_') };
  // The folder goes, and one script drops every table the run made; a failure to drop is reported unless the
  // run already failed (its own error says more).
  const cleanUp = async (failed: boolean): Promise<void> => {
    await rm(folder, { recursive: true, force: true });
    try {
      await dropWork(w);
    } catch (error) {
      if (!failed) throw error;
    }
  };
  let found: BigQueryFound;
  try {
    progress('block', 0.15);
    await loadBlockingTables(w, p);
    const blocking = { keys: t('keys'), records: t('records') };
    const maxBlock = options.maxBlockSize ?? 1000;
    const [over] = await runWork(w, oversizedBlocksSql(bigquery, blocking, maxBlock));
    await runWork(w, candidateTableSql(bigquery, blocking, { maxBlock, link }, distinct.pairs));
    const [counted] = await runWork(w, `SELECT COUNT(*) AS n FROM ${t('pairs')}`);
    const cand = { count: Number(counted?.n ?? 0), oversizedBlocks: Number(over?.oversized ?? 0) };
    lap('block');
    progress('compare', 0.3);
    const groups = await loadBigQueryValueTables(w, p.n, fields);
    for (const statement of distinctLevelsSql(bigquery, fields, groups, distinct)) await runWork(w, statement);
    lap('compare');
    progress('learn', 0.55);
    const F = p.fields.length;
    const all = patternRows(await runWork(w, patternCountsSql(bigquery, F, distinct.levels, patternStep(cand.count))), F);
    const learned = learnFromPatterns(p, all, cand.count, link, threshold);
    lap('learn');
    progress('score', 0.65);
    const edges = new PassingEdges(learned);
    const sql = passingPairsSql(bigquery, F, distinct.levels, learned.passing);
    if (sql) {
      const levels = new Int8Array(F);
      for (const row of await runWork(w, sql)) {
        for (let f = 0; f < F; f++) levels[f] = Number(row[`g${f}`]);
        edges.add(Number(row.i), Number(row.j), levels);
      }
    }
    lap('score');
    progress('cluster', 0.8);
    const clusters = clustersFromEdges(records.map((r) => r.id), p, cand, learned, edges, { ...options, singletons });
    lap('cluster');
    progress('done', 1);
    found = { ...clusters, sqlFields: chosen.sql, seconds, weighedPairs: edges.weighed, prefix };
  } catch (error) {
    await cleanUp(true);
    throw error;
  }
  await cleanUp(false);
  return found;
}
