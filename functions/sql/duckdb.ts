import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';

/** How the embedded database may use the machine. */
export interface DuckDbOptions {
  /** DuckDB's memory_limit, e.g. "2GB" (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
  /** Worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /** Where DuckDB may spill what does not fit in memory_limit. */
  tempDirectory?: string;
}

/** An open in-memory DuckDB: statements, small results as rows, large ones streamed by chunk. */
export interface DuckDbSession {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, DuckDBValue>[]>;
  /** Streams a result: `onChunk` gets each chunk's columns (values as DuckDB gives them) and its row count. */
  stream(sql: string, onChunk: (columns: DuckDBValue[][], rows: number) => void): Promise<void>;
  /** Runs `work` with the session's connection (appenders, registered functions). */
  withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  close(): void;
}

/** A memory limit as DuckDB reads it: a number and a unit (KB, MB, GB, TB or KiB … TiB). */
export function isMemoryLimit(text: string): boolean {
  return /^\d+(\.\d+)?\s*(K|M|G|T)i?B$/i.test(text.trim());
}

/**
 * Opens an in-memory DuckDB. `@duckdb/node-api` (a native module) is imported here and only here, on first use:
 * nothing that does not ask for DuckDB loads it.
 */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<DuckDbSession> {
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
  const config: Record<string, string> = { preserve_insertion_order: 'false' };
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  if (options.threads !== undefined) config.threads = String(options.threads);
  // DuckDB spills to ".tmp" in the working folder unless told otherwise: a folder of our own in the system's
  // temporary space instead, removed on close (a given folder is the caller's and stays).
  const spill = options.tempDirectory ?? mkdtempSync(path.join(tmpdir(), 'regulars-duckdb-'));
  config.temp_directory = spill;
  const instance: DuckDBInstance = await Instance.create(':memory:', config);
  const connection: DuckDBConnection = await instance.connect();
  return {
    run: async (sql) => void (await connection.run(sql)),
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects(),
    stream: async (sql, onChunk) => {
      const result = await connection.stream(sql);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        onChunk(chunk.getColumns(), chunk.rowCount);
      }
    },
    withConnection: (work) => work(connection),
    close: () => {
      connection.closeSync();
      instance.closeSync();
      if (options.tempDirectory === undefined) rmSync(spill, { recursive: true, force: true });
    },
  };
}
