// The BigQuery dedupe engine against the in-memory one, offline: a fake client (bigquery-dedupe-fake.ts) parses
// every statement as BigQuery, checks every request, and answers the pattern counts and the passing pairs from the
// in-memory engine's own pairs and levels. With those answers the engine must give exactly findClusters' clusters
// and scores; its tables must be created with an expiration, loaded with their schema and all dropped, also when
// a query fails.
import { describe, expect, it } from 'vitest';
import { findClusters, type DedupeRecord } from '../../../shared/dedupe';
import { bigquery, fieldComparisons } from '../../../shared/sql';
import { bigQueryFindClusters, bigQueryPort, type BigQueryClient } from '../../../functions/sql';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaBusinessExport } from '../../../functions/dedupe/generate-sa-business';
import { saExportTable } from '../../../functions/dedupe/generate-sa';
import { fixture } from './comparison-harness';
import { fakeDedupeBigQuery, type FakeLog } from './bigquery-dedupe-fake';

const WHERE = { project: 'shop-analytics-42', dataset: 'regulars_work' };
const PORT = { projectId: WHERE.project, location: 'EU' };

/** Every table the run created was dropped, exactly once (BigQuery fails a DROP of a table that is gone). */
function allDroppedOnce(log: FakeLog): void {
  expect(log.created.length).toBeGreaterThan(4);
  expect([...log.dropped].sort()).toEqual([...new Set(log.created)].sort());
}

async function same(records: DedupeRecord[], options: { link?: boolean; country?: string }): Promise<FakeLog> {
  const find = { ...options, proposals: false };
  const memory = findClusters(records, find);
  const { client, log, p } = fakeDedupeBigQuery(records, { ...(options.country ? { country: options.country } : {}) });
  const found = await bigQueryFindClusters(records, { ...find, ...WHERE, port: bigQueryPort(client, PORT), prefix: 'regulars_dedupe_test' });
  expect(found.assignments).toEqual(memory.assignments);
  expect(found.stats.candidatePairs).toBe(memory.stats.candidatePairs);
  expect(found.duplicates).toBeGreaterThan(0);
  expect(found.sqlFields).toEqual(p.fields.map((f) => f.name));
  allDroppedOnce(log);
  return log;
}

describe('bigQueryFindClusters (fake client)', () => {
  it('gives the memory engine’s clusters on FEBRL 3 (names, dates, addresses, an id column)', async () => {
    const records = await fixture('febrl3-800.csv');
    const log = await same(records, {});
    // Blocking keys and records, the value tables and the ids were loaded with their schemas.
    expect(log.loads.map((l) => l.table)).toEqual(expect.arrayContaining(['regulars_dedupe_test_keys', 'regulars_dedupe_test_records', 'regulars_dedupe_test_ids', 'regulars_dedupe_test_values_0']));
    const keys = log.loads.find((l) => l.table.endsWith('_keys'))!;
    expect(keys.metadata.schema.fields).toEqual([
      { name: 'rec', type: 'INT64', mode: 'NULLABLE' },
      { name: 'block', type: 'INT64', mode: 'NULLABLE' },
    ]);
    expect(log.loadedRows.get('regulars_dedupe_test_records')).toHaveLength(records.length);
    // The string measures ran as UDFs.
    expect(log.queries.some((q) => q.startsWith('CREATE TEMP FUNCTION regulars_jaro_winkler('))).toBe(true);
  }, 60_000);

  it('gives the memory engine’s clusters on a generated business export (companies, domains, phones, lists)', async () => {
    const data = generateSaBusinessExport({ firms: 150, seed: 3 });
    const records = tableRecords(saExportTable(data), {}, 0, 'generated').records;
    const log = await same(records, { country: 'ZA' });
    // The company level's UDFs and a list column (loaded as an array, an empty one for a record without values).
    expect(log.queries.some((q) => q.includes('CREATE TEMP FUNCTION regulars_company_similarity('))).toBe(true);
    const lists = [...log.loads].flatMap((l) => l.metadata.schema.fields.filter((f) => f.mode === 'REPEATED').map((f) => [l.table, f.name] as const));
    expect(lists.length).toBeGreaterThan(0);
    const [table, column] = lists[0]!;
    expect(log.loadedRows.get(table)!.some((row) => (row[column] as unknown[]).length === 0)).toBe(true);
  }, 60_000);

  it('drops its tables when a query fails, and reports the failure', async () => {
    const records = await fixture('febrl3-800.csv');
    const { client, log } = fakeDedupeBigQuery(records, {});
    const failing: BigQueryClient = {
      ...client,
      query: (request) => (request.query!.includes(' AS sampled') ? Promise.reject(new Error('Access Denied: BigQuery BigQuery: quota')) : client.query(request)),
    };
    await expect(bigQueryFindClusters(records, { ...WHERE, port: bigQueryPort(failing, PORT), prefix: 'regulars_dedupe_fail' })).rejects.toThrow(/quota/);
    allDroppedOnce(log);
  }, 60_000);

  it('writes every field of both fixtures as BigQuery SQL, none left to a fallback', async () => {
    const data = generateSaBusinessExport({ firms: 40, seed: 9 });
    for (const records of [await fixture('febrl3-800.csv'), tableRecords(saExportTable(data), {}, 0, 'generated').records]) {
      const { p } = fakeDedupeBigQuery(records, {});
      expect(fieldComparisons(p, bigquery).missing).toEqual([]);
    }
  });
});
