// `regulars dedupe --engine duckdb`: the in-memory engine's pipeline with the pair-heavy steps in DuckDB. Records
// are read and prepared in TypeScript; blocking, each pair's levels and the pattern counts are SQL; u, EM, the
// exact weights of the few pairs that can pass the threshold and the clustering are the engine's own TypeScript.
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  assignClusters,
  estimateU,
  dedupeStats,
  findClusters,
  fitModelOnPatterns,
  patternStep,
  prepare,
  Scorer,
  type DedupeOptions,
  type DedupeRecord,
  type Found,
  type FindOptions,
  type PatternCounts,
  type Prepared,
} from '../../shared/dedupe';
import { distinctLevelsSql, duckdb, fieldComparisons, passingPairsSql, patternCountsSql, type DistinctTables, type FieldComparisonBuilder, type FieldComparisonSql, type ScoringTables } from '../../shared/sql';
import { duckDbCandidateTable } from './dedupe-blocking';
import { loadValueTables } from './dedupe-comparison-table';
import { openDuckDb, type DuckDbOptions, type DuckDbSession } from './duckdb';

/** findClusters' options plus where DuckDB runs. */
export interface DuckDbDedupeOptions extends FindOptions, DuckDbOptions {
  /** An open session to use (left open); otherwise one is opened with the DuckDB options and closed. */
  session?: DuckDbSession;
  /** The comparison builders tried per field (default: shared/sql's); fields none knows use the fallback. */
  builders?: readonly FieldComparisonBuilder[];
}

/**
 * findClusters' answer (without merge proposals or branch relations, which the CLI does not write), and how the
 * DuckDB engine got it.
 */
export interface DuckDbFound extends Found {
  /** Fields whose levels were SQL expressions. */
  sqlFields: string[];
  /** Fields whose levels came from the TypeScript comparator called by DuckDB (no SQL form yet). */
  fallbackFields: string[];
  /** Seconds per phase (prepare, block, compare, learn, score, cluster). */
  seconds: Record<string, number>;
  /**
   * Megabytes held at the end of each phase: the process's resident set and JavaScript heap, and what DuckDB's
   * buffer manager holds (duckdb_memory()) before the phase drops its tables.
   */
  memory: Record<string, { rss: number; heap: number; duckDb?: number }>;
  /** Candidate pairs whose level pattern could reach the threshold, so were read back and weighed. */
  weighedPairs: number;
}

const TABLES: ScoringTables = { pairs: 'dedupe_pairs', comparison: 'dedupe_cmp', levels: 'dedupe_levels' };
const DISTINCT: DistinctTables = { pairs: TABLES.pairs, levels: TABLES.levels, ids: 'dedupe_value_ids', values: 'dedupe_values_', distinct: 'dedupe_distinct_', stage: 'dedupe_stage_' };

/** What DuckDB's buffer manager holds now, in bytes (tables, hash tables, caches). */
async function duckDbBytes(session: DuckDbSession): Promise<number> {
  const [row] = await session.rows('SELECT SUM(memory_usage_bytes) AS bytes FROM duckdb_memory()');
  return Number(row?.bytes ?? 0);
}

/** Names the fallback functions apart, so one session can serve several runs. */
let fallbackRuns = 0;

/**
 * Registers a DuckDB function `name(f, i, j)` that answers field f's TypeScript `compare(i, j)` on the record
 * numbers, and returns the fields' SQL with it standing in for every field no builder knows.
 */
async function withFallback(session: DuckDbSession, p: Prepared, byField: readonly (FieldComparisonSql | undefined)[]): Promise<FieldComparisonSql[]> {
  if (byField.every((f) => f !== undefined)) return byField as FieldComparisonSql[];
  const name = `regulars_dedupe_level_${++fallbackRuns}`;
  await session.withConnection(async (connection: DuckDBConnection) => {
    const { DuckDBScalarFunction, INTEGER } = await import('@duckdb/node-api');
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name,
        returnType: INTEGER,
        parameterTypes: [INTEGER, INTEGER, INTEGER],
        mainFunction: (_info, input, output) => {
          const [f, i, j] = [input.getColumnVector(0), input.getColumnVector(1), input.getColumnVector(2)];
          for (let row = 0; row < input.rowCount; row++) {
            const field = p.fields[f.getItem(row) as number];
            if (!field) throw new Error(`no compared field ${String(f.getItem(row))}`);
            output.setItem(row, field.compare(i.getItem(row) as number, j.getItem(row) as number));
          }
          output.flush();
        },
      }),
    );
  });
  return byField.map((sql, f) => sql ?? { field: (p.fields[f] as Prepared['fields'][number]).name, columns: [], level: `${name}(${f}, l.rec, r.rec)` });
}

/**
 * findClusters (shared/dedupe) with DuckDB doing the blocking, the comparisons and the pattern counts: the same
 * candidate pairs, levels, sampled counts (so the same EM fit), the same weights for every pair that can pass the
 * threshold and the same clustering, so the same clusters; only the pairs that can pass come back to TypeScript.
 */
export async function duckDbFindClusters(records: readonly DedupeRecord[], options: DuckDbDedupeOptions = {}): Promise<DuckDbFound> {
  const { session: given, builders, memoryLimit, threads, tempDirectory, singletons = true, country, ...rest } = options;
  const code = country?.trim().toUpperCase();
  const engineOptions: DedupeOptions = { ...rest, ...(code ? { country: code } : {}) };
  const link = options.link === true;
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  const memory: DuckDbFound['memory'] = {};
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  const lap = (phase: string, duckDb?: number): void => {
    const now = performance.now();
    seconds[phase] = Math.round(now - clock) / 1000;
    const use = process.memoryUsage();
    memory[phase] = { rss: mb(use.rss), heap: mb(use.heapUsed), ...(duckDb === undefined ? {} : { duckDb: mb(duckDb) }) };
    clock = now;
  };
  const sides = new Set(records.map((r) => r.source ?? 0));
  if (link ? sides.size < 2 : records.length < 2) {
    // Nothing to compare: findClusters answers without running a model.
    return { ...findClusters(records, options), sqlFields: [], fallbackFields: [], seconds, memory, weighedPairs: 0 };
  }
  const progress = options.onProgress ?? (() => undefined);
  const threshold = options.threshold ?? 0.5;
  progress('normalise', 0);
  const p = prepare(records, engineOptions);
  lap('prepare');
  const session = given ?? (await openDuckDb({ ...(memoryLimit ? { memoryLimit } : {}), ...(threads ? { threads } : {}), ...(tempDirectory ? { tempDirectory } : {}) }));
  try {
    progress('block', 0.15);
    const cand = await duckDbCandidateTable(session, p, { maxBlock: options.maxBlockSize ?? 1000, link, table: TABLES.pairs });
    lap('block');
    progress('compare', 0.3);
    const chosen = fieldComparisons(p, duckdb, builders);
    const fields = await withFallback(session, p, chosen.byField);
    // Each field's level once per distinct pair of its values, joined back to the candidate pairs.
    const groups = await loadValueTables(session, p.n, fields, DISTINCT);
    for (const statement of distinctLevelsSql(duckdb, fields, groups, DISTINCT)) await session.run(statement);
    const held = await duckDbBytes(session);
    const drops = [DISTINCT.pairs, DISTINCT.ids, ...groups.flatMap((_, g) => [`${DISTINCT.values}${g}`, `${DISTINCT.distinct}${g}`])];
    await session.run(drops.map((t) => `DROP TABLE ${t}`).join('; '));
    lap('compare', held);
    progress('learn', 0.55);
    const F = p.fields.length;
    const step = patternStep(cand.count);
    const rows = await session.rows(patternCountsSql(duckdb, F, TABLES.levels, step));
    const all = rows.map((row) => ({ vector: Array.from({ length: F }, (_, f) => Number(row[`g${f}`])), sampled: Number(row.sampled), first: row.first === null ? Infinity : Number(row.first) }));
    // In the order the in-memory grouping meets them, so EM adds the same numbers in the same order.
    const seen = all.filter((x) => x.sampled > 0).sort((a, b) => a.first - b.first);
    const patterns: PatternCounts = { vectors: seen.map((x) => x.vector), counts: seen.map((x) => x.sampled * step), pairs: cand.count };
    const u = estimateU(p, link);
    let n0 = 0;
    for (let i = 0; i < p.n; i++) if (p.source[i] === 0) n0++;
    const allPairs = link ? n0 * (p.n - n0) : (p.n * (p.n - 1)) / 2;
    const model = fitModelOnPatterns(patterns, p.fields, u, allPairs, p.n);
    const scorer = new Scorer(p.fields, model);
    lap('learn');
    progress('score', 0.65);
    const minWeight = Math.log2(threshold / (1 - threshold));
    // A hair of slack: the bound and the weight are the same sums when the adjustment is at its cap.
    const passing = all.filter((x) => scorer.weightBound(x.vector, 0) >= minWeight - 1e-9).map((x) => x.vector);
    const edges = { i: [] as number[], j: [] as number[], w: [] as number[] };
    let weighedPairs = 0;
    const sql = passingPairsSql(duckdb, F, TABLES.levels, passing);
    if (sql) {
      const levels = new Int8Array(F);
      await session.stream(sql, (columns, count) => {
        for (let k = 0; k < count; k++) {
          const i = Number(columns[0]![k]);
          const j = Number(columns[1]![k]);
          for (let f = 0; f < F; f++) levels[f] = Number(columns[2 + f]![k]);
          const s = scorer.weigh(i, j, levels, 0);
          weighedPairs++;
          if (s.weight >= minWeight) {
            edges.i.push(i);
            edges.j.push(j);
            edges.w.push(s.weight);
          }
        }
      });
    }
    await session.run(`DROP TABLE ${TABLES.levels}`);
    lap('score');
    progress('cluster', 0.8);
    // Pairs are scored on demand, always as (lower, higher) like the candidates: the numbers the in-memory engine caches.
    const score = (a: number, b: number): { weight: number; conflict: boolean } => (a < b ? scorer.score(a, b) : scorer.score(b, a));
    const comparable = (a: number, b: number): boolean => !link || p.source[a] !== p.source[b];
    const { clusters, matchedPairs } = assignClusters(
      p.n,
      { i: Int32Array.from(edges.i), j: Int32Array.from(edges.j), w: Float64Array.from(edges.w), count: edges.i.length },
      { score, comparable },
      (i) => (records[i] as DedupeRecord).id,
      { threshold, cohesion: options.cohesion ?? 0.4, maxClusterSize: 100 },
    );
    lap('cluster');
    progress('done', 1);
    const assignments = new Array<Found['assignments'][number]>(records.length);
    let duplicates = 0;
    for (const c of clusters) {
      if (c.memberIndexes.length > 1) duplicates += c.memberIndexes.length;
      c.memberIndexes.forEach((k, m) => {
        assignments[k] = { id: (records[k] as DedupeRecord).id, cluster: c.id, score: c.memberScores[m] ?? 0 };
      });
    }
    return {
      clusters: singletons ? clusters : clusters.filter((c) => c.memberIds.length > 1),
      proposals: [],
      related: [],
      assignments,
      duplicates,
      stats: dedupeStats(p, cand, model, clusters, matchedPairs),
      sqlFields: chosen.sql,
      fallbackFields: chosen.missing,
      seconds,
      memory,
      weighedPairs,
    };
  } finally {
    if (!given) session.close();
  }
}
