// `regulars dedupe --engine bigquery` end to end without Google: openBigQuery is replaced by a port over the fake
// client of tests/functions/sql/bigquery-dedupe-fake.ts (every statement parsed as BigQuery, every request's shape
// checked, the counts answered from the in-memory engine's pairs and levels). The CLI must write the in-memory
// engine's lines, alone and when linking, open BigQuery with the flags' project and location, and refuse bad flags
// with exit 2 before any client is opened.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bigQueryPort, openBigQuery, type BigQueryOptions } from '../../../functions/sql';
import { fixture } from '../sql/comparison-harness';
import { fakeDedupeBigQuery, type FakeLog } from '../sql/bigquery-dedupe-fake';
import { cli } from './run-cli';

vi.mock('../../../functions/sql/bigquery', async (original) => ({ ...(await original<typeof import('../../../functions/sql/bigquery')>()), openBigQuery: vi.fn() }));

const FIXTURES = path.resolve(__dirname, '../../fixtures/dedupe');
const CLOUD = ['--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'regulars_work', '--location', 'EU'];

let dir: string;
let opened: BigQueryOptions[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dedupe-bigquery-cli-'));
});
beforeEach(() => {
  opened = [];
  vi.mocked(openBigQuery).mockReset();
});

/** Serves the next openBigQuery with the fake for these records; returns what the fake will log. */
function serve(records: Parameters<typeof fakeDedupeBigQuery>[0], link: boolean): FakeLog {
  const { client, log } = fakeDedupeBigQuery(records, { link });
  vi.mocked(openBigQuery).mockImplementation((options) => {
    opened.push(options);
    return Promise.resolve(bigQueryPort(client, options));
  });
  return log;
}

describe('regulars dedupe --engine bigquery (fake client)', { timeout: 120_000 }, () => {
  it('writes the in-memory engine’s lines for FEBRL 3, opening BigQuery with the flags’ project and location', async () => {
    const file = path.join(FIXTURES, 'febrl3-800.csv');
    const memory = await cli(['dedupe', file], dir);
    const log = serve(await fixture('febrl3-800.csv'), false);
    const cloud = await cli(['dedupe', file, ...CLOUD], dir);
    expect(cloud.code, cloud.stderr).toBe(0);
    expect(cloud.stdout).toBe(memory.stdout);
    expect(opened).toEqual([{ projectId: 'shop-analytics-42', location: 'EU' }]);
    expect(cloud.stderr).toMatch(/bigquery: working in shop-analytics-42\.regulars_work/);
    expect([...log.dropped].sort()).toEqual([...new Set(log.created)].sort());
  });

  it('reports --json with the engine and its SQL fields', async () => {
    const file = path.join(FIXTURES, 'febrl3-800.csv');
    serve(await fixture('febrl3-800.csv'), false);
    const r = await cli(['dedupe', file, ...CLOUD, '--out', path.join(dir, 'cloud.csv'), '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { engine: string; sqlFields: string[]; workTables: string };
    expect(summary.engine).toBe('bigquery');
    expect(summary.sqlFields).toContain('first_name');
    expect(summary.workTables).toMatch(/^regulars_dedupe_[a-z0-9]+_[0-9a-f]{6}$/);
  });

  it('links FEBRL 4a with 4b as the in-memory engine does', async () => {
    const args = ['dedupe', path.join(FIXTURES, 'febrl4a-300.csv'), '--link', path.join(FIXTURES, 'febrl4b-300.csv')];
    const memory = await cli(args, dir);
    serve([...(await fixture('febrl4a-300.csv', 0)), ...(await fixture('febrl4b-300.csv', 1))], true);
    const cloud = await cli([...args, ...CLOUD], dir);
    expect(cloud.code, cloud.stderr).toBe(0);
    expect(cloud.stdout).toBe(memory.stdout);
  });

  it('turns a client failure into a refusal naming the dataset, with the sign-in hint', async () => {
    vi.mocked(openBigQuery).mockRejectedValue(new Error('Could not load the default credentials.'));
    const r = await cli(['dedupe', path.join(FIXTURES, 'febrl4a-300.csv'), ...CLOUD], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shop-analytics-42\.regulars_work: BigQuery: Could not load the default credentials\. \(sign in with "gcloud auth application-default login"/);
  });
});

describe('regulars dedupe --engine bigquery flags', () => {
  it.each([
    [['--engine', 'bigquery'], /--engine bigquery needs --project P --dataset D; missing --project, --dataset/],
    [['--engine', 'bigquery', '--project', 'shop-analytics-42'], /missing --dataset$/m],
    [['--engine', 'bigquery', '--dataset', 'd'], /missing --project$/m],
    [['--engine', 'bigquery', '--project', 'Shop', '--dataset', 'd'], /--project must be a project ID/],
    [['--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'no-hyphens'], /--dataset must be a dataset name/],
    [['--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'd', '--location', 'EU;x'], /--location must be a BigQuery location/],
    [['--engine', 'bigquery', '--project', 'shop-analytics-42', '--dataset', 'd', '--memory-limit', '2GB'], /--memory-limit goes with --engine duckdb/],
    [['--project', 'shop-analytics-42'], /--project goes with --engine bigquery/],
    [['--engine', 'duckdb', '--dataset', 'd'], /--dataset goes with --engine bigquery/],
    [['--engine', 'spark'], /--engine must be memory, duckdb or bigquery/],
  ])('%j exits 2 with a clear reason, no client opened', async (flags, reason) => {
    const r = await cli(['dedupe', path.join(FIXTURES, 'febrl4a-300.csv'), ...flags], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(reason);
    expect(openBigQuery).not.toHaveBeenCalled();
  });
});
