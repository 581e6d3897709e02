// `regulars dedupe --engine duckdb`: the in-memory engine's pipeline with the pair-heavy steps in DuckDB. Records
// are read and prepared in TypeScript; DuckDB makes the candidate pairs (blocking in SQL); each field is levelled
// once per distinct value pair by the comparators (dedupe-typescript-levels.ts; with four threads or more, DuckDB
// levels the e-mail, phone, place and generation groups by their SQL meanwhile) and the levels spread to the
// pairs; the pattern counts, EM, the weights of the pairs that can pass the threshold and the clustering are the
// engine's own TypeScript. With typeScriptLevels: false every step up to the passing pairs is SQL in DuckDB, as on
// BigQuery.
import { availableParallelism } from 'node:os';
import { findClusters, prepare, type DedupeOptions, type DedupeRecord, type Found, type FindOptions, type Prepared } from '../../shared/dedupe';
import { duckdb, fieldComparisons, type FieldComparisonBuilder, type FieldComparisonSql } from '../../shared/sql';
import { collectGarbage } from './collect-garbage';
import { duckDbCandidateTable } from './dedupe-blocking';
import { codeValues, type CodedValues } from './dedupe-comparison-table';
import { levelledHere, levelledInDuckDb, sqlLevelsByDefault, TABLES } from './dedupe-duckdb-scoring';
import { clustersFromEdges } from './dedupe-sql-model';
import { openDuckDb, type DuckDbOptions, type DuckDbSession } from './duckdb';

/** findClusters' options plus where DuckDB runs. */
export interface DuckDbDedupeOptions extends FindOptions, DuckDbOptions {
  /** An open session to use (left open); otherwise one is opened with the DuckDB options and closed. */
  session?: DuckDbSession;
  /** The comparison builders tried per field (default: shared/sql's); fields none knows use the fallback. */
  builders?: readonly FieldComparisonBuilder[];
  /**
   * The caller hands the records over: once prepared they are dropped (the array is emptied), since only their ids
   * are needed afterwards. At a million records that is about 200 MB less held through the SQL phases.
   */
  handOver?: boolean;
  /**
   * Level the distinct value pairs of the name, birth date, street and company groups with the TypeScript
   * comparators while DuckDB levels the other groups with SQL, and count the patterns here (default true: the same
   * levels and counts, sooner and in less memory); false runs every group's SQL expression in DuckDB, joins the
   * levels back to the pairs and counts the patterns there, the statements BigQuery runs.
   */
  typeScriptLevels?: boolean;
  /**
   * With typeScriptLevels, level the e-mail, phone, place and generation groups by their SQL in DuckDB while the
   * comparators level the others (default: when DuckDB runs four threads or more; see sqlLevelsByDefault).
   */
  sqlLevels?: boolean;
}

/**
 * findClusters' answer (without merge proposals or branch relations, which the CLI does not write), and how the
 * DuckDB engine got it.
 */
export interface DuckDbFound extends Found {
  /** Fields whose levels were SQL expressions. */
  sqlFields: string[];
  /** Fields without a SQL form, levelled by their TypeScript comparator (called by DuckDB when every step runs there). */
  fallbackFields: string[];
  /** Fields with a SQL form whose distinct value pairs were levelled by the TypeScript comparators instead (typeScriptLevels). */
  typeScriptFields: string[];
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

/** Records from which a run collects its garbage between phases (see collect-garbage.ts): below, a collection saves little. */
const LARGE_RUN = 100_000;

/** Names the fallback functions apart, so one session can serve several runs. */
let fallbackRuns = 0;

/** The fields' SQL with `name(f, l.rec, r.rec)` (the TypeScript comparator, registered with DuckDB when every step runs there) for every field no builder knows. */
function withFallback(p: Prepared, byField: readonly (FieldComparisonSql | undefined)[], name: string): FieldComparisonSql[] {
  return byField.map((sql, f) => sql ?? { field: (p.fields[f] as Prepared['fields'][number]).name, columns: [], level: `${name}(${f}, l.rec, r.rec)` });
}

/**
 * findClusters (shared/dedupe) with DuckDB doing the blocking, the comparisons and the pattern counts: the same
 * candidate pairs, levels, sampled counts (so the same EM fit), the same weights for every pair that can pass the
 * threshold and the same clustering, so the same clusters; only the pairs that can pass come back to TypeScript.
 */
export async function duckDbFindClusters(records: DedupeRecord[] | readonly DedupeRecord[], options: DuckDbDedupeOptions = {}): Promise<DuckDbFound> {
  const { session: given, builders, handOver, typeScriptLevels = true, sqlLevels, memoryLimit, threads, tempDirectory, singletons = true, country, ...rest } = options;
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
    return { ...findClusters(records, options), sqlFields: [], fallbackFields: [], typeScriptFields: [], seconds, memory, weighedPairs: 0 };
  }
  const progress = options.onProgress ?? (() => undefined);
  const threshold = options.threshold ?? 0.5;
  progress('normalise', 0);
  // What the caller read the records from (the CLI's table of cells: 444 MB at a million rows) is garbage by now,
  // but V8 collects when its heap has grown: collected first, so preparing does not grow the process on top of it.
  if (records.length >= LARGE_RUN) collectGarbage();
  const p = prepare(records, engineOptions);
  const ids = records.map((r) => r.id);
  if (handOver === true) (records as DedupeRecord[]).length = 0;
  // The raw records just dropped (a gigabyte at a million) are handed back before DuckDB asks for its share: a plain
  // collection first, so the compacting one that follows moves the survivors out of half-empty pages without the
  // dead gigabyte still resident beside the copies (at a million the compacting one alone took the process to 2.2 GB;
  // after a plain one it stays under the 1.95 GB that reading and preparing reach).
  const large = p.n >= LARGE_RUN;
  if (large) {
    collectGarbage();
    collectGarbage({ compact: true });
  }
  lap('prepare');
  let closed = false;
  const session = given ?? (await openDuckDb({ ...(memoryLimit ? { memoryLimit } : {}), ...(threads ? { threads } : {}), ...(tempDirectory ? { tempDirectory } : {}) }));
  try {
    progress('block', 0.15);
    const fallback = `regulars_dedupe_level_${++fallbackRuns}`;
    let compared: { chosen: ReturnType<typeof fieldComparisons>; fields: FieldComparisonSql[]; coded: CodedValues } | undefined;
    // The fields' SQL and each record's value ids need no pairs: made while DuckDB makes the pairs.
    const cand = await duckDbCandidateTable(session, p, {
      maxBlock: options.maxBlockSize ?? 1000,
      link,
      table: TABLES.pairs,
      // Numbered in DuckDB only when DuckDB samples them by number (every step there).
      numbered: !typeScriptLevels,
      meanwhile: () => {
        const chosen = fieldComparisons(p, duckdb, builders);
        const fields = withFallback(p, chosen.byField, fallback);
        compared = { chosen, fields, coded: codeValues(fields, p.n) };
        if (large) collectGarbage();
      },
    });
    lap('block');
    progress('compare', 0.3);
    const { chosen, fields, coded } = compared as NonNullable<typeof compared>;
    // A session of our own is closed as soon as DuckDB's part is done; a given one stays open for its owner.
    const release = (): void => {
      if (given || closed) return;
      session.close();
      closed = true;
    };
    const split = sqlLevels ?? sqlLevelsByDefault(threads ?? availableParallelism());
    const common = { p, fields, coded, session, fallback, chosen, cand, link, threshold, sqlLevels: split, release, ...(tempDirectory ? { tempDirectory } : {}) };
    const { edges, fitted, typeScriptFields } = typeScriptLevels ? await levelledHere(common, lap, progress) : await levelledInDuckDb(common, lap, progress);
    // The clustering needs neither DuckDB nor the pairs and their levels (a quarter of a gigabyte at a million
    // records): both handed back before it builds its clusters.
    release();
    if (large) collectGarbage();
    progress('cluster', 0.8);
    const found = clustersFromEdges(ids, p, cand, fitted, edges, { ...options, singletons });
    lap('cluster');
    progress('done', 1);
    return {
      ...found,
      sqlFields: chosen.sql,
      fallbackFields: chosen.missing,
      typeScriptFields,
      seconds,
      memory,
      weighedPairs: edges.weighed,
    };
  } finally {
    if (!given && !closed) session.close();
  }
}
