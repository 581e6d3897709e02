// The comparison table holds each record's column values (text, numbers, lists, missing) and the levels of pairs
// come back in pair order, one per field, as the generated expressions compute them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldComparisonSql } from '../../../shared/sql';
import { comparisonColumns, loadComparisonTable, openDuckDb, pairLevels, type DuckDbSession } from '../../../functions/sql';

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1, memoryLimit: '256MB' });
});
afterAll(() => session.close());

const names = ['ann', '', 'bob', 'ann'];
const tags = [['a', 'b'], [], ['b'], ['c']];
const city: FieldComparisonSql = {
  field: 'toy_name',
  columns: [{ name: 'toy_name', type: 'VARCHAR', value: (i) => (names[i] === '' ? null : (names[i] as string)) }],
  level: 'CASE WHEN l.toy_name IS NULL OR r.toy_name IS NULL THEN -1 WHEN l.toy_name = r.toy_name THEN 0 ELSE 1 END',
};
const tagged: FieldComparisonSql = {
  field: 'toy_tags',
  columns: [
    { name: 'toy_tags', type: 'VARCHAR[]', value: (i) => tags[i] as string[] },
    { name: 'toy_name', type: 'VARCHAR', value: () => 'never read: the first definition of a column wins' },
  ],
  level: 'CASE WHEN len(l.toy_tags) = 0 OR len(r.toy_tags) = 0 THEN -1 WHEN list_has_any(l.toy_tags, r.toy_tags) THEN 0 ELSE 1 END',
};

describe('comparison table on DuckDB', () => {
  it('keeps one column per name, the first definition', () => {
    expect(comparisonColumns([city, tagged]).map((c) => c.name)).toEqual(['toy_name', 'toy_tags']);
  });

  it('loads values and lists, nulls included, and gives each pair its levels in pair order', async () => {
    await loadComparisonTable(session, names.length, [city, tagged]);
    const rows = await session.rows('SELECT rec, toy_name, len(toy_tags) AS tags FROM dedupe_cmp ORDER BY rec');
    expect(rows.map((r) => [Number(r.rec), r.toy_name, Number(r.tags)])).toEqual([[0, 'ann', 2], [1, null, 0], [2, 'bob', 1], [3, 'ann', 1]]);
    await session.run('CREATE OR REPLACE TEMP TABLE toy_pairs AS SELECT * FROM (VALUES (2, 3), (0, 3), (0, 1), (0, 2)) AS t(i, j)');
    const got = await pairLevels(session, [city, tagged], 'toy_pairs');
    expect(got.i).toEqual([0, 0, 0, 2]);
    expect(got.j).toEqual([1, 2, 3, 3]);
    // (0,1): name missing, tags missing; (0,2): names differ, tag b shared; (0,3): same name, no tag shared; (2,3): differ, differ.
    expect(Array.from(got.levels)).toEqual([-1, -1, 1, 0, 0, 1, 1, 1]);
  });
});
