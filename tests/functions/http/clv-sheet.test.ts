// The `clv` function's sheet mode: Settings decide where the purchase log is. With `warehouse` = `bigquery` a fake
// BigQuery client (the two calls of @google-cloud/bigquery the port makes) checks every request — the statement
// sequence, the job options, the @table parameter — parses its SQL with a BigQuery grammar and answers with the
// rows of the SAME generator's DuckDB statement on the same log; the Customers cells written must equal those the
// sheet's own path writes from a Purchases tab holding that log, which must equal Score customers' own cells.
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clvHandler } from '../../../functions/http/clv';
import type { ClvSheetDeps } from '../../../functions/http/clv-sheet';
import type { HandlerResponse } from '../../../functions/http/handler';
import { bigQueryPort, openDuckDb, type BigQueryClient, type BigQueryOptions, type BigQueryRequest, type DuckDbSession } from '../../../functions/sql';
import { CLV_COLUMNS, createAnalyticsApi, scoreFromWarehouse, planClv } from '../../../shared/api';
import { dayNumber } from '../../../shared/kernel';
import { bigquery, bigqueryColumnsSql, bigqueryTable, clvStatements, duckdb, type PurchaseColumns } from '../../../shared/sql';
import { MemoryWorkbook, type CellValue, type Grid } from '../../../shared/workbook';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv');
const NOW = Date.parse('1997-09-30T12:00:00Z');
const TODAY = dayNumber('1997-09-30')!;
const WHERE = { project: 'shop-analytics-42', dataset: 'regulars', table: 'purchases' };
// The table's columns as INFORMATION_SCHEMA describes them: a DATE column is read as a date, not parsed.
const COLUMNS: PurchaseColumns = { customer: 'customer_id', date: 'date', amount: 'amount', dateTyped: true };
const parser = new Parser();

/** The CDNOW sample's 6,919 purchases (customer, ISO date, dollars), as a shop's log. */
const LOG = readFileSync(path.join(fixtures, 'CDNOW_sample.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/))
  .map((f) => ({ customer_id: `C${f[0]!}`, date: `${f[2]!.slice(0, 4)}-${f[2]!.slice(4, 6)}-${f[2]!.slice(6, 8)}`, amount: Number(f[f.length - 1]) }));
const IDS = [...new Set(LOG.map((p) => p.customer_id))];

let db: DuckDbSession;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'clv-sheet-'));
  await writeFile(path.join(dir, 'log.csv'), `customer_id,date,amount\n${LOG.map((p) => `${p.customer_id},${p.date},${p.amount}`).join('\n')}\n`);
  db = await openDuckDb({ threads: 1 });
  await db.run(`CREATE TABLE purchases AS SELECT * FROM read_csv('${path.join(dir, 'log.csv')}', header = true, auto_detect = false, columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`);
});

afterAll(() => db?.close());

function settingsGrid(extra: [string, string][] = []): Grid {
  return { header: ['key', 'value'], rows: [['time_zone', 'UTC'], ['margin_pct', '30'], ['discount_rate', '0.1'], ...extra] };
}

/** A workbook with every CDNOW customer (plus one who never bought) and the log on its Purchases tab, or none. */
function book(settings: Grid, withPurchases: boolean): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: settings,
    Customers: { header: ['id', 'first_name', 'status'], rows: [...IDS, 'C-none'].map((id) => [id, 'Pat', 'active']) },
    Purchases: { header: ['id', 'customer_id', 'date', 'amount'], rows: withPurchases ? LOG.map((p, i) => [`P-${i + 1}`, p.customer_id, p.date, p.amount]) : [] },
  });
}

/** The CLV cells of every Customers row, by id. */
function clvCellsOf(wb: MemoryWorkbook): Map<string, CellValue[]> {
  const grid = wb.snapshot('Customers')!;
  const at = CLV_COLUMNS.map((c) => grid.header.indexOf(c));
  return new Map(grid.rows.map((row) => [String(row[0]), at.map((i) => (i < 0 ? null : (row[i] ?? null)))]));
}

const BQ_SETTINGS: [string, string][] = [
  ['warehouse', 'bigquery'],
  ['bigquery_project', WHERE.project],
  ['bigquery_dataset', WHERE.dataset],
  ['bigquery_purchases_table', WHERE.table],
  ['bigquery_location', 'EU'],
];

/** The fake client: each statement the sheet mode may send mapped to its DuckDB twin; anything else fails. */
function fakeClient(): { client: BigQueryClient; sent: BigQueryRequest[] } {
  const bq = clvStatements(bigquery, bigqueryTable(WHERE), COLUMNS, TODAY);
  const dk = clvStatements(duckdb, 'purchases', COLUMNS, TODAY);
  const twins = new Map([[bq.facts, dk.facts], [bq.problem, dk.problem]]);
  for (const netted of [false, true]) {
    const options = { end: TODAY, unit: 'week' as const, netted };
    twins.set(bq.customers(options), dk.customers(options));
  }
  const sent: BigQueryRequest[] = [];
  return {
    sent,
    client: {
      query: async (request) => {
        sent.push(request);
        const sql = request.query!;
        expect(() => parser.astify(sql, { database: 'BigQuery' }), sql).not.toThrow();
        const { query: _, params, ...job } = request;
        expect(job).toEqual({ location: 'EU', useLegacySql: false, labels: { app: 'regulars' }, jobTimeoutMs: 600_000 });
        if (sql.includes('INFORMATION_SCHEMA')) {
          expect(params).toEqual({ table: 'purchases' });
          return [[{ column_name: 'customer_id', data_type: 'STRING' }, { column_name: 'date', data_type: 'DATE' }, { column_name: 'amount', data_type: 'FLOAT64' }]];
        }
        expect(params).toBeUndefined();
        const twin = twins.get(sql);
        if (twin === undefined) throw new Error(`the fake has no twin for:\n${sql}`);
        const rows = await db.rows(twin);
        // BigQuery's client gives INT64 as a number (its default); DuckDB gives bigints.
        return [rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))];
      },
      createQueryJob: () => Promise.reject(new Error('the sheet mode makes no dry runs')),
    },
  };
}

interface Call {
  response: HandlerResponse;
  opened: { project: string; location: string | undefined }[];
  committed: number;
}

async function call(wb: MemoryWorkbook, client?: BigQueryClient, body: unknown = { sheet: true }, spreadsheetId?: string): Promise<Call> {
  const opened: Call['opened'] = [];
  let committed = 0;
  const deps: ClvSheetDeps = {
    openWorkbook: () => Promise.resolve({ wb, commit: () => Promise.resolve(void committed++) }),
    bigquery: (options: BigQueryOptions) => {
      opened.push({ project: options.projectId, location: options.location });
      if (!client) throw new Error('BigQuery was not to be opened');
      return Promise.resolve(bigQueryPort(client, options));
    },
    now: () => NOW,
    ...(spreadsheetId === undefined ? {} : { spreadsheetId }),
  };
  const response = await clvHandler(() => deps)({ body, query: {}, caller: { kind: 'scheduler' }, deadlineMs: 60_000 });
  return { response, opened, committed };
}

describe('the clv function scoring the sheet', () => {
  it('with Settings naming BigQuery, sends the generated statements with the job options and writes the scores the sheet path writes', async () => {
    const { client, sent } = fakeClient();
    const wb = book(settingsGrid(BQ_SETTINGS), false);
    const { response, opened, committed } = await call(wb, client);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(opened).toEqual([{ project: WHERE.project, location: 'EU' }]);
    // The columns lookup, the refusal check, the facts, then one row per customer up to today: four jobs.
    const bq = clvStatements(bigquery, bigqueryTable(WHERE), COLUMNS, TODAY);
    expect(sent.map((r) => r.query)).toEqual([bigqueryColumnsSql(WHERE), bq.problem, bq.facts, bq.customers({ end: TODAY, unit: 'week', netted: false })]);
    expect(response.body).toMatchObject({ source: `bigquery:${WHERE.project}.${WHERE.dataset}.${WHERE.table}`, asOf: '1997-09-30', scored: IDS.length + 1, buyers: IDS.length, purchaseModel: 'bgnbd', spendModel: 'gamma-gamma' });
    expect(wb.calls.write).toBe(1);
    expect(committed).toBe(1);

    // The same log on the sheet's own Purchases tab, scored by the same function without BigQuery.
    const sheet = book(settingsGrid(), true);
    const local = await call(sheet);
    expect(local.response.status).toBe(200);
    expect(local.response.body).toMatchObject({ source: 'sheet', buyers: IDS.length });
    const fromBigQuery = clvCellsOf(wb);
    const fromSheet = clvCellsOf(sheet);
    expect(fromBigQuery.size).toBe(IDS.length + 1);
    for (const [id, cells] of fromSheet) expect(fromBigQuery.get(id), id).toEqual(cells);
    // CDNOW customer 00004 (sample line 1): three purchases, 29.33 + 29.73 + 14.96, from 1 Jan to 2 Aug 1997.
    expect(fromBigQuery.get('C00004')!.slice(0, 4)).toEqual([3, 74.02, '1997-01-01', '1997-08-02']);
    expect(fromBigQuery.get('C-none')).toEqual([0, 0, null, null, null, null, null, null]);
    const tiers = [...fromBigQuery.values()].map((c) => c[7]);
    expect(tiers.filter((t) => t === 'high').length).toBe(Math.ceil(IDS.length * 0.2));
  });

  it('writes the CLV columns exactly as Score customers writes them from the same sheet', async () => {
    const sheet = book(settingsGrid(), true);
    expect((await call(sheet)).response.status).toBe(200);
    const scoredBook = book(settingsGrid(), true);
    const result = createAnalyticsApi({ workbook: () => scoredBook, now: () => new Date(NOW).toISOString(), user: () => 'test' }).scoreCustomers({});
    expect(result.ok).toBe(true);
    const ours = clvCellsOf(sheet);
    const theirs = clvCellsOf(scoredBook);
    expect(ours.size).toBe(IDS.length + 1);
    for (const [id, cells] of theirs) expect(ours.get(id), id).toEqual(cells);
  });

  it('without warehouse Settings keeps the sheet path and never opens BigQuery', async () => {
    const wb = book(settingsGrid([['warehouse', '']]), true);
    const { response, opened } = await call(wb);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ source: 'sheet', asOf: '1997-09-30' });
    expect(opened).toEqual([]);
  });

  it.each([
    ['warehouse', 'bigqeury', /Settings warehouse must be blank, sheet or bigquery/],
    ['bigquery_project', 'My Project', /Settings bigquery_project must be a project ID/],
    ['bigquery_project', '', /Settings bigquery_project is blank/],
    ['bigquery_dataset', 'sales-2026', /Settings bigquery_dataset must be a dataset name/],
    ['bigquery_purchases_table', 'a.b', /Settings bigquery_purchases_table must be a table name/],
    ['bigquery_location', 'EU; DROP', /Settings bigquery_location must be a BigQuery location/],
  ])('refuses Settings %s = %j with a 400 naming the key, writing nothing', async (key, value, message) => {
    const settings = BQ_SETTINGS.map(([k, v]): [string, string] => [k, k === key ? value : v]);
    const wb = book(settingsGrid(settings), true);
    const { response, opened, committed } = await call(wb, fakeClient().client);
    expect(response.status).toBe(400);
    const body = response.body as { error: string; keys: string[] };
    expect(body.error).toMatch(message);
    expect(body.keys).toEqual([`Settings.${key}`]);
    expect(opened).toEqual([]);
    expect([wb.calls.write, committed]).toEqual([0, 0]);
  });

  it('refuses a log BigQuery finds a refund too large in as the memory engine does (422), writing nothing', async () => {
    const refusing: BigQueryClient = {
      query: (request) => {
        if (request.query!.includes('INFORMATION_SCHEMA')) return Promise.resolve([[{ column_name: 'customer_id', data_type: 'STRING' }, { column_name: 'date', data_type: 'DATE' }, { column_name: 'amount', data_type: 'FLOAT64' }]]);
        if (request.query!.includes('AS problem')) return Promise.resolve([[{ problem: 'refund', customer: 'C7' }]]);
        return Promise.resolve([[{ day: dayNumber('1997-02-02'), net: -2.5 }]]);
      },
      createQueryJob: () => Promise.reject(new Error('no dry runs')),
    };
    const wb = book(settingsGrid(BQ_SETTINGS), false);
    const { response } = await call(wb, refusing);
    expect(response.status).toBe(422);
    expect((response.body as { error: string }).error).toBe(
      'cannot score: shop-analytics-42.regulars.purchases: customer C7 on 1997-02-02: refunds exceed purchases by 2.50; a refund must be on the day of its purchase (or lower a purchase of that day)',
    );
    expect(wb.calls.write).toBe(0);
  });

  it('holds the sheet mode to its body', async () => {
    const { response } = await call(book(settingsGrid(), true), undefined, { sheet: true, purchases: [] });
    expect(response.status).toBe(400);
  });

  it('refuses a spreadsheetId other than its own (409) before opening the sheet or BigQuery', async () => {
    const wb = book(settingsGrid(BQ_SETTINGS), false);
    let opened = 0;
    const deps: ClvSheetDeps = {
      openWorkbook: () => Promise.resolve(void opened++).then(() => ({ wb, commit: () => Promise.resolve() })),
      bigquery: () => Promise.reject(new Error('BigQuery was not to be opened')),
      now: () => NOW,
      spreadsheetId: 'sheet-of-shop-a',
    };
    const response = await clvHandler(() => deps)({ body: { sheet: true, spreadsheetId: 'sheet-of-shop-b' }, query: {}, caller: { kind: 'addon', email: 'owner@shop.example' }, deadlineMs: 60_000 });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'other_spreadsheet' });
    expect(JSON.stringify(response.body)).not.toContain('sheet-of-shop');
    expect(opened).toBe(0);
    expect(wb.calls.write).toBe(0);
  });

  it('answers the add-on Score customers in the shape it reads (its own spreadsheetId accepted)', async () => {
    const { client } = fakeClient();
    const wb = book(settingsGrid(BQ_SETTINGS), false);
    const { response } = await call(wb, client, { sheet: true, spreadsheetId: 'sheet-of-shop-a' }, 'sheet-of-shop-a');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // The add-on side, over a sheet with the same Settings, given this very answer by its remote.
    const addon = book(settingsGrid(BQ_SETTINGS), false);
    const plan = planClv(addon, new Date(NOW).toISOString());
    if (!plan.ok || plan.value.warehouse.kind !== 'bigquery') throw new Error('the Settings should name BigQuery');
    const bodies: unknown[] = [];
    const result = scoreFromWarehouse(
      { workbook: () => addon, now: () => new Date(NOW).toISOString(), user: () => 'owner', spreadsheetId: () => 'sheet-of-shop-a', remote: (_fn, body) => (bodies.push(body), response.body) },
      { ...plan.value, warehouse: plan.value.warehouse },
    );
    expect(bodies).toEqual([{ sheet: true, spreadsheetId: 'sheet-of-shop-a' }]);
    if (!result.ok) throw new Error(result.issues[0]!.message);
    expect(result.value).toMatchObject({ source: 'bigquery', table: 'shop-analytics-42.regulars.purchases', asOf: '1997-09-30', scored: IDS.length + 1, buyers: IDS.length, purchaseModel: 'bgnbd', spendModel: 'gamma-gamma' });
    expect(addon.calls.write).toBe(0);
  });
});
