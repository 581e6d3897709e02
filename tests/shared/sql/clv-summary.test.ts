// The generated RFM-summary SQL run on DuckDB against a small log summarised by hand (days since 1997-01-01,
// end 1997-02-26 = day 56, weeks): refunds netted per customer and day, a day returned whole dropped, a purchase
// after the end ignored, and the distinct (x, t_x, T) rows counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbSession } from '../../../functions/sql';
import { dayNumber } from '../../../shared/kernel';
import { badDateSql, customerTotalsSql, negativeDaySql, distinctRowsSql, distinctSpendSql, duckdb, firstProblemSql, logFactsSql, rfmRowsSql } from '../../../shared/sql';

const LOG: [string, string, string][] = [
  // A: 1 Jan twice (one day, 15.00), 15 Jan 20.00, 29 Jan 30.00 less a 10.00 refund, 10 Mar after the end.
  ['A', '1997-01-01', '10.00'],
  ['A', '1997-01-01', '5.00'],
  ['A', '19970115', '20.00'],
  ['A', '1997-01-29', '30.00'],
  ['A', '1997-01-29 14:00', '-10.00'],
  ['A', '1997-03-10', '99.00'],
  // B: one purchase on 12 Feb.
  [' B ', '1997-02-12', '8.00'],
  // C: 8 Jan bought and returned whole (no purchase day), then 22 Jan and 5 Feb.
  ['C', '1997-01-08', '12.00'],
  ['C', '1997-01-08', '-12.00'],
  ['C', '1997-01-22', '6.00'],
  ['C', '1997-02-05', '4.50'],
  // E: one purchase on 12 Feb, like B.
  ['E', '1997-02-12', '3.00'],
  // F: first purchase after the end: not a customer yet.
  ['F', '1997-03-05', '7.00'],
];

let db: DuckDbSession;

const COLUMNS = { customer: 'who', date: 'when', amount: 'paid' };

/** Loads a log as a table and totals it per customer (up to `end` when given) into `totals`. */
async function load(rows: [string, string, string][], end?: number): Promise<void> {
  await db.run('DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS totals');
  await db.run('CREATE TABLE raw (who VARCHAR, "when" VARCHAR, paid DOUBLE)');
  await db.run(`INSERT INTO raw VALUES ${rows.map(([c, d, a]) => `('${c}', '${d}', ${a})`).join(', ')}`);
  await db.run(`CREATE TABLE totals AS ${customerTotalsSql(duckdb, 'raw', COLUMNS, end)}`);
}

beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(() => db.close());

describe('the RFM summary SQL', () => {
  it('summarises a netted log per customer as summarise defines it', async () => {
    const end = dayNumber('1997-02-26')!;
    await load(LOG, end);
    expect(await db.rows(firstProblemSql('totals'))).toEqual([]);
    const [facts] = await db.rows(logFactsSql(duckdb, 'totals'));
    expect(facts).toEqual({ last_day: dayNumber('1997-03-10'), netted: true });
    const rows = await db.rows(`${rfmRowsSql(duckdb, 'totals', { end, unit: 'week', netted: true })} ORDER BY customer`);
    expect(rows).toEqual([
      // Days 0, 14, 28: x 2, t_x 4 weeks, T 8 weeks; repeat days 20.00 and 20.00 (30 − 10); 3 netted orders.
      { customer: 'A', x: 2, tx: 4, T: 8, monetary: 20, orders: 3, revenue: 55, first_day: dayNumber('1997-01-01'), last_day: dayNumber('1997-01-29') },
      { customer: 'B', x: 0, tx: 0, T: 2, monetary: 0, orders: 1, revenue: 8, first_day: dayNumber('1997-02-12'), last_day: dayNumber('1997-02-12') },
      // Days 21 and 35 (day 7 nets to 0 with a refund): x 1, t_x 2, T (56 − 21) / 7 = 5; repeat spend 4.50.
      { customer: 'C', x: 1, tx: 2, T: 5, monetary: 4.5, orders: 2, revenue: 10.5, first_day: dayNumber('1997-01-22'), last_day: dayNumber('1997-02-05') },
      { customer: 'E', x: 0, tx: 0, T: 2, monetary: 0, orders: 1, revenue: 3, first_day: dayNumber('1997-02-12'), last_day: dayNumber('1997-02-12') },
    ]);
    await db.run(`CREATE OR REPLACE TABLE rfm AS ${rfmRowsSql(duckdb, 'totals', { end, unit: 'week', netted: true })}`);
    expect(await db.rows(`${distinctRowsSql(duckdb, 'rfm')} ORDER BY x, T`)).toEqual([
      { x: 0, tx: 0, T: 2, n: 2 },
      { x: 1, tx: 2, T: 5, n: 1 },
      { x: 2, tx: 4, T: 8, n: 1 },
    ]);
    expect(await db.rows(`${distinctSpendSql(duckdb, 'rfm')} ORDER BY x`)).toEqual([
      { x: 0, monetary: 0, n: 2 },
      { x: 1, monetary: 4.5, n: 1 },
      { x: 2, monetary: 20, n: 1 },
    ]);
  });

  it('measures in days with unit day, and counts purchase rows as orders when nothing was netted', async () => {
    const end = dayNumber('1997-02-26')!;
    await load(LOG.filter(([, , amount]) => !amount.startsWith('-')).filter(([c, d]) => !(c === 'C' && d === '1997-01-08')), end);
    const [facts] = await db.rows(logFactsSql(duckdb, 'totals'));
    expect(facts!.netted).toBe(false);
    const [a] = await db.rows(`SELECT * FROM (${rfmRowsSql(duckdb, 'totals', { end, unit: 'day', netted: false })}) AS s WHERE customer = 'A'`);
    // A without the refund: days 0, 14, 28 (30.00 now), four purchase rows up to the end; first and last day as day numbers.
    expect(a).toEqual({ customer: 'A', x: 2, tx: 28, T: 56, monetary: 25, orders: 4, revenue: 65, first_day: dayNumber('1997-01-01'), last_day: dayNumber('1997-01-29') });
  });

  it('finds the day whose refunds exceed its purchases, and an unreadable date first', async () => {
    // Refused even after the calibration end: the in-memory path nets the whole log first.
    await load([...LOG, ['B', '1997-03-20', '5.00'], ['B', '1997-03-20', '-7.25']], dayNumber('1997-02-26'));
    expect(await db.rows(firstProblemSql('totals'))).toEqual([{ problem: 'refund', customer: 'B' }]);
    expect(await db.rows(negativeDaySql(duckdb, 'raw', COLUMNS, 'B'))).toEqual([{ day: dayNumber('1997-03-20'), net: -2.25 }]);
    const log = [...LOG, ['B', '1997-03-20', '5.00'], ['B', '1997-03-20', '-7.25'], ['C', '20/02/1997', '1.00'], ['A', '1997-1-5', '1.00']] as [string, string, string][];
    await load(log);
    const [bad] = await db.rows(firstProblemSql('totals'));
    expect(bad).toMatchObject({ problem: 'date', customer: 'A' });
    // A one-digit month is no YYYY-MM-DD, for the in-memory reader either.
    expect(await db.rows(badDateSql(duckdb, 'raw', COLUMNS, 'A'))).toEqual([{ date_text: '1997-1-5' }]);
    expect(await db.rows(badDateSql(duckdb, 'raw', COLUMNS, 'C'))).toEqual([{ date_text: '20/02/1997' }]);
  });

  it("carries each customer's first row in the log when the rows are numbered, as the in-memory reader meets them", async () => {
    const end = dayNumber('1997-02-26')!;
    // F's one row (after the end) first, then the log as above: rows numbered 1 to 14 in this order.
    const log: [string, string, string][] = [['F', '1997-03-05', '7.00'], ...LOG.filter(([c]) => c !== 'F'), ['F', '1997-02-20', '2.00']];
    await db.run('DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS totals');
    await db.run('CREATE TABLE raw (line INTEGER, who VARCHAR, "when" VARCHAR, paid DOUBLE)');
    await db.run(`INSERT INTO raw VALUES ${log.map(([c, d, a], i) => `(${i + 1}, '${c}', '${d}', ${a})`).join(', ')}`);
    await db.run(`CREATE TABLE totals AS ${customerTotalsSql(duckdb, 'raw', { ...COLUMNS, row: 'line' }, end)}`);
    const rows = await db.rows(`SELECT customer, first_row FROM (${rfmRowsSql(duckdb, 'totals', { end, unit: 'week', netted: true, firstRow: true })}) AS s ORDER BY first_row`);
    // A from row 2; B row 8; C's rows 9-10 (8 Jan) were returned whole, so row 11; E row 13; F row 1, though that
    // day is after the end (its 20 Feb purchase, row 14, makes F a customer).
    expect(rows).toEqual([
      { customer: 'F', first_row: 1 },
      { customer: 'A', first_row: 2 },
      { customer: 'B', first_row: 8 },
      { customer: 'C', first_row: 11 },
      { customer: 'E', first_row: 13 },
    ]);
  });
});
