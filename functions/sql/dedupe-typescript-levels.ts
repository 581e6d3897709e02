// Distinct value pairs levelled by the engine's own TypeScript comparators while DuckDB levels the other groups
// with SQL. The SQL of the name and street levels re-enacts our string measures step by step (Jaro-Winkler as list
// lambdas, typo counts with bounds) and costs DuckDB two to five times the CPU the comparators take, so on DuckDB
// those groups' distinct pairs come back here (two value ids each), are compared on one record holding each value,
// and go back as a CSV file; the two kinds of work overlap on the machine's cores. The levels are the comparators'
// own, which the SQL expressions were written to equal (BigQuery keeps the expressions).
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Prepared } from '../../shared/dedupe';
import { duckdb, packedKeyColumn, PACK, stageTable, type DistinctLevelsPlan, type DistinctTables, type ValueGroup } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';

/** A group's distinct (left value id, right value id) pairs, in the chunks DuckDB returned them in. */
interface ValuePairs {
  left: Int32Array[];
  right: Int32Array[];
}

/** Pairs compared between two turns of the event loop (so DuckDB's next statement is sent without delay). */
const SLICE = 65_536;

/** Group g's distinct packed pairs of stage 0, unpacked into value ids. */
async function distinctValuePairs(session: DuckDbSession, t: DistinctTables, g: number, groups: number): Promise<ValuePairs> {
  const x = packedKeyColumn(duckdb, g);
  const pairs: ValuePairs = { left: [], right: [] };
  await session.stream(
    `SELECT CAST(x // ${PACK} AS INTEGER) AS l, CAST(x % ${PACK} AS INTEGER) AS r FROM (SELECT DISTINCT s.${x} AS x FROM ${stageTable(duckdb, t, 0, groups)} AS s)`,
    (columns, count) => {
      const [l, r] = columns as [unknown[], unknown[]];
      pairs.left.push(Int32Array.from({ length: count }, (_, k) => l[k] as number));
      pairs.right.push(Int32Array.from({ length: count }, (_, k) => r[k] as number));
    },
  );
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
async function writeLevels(p: Prepared, group: ValueGroup, pairs: ValuePairs, first: Int32Array, file: string): Promise<void> {
  const compares = group.fields.map((f) => {
    const field = p.fields[f] as Prepared['fields'][number];
    return field.compareOnce ?? field.compare;
  });
  const last = compares.length - 1;
  const fd = openSync(file, 'w');
  try {
    const out = new LevelFile(fd);
    let sinceYield = 0;
    for (let c = 0; c < pairs.left.length; c++) {
      const [left, right] = [pairs.left[c] as Int32Array, pairs.right[c] as Int32Array];
      for (let k = 0; k < left.length; k++) {
        const [a, b] = [left[k] as number, right[k] as number];
        const [i, j] = [first[a] as number, first[b] as number];
        out.int(a, COMMA);
        out.int(b, COMMA);
        for (let f = 0; f <= last; f++) out.int((compares[f] as (i: number, j: number) => number)(i, j), f === last ? NEWLINE : COMMA);
      }
      pairs.left[c] = pairs.right[c] = new Int32Array(0);
      sinceYield += left.length;
      if (sinceYield >= SLICE) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
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
    const pairs = new Map<number, ValuePairs>();
    for (const g of here) pairs.set(g, await distinctValuePairs(session, t, g, groups.length));
    // DuckDB's statements run on its threads while this thread compares; a failure is kept until both are done.
    const sqlDone = (async () => {
      for (const [g, statement] of plan.distinct.entries()) if (!here.includes(g)) await session.run(statement);
    })().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    const files = new Map<number, string>();
    // The comparators' failure, if any, waits for DuckDB's statements too: the session is not left mid-query.
    const compared = await (async () => {
      for (const g of here) {
        const file = path.join(folder, `levels-${g}.csv`);
        await writeLevels(p, groups[g] as ValueGroup, pairs.get(g) as ValuePairs, options.representatives[g] as Int32Array, file);
        pairs.delete(g);
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
