// `regulars clv --engine bigquery` without Google: a fake client (the two calls of @google-cloud/bigquery the port
// makes) checks every request's shape and parses its SQL with a BigQuery grammar, then answers with the rows of
// the SAME generator's DuckDB statement run on the same log. The fit and scores must equal the memory engine's on
// the CDNOW sample, the refusals must read the same, and bad flags must exit 2 before any client is loaded.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../functions/cli/command';
import { UsageError } from '../../../functions/cli/command';
import { bigqueryEstimate, bigquerySource } from '../../../functions/cli/commands/clv-bigquery';
import { main } from '../../../functions/cli/main';
import { bigQueryPort, openDuckDb, type BigQueryClient, type BigQueryRequest, type DuckDbSession } from '../../../functions/sql';
import { fitAndScore, fitParameters, yearIn } from '../../../shared/clv';
import { dayNumber } from '../../../shared/kernel';
import { badDateSql, bigquery, bigqueryColumnsSql, bigqueryTable, clvStatements, duckdb, negativeDaySql, type PurchaseColumns } from '../../../shared/sql';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv');
const WHERE = { project: 'shop-analytics-42', dataset: 'regulars', table: 'purchases' };
const COLUMNS: PurchaseColumns = { customer: 'customer_id', date: 'date', amount: 'amount' };
const END = dayNumber('1997-09-30')!;
const parser = new Parser();

let dir = '';
let db: DuckDbSession;

function io(): CliIO & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd: dir, env: {}, out: () => stdout, err: () => stderr };
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const channel = io();
  const code = await main(args, channel);
  return { code, stdout: channel.out(), stderr: channel.err() };
}

/** A DuckDB value as BigQuery's client gives it: INT64 as a number (its default), the rest as it is. */
function asBigQuery(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * The fake client: each BigQuery statement the path may send (for `table` in DuckDB, totals up to `end`) mapped
 * to the DuckDB statement of the same generator; anything else fails the test. Requests are recorded.
 */
function fakeClient(table: string, end: number | undefined, customers: string[] = []): { client: BigQueryClient; sent: BigQueryRequest[] } {
  const source = bigqueryTable(WHERE);
  const bq = clvStatements(bigquery, source, COLUMNS, end);
  const dk = clvStatements(duckdb, table, COLUMNS, end);
  const twins = new Map<string, string>([
    [bq.facts, dk.facts],
    [bq.problem, dk.problem],
  ]);
  for (const netted of [false, true]) {
    const options = { end: end ?? -1, unit: 'week' as const, netted };
    twins.set(bq.rows(options), dk.rows(options)).set(bq.distinct(options), dk.distinct(options)).set(bq.spend(options), dk.spend(options));
  }
  for (const customer of customers) {
    twins.set(badDateSql(bigquery, source, COLUMNS, customer), badDateSql(duckdb, table, COLUMNS, customer));
    twins.set(negativeDaySql(bigquery, source, COLUMNS, customer), negativeDaySql(duckdb, table, COLUMNS, customer));
  }
  const sent: BigQueryRequest[] = [];
  const check = (request: BigQueryRequest): string => {
    sent.push(request);
    const sql = request.query!;
    expect(() => parser.astify(sql, { database: 'BigQuery' }), sql).not.toThrow();
    const { query: _, params, dryRun, ...job } = request;
    expect(job).toEqual({ location: 'EU', useLegacySql: false, labels: { app: 'regulars' }, jobTimeoutMs: 600_000 });
    if (sql.includes('INFORMATION_SCHEMA')) {
      expect(params).toEqual({ table: 'purchases' });
      return sql;
    }
    expect(params).toBeUndefined();
    expect(dryRun).toBeUndefined();
    const twin = twins.get(sql);
    if (twin === undefined) throw new Error(`the fake has no twin for:\n${sql}`);
    return twin;
  };
  return {
    sent,
    client: {
      query: async (request) => {
        const twin = check(request);
        if (twin.includes('INFORMATION_SCHEMA')) {
          return [[{ column_name: 'customer_id', data_type: 'STRING' }, { column_name: 'date', data_type: 'STRING' }, { column_name: 'amount', data_type: 'FLOAT64' }]];
        }
        const rows = await db.rows(twin);
        return [rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, asBigQuery(v)])))];
      },
      createQueryJob: (request) => {
        sent.push(request);
        expect(request.dryRun).toBe(true);
        expect(() => parser.astify(request.query!, { database: 'BigQuery' })).not.toThrow();
        // A stand-in byte count: the statement's length, so each answer is told apart.
        return Promise.resolve([{ metadata: { statistics: { totalBytesProcessed: String(request.query!.length) } } }]);
      },
    },
  };
}

/** Loads a log (customer_id, date, amount as the CSV holds them) into a DuckDB table. */
async function load(table: string, file: string): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv('${path.join(dir, file)}', header = true, auto_detect = false, columns = {'customer_id': 'VARCHAR', 'date': 'VARCHAR', 'amount': 'DOUBLE'})`,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clv-bigquery-'));
  const text = await readFile(path.join(fixtures, 'CDNOW_sample.txt'), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map((f) => [f[0]!, `${f[2]!.slice(0, 4)}-${f[2]!.slice(4, 6)}-${f[2]!.slice(6, 8)}`, f[f.length - 1]!]);
  await writeFile(path.join(dir, 'base.csv'), `customer_id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  // C returns more on 2 Feb than bought that day: refused by both engines, naming the day and the excess.
  await writeFile(path.join(dir, 'refund.csv'), 'customer_id,date,amount\nA,1997-01-01,10.00\nC,1997-01-05,4.00\nC,1997-02-02,5.00\nC,1997-02-02,-7.50\n');
  db = await openDuckDb({ threads: 1 });
  await load('purchases', 'base.csv');
  await load('refunds', 'refund.csv');
});

afterAll(() => db?.close());

const PORT_OPTIONS = { projectId: WHERE.project, location: 'EU' };

describe('regulars clv --engine bigquery (fake client)', () => {
  it('fits the CDNOW sample like the memory engine, sending only generated Standard SQL with the job options', async () => {
    const memory = await cli(['clv', 'fit', 'base.csv', '--end', '1997-09-30', '--json']);
    expect(memory.code, memory.stderr).toBe(0);
    const expected = JSON.parse(memory.stdout) as { params: Record<string, number>; logLikelihood: number; customers: number; spend: Record<string, number> };
    const { client, sent } = fakeClient('purchases', END);
    const channel = io();
    const source = await bigquerySource({ where: WHERE, location: 'EU', end: END, unit: 'week', purpose: 'fit' }, channel, bigQueryPort(client, PORT_OPTIONS));
    const run = fitAndScore(source, { model: 'bgnbd', unit: 'week', score: false });
    expect(run.fit!.customers).toBe(expected.customers);
    for (const [k, v] of Object.entries(expected.params)) expect(Math.abs(fitParameters(run.fit!)[k]! - v) / Math.abs(v), k).toBeLessThan(1e-6);
    expect(run.fit!.logLikelihood).toBeCloseTo(expected.logLikelihood, 6);
    for (const k of ['p', 'q', 'gamma'] as const) expect(Math.abs(run.spend!.params[k] - expected.spend[k]!) / expected.spend[k]!, k).toBeLessThan(1e-6);
    // The columns lookup, the refusal check, the facts, the distinct rows, the spend rows: five jobs, in that order.
    const bq = clvStatements(bigquery, bigqueryTable(WHERE), COLUMNS, END);
    const options = { end: END, unit: 'week' as const, netted: false };
    expect(sent.map((r) => r.query)).toEqual([bigqueryColumnsSql(WHERE), bq.problem, bq.facts, bq.distinct(options), bq.spend(options)]);
    expect(channel.err()).toMatch(/bigquery: fitting \d+ distinct \(x, t_x, T\) rows/);
  });

  it('scores every customer as the memory engine scores them', async () => {
    const memory = await cli(['clv', 'score', 'base.csv', '--end', '1997-09-30', '--out', 'memory.csv']);
    expect(memory.code, memory.stderr).toBe(0);
    const rows = parse<Record<string, string>>(await readFile(path.join(dir, 'memory.csv'), 'utf8'), { columns: true });
    const { client } = fakeClient('purchases', END);
    const source = await bigquerySource({ where: WHERE, location: 'EU', end: END, unit: 'week', purpose: 'score' }, io(), bigQueryPort(client, PORT_OPTIONS));
    const run = fitAndScore(source, { model: 'bgnbd', unit: 'week', horizonDays: yearIn('week') * 7, discountRate: 0.1 });
    expect(run.ids.length).toBe(rows.length);
    const at = new Map(run.ids.map((id, i) => [id, i]));
    for (const row of rows) {
      const i = at.get(row.customer_id!)!;
      expect(run.x[i], row.customer_id).toBe(Number(row.frequency));
      expect(run.scores!.clv[i]!, row.customer_id).toBeCloseTo(Number(row.clv), 5);
      expect(run.scores!.pAlive![i]!, row.customer_id).toBeCloseTo(Number(row.p_alive), 5);
    }
  });

  it('refuses a refund larger than the day’s purchases with the memory engine’s reason, naming the table', async () => {
    const memory = await cli(['clv', 'fit', 'refund.csv', '--end', '1997-03-01']);
    expect(memory.code).toBe(2);
    const { client } = fakeClient('refunds', dayNumber('1997-03-01'), ['C']);
    const attempt = bigquerySource({ where: WHERE, location: 'EU', end: dayNumber('1997-03-01'), unit: 'week', purpose: 'fit' }, io(), bigQueryPort(client, PORT_OPTIONS));
    await expect(attempt).rejects.toThrow(UsageError);
    const reason = await attempt.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(memory.stderr).toContain(reason.replace('shop-analytics-42.regulars.purchases', 'refund.csv'));
    expect(reason).toMatch(/customer C on 1997-02-02: refunds exceed purchases by 2\.50/);
  });

  it('estimates with dry runs only: every job dryRun true, the bytes summed', async () => {
    const { client, sent } = fakeClient('purchases', END);
    const channel = io();
    const code = await bigqueryEstimate({ where: WHERE, location: 'EU', end: END, unit: 'week', purpose: 'fit' }, channel, bigQueryPort(client, PORT_OPTIONS));
    expect(code).toBe(0);
    const jobs = sent.slice(1);
    expect(jobs).toHaveLength(4);
    expect(jobs.every((r) => r.dryRun === true)).toBe(true);
    const lines = channel.out().trim().split('\n');
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['problem', 'facts', 'distinct', 'spend', 'total']);
    const total = jobs.reduce((sum, r) => sum + r.query!.length, 0);
    expect(lines[4]).toMatch(new RegExp(`^total\\t${total} bytes`));
  });

  it('passes a byte cap to every job as BigQuery wants it (a string)', async () => {
    const seen: BigQueryRequest[] = [];
    const port = bigQueryPort(
      {
        query: (request) => (seen.push(request), Promise.resolve([[{ n: 1 }]])),
        createQueryJob: () => Promise.resolve([{ metadata: {} }]),
      },
      { projectId: WHERE.project, maximumBytesBilled: 10 * 2 ** 30 },
    );
    expect(await port.query('SELECT 1 AS n', { a: 'b' })).toEqual([{ n: 1 }]);
    expect(seen[0]).toEqual({ query: 'SELECT 1 AS n', params: { a: 'b' }, useLegacySql: false, labels: { app: 'regulars' }, jobTimeoutMs: 600_000, maximumBytesBilled: '10737418240' });
    await expect(port.dryRun('SELECT 1')).rejects.toThrow(/no byte count/);
  });
});

describe('regulars clv --engine bigquery flags', () => {
  it.each([
    [['clv', 'fit', '--engine', 'bigquery'], /needs --project P --dataset D --table T; missing --project, --dataset, --table/],
    [['clv', 'fit', '--engine', 'bigquery', '--project', 'shop-analytics-42', '--table', 't'], /missing --dataset$/m],
    [['clv', 'score', '--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'd', '--end', '1997-09-30'], /missing --table$/m],
    [['clv', 'fit', 'base.csv', '--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'd', '--table', 't'], /give no FILE/],
    [['clv', 'fit', '--engine', 'bigquery', '--project', 'Shop', '--dataset', 'd', '--table', 't'], /--project must be a project ID/],
    [['clv', 'fit', '--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'd', '--table', 't`x'], /--table must be a table name/],
    [['clv', 'fit', 'base.csv', '--project', 'shop-analytics-42'], /--project goes with --engine bigquery/],
    [['clv', 'fit', 'base.csv', '--dry-run'], /--dry-run goes with --engine bigquery/],
    [['clv', 'fit', '--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'd', '--table', 't', '--threads', '2'], /go with --engine duckdb/],
    [['clv', 'fit', 'base.csv', '--engine', 'spark'], /--engine must be memory, duckdb or bigquery/],
  ])('%j exits 2 with a clear reason', async (args, reason) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(reason);
  });
});
