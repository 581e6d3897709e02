// The byte estimate of the BigQuery dedupe: BigQuery's data sizes by hand, and the tables the estimate sizes from
// the prepared records weigh what the files a run really loads weigh (sized from their JSON rows and schema).
import { describe, expect, it } from 'vitest';
import { candidatePairs, findClusters } from '../../../shared/dedupe';
import { bigquery, fieldComparisons, type FieldComparisonSql } from '../../../shared/sql';
import { bigQueryFindClusters, bigQueryPort, dedupeBigQueryBytes, valueBytes, type BigQueryField } from '../../../functions/sql';
import { fixture } from './comparison-harness';
import { fakeDedupeBigQuery } from './bigquery-dedupe-fake';

/** BigQuery's size of a loaded row, from its JSON and schema (INT64 8, STRING 2 + UTF-8 bytes, arrays summed). */
function rowBytes(row: Record<string, unknown>, fields: readonly BigQueryField[]): number {
  let sum = 0;
  for (const f of fields) {
    const v = row[f.name];
    if (v === null) continue;
    const one = (x: unknown): number => (f.type === 'STRING' ? 2 + Buffer.from(x as string, 'utf8').length : 8);
    sum += f.mode === 'REPEATED' ? (v as unknown[]).reduce<number>((s, x) => s + one(x), 0) : one(v);
  }
  return sum;
}

describe('dedupeBigQueryBytes', () => {
  it('sizes values as BigQuery does', () => {
    expect(valueBytes(null, 'VARCHAR')).toBe(0);
    expect(valueBytes('ann', 'VARCHAR')).toBe(5);
    // é is two bytes of UTF-8.
    expect(valueBytes('zoé', 'VARCHAR')).toBe(6);
    expect(valueBytes(7, 'INTEGER')).toBe(8);
    expect(valueBytes(['ab', 'c'], 'VARCHAR[]')).toBe(7);
    expect(valueBytes([], 'VARCHAR[]')).toBe(0);
  });

  it('weighs the blocking and value tables as the loaded files weigh, and the pair tables by their rows', async () => {
    const records = await fixture('febrl3-800.csv');
    const { client, log, p } = fakeDedupeBigQuery(records, {});
    await bigQueryFindClusters(records, { project: 'shop-analytics-42', dataset: 'regulars_work', port: bigQueryPort(client, { projectId: 'shop-analytics-42', location: 'EU' }), prefix: 'regulars_dedupe_bytes' });
    const loaded = (table: string): number => {
      const load = log.loads.find((l) => l.table === `regulars_dedupe_bytes_${table}`)!;
      return log.loadedRows.get(load.table)!.reduce((s, row) => s + rowBytes(row, load.metadata.schema.fields), 0);
    };
    const fields = fieldComparisons(p, bigquery).byField as FieldComparisonSql[];
    const pairs = candidatePairs(p, 1000, false);
    const bytes = dedupeBigQueryBytes(p, fields, pairs);
    const of = (prefix: string): number => bytes.find((b) => b.statement.startsWith(prefix))!.bytes;
    expect(of('oversized blocks')).toBe(loaded('keys'));
    expect(of('candidate pairs')).toBe(loaded('keys') + loaded('records'));
    // Stage 0 holds a group's two value ids packed into one INT64 (8 bytes a pair).
    expect(of('distinct levels of group 0')).toBe(8 * pairs.count + 2 * loaded('values_0'));
    // Split into what grows with the records and what grows with the pairs.
    const stage0 = bytes.find((b) => b.statement.startsWith('stage 0'))!;
    expect([stage0.recordBytes, stage0.pairBytes]).toEqual([2 * loaded('ids'), 24 * pairs.count]);
    expect(of('pattern counts')).toBe(8 * pairs.count * (1 + p.fields.length));
    expect(pairs.count).toBe(findClusters(records, {}).stats.candidatePairs);
  }, 60_000);
});
