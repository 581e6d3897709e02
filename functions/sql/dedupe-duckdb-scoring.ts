// The DuckDB engine's compare, learn and score phases, two ways. By default the candidate pairs come to TypeScript,
// each field's level is made once per distinct value pair (by the comparators; on a machine with cores to spare,
// the groups DuckDB levels in parallel by their SQL there) and spread to the pairs, and the patterns are counted and
// the passing pairs weighed as the in-memory engine does. With typeScriptLevels: false every step up to the passing
// pairs is SQL in DuckDB: the levels joined back to the pairs, the patterns counted by a GROUP BY, the statements
// BigQuery runs.
import type { DuckDBConnection } from '@duckdb/node-api';
import { patternCounts, patternStep, type Prepared } from '../../shared/dedupe';
import { distinctLevelsPlan, duckdb, joinBackSql, joinBatches, passingPairsSql, patternCountsSql, type DistinctTables, type FieldComparisons, type FieldComparisonSql, type ScoringTables, type ValueGroup } from '../../shared/sql';
import { loadValueTable, loadValueTables, type CodedValues } from './dedupe-comparison-table';
import { addPassingPairs, fitFromCounts, learnFromPatterns, PassingEdges, patternRows, type Fitted } from './dedupe-sql-model';
import { candidateLevels } from './dedupe-typescript-levels';
import type { DuckDbSession } from './duckdb';
import { numberingScratch, type RecordPairs } from './value-pairs';

/**
 * Fields whose SQL re-enacts a string measure step by step (Jaro-Winkler, typo counts): DuckDB spends two to five
 * times the CPU on their distinct pairs that the comparators do, so they are levelled here even when DuckDB levels
 * the others. The birth date's SQL counts digit typos as a list reduction too: at a million records DuckDB took
 * 16 s on its distinct pairs, the comparators 7.5 s.
 */
const TYPESCRIPT_LEVELS = new Set(['first_name', 'last_name', 'full_name', 'birth_date', 'street', 'company']);

export const TABLES: ScoringTables = { pairs: 'dedupe_pairs', comparison: 'dedupe_cmp', levels: 'dedupe_levels' };
const DISTINCT: DistinctTables = { pairs: TABLES.pairs, levels: TABLES.levels, ids: 'dedupe_value_ids', values: 'dedupe_values_', distinct: 'dedupe_distinct_', stage: 'dedupe_stage_' };

/** What DuckDB's buffer manager holds now, in bytes (tables, hash tables, caches). */
async function duckDbBytes(session: DuckDbSession): Promise<number> {
  const [row] = await session.rows('SELECT SUM(memory_usage_bytes) AS bytes FROM duckdb_memory()');
  return Number(row?.bytes ?? 0);
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

/** What the compare, learn and score phases start from. */
export interface CompareInput {
  session: DuckDbSession;
  p: Prepared;
  fields: FieldComparisonSql[];
  coded: CodedValues;
  chosen: FieldComparisons;
  /** The name of the TypeScript comparator function registered for fields without SQL. */
  fallback: string;
  cand: { count: number; oversizedBlocks: number };
  link: boolean;
  threshold: number;
  tempDirectory?: string;
  /** Level the e-mail, phone, place and generation groups with their SQL in DuckDB beside the comparators (sqlLevelsByDefault). */
  sqlLevels: boolean;
  /** Called once DuckDB is needed no more (the caller may close the session and hand its memory back). */
  release: () => void;
}

/** What the score phase hands the clustering. */
export interface Scored {
  edges: PassingEdges;
  fitted: Fitted;
  typeScriptFields: string[];
}

/**
 * Whether DuckDB levels the e-mail, phone, place and generation groups by default, given the threads it runs.
 * Measured on 2 cores at a million records: DuckDB levels a distinct e-mail or phone pair in about 2.2 µs of one
 * thread, the comparators in 0.76 µs; and the comparators' thread is one of the machine's. So DuckDB is a help
 * only with three threads or more beside this one: on 2 cores, with the e-mail and phone groups sent to DuckDB the
 * compare phase took 50 s, with every group levelled here 36 s (and 360 MB less at its peak).
 */
export function sqlLevelsByDefault(threads: number): boolean {
  return threads >= 4;
}

export type Lap = (phase: string, duckDb?: number) => void;
export type Progress = (stage: string, fraction: number) => void;

/**
 * The candidate pairs of table `table` (i < j, in no order) as arrays in (i, j) order, the in-memory engine's; the
 * table is dropped. Each pair is read as one number, i·n + j (exact below 2^53: n up to 94 million), and the numbers
 * sorted here: V8 sorts a typed array natively, in less time and memory than DuckDB numbering them with a window.
 */
async function readCandidatePairs(session: DuckDbSession, table: string, count: number, n: number): Promise<{ pairs: RecordPairs; spare: ArrayBuffer }> {
  const keys = new Float64Array(count);
  let at = 0;
  await session.stream(`SELECT i, j FROM ${duckdb.identifier(table)}`, (columns, rows) => {
    const [is, js] = columns as [number[], number[]];
    if (at + rows > count) throw new Error(`table ${table} holds more than the ${count} pairs counted`);
    for (let r = 0; r < rows; r++) keys[at++] = (is[r] as number) * n + (js[r] as number);
  });
  await session.run(`DROP TABLE ${duckdb.identifier(table)}`);
  if (at !== count) throw new Error(`table ${table} held ${at} pairs, not the ${count} counted`);
  keys.sort();
  const [left, right] = [new Int32Array(count), new Int32Array(count)];
  for (let k = 0; k < count; k++) {
    const key = keys[k] as number;
    const i = Math.floor(key / n);
    left[k] = i;
    right[k] = key - i * n;
  }
  // The numbers' buffer (8 bytes a pair) goes on as the numbering's scratch rather than to the collector.
  return { pairs: { left, right, count }, spare: keys.buffer };
}

/**
 * The default: the candidate pairs come here, each field's level is made per distinct value pair (by the
 * comparators or, for the groups DuckDB levels faster, by SQL; dedupe-typescript-levels.ts) and spread to the
 * pairs; the patterns are counted and the passing pairs weighed here, as the in-memory engine does.
 */
export async function levelledHere(c: CompareInput, lap: Lap, progress: Progress): Promise<Scored> {
  const { session, p, fields, coded } = c;
  const { pairs, spare } = await readCandidatePairs(session, TABLES.pairs, c.cand.count, p.n);
  const groups = coded.groups;
  const missing = new Set(c.chosen.missing);
  // A group of fields without SQL reads the record numbers (perRecord): the comparators take it as it is.
  const inTypeScript = groups.map((g) => !c.sqlLevels || g.perRecord || g.fields.some((f) => TYPESCRIPT_LEVELS.has((fields[f] as FieldComparisonSql).field)));
  const typeScriptFields = groups.flatMap((g, k) => (inTypeScript[k] ? g.fields.map((f) => (fields[f] as FieldComparisonSql).field).filter((name) => !missing.has(name)) : []));
  const sqlGroups = groups.flatMap((_, g) => (inTypeScript[g] ? [] : [g]));
  // With no group for DuckDB, its memory (at five million records, the pairs' gigabyte and its caches) goes back now.
  if (sqlGroups.length === 0) c.release();
  for (const g of sqlGroups) await loadValueTable(session, `${DISTINCT.values}${g}`, groups[g] as ValueGroup, coded.representatives[g] as Int32Array);
  const levels = await candidateLevels(session, p, fields, groups, pairs, {
    inTypeScript,
    ids: coded.ids,
    representatives: coded.representatives,
    values: DISTINCT.values,
    scratch: numberingScratch(pairs.count, spare),
    ...(c.tempDirectory ? { directory: c.tempDirectory } : {}),
  });
  let held: number | undefined;
  if (sqlGroups.length > 0) {
    held = await duckDbBytes(session);
    await session.run(sqlGroups.map((g) => `DROP TABLE ${DISTINCT.values}${g}`).join('; '));
  }
  lap('compare', held);
  progress('learn', 0.55);
  const fitted = fitFromCounts(p, patternCounts(levels, pairs.count, p.fields), c.link, c.threshold);
  lap('learn');
  progress('score', 0.65);
  const edges = new PassingEdges(fitted);
  addPassingPairs(p, levels, pairs, fitted, edges);
  lap('score');
  return { edges, fitted, typeScriptFields };
}

/**
 * Every step in DuckDB (typeScriptLevels: false), as BigQuery runs it: each field's SQL level per distinct value
 * pair, the levels joined back to the pairs, the patterns counted by a GROUP BY and only the passing pairs read back.
 */
export async function levelledInDuckDb(c: CompareInput, lap: Lap, progress: Progress): Promise<Scored> {
  const { session, p, fields, coded } = c;
  if (c.chosen.missing.length > 0) await registerFallback(session, p, c.fallback);
  const groups = await loadValueTables(session, p.n, fields, DISTINCT, coded);
  const plan = distinctLevelsPlan(duckdb, fields, groups, DISTINCT);
  for (const statement of [plan.keys, ...plan.distinct]) await session.run(statement);
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
  const all = patternRows(await session.rows(patternCountsSql(duckdb, F, TABLES.levels, patternStep(c.cand.count))), F);
  const learned = learnFromPatterns(p, all, c.cand.count, c.link, c.threshold);
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
  return { edges, fitted: learned, typeScriptFields: [] };
}
