// Runs the generated blocking SQL on DuckDB: the records' keys (as block numbers) and sort keys are written chunk by
// chunk to CSV files in a temporary folder, loaded as two tables, and the candidate pairs streamed back (only the
// pair arrays are held here) or kept as a table for the SQL scoring.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blockHash, blockingKeys, type Candidates, type Prepared } from '../../shared/dedupe';
import { blockingRecordRows, candidatePairsSql, candidateTableSql, duckdb, oversizedBlocksSql, type BlockingTables } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';
import { COMMA, IntFile, NEWLINE } from './int-csv';

/** How the DuckDB blocking runs. */
export interface DuckDbBlockingOptions {
  maxBlock: number;
  link: boolean;
  /** Where the key files are written (default: the system's temporary folder); removed afterwards. */
  directory?: string;
  /** Records whose sort keys are made and written at a time (the block numbers go through one buffer). */
  chunk?: number;
}

const TABLES: BlockingTables = { keys: 'dedupe_block_keys', records: 'dedupe_block_records' };

/** A CSV field, always quoted, quotes doubled. */
const quoted = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** The relation DuckDB reads a blocking file as (`columns`: DuckDB's columns struct, without braces). */
export const blockingCsv = (file: string, columns: string): string =>
  `read_csv(${duckdb.string(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${columns}})`;

/**
 * Writes text pieces to a file synchronously. Each piece is written as soon as it is made, so it dies young: text
 * kept across an await (a stream's buffer) is promoted to V8's old generation, which at 200,000 records grew the
 * heap by 800 MB of garbage that no collection had reclaimed by the end of blocking.
 */
function writeFile(file: string, pieces: (write: (text: string) => void) => void): void {
  const fd = openSync(file, 'w');
  try {
    pieces((text) => void writeSync(fd, text, null, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the records' blocking keys and sort keys to CSV files in a temporary folder, loads them as the two
 * blocking tables, runs `work`, then drops the tables and the folder.
 */
async function withBlockingTables<T>(session: DuckDbSession, p: Prepared, options: DuckDbBlockingOptions, work: () => Promise<T>): Promise<T> {
  // Small chunks of the records file: each chunk's rows and text are garbage once written, so they stay in V8's
  // young generation. A chunk's text must stay under V8's large-object size (128 KB), or it is made in the old
  // generation: with 2,000 records a chunk, a million records' keys (then text too) left 300 MB of garbage there.
  const chunk = options.chunk ?? 250;
  const folder = await mkdtemp(path.join(options.directory ?? tmpdir(), 'regulars-blocking-'));
  try {
    const keysFile = path.join(folder, 'keys.csv');
    const recordsFile = path.join(folder, 'records.csv');
    // Each key as its block's number (blockingKeyRows' rows, written without making them): digits written
    // straight to a buffer, where DuckDB would otherwise hash and compare each key's text in every window.
    const keys = new IntFile(keysFile);
    try {
      for (let i = 0; i < p.n; i++) {
        for (const key of blockingKeys(p, i)) {
          keys.int(i, COMMA);
          keys.int(blockHash(key), NEWLINE);
        }
      }
    } finally {
      keys.close();
    }
    writeFile(recordsFile, (write) => {
      for (let from = 0; from < p.n; from += chunk) {
        const rows = blockingRecordRows(p, from, Math.min(p.n, from + chunk));
        write(rows.map((r) => `${r.record},${r.source},${quoted(r.sortKey)}\n`).join(''));
      }
    });
    const csv = blockingCsv;
    await session.run(`CREATE OR REPLACE TEMP TABLE ${TABLES.keys} AS SELECT * FROM ${csv(keysFile, "'rec': 'INTEGER', 'block': 'BIGINT'")}`);
    await session.run(`CREATE OR REPLACE TEMP TABLE ${TABLES.records} AS SELECT * FROM ${csv(recordsFile, "'rec': 'INTEGER', 'source': 'INTEGER', 'sort_key': 'VARCHAR'")}`);
    const result = await work();
    await session.run(`DROP TABLE ${TABLES.keys}; DROP TABLE ${TABLES.records}`);
    return result;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The candidate pairs of candidatePairs (shared/dedupe) computed by DuckDB from the same keys, streamed back as arrays. */
export async function duckDbCandidatePairs(session: DuckDbSession, p: Prepared, options: DuckDbBlockingOptions): Promise<Candidates> {
  return withBlockingTables(session, p, options, async () => {
    const [over] = await session.rows(oversizedBlocksSql(duckdb, TABLES, options.maxBlock));
    let left = new Int32Array(1 << 16);
    let right = new Int32Array(1 << 16);
    let count = 0;
    await session.stream(candidatePairsSql(duckdb, TABLES, options), (columns, rows) => {
      if (count + rows > left.length) {
        let size = left.length;
        while (size < count + rows) size *= 2;
        const l2 = new Int32Array(size);
        const r2 = new Int32Array(size);
        l2.set(left.subarray(0, count));
        r2.set(right.subarray(0, count));
        left = l2;
        right = r2;
      }
      const [is, js] = columns as [number[], number[]];
      for (let k = 0; k < rows; k++) {
        left[count] = is[k]!;
        right[count] = js[k]!;
        count++;
      }
    });
    return { left: left.subarray(0, count), right: right.subarray(0, count), count, oversizedBlocks: Number(over?.oversized ?? 0) };
  });
}

/**
 * The same candidate pairs kept in DuckDB: creates `table` (columns k, i, j; k numbers the pairs 0, 1, … in (i, j)
 * order, as the in-memory engine holds them; or i, j alone, see `numbered`) and answers only how many there are and
 * how many blocks were skipped.
 */
export async function duckDbCandidateTable(
  session: DuckDbSession,
  p: Prepared,
  options: DuckDbBlockingOptions & {
    table: string;
    /** Work of this thread that does not need the pairs, done while DuckDB makes them (on its own threads). */
    meanwhile?: () => void;
    /**
     * False: the table holds only i and j, in no order (for a caller that orders the pairs itself; numbering them
     * is a sort of every pair inside DuckDB, the largest thing it holds while blocking).
     */
    numbered?: boolean;
  },
): Promise<{ count: number; oversizedBlocks: number }> {
  return withBlockingTables(session, p, options, async () => {
    const [over] = await session.rows(oversizedBlocksSql(duckdb, TABLES, options.maxBlock));
    const sql = options.numbered === false ? duckdb.createTable(duckdb.identifier(options.table), candidatePairsSql(duckdb, TABLES, options, false)) : candidateTableSql(duckdb, TABLES, options, options.table);
    const building = session.run(sql);
    // DuckDB works on while this thread does the other work; its failure is reported once DuckDB is done.
    let failed = false;
    let failure: unknown;
    try {
      options.meanwhile?.();
    } catch (error) {
      [failed, failure] = [true, error];
    }
    await building;
    if (failed) throw failure;
    const [n] = await session.rows(`SELECT COUNT(*) AS n FROM ${duckdb.identifier(options.table)}`);
    return { count: Number(n?.n ?? 0), oversizedBlocks: Number(over?.oversized ?? 0) };
  });
}
