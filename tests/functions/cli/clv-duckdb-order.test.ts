// `regulars clv score --engine duckdb` lists customers in the order the log first names them, as `--engine memory`
// does: the CDNOW sample put in date order (so customers first appear out of id order), with a customer first seen
// after the calibration end and one whose first day was returned whole, as CSV and as Parquet.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../../functions/sql';
import { cdnowSampleRows } from '../../shared/clv/cdnow';
import { cli } from './run-cli';

const END = '1997-09-30';

/** The scores file's rows, in file order. */
async function score(file: string, engine: string, out: string): Promise<Record<string, string>[]> {
  const r = await cli(['clv', 'score', file, '--end', END, '--out', out, '--engine', engine], dir);
  expect(r.code, r.stderr).toBe(0);
  return parse<Record<string, string>>(await readFile(path.join(dir, out), 'utf8'), { columns: true });
}

/**
 * The obvious reading of "the order the log first names them": walk the rows; a customer counts from their first
 * row on a day that was not returned whole (a refund netting the day to 0), and is listed only when they bought
 * on or before the end.
 */
function firstSeenOrder(log: [string, string, string][]): string[] {
  const net = new Map<string, { sum: number; refund: boolean }>();
  for (const [id, date, amount] of log) {
    const day = net.get(`${id} ${date}`) ?? { sum: 0, refund: false };
    day.sum += Number(amount);
    day.refund ||= Number(amount) < 0;
    net.set(`${id} ${date}`, day);
  }
  const returned = (id: string, date: string): boolean => {
    const day = net.get(`${id} ${date}`)!;
    return day.refund && Math.round(day.sum * 100) === 0;
  };
  const order: string[] = [];
  for (const [id, date] of log) if (!order.includes(id) && !returned(id, date)) order.push(id);
  const bought = new Set(log.filter(([id, date]) => date <= END && !returned(id, date)).map(([id]) => id));
  return order.filter((id) => bought.has(id));
}

/** Same customers in the same order; counts and times exact; the rest within the documented 6-decimal tolerance. */
function expectSameScores(duckdb: Record<string, string>[], memory: Record<string, string>[]): void {
  expect(duckdb.map((r) => r.customer_id)).toEqual(memory.map((r) => r.customer_id));
  memory.forEach((m, i) => {
    const d = duckdb[i]!;
    expect([d.frequency, d.recency, d.T], m.customer_id).toEqual([m.frequency, m.recency, m.T]);
    // The CSV rounds to 6 decimals and the engines add spend in another order: one in the last place may differ.
    for (const k of ['p_alive', 'expected_purchases', 'expected_spend', 'clv']) {
      expect(Math.abs(Number(d[k]) - Number(m[k])), `${m.customer_id} ${k}`).toBeLessThanOrEqual(1.5e-6 * Math.max(1, Math.abs(Number(m[k]))));
    }
  });
}

let dir = '';
let log: [string, string, string][] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clv-duckdb-order-'));
  // Date order, ties in the file's order: customer 00004 is no longer first, nor are ids ascending.
  const byDate = cdnowSampleRows()
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row[1].localeCompare(b.row[1]) || a.i - b.i)
    .map(({ row }) => row);
  log = [
    // Z9 is first seen after the end, and is a customer through a purchase near the end of the file.
    ['Z9', '1997-12-01', '11.00'],
    // A0's first day was returned whole: A0 counts from its later purchase, the last row.
    ['A0', '1997-01-01', '20.00'],
    ['A0', '1997-01-01', '-20.00'],
    ...byDate,
    ['Z9', '1997-09-20', '14.00'],
    ['A0', '1997-09-25', '9.50'],
  ];
  await writeFile(path.join(dir, 'dated.csv'), `customer_id,date,amount\n${log.map((r) => r.join(',')).join('\n')}\n`);
});

describe('regulars clv score --engine duckdb: the order of customers', () => {
  it('lists customers as the log first names them, like --engine memory (CSV)', async () => {
    const expected = firstSeenOrder(log);
    // The fixture does what it claims: not in id order, Z9 first, A0 last.
    expect(expected).not.toEqual([...expected].sort());
    expect(expected[0]).toBe('Z9');
    expect(expected.at(-1)).toBe('A0');
    const memory = await score('dated.csv', 'memory', 'memory.csv');
    const duckdb = await score('dated.csv', 'duckdb', 'duckdb.csv');
    expect(memory.map((r) => r.customer_id)).toEqual(expected);
    expectSameScores(duckdb, memory);
  });

  it('lists customers in the Parquet file row order, over several row groups', async () => {
    const parquet = path.join(dir, 'dated.parquet');
    const db = await openDuckDb({ threads: 2 });
    let fromParquet: [string, string, string][];
    try {
      const csv = path.join(dir, 'dated.csv').replace(/'/g, "''");
      // Written in the CSV's order (the session otherwise lets DuckDB reorder), typed as a warehouse export is.
      await db.run('SET preserve_insertion_order = true');
      await db.run(
        `COPY (SELECT customer_id AS customer, CAST(date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS sales FROM read_csv('${csv}', all_varchar = true)) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
      );
      // The expectation comes from the Parquet file's own row numbers, not from the engine under test.
      const rows = await db.rows(`SELECT customer, strftime(order_date, '%Y-%m-%d') AS date, sales FROM read_parquet('${parquet.replace(/'/g, "''")}', file_row_number = true) ORDER BY file_row_number`);
      fromParquet = rows.map((r) => [String(r.customer), String(r.date), String(r.sales)]);
      const [groups] = await db.rows(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${parquet.replace(/'/g, "''")}')`);
      expect(Number(groups!.n)).toBeGreaterThan(2);
    } finally {
      db.close();
    }
    expect(fromParquet.map((r) => r[0])).toEqual(log.map((r) => r[0]));
    const duckdb = await score('dated.parquet', 'duckdb', 'parquet.csv');
    expect(duckdb.map((r) => r.customer_id)).toEqual(firstSeenOrder(fromParquet));
    expectSameScores(duckdb, await score('dated.csv', 'memory', 'memory-again.csv'));
  });
});
