// Distinct value pairs levelled by the engine's own TypeScript comparators while DuckDB levels the other groups
// with SQL. The SQL of the name, birth date and street levels re-enacts our string measures step by step
// (Jaro-Winkler as list lambdas, typo counts with bounds) and costs DuckDB two to five times the CPU the comparators
// take, so on DuckDB those groups' distinct pairs come back here (two value ids each, in a CSV file DuckDB writes),
// are compared on one record holding each value, and go back as a CSV file; the two kinds of work overlap on the
// machine's cores. The levels are the comparators' own, which the SQL expressions were written to equal (BigQuery
// keeps the expressions).
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Prepared } from '../../shared/dedupe';
import { duckdb, packedKeyColumn, PACK, stageTable, type DistinctLevelsPlan, type DistinctTables, type ValueGroup } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';

/** A group's distinct (left value id, right value id) pairs, in chunks. */
export interface ValuePairs {
  left: Int32Array[];
  right: Int32Array[];
}

/** Pairs compared between two turns of the event loop (so DuckDB's next statement is sent without delay). */
export const SLICE = 65_536;

/**
 * Has DuckDB write group g's distinct packed pairs of stage 0 to `file` as `left,right` value ids, one pair a line:
 * the statement runs on DuckDB's threads alone, so it can wait in DuckDB's queue while this thread compares another
 * group (a pair streamed back costs this thread a call per value instead).
 */
function copyPairsSql(t: DistinctTables, g: number, groups: number, file: string): string {
  const x = packedKeyColumn(duckdb, g);
  return (
    `COPY (SELECT CAST(x // ${PACK} AS INTEGER) AS l, CAST(x % ${PACK} AS INTEGER) AS r FROM (SELECT DISTINCT s.${x} AS x FROM ${stageTable(duckdb, t, 0, groups)} AS s)) ` +
    `TO ${duckdb.string(file)} (FORMAT csv, HEADER false)`
  );
}

/** Bytes of a pairs file read at a time. */
const BLOCK = 1 << 24;

/** Reads a file copyPairsSql wrote (non-negative integers, a comma between the two of a line) into chunks of pairs. */
export function readPairsFile(file: string): ValuePairs {
  const pairs: ValuePairs = { left: [], right: [] };
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(BLOCK);
    let left = new Int32Array(BLOCK / 4);
    let right = new Int32Array(BLOCK / 4);
    let count = 0;
    let value = 0;
    let first = 0;
    let digits = false;
    let comma = false;
    for (;;) {
      const read = readSync(fd, buffer, 0, BLOCK, null);
      if (read === 0) break;
      for (let k = 0; k < read; k++) {
        const c = buffer[k] as number;
        if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48);
          digits = true;
        } else if (c === 44 && digits && !comma) {
          first = value;
          value = 0;
          digits = false;
          comma = true;
        } else if (c === 10) {
          if (!digits || !comma) throw new Error(`${file}: line ${pairs.left.reduce((n, x) => n + x.length, 0) + count + 1} is not two value ids`);
          if (count === left.length) {
            pairs.left.push(left);
            pairs.right.push(right);
            left = new Int32Array(BLOCK / 4);
            right = new Int32Array(BLOCK / 4);
            count = 0;
          }
          left[count] = first;
          right[count] = value;
          count++;
          value = 0;
          digits = false;
          comma = false;
        } else if (c !== 13) throw new Error(`${file}: byte ${c} where a value id was expected`);
      }
    }
    if (count > 0) {
      pairs.left.push(left.slice(0, count));
      pairs.right.push(right.slice(0, count));
    }
  } finally {
    closeSync(fd);
  }
  return pairs;
}

/** A file written through one buffer, numbers as ASCII digits (no strings made per pair: a million records' pairs are tens of millions of lines). */
class LevelFile {
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private at = 0;

  constructor(private readonly fd: number) {}

  /** Writes a small integer (a value id or a level, −1 included) and then `end` (a comma or a line break). */
  int(value: number, end: number): void {
    if (this.at > this.buffer.length - 16) this.flush();
    let v = value;
    if (v < 0) {
      this.buffer[this.at++] = 45;
      v = -v;
    }
    const from = this.at;
    do {
      this.buffer[this.at++] = 48 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    this.buffer.subarray(from, this.at).reverse();
    this.buffer[this.at++] = end;
  }

  flush(): void {
    if (this.at > 0) writeSync(this.fd, this.buffer, 0, this.at);
    this.at = 0;
  }
}

const COMMA = 44;
const NEWLINE = 10;

/**
 * Writes `left,right,level…` per pair to `file`: each level the field's comparator on the first record of each value
 * id (records sharing a value id hold the same values in every column the group's fields read). Chunks are emptied
 * as they are written.
 */
export async function writeLevels(p: Prepared, group: ValueGroup, pairs: ValuePairs, first: Int32Array, file: string): Promise<void> {
  const compares = group.fields.map((f) => {
    const field = p.fields[f] as Prepared['fields'][number];
    return field.compareOnce ?? field.compare;
  });
  const last = compares.length - 1;
  const fd = openSync(file, 'w');
  try {
    const out = new LevelFile(fd);
    for (let c = 0; c < pairs.left.length; c++) {
      const [left, right] = [pairs.left[c] as Int32Array, pairs.right[c] as Int32Array];
      for (let from = 0; from < left.length; from += SLICE) {
        const to = Math.min(left.length, from + SLICE);
        for (let k = from; k < to; k++) {
          const [a, b] = [left[k] as number, right[k] as number];
          const [i, j] = [first[a] as number, first[b] as number];
          out.int(a, COMMA);
          out.int(b, COMMA);
          for (let f = 0; f <= last; f++) out.int((compares[f] as (i: number, j: number) => number)(i, j), f === last ? NEWLINE : COMMA);
        }
        // A turn of the event loop every slice, not every chunk (4 million pairs, seconds of work): DuckDB's next
        // queued statement is sent from this thread, and waited that long before.
        await new Promise((resolve) => setImmediate(resolve));
      }
      pairs.left[c] = pairs.right[c] = new Int32Array(0);
    }
    out.flush();
  } finally {
    closeSync(fd);
  }
}

/** Creates group g's distinct table (x and g<f>, as the plan's SQL would) from a file writeLevels wrote. */
function loadLevelsSql(group: ValueGroup, g: number, t: DistinctTables, file: string): string {
  const levels = group.fields.map((f) => `g${f}`);
  const columns = ["'l': 'INTEGER'", "'r': 'INTEGER'", ...levels.map((c) => `'${c}': '${duckdb.levelType}'`)].join(', ');
  return duckdb.createTable(
    duckdb.identifier(`${t.distinct}${g}`),
    `SELECT CAST(l AS BIGINT) * ${PACK} + r AS x${levels.map((c) => `, ${duckdb.identifier(c)}`).join('')} ` +
      `FROM read_csv(${duckdb.string(file)}, header = false, auto_detect = false, delim = ',', columns = {${columns}})`,
  );
}

/** Which groups are levelled in TypeScript, and where their files go. */
export interface TypeScriptLevelsOptions {
  /** Per group: true to level its distinct pairs with the comparators, false for the plan's SQL. */
  inTypeScript: readonly boolean[];
  /** Each group's first record per value id (valueIds' representatives). */
  representatives: readonly Int32Array[];
  /** Folder for the level files (default: the system's temporary folder); removed afterwards. */
  directory?: string;
}

/**
 * Makes every group's distinct table after the plan's stage 0: the SQL groups by the plan's statements, run by
 * DuckDB while the TypeScript groups' pairs are compared here, then the TypeScript groups' files loaded.
 */
export async function levelDistinctPairs(session: DuckDbSession, p: Prepared, groups: readonly ValueGroup[], plan: DistinctLevelsPlan, t: DistinctTables, options: TypeScriptLevelsOptions): Promise<void> {
  const here = groups.flatMap((_, g) => (options.inTypeScript[g] === true ? [g] : []));
  if (here.length === 0) {
    for (const statement of plan.distinct) await session.run(statement);
    return;
  }
  const folder = await mkdtemp(path.join(options.directory ?? tmpdir(), 'regulars-levels-'));
  try {
    // One queue on DuckDB's connection: the TypeScript groups' pairs written out, then the SQL groups' statements.
    // This thread levels each group as soon as its pairs are written, while DuckDB goes on down the queue; a
    // failure on either side is kept until both are done, so the session is never left mid-query.
    const pairFile = (g: number): string => path.join(folder, `pairs-${g}.csv`);
    const written = new Map<number, Promise<void>>();
    let queue: Promise<void> = Promise.resolve();
    for (const g of here) {
      const copied = queue.then(() => session.run(copyPairsSql(t, g, groups.length, pairFile(g))));
      // Awaited below; until then a failure is the queue's to report.
      copied.catch(() => undefined);
      written.set(g, copied);
      queue = copied;
    }
    const sqlDone = queue
      .then(async () => {
        for (const [g, statement] of plan.distinct.entries()) if (!here.includes(g)) await session.run(statement);
      })
      .then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
    const files = new Map<number, string>();
    const compared = await (async () => {
      for (const g of here) {
        await written.get(g);
        const pairs = readPairsFile(pairFile(g));
        await rm(pairFile(g), { force: true });
        const file = path.join(folder, `levels-${g}.csv`);
        await writeLevels(p, groups[g] as ValueGroup, pairs, options.representatives[g] as Int32Array, file);
        files.set(g, file);
      }
    })().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    const failed = (await sqlDone) ?? compared;
    if (failed) throw failed.error;
    for (const [g, file] of files) await session.run(loadLevelsSql(groups[g] as ValueGroup, g, t, file));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
