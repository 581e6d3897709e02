// The CLV customer totals in parts split by customer (functions/sql/duckdb-customer-totals.ts) against the one
// GROUP BY: the same table on a log with every case the totals treat specially (refunds, a day returned whole, a
// blank amount, an unreadable date, a blank customer, days after the end, first rows). The CLI in parts is
// tests/functions/cli/clv-duckdb-parts.test.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerTotals, memoryLimitBytes, openDuckDb, partsFor, PART_ROWS, type DuckDbSession } from '../../../functions/sql';
import { cdnowSampleRows } from '../../shared/clv/cdnow';

let dir = '';
let db: DuckDbSession;
let csv = '';

/** The CDNOW sample with the special cases added (customer ids as the sample writes them). */
const EXTRA = [
  ['R1', '1997-02-01', '30'],
  ['R1', '1997-02-01', '-10'], // a refund, the day nets to 20
  ['R1', '1997-03-01', '15'],
  ['R1', '1997-03-01', '-15'], // returned whole: no purchase
  ['R1', '1997-04-01', '12.5'],
  ['B1', '1997-02-03', ''], // a blank amount
  ['D1', '1997-13-40', '5'], // an unreadable date
  ['D1', '1997-02-05', '5'],
  ['', '1997-02-06', '7'], // a blank customer
  ['L1', '1997-12-01', '9'], // only after the end
  ['L2', '1997-03-01', '4'],
  ['L2', '1998-01-01', '6'], // one day after the end
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'customer-totals-'));
  csv = path.join(dir, 'log.csv');
  const rows = [...cdnowSampleRows(), ...EXTRA];
  await writeFile(csv, `customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  db = await openDuckDb({ threads: 2 });
});

afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const source = (): string => `read_csv('${csv.replace(/'/g, "''")}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'DOUBLE'})`;
const numbered = (): string => `(SELECT *, row_number() OVER () AS log_row FROM ${source()}) AS numbered`;

/** The table's rows by customer, numbers rounded to nine significant digits (sums may add in another order). */
async function tableOf(table: string): Promise<Record<string, unknown>[]> {
  const rows = await db.rows(`SELECT * FROM ${table} ORDER BY customer NULLS FIRST`);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(9)) : typeof v === 'bigint' ? Number(v) : v])));
}

describe('createCustomerTotals', () => {
  it.each([
    ['without row numbers', false],
    ['with the first rows', true],
  ])('gives the one GROUP BY’s table in 1, 3 and 7 parts (%s)', async (_, withRows) => {
    await db.run('SET preserve_insertion_order = true');
    const columns = { customer: 'c0', date: 'c1', amount: 'c2', ...(withRows ? { row: 'log_row' } : {}) };
    const request = { source: withRows ? numbered() : source(), columns, end: 10133, folder: dir };
    const tables: Record<string, unknown>[][] = [];
    for (const parts of [1, 3, 7]) {
      const table = `totals_${parts}_${withRows ? 'rows' : 'plain'}`;
      await createCustomerTotals(db, { ...request, table, parts });
      tables.push(await tableOf(table));
    }
    await db.run('SET preserve_insertion_order = false');
    expect(tables[0]!.length).toBe(2357 + 6);
    expect(tables[1]).toEqual(tables[0]);
    expect(tables[2]).toEqual(tables[0]);
    // Hand-worked: R1 keeps 1997-02-01 (net 20) and 1997-04-01 (12.5); the whole return of 1997-03-01 is gone.
    const r1 = tables[2]!.find((row) => row.customer === 'R1')!;
    expect(r1).toMatchObject({ days: 2, revenue: 32.5, repeat_spend: 12.5, any_refund: true });
    expect(tables[2]!.find((row) => row.customer === 'B1')).toMatchObject({ blank_amounts: 1 });
    expect(tables[2]!.find((row) => row.customer === 'D1')).toMatchObject({ bad_dates: 1, days: 1 });
    // An empty field is read as NULL: the blank customer the refusal names.
    expect(tables[2]!.find((row) => row.customer === null)).toMatchObject({ days: 1 });
    expect(tables[2]!.find((row) => row.customer === 'L2')).toMatchObject({ days: 1, last_any: 10227 });
    // The parts' folder is gone.
    expect((await import('node:fs')).readdirSync(dir).filter((name) => name.includes('parts'))).toEqual([]);
  });
});

describe('partsFor', () => {
  it('keeps up to two parts’ rows in one GROUP BY and splits larger logs', () => {
    expect(partsFor(0)).toBe(1);
    expect(partsFor(2 * PART_ROWS)).toBe(1);
    expect(partsFor(2 * PART_ROWS + 1)).toBe(3);
    expect(partsFor(50_000_000)).toBe(9);
    expect(partsFor(50_000_000, '4GB')).toBe(9);
  });

  it('makes the parts smaller under a lower memory limit, never under 250,000 rows', () => {
    expect(memoryLimitBytes('1.5GB')).toBe(1.5 * 2 ** 30);
    expect(memoryLimitBytes('750 MiB')).toBe(750 * 2 ** 20);
    expect(memoryLimitBytes(undefined)).toBeUndefined();
    expect(memoryLimitBytes('lots')).toBeUndefined();
    // 750 MB is half of 1.5 GB: parts of 3,000,000 rows.
    expect(partsFor(7_000_000, '768MB')).toBe(3);
    expect(partsFor(500_000, '10MB')).toBe(1);
    expect(partsFor(500_001, '10MB')).toBe(3);
  });
});
