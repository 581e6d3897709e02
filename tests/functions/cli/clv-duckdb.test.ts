// `regulars clv fit|score --engine duckdb` against `--engine memory` on the same files: the CDNOW sample as a CSV
// (and as Parquet written by DuckDB), a log with refunds, and the same refusals with the same reasons.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdnowSampleRows } from '../../shared/clv/cdnow';
import { openDuckDb } from '../../../functions/sql';
import { cli } from './run-cli';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv');

interface FitJson {
  model: string;
  params: Record<string, number>;
  logLikelihood: number;
  customers: number;
  spend: Record<string, number> | null;
}

async function fitBoth(file: string, extra: string[] = []): Promise<{ memory: FitJson; duckdb: FitJson; stderr: string }> {
  const memory = await cli(['clv', 'fit', file, '--end', '1997-09-30', '--json', ...extra], dir);
  const duckdb = await cli(['clv', 'fit', file, '--end', '1997-09-30', '--json', '--engine', 'duckdb', '--threads', '2', '--memory-limit', '1GB', ...extra], dir);
  expect(memory.code, memory.stderr).toBe(0);
  expect(duckdb.code, duckdb.stderr).toBe(0);
  return { memory: JSON.parse(memory.stdout) as FitJson, duckdb: JSON.parse(duckdb.stdout) as FitJson, stderr: duckdb.stderr };
}

/** Every parameter within 0.1 % of the in-memory engine's, the same customers and log-likelihoods. */
function expectSameFit(a: FitJson, b: FitJson): void {
  expect(b.model).toBe(a.model);
  expect(b.customers).toBe(a.customers);
  expect(Object.keys(b.params)).toEqual(Object.keys(a.params));
  for (const [k, v] of Object.entries(a.params)) expect(Math.abs(b.params[k]! - v) / Math.abs(v), k).toBeLessThan(1e-3);
  expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 4);
  expect(b.spend === null).toBe(a.spend === null);
  for (const [k, v] of Object.entries(a.spend ?? {})) expect(Math.abs(b.spend![k]! - v) / Math.abs(v), `spend ${k}`).toBeLessThan(1e-3);
}

async function scoresOf(file: string, engine: string, out: string): Promise<Map<string, Record<string, string>>> {
  const r = await cli(['clv', 'score', file, '--end', '1997-09-30', '--out', out, '--engine', engine], dir);
  expect(r.code, r.stderr).toBe(0);
  const rows = parse<Record<string, string>>(await readFile(path.join(dir, out), 'utf8'), { columns: true });
  return new Map(rows.map((row) => [row.customer_id!, row]));
}

let dir = '';
let rows: [string, string, string][] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clv-duckdb-'));
  rows = cdnowSampleRows();
  await writeFile(path.join(dir, 'base.csv'), `customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`);
});

describe('regulars clv --engine duckdb', () => {
  it('fits the CDNOW sample like the in-memory engine (BG/NBD + Gamma-Gamma, Pareto/NBD, days), with phases on stderr', async () => {
    const bg = await fitBoth('base.csv');
    expectSameFit(bg.memory, bg.duckdb);
    // Fader, Hardie & Lee (2005) on the same data: r = 0.2426, α = 4.4136.
    expect(bg.duckdb.params.r).toBeCloseTo(0.2426, 3);
    expect(bg.stderr).toMatch(/duckdb: reading base\.csv/);
    expect(bg.stderr).toMatch(/duckdb: fitting \d+ distinct \(x, t_x, T\) rows/);
    const pareto = await fitBoth('base.csv', ['--model', 'pareto']);
    expectSameFit(pareto.memory, pareto.duckdb);
    const days = await fitBoth('base.csv', ['--unit', 'day']);
    expectSameFit(days.memory, days.duckdb);
  });

  it('reads Parquet with the same column mapping', async () => {
    const db = await openDuckDb({ threads: 1 });
    try {
      const csv = path.join(dir, 'base.csv').replace(/'/g, "''");
      const parquet = path.join(dir, 'base.parquet').replace(/'/g, "''");
      // Typed columns, as a warehouse export has them: the date a DATE, the amount a DOUBLE.
      await db.run(`COPY (SELECT customer_id AS customer, CAST(date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS sales FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    } finally {
      db.close();
    }
    const memory = await cli(['clv', 'fit', 'base.csv', '--end', '1997-09-30', '--json'], dir);
    const duckdb = await cli(['clv', 'fit', 'base.parquet', '--end', '1997-09-30', '--json', '--engine', 'duckdb'], dir);
    expect(duckdb.code, duckdb.stderr).toBe(0);
    expectSameFit(JSON.parse(memory.stdout) as FitJson, JSON.parse(duckdb.stdout) as FitJson);
  });

  it('scores every customer as the in-memory engine does, ids guarded in the CSV', async () => {
    const hostile = '=HYPERLINK("http://evil.example","x")';
    const first = rows[0]![0];
    const lines = rows.map(([id, date, amount]) => `${id === first ? `"${hostile.replace(/"/g, '""')}"` : id},${date},${amount}`);
    await writeFile(path.join(dir, 'hostile.csv'), `customer_id,date,amount\n${lines.join('\n')}\n`);
    const memory = await scoresOf('hostile.csv', 'memory', 'memory.csv');
    const duckdb = await scoresOf('hostile.csv', 'duckdb', 'duckdb.csv');
    expect(duckdb.size).toBe(2357);
    expect([...duckdb.keys()].sort()).toEqual([...memory.keys()].sort());
    expect(duckdb.has(`'${hostile}`)).toBe(true);
    // The CSV rounds to 6 decimals: the engines may differ by one in the last place (sums taken in another order).
    for (const [id, m] of memory) {
      const d = duckdb.get(id)!;
      expect(d.frequency, id).toBe(m.frequency);
      expect(d.recency, id).toBe(m.recency);
      expect(d.T, id).toBe(m.T);
      for (const k of ['p_alive', 'expected_purchases', 'expected_spend', 'clv']) {
        expect(Math.abs(Number(d[k]) - Number(m[k])), `${id} ${k}`).toBeLessThanOrEqual(1.5e-6 * Math.max(1, Math.abs(Number(m[k]))));
      }
    }
  });

  it('nets refunds per customer and day exactly as the in-memory engine, fit and scores', async () => {
    const withRefunds: string[] = [];
    rows.forEach(([id, date, amount], i) => {
      if (i % 10 === 0) withRefunds.push(`${id},${date},${(Number(amount) + 5).toFixed(2)}`, `${id},${date},-5.00`);
      else withRefunds.push(`${id},${date},${amount}`);
      // A day returned whole is no purchase; a partly returned one keeps what was kept.
      if (i % 50 === 0) withRefunds.push(`${id},1997-06-15,12.50`, `${id},1997-06-15,-12.50`);
      if (i % 70 === 0) withRefunds.push(`${id},1997-07-02,20.00`, `${id},1997-07-02,-7.30`);
    });
    await writeFile(path.join(dir, 'refunds.csv'), `customer_id,date,amount\n${withRefunds.join('\n')}\n`);
    const both = await fitBoth('refunds.csv');
    expectSameFit(both.memory, both.duckdb);
    const memory = await scoresOf('refunds.csv', 'memory', 'refunds-memory.csv');
    const duckdb = await scoresOf('refunds.csv', 'duckdb', 'refunds-duckdb.csv');
    expect(duckdb.size).toBe(memory.size);
    for (const [id, m] of memory) {
      expect(duckdb.get(id)?.frequency, id).toBe(m.frequency);
      expect(Math.abs(Number(duckdb.get(id)!.clv) - Number(m.clv))).toBeLessThanOrEqual(1.5e-6 * Math.max(1, Number(m.clv)));
    }
  });

  it('scores with the same columns and values when there is no spend model (each customer at their own average order)', async () => {
    // Repeat purchases free except for three customers: too few repeat buyers with spend for Gamma-Gamma, so a
    // customer's expected spend is their revenue over their orders, which only the full summary carries.
    const paying = new Set([...new Set(rows.map((r) => r[0]))].slice(0, 3));
    const seen = new Set<string>();
    const lines = rows.map(([id, date, amount]) => {
      const first = !seen.has(id);
      seen.add(id);
      return `${id},${date},${first || paying.has(id) ? amount : '0'}`;
    });
    await writeFile(path.join(dir, 'free-repeats.csv'), `customer_id,date,amount\n${lines.join('\n')}\n`);
    const run = async (engine: string): Promise<{ header: string; rows: Map<string, Record<string, string>>; stderr: string }> => {
      const out = `free-${engine}.csv`;
      const r = await cli(['clv', 'score', 'free-repeats.csv', '--end', '1997-09-30', '--out', out, '--engine', engine], dir);
      expect(r.code, r.stderr).toBe(0);
      const text = await readFile(path.join(dir, out), 'utf8');
      const parsed = parse<Record<string, string>>(text, { columns: true });
      return { header: text.slice(0, text.indexOf('\n')), rows: new Map(parsed.map((row) => [row.customer_id!, row])), stderr: r.stderr };
    };
    const memory = await run('memory');
    const duckdb = await run('duckdb');
    expect(memory.stderr).toMatch(/no spend model: need at least 5 repeat buyers with spend/);
    expect(duckdb.stderr).toMatch(/no spend model: need at least 5 repeat buyers with spend/);
    expect(duckdb.header).toBe(memory.header);
    expect(duckdb.rows.size).toBe(memory.rows.size);
    const columns = memory.header.split(',');
    let valued = 0;
    for (const [id, m] of memory.rows) {
      const d = duckdb.rows.get(id)!;
      for (const k of columns.slice(1)) expect(Math.abs(Number(d[k]) - Number(m[k])), `${id} ${k}`).toBeLessThanOrEqual(1.5e-6 * Math.max(1, Math.abs(Number(m[k]))));
      // A one-time buyer of 29.33 is valued at 29.33 an order, not at the mean of the few repeat spenders.
      if (Number(m.frequency) === 0 && Number(m.expected_spend) > 0) valued++;
    }
    expect(valued).toBeGreaterThan(1000);
  });

  it('refuses what the in-memory engine refuses, with the same reason and exit 2', async () => {
    await writeFile(path.join(dir, 'negative.csv'), `customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\nC-77,1997-05-01,20.00\nC-77,1997-05-01,-35.50\n`);
    for (const sub of [['fit'], ['score', '--end', '1997-09-30']]) {
      const memory = await cli(['clv', ...sub, 'negative.csv'], dir);
      const duckdb = await cli(['clv', ...sub, 'negative.csv', '--engine', 'duckdb'], dir);
      expect(duckdb.code).toBe(2);
      expect(duckdb.stdout).toBe('');
      expect(duckdb.stderr).toContain('negative.csv: customer C-77 on 1997-05-01: refunds exceed purchases by 15.50');
      expect(duckdb.stderr.split('\n').filter((l) => !l.includes(': duckdb: '))).toEqual(memory.stderr.split('\n'));
    }
    await writeFile(path.join(dir, 'bad-date.csv'), 'customer_id,date,amount\nA,2024-01-02,10\nB,2024-13-01,5\n');
    const badDate = await cli(['clv', 'fit', 'bad-date.csv', '--engine', 'duckdb'], dir);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('bad-date.csv: customer B: the date "2024-13-01" is not YYYY-MM-DD or YYYYMMDD');
    const cases: [string[], RegExp][] = [
      // The CDNOW master layout has no header: DuckDB needs the columns named.
      [['clv', 'fit', path.join(fixtures, 'CDNOW_sample.txt'), '--engine', 'duckdb'], /CDNOW_sample\.txt: --engine duckdb needs a CSV header naming the columns/],
      [['clv', 'fit', path.join(fixtures, 'cdnow_customers_summary_with_transactions.csv'), '--engine', 'duckdb'], /--engine duckdb reads purchase logs/],
      [['clv', 'fit', 'missing.csv', '--engine', 'duckdb'], /cannot read missing\.csv/],
      [['clv', 'fit', 'base.csv', '--engine', 'sqlite'], /--engine must be memory, duckdb or bigquery, got "sqlite"/],
      [['clv', 'fit', 'base.csv', '--memory-limit', '2GB'], /--memory-limit and --threads go with --engine duckdb/],
      [['clv', 'fit', 'base.csv', '--engine', 'duckdb', '--memory-limit', 'lots'], /--memory-limit must be a size such as 2GB/],
      [['clv', 'fit', 'base.csv', '--engine', 'duckdb', '--threads', '0'], /--threads must be a whole number of threads from 1/],
      [['clv', 'score', 'base.csv', '--engine', 'duckdb'], /score needs --end YYYY-MM-DD/],
      [['clv', 'fit', 'base.csv', '--engine', 'duckdb', '--end', '1990-01-01'], /no customer bought on or before 1990-01-01/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(args, dir);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  });
});
