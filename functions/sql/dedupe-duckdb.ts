// `regulars dedupe --engine duckdb`: the in-memory engine's pipeline with the pair-heavy steps in DuckDB. Records
// are read and prepared in TypeScript; blocking, each pair's levels and the pattern counts are SQL (the name and
// street groups' distinct value pairs levelled by the comparators meanwhile, see dedupe-typescript-levels.ts); u,
// EM, the exact weights of the few pairs that can pass the threshold and the clustering are the engine's own
// TypeScript.
import type { DuckDBConnection } from '@duckdb/node-api';
import { findClusters, patternStep, prepare, type DedupeOptions, type DedupeRecord, type Found, type FindOptions, type Prepared } from '../../shared/dedupe';
import { distinctLevelsPlan, duckdb, joinBackSql, joinBatches, fieldComparisons, passingPairsSql, patternCountsSql, type DistinctTables, type FieldComparisonBuilder, type FieldComparisonSql, type ScoringTables } from '../../shared/sql';
import { duckDbCandidateTable } from './dedupe-blocking';
import { codeValues, loadValueTables, type CodedValues } from './dedupe-comparison-table';
import { levelDistinctPairs } from './dedupe-typescript-levels';
import { collectGarbage } from './collect-garbage';
import { clustersFromEdges, learnFromPatterns, PassingEdges, patternRows } from './dedupe-sql-model';
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
   * comparators while DuckDB levels the other groups with SQL (default true: the same levels, sooner); false runs
   * every group's SQL expression in DuckDB.
   */
  typeScriptLevels?: boolean;
}

/**
 * Fields whose SQL re-enacts a string measure step by step (Jaro-Winkler, typo counts): DuckDB spends two to five
 * times the CPU on their distinct pairs that the comparators do. The birth date's SQL counts digit typos as a list
 * reduction too: at a million records DuckDB took 16 s on its distinct pairs, the comparators 7.5 s.
 */
const TYPESCRIPT_LEVELS = new Set(['first_name', 'last_name', 'full_name', 'birth_date', 'street', 'company']);

/**
 * findClusters' answer (without merge proposals or branch relations, which the CLI does not write), and how the
 * DuckDB engine got it.
 */
export interface DuckDbFound extends Found {
  /** Fields whose levels were SQL expressions. */
  sqlFields: string[];
  /** Fields whose levels came from the TypeScript comparator called by DuckDB (no SQL form yet). */
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

const TABLES: ScoringTables = { pairs: 'dedupe_pairs', comparison: 'dedupe_cmp', levels: 'dedupe_levels' };
const DISTINCT: DistinctTables = { pairs: TABLES.pairs, levels: TABLES.levels, ids: 'dedupe_value_ids', values: 'dedupe_values_', distinct: 'dedupe_distinct_', stage: 'dedupe_stage_' };

/** What DuckDB's buffer manager holds now, in bytes (tables, hash tables, caches). */
async function duckDbBytes(session: DuckDbSession): Promise<number> {
  const [row] = await session.rows('SELECT SUM(memory_usage_bytes) AS bytes FROM duckdb_memory()');
  return Number(row?.bytes ?? 0);
}

/** Records from which a run collects its garbage between phases (see collect-garbage.ts): below, a collection saves little. */
const LARGE_RUN = 100_000;

/** Names the fallback functions apart, so one session can serve several runs. */
let fallbackRuns = 0;

/** The fields' SQL with `name(f, l.rec, r.rec)` (the TypeScript comparator, see registerFallback) for every field no builder knows. */
function withFallback(p: Prepared, byField: readonly (FieldComparisonSql | undefined)[], name: string): FieldComparisonSql[] {
  return byField.map((sql, f) => sql ?? { field: (p.fields[f] as Prepared['fields'][number]).name, columns: [], level: `${name}(${f}, l.rec, r.rec)` });
}

/** Registers the DuckDB function `name(f, i, j)` that answers field f's TypeScript `compare(i, j)` on the record numbers. */
async function registerFallback(session: DuckDbSession, p: Prepared, name: string): Promise<void> {
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
}

/**
 * findClusters (shared/dedupe) with DuckDB doing the blocking, the comparisons and the pattern counts: the same
 * candidate pairs, levels, sampled counts (so the same EM fit), the same weights for every pair that can pass the
 * threshold and the same clustering, so the same clusters; only the pairs that can pass come back to TypeScript.
 */
export async function duckDbFindClusters(records: DedupeRecord[] | readonly DedupeRecord[], options: DuckDbDedupeOptions = {}): Promise<DuckDbFound> {
  const { session: given, builders, handOver, typeScriptLevels = true, memoryLimit, threads, tempDirectory, singletons = true, country, ...rest } = options;
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
  const p = prepare(records, engineOptions);
  const ids = records.map((r) => r.id);
  if (handOver === true) (records as DedupeRecord[]).length = 0;
  // The raw records just dropped (a gigabyte at a million) are handed back before DuckDB asks for its share.
  const large = p.n >= LARGE_RUN;
  if (large) collectGarbage({ compact: true });
  lap('prepare');
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
      meanwhile: () => {
        const chosen = fieldComparisons(p, duckdb, builders);
        const fields = withFallback(p, chosen.byField, fallback);
        compared = { chosen, fields, coded: codeValues(fields, p.n) };
        if (large) collectGarbage({ compact: true });
      },
    });
    lap('block');
    progress('compare', 0.3);
    const { chosen, fields, coded } = compared as NonNullable<typeof compared>;
    if (chosen.missing.length > 0) await registerFallback(session, p, fallback);
    // Each field's level once per distinct pair of its values (by SQL, or by the comparators for the groups whose SQL
    // costs DuckDB most), joined back to the candidate pairs.
    const groups = await loadValueTables(session, p.n, fields, DISTINCT, coded);
    const plan = distinctLevelsPlan(duckdb, fields, groups, DISTINCT);
    await session.run(plan.keys);
    const inTypeScript = groups.map((g) => typeScriptLevels && !g.perRecord && g.fields.some((f) => TYPESCRIPT_LEVELS.has((fields[f] as FieldComparisonSql).field)));
    const typeScriptFields = groups.flatMap((g, k) => (inTypeScript[k] ? g.fields.map((f) => (fields[f] as FieldComparisonSql).field) : []));
    await levelDistinctPairs(session, p, groups, plan, DISTINCT, { inTypeScript, representatives: coded.representatives, ...(tempDirectory ? { directory: tempDirectory } : {}) });
    // Groups with few distinct pairs (the generation, the place) are joined back beside a large one.
    const distinctRows: number[] = [];
    for (const g of groups.keys()) distinctRows.push(Number((await session.rows(`SELECT COUNT(*) AS n FROM ${duckdb.identifier(`${DISTINCT.distinct}${g}`)}`))[0]?.n ?? 0));
    for (const statement of joinBackSql(duckdb, fields, groups, DISTINCT, joinBatches(distinctRows))) await session.run(statement);
    const held = await duckDbBytes(session);
    const drops = [DISTINCT.pairs, DISTINCT.ids, ...groups.flatMap((_, g) => [`${DISTINCT.values}${g}`, `${DISTINCT.distinct}${g}`])];
    await session.run(drops.map((t) => `DROP TABLE ${t}`).join('; '));
    lap('compare', held);
    progress('learn', 0.55);
    const F = p.fields.length;
    const step = patternStep(cand.count);
    const all = patternRows(await session.rows(patternCountsSql(duckdb, F, TABLES.levels, step)), F);
    const learned = learnFromPatterns(p, all, cand.count, link, threshold);
    lap('learn');
    progress('score', 0.65);
    const edges = new PassingEdges(learned);
    const sql = passingPairsSql(duckdb, F, TABLES.levels, learned.passing);
    if (sql) {
      const levels = new Int8Array(F);
      await session.stream(sql, (columns, count) => {
        for (let k = 0; k < count; k++) {
          for (let f = 0; f < F; f++) levels[f] = Number(columns[2 + f]![k]);
          edges.add(Number(columns[0]![k]), Number(columns[1]![k]), levels);
        }
      });
    }
    await session.run(`DROP TABLE ${TABLES.levels}`);
    lap('score');
    progress('cluster', 0.8);
    const found = clustersFromEdges(ids, p, cand, learned, edges, { ...options, singletons });
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
    if (!given) session.close();
  }
}
