// List columns of the comparison table survive the loader's text encoding exactly: missing, empty, one empty item,
// and items holding commas, quotes, brackets, backslashes, spaces and non-ASCII letters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldComparisonSql } from '../../../shared/sql';
import { loadComparisonTable, openDuckDb, type DuckDbSession } from '../../../functions/sql';

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1, memoryLimit: '256MB' });
});
afterAll(() => session.close());

const lists: (string[] | null)[] = [null, [], [''], ['a, b', "o'neil", '"q"', '[x]', 'back\\slash', ' spaced '], ['zoë', 'ñandú', '東京'], ['', 'x', '']];

describe('list columns of the comparison table', () => {
  it('come back item for item, with missing and empty lists told apart', async () => {
    const field: FieldComparisonSql = { field: 'toy', columns: [{ name: 'toy_list', type: 'VARCHAR[]', value: (i) => lists[i] ?? null }, { name: 'toy_n', type: 'INTEGER', value: (i) => i * 10 }], level: '0' };
    await loadComparisonTable(session, lists.length, [field], 'lists_cmp');
    const rows = await session.rows('SELECT rec, toy_list, toy_n FROM lists_cmp ORDER BY rec');
    expect(rows.map((r) => Number(r.toy_n))).toEqual([0, 10, 20, 30, 40, 50]);
    const back = rows.map((r) => (r.toy_list === null ? null : (r.toy_list as { items: string[] }).items));
    expect(back).toEqual(lists);
    expect(await session.rows("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'lists_cmp_load'")).toEqual([{ n: 0n }]);
  });

  it('refuses an item holding the separator, naming the column and record', async () => {
    const field: FieldComparisonSql = { field: 'bad', columns: [{ name: 'bad_list', type: 'VARCHAR[]', value: (i) => (i === 1 ? ['ok', 'a\u0001b'] : ['ok']) }], level: '0' };
    await expect(loadComparisonTable(session, 2, [field], 'bad_cmp')).rejects.toThrow('column bad_list of record 1');
  });
});
