// Each candidate pair's level per field, made here from the distinct value pairs: records holding the same values
// of a group's columns share a value id, so a group's fields are levelled once per distinct (left id, right id)
// pair and the levels spread back to the candidate pairs by a lookup. The engine's own comparators level each
// group on one record holding each value. On a machine with threads to spare, DuckDB may level some groups (e-mail,
// phone, place, generation) by their SQL expressions meanwhile: their distinct pairs handed over in a CSV file and
// the levels read back, so the two kinds of work overlap on the machine's cores; the groups whose SQL re-enacts our
// string measures step by step (names, birth dates, streets: two to five times the CPU) always stay here.
// Spreading the levels here rather than joining them back in DuckDB spares rewriting every candidate pair once per
// group (at five million records, 82 million pairs a time).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Prepared } from '../../shared/dedupe';
import { duckdb, type FieldComparisonSql, type ValueGroup } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';
import { COMMA, IntFile, NEWLINE, readIntRows } from './int-csv';
import { numberingScratch, numberValuePairs, SLICE, turn, type DistinctPairs, type NumberingScratch, type RecordPairs } from './value-pairs';

/**
 * The statement that levels a SQL group's distinct pairs: reads `m,l,r` lines (position, left and right value id)
 * from `pairsFile`, joins the group's value table as `l` and `r` (the fields' expressions read those), and writes
 * `m,level…` lines to `levelsFile` (in any order: m says where each goes).
 */
export function sqlGroupLevelsSql(fields: readonly FieldComparisonSql[], group: ValueGroup, valuesTable: string, pairsFile: string, levelsFile: string): string {
  const values = duckdb.identifier(valuesTable);
  const levels = group.fields.map((f) => `CAST(${(fields[f] as FieldComparisonSql).level} AS ${duckdb.levelType})`);
  const read = `read_csv(${duckdb.string(pairsFile)}, header = false, auto_detect = false, delim = ',', columns = {'m': 'INTEGER', 'l': 'INTEGER', 'r': 'INTEGER'})`;
  return (
    `COPY (SELECT u.m${levels.map((x, k) => `, ${x} AS ${duckdb.identifier(`g${k}`)}`).join('')} FROM ${read} AS u ` +
    `JOIN ${values} AS l ON l.vid = u.l JOIN ${values} AS r ON r.vid = u.r) TO ${duckdb.string(levelsFile)} (FORMAT csv, HEADER false)`
  );
}

/** Writes a group's distinct pairs as `m,l,r` lines. */
async function writeDistinctPairs(d: DistinctPairs, file: string): Promise<void> {
  const out = new IntFile(file);
  try {
    for (let l = 0, m = 0; l + 1 < d.start.length; l++) {
      for (const to = d.start[l + 1] as number; m < to; m++) {
        out.int(m, COMMA);
        out.int(l, COMMA);
        out.int(d.right[m] as number, NEWLINE);
      }
      if ((l & 0xffff) === 0xffff) await turn();
    }
  } finally {
    out.close();
  }
}

/**
 * Levels a group's distinct pairs with the fields' comparators on the first record of each value id (records
 * sharing an id hold the same values in every column the group's fields read): `levels[m * fields + f]`.
 */
export async function comparatorLevels(p: Prepared, group: ValueGroup, d: DistinctPairs, first: Int32Array): Promise<Int8Array> {
  const compares = group.fields.map((f) => {
    const field = p.fields[f] as Prepared['fields'][number];
    return field.compareOnce ?? field.compare;
  });
  const width = compares.length;
  const levels = new Int8Array(d.count * width);
  let done = 0;
  for (let l = 0; l + 1 < d.start.length; l++) {
    const i = first[l] as number;
    const to = d.start[l + 1] as number;
    for (let m = d.start[l] as number; m < to; m++) {
      const j = first[d.right[m] as number] as number;
      for (let f = 0; f < width; f++) levels[m * width + f] = (compares[f] as (i: number, j: number) => number)(i, j);
    }
    // A turn of the event loop every slice of pairs: DuckDB's next queued statement is sent from this thread.
    if (to - done >= SLICE) {
      done = to;
      await turn();
    }
  }
  return levels;
}

/** Reads the `m,level…` lines sqlGroupLevelsSql wrote into `levels[m * width + f]`, checking each of the `count` pairs sent came back once. */
export function readGroupLevels(file: string, count: number, width: number): Int8Array {
  const levels = new Int8Array(count * width);
  const seen = new Uint8Array(count);
  const rows = readIntRows(file, width + 1, (values) => {
    const m = values[0] as number;
    if (m < 0 || m >= count || seen[m] === 1) throw new Error(`${file}: pair ${m} is not one of the ${count} sent, or came back twice`);
    seen[m] = 1;
    for (let f = 0; f < width; f++) levels[m * width + f] = values[f + 1] as number;
  });
  if (rows !== count) throw new Error(`${file}: ${rows} levelled pairs came back for ${count} sent`);
  return levels;
}

/** Spreads a group's distinct levels to the candidate pairs: `out[k * F + field]`, `of[k]` candidate k's distinct pair. */
async function spread(out: Int8Array, F: number, group: ValueGroup, levels: Int8Array, of: Int32Array): Promise<void> {
  const width = group.fields.length;
  for (let from = 0; from < of.length; from += SLICE) {
    const to = Math.min(of.length, from + SLICE);
    for (let k = from; k < to; k++) {
      const m = of[k] as number;
      for (let f = 0; f < width; f++) out[k * F + (group.fields[f] as number)] = levels[m * width + f] as number;
    }
    await turn();
  }
}

/** How the groups are levelled. */
export interface CandidateLevelsOptions {
  /** Per group: true for the comparators, false for its SQL (its value table loaded in DuckDB). */
  inTypeScript: readonly boolean[];
  /** Each record's value id per group, and each group's first record per id (valueIds). */
  ids: readonly Int32Array[];
  representatives: readonly Int32Array[];
  /** Group g's value table is `values` + g. */
  values: string;
  /** Folder for the pair and level files (default: the system's temporary folder); removed afterwards. */
  directory?: string;
  /** Arrays to number the groups' pairs in (default: made here), reused group after group. */
  scratch?: NumberingScratch;
}

/**
 * Every candidate pair's level per field (`levels[k * F + f]`, F = p.fields.length): the SQL groups' distinct pairs
 * written out and queued on DuckDB first, then the comparator groups levelled here while DuckDB works, then the SQL
 * groups' levels read back. A failure on either side is kept until both are done, so the session is never left
 * mid-query, and no file is left behind.
 */
export async function candidateLevels(session: DuckDbSession, p: Prepared, fields: readonly FieldComparisonSql[], groups: readonly ValueGroup[], pairs: RecordPairs, options: CandidateLevelsOptions): Promise<Int8Array> {
  const F = p.fields.length;
  const out = new Int8Array(pairs.count * F);
  const folder = await mkdtemp(path.join(options.directory ?? tmpdir(), 'regulars-levels-'));
  try {
    const scratch = options.scratch ?? numberingScratch(pairs.count);
    const number = (g: number): Promise<DistinctPairs & { of: Int32Array }> => numberValuePairs(options.ids[g] as Int32Array, (options.representatives[g] as Int32Array).length, pairs, scratch);
    const inSql = groups.flatMap((_, g) => (options.inTypeScript[g] === true ? [] : [g]));
    // A SQL group's candidate numbers are dropped while DuckDB works (at five million records, 330 MB a group) and
    // made again when its levels are back: the numbering is the same each time.
    const sent = new Map<number, { count: number; file: string }>();
    let queue: Promise<void> = Promise.resolve();
    let sqlFailure: { error: unknown } | undefined;
    let failure: { error: unknown } | undefined;
    try {
      for (const g of inSql) {
        const d = await number(g);
        const [pairsFile, levelsFile] = [path.join(folder, `pairs-${g}.csv`), path.join(folder, `levels-${g}.csv`)];
        await writeDistinctPairs(d, pairsFile);
        sent.set(g, { count: d.count, file: levelsFile });
        const statement = sqlGroupLevelsSql(fields, groups[g] as ValueGroup, `${options.values}${g}`, pairsFile, levelsFile);
        queue = queue.then(() => (sqlFailure ? undefined : session.run(statement))).catch((error: unknown) => void (sqlFailure ??= { error }));
      }
      for (const [g, group] of groups.entries()) {
        if (options.inTypeScript[g] !== true) continue;
        const d = await number(g);
        await spread(out, F, group, await comparatorLevels(p, group, d, options.representatives[g] as Int32Array), d.of);
      }
    } catch (error) {
      failure = { error };
    }
    await queue;
    failure ??= sqlFailure;
    if (failure) throw failure.error;
    for (const [g, { count, file }] of sent) {
      const group = groups[g] as ValueGroup;
      const levels = readGroupLevels(file, count, group.fields.length);
      await rm(file, { force: true });
      await spread(out, F, group, levels, (await number(g)).of);
    }
    return out;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
