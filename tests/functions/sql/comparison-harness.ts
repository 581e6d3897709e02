// Shared by the comparison tests: runs fields' SQL levels on DuckDB and lists where they differ from the
// TypeScript comparators, over the candidate pairs and a seeded sample of random pairs.
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { candidatePairs, type DedupeRecord, type Field, type Prepared } from '../../../shared/dedupe';
import { mulberry32 } from '../../../shared/kernel';
import type { FieldComparisonSql } from '../../../shared/sql';
import { loadComparisonTable, openDuckDb, pairLevels, type DuckDbSession } from '../../../functions/sql';
import { readTable } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';

/** The dedupe fixtures (tests/fixtures/dedupe; sources in its README). */
export const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');

/** A fixture's records, as the CLI reads them, on list `source`. */
export async function fixture(name: string, source = 0): Promise<DedupeRecord[]> {
  return tableRecords(await readTable(path.join(FIXTURES, name)), {}, source, name).records;
}

/** An in-memory DuckDB (one thread, 512 MB) open for a test file's tests: `db.session` inside them. */
export function duckDbForTests(): { readonly session: DuckDbSession } {
  let session: DuckDbSession | undefined;
  beforeAll(async () => {
    session = await openDuckDb({ threads: 1, memoryLimit: '512MB' });
  });
  afterAll(() => session?.close());
  return {
    get session(): DuckDbSession {
      if (!session) throw new Error('DuckDB opens in beforeAll');
      return session;
    },
  };
}

/** A pair whose SQL level differs from the TypeScript one. */
export interface LevelMismatch {
  field: string;
  i: number;
  j: number;
  sql: number;
  typescript: number;
}

/** The candidate pairs plus `random` seeded random pairs (i < j), each once, sorted. */
export function testPairs(p: Prepared, random = 2_000, seed = 11): [number, number][] {
  const c = candidatePairs(p, 1000, false);
  const keys = new Set<number>();
  for (let k = 0; k < c.count; k++) keys.add(c.left[k]! * p.n + c.right[k]!);
  const rand = mulberry32(seed);
  for (let s = 0; s < random && p.n > 1; s++) {
    const a = Math.floor(rand() * p.n);
    const b = Math.floor(rand() * p.n);
    if (a !== b) keys.add(Math.min(a, b) * p.n + Math.max(a, b));
  }
  return [...keys].sort((x, y) => x - y).map((k) => [Math.floor(k / p.n), k % p.n]);
}

/** Runs the SQL levels of `fields` over `pairs` and returns every pair where they differ from `field.compare`. */
export async function levelMismatches(session: DuckDbSession, p: Prepared, fields: readonly FieldComparisonSql[], pairs: readonly [number, number][]): Promise<{ checked: number; mismatches: LevelMismatch[] }> {
  await loadComparisonTable(session, p.n, fields);
  await session.run('CREATE OR REPLACE TEMP TABLE harness_pairs (i INTEGER, j INTEGER)');
  await session.withConnection(async (connection) => {
    const appender = await connection.createAppender('harness_pairs');
    for (const [i, j] of pairs) {
      appender.appendInteger(i);
      appender.appendInteger(j);
      appender.endRow();
    }
    appender.closeSync();
  });
  const got = await pairLevels(session, fields, 'harness_pairs');
  const byName = new Map(p.fields.map((f) => [f.name, f] as const));
  const mismatches: LevelMismatch[] = [];
  for (let k = 0; k < got.i.length; k++) {
    fields.forEach((f, x) => {
      const field = byName.get(f.field) as Field;
      const ts = field.compare(got.i[k]!, got.j[k]!);
      const sql = got.levels[k * fields.length + x]!;
      if (ts !== sql) mismatches.push({ field: f.field, i: got.i[k]!, j: got.j[k]!, sql, typescript: ts });
    });
  }
  return { checked: got.i.length, mismatches };
}

/** Loads pairs (numbered k in order) as `table` (k BIGINT, i INTEGER, j INTEGER), as the SQL scoring's pairs table. */
export async function loadPairsTable(session: DuckDbSession, table: string, pairs: readonly [number, number][]): Promise<void> {
  await session.run(`CREATE OR REPLACE TEMP TABLE ${table} (k BIGINT, i INTEGER, j INTEGER)`);
  await session.withConnection(async (connection) => {
    const appender = await connection.createAppender(table);
    pairs.forEach(([i, j], k) => {
      appender.appendBigInt(BigInt(k));
      appender.appendInteger(i);
      appender.appendInteger(j);
      appender.endRow();
    });
    appender.closeSync();
  });
}
