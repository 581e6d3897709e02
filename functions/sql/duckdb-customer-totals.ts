// The CLV customer totals of a large purchase log on DuckDB, in parts. One GROUP BY over a log's (customer, day)
// groups holds nearly every row at once: for 50 million purchases about 5.7 GB, and under a 2 GB limit DuckDB
// spills it, twice as slow. Instead the log is read once and written out split by a hash of the customer (Parquet
// files in the session's temporary folder), and each part is totalled on its own: a customer's rows all land in
// one part, so the parts' totals are the whole log's, and each part's GROUP BY fits in memory.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { customerTotalsOfRowsSql, customerTotalsSql, duckdb, purchaseRowsSql, type PurchaseColumns } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';

/** Rows per part at DuckDB's default memory: one part's GROUP BY then takes about 700 MB. */
export const PART_ROWS = 6_000_000;

/** The memory a part of PART_ROWS rows is sized for; a lower --memory-limit makes the parts smaller. */
const PART_MEMORY = 1.5 * 2 ** 30;

/** A memory limit as DuckDB reads it ("2GB", "1.5 GiB", "800MB") in bytes, or undefined when unset or unreadable. */
export function memoryLimitBytes(limit: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT])i?B$/i.exec(limit?.trim() ?? '');
  if (!m) return undefined;
  const power = 'KMGT'.indexOf(m[2]!.toUpperCase()) + 1;
  return Number(m[1]) * 1024 ** power;
}

/**
 * How many parts a log of about `rows` rows is totalled in (1: in one GROUP BY). Up to twice a part's rows one
 * GROUP BY still fits (10 million purchases peak at 1.35 GB) and writing the parts would cost more than it saves.
 */
export function partsFor(rows: number, memoryLimit?: string): number {
  const bytes = memoryLimitBytes(memoryLimit);
  const perPart = bytes === undefined || bytes >= PART_MEMORY ? PART_ROWS : Math.max(250_000, Math.floor((PART_ROWS * bytes) / PART_MEMORY));
  return rows <= 2 * perPart ? 1 : Math.ceil(rows / perPart);
}

/** What to total and where. */
export interface CustomerTotalsRequest {
  /** The table to create (a temporary table). */
  table: string;
  /** The log as a relation, and where its columns are (with `row`, the totals carry first_row). */
  source: string;
  columns: PurchaseColumns;
  end: number | undefined;
  /** From partsFor. */
  parts: number;
  /** A folder of the caller's for the parts' files (they are removed when totalled). */
  folder: string;
}

/**
 * Creates `table` with customerTotalsSql's columns: in one statement for one part, else by writing the log's rows
 * split by customer and totalling each part into the table.
 */
export async function createCustomerTotals(db: DuckDbSession, request: CustomerTotalsRequest): Promise<void> {
  const { table, source, columns, end, parts, folder } = request;
  if (parts <= 1) {
    await db.run(`CREATE TEMP TABLE ${table} AS ${customerTotalsSql(duckdb, source, columns, end)}`);
    return;
  }
  const dir = path.join(folder, 'customer-parts');
  try {
    const rows = purchaseRowsSql(duckdb, source, columns);
    await db.run(`COPY (SELECT *, coalesce(hash(customer) % ${parts}, 0) AS part FROM (${rows}) AS purchases) TO ${duckdb.string(dir)} (FORMAT parquet, PARTITION_BY (part))`);
    // A part no customer hashed to has no folder.
    const written = readdirSync(dir).filter((name) => name.startsWith('part='));
    if (written.length === 0) {
      await db.run(`CREATE TEMP TABLE ${table} AS ${customerTotalsSql(duckdb, source, columns, end)}`);
      return;
    }
    for (const [k, name] of written.entries()) {
      const part = `read_parquet(${duckdb.string(path.join(dir, name, '*.parquet'))}) AS purchases`;
      const totals = customerTotalsOfRowsSql(duckdb, part, { end, firstRow: columns.row !== undefined });
      await db.run(k === 0 ? `CREATE TEMP TABLE ${table} AS ${totals}` : `INSERT INTO ${table} ${totals}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
