// The distinct-value scoring: fields grouped by the columns they read, records sharing values sharing an id, and
// the levels computed per distinct pair of values and joined back equal, pair for pair, the TypeScript comparators'
// levels and the per-pair SQL levels (on FEBRL 3 and a generated SA export: candidate pairs plus random pairs).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, type DedupeRecord, type Prepared } from '../../../shared/dedupe';
import { distinctLevelsPlan, distinctLevelsSql, duckdb, joinBackSql, joinBatches, fieldComparisons, levelsTableSql, valueGroups, valueIds, type ComparisonValue, type DistinctTables, type FieldComparisonSql } from '../../../shared/sql';
import { codeValues, loadComparisonTable, loadValueTables, openDuckDb, type DuckDbSession } from '../../../functions/sql';
import { readTable } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { loadPairsTable, testPairs } from './comparison-harness';

const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');
const TABLES: DistinctTables = { pairs: 'dl_pairs', levels: 'dl_levels', ids: 'dl_ids', values: 'dl_values_', distinct: 'dl_distinct_', stage: 'dl_stage_' };

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1, memoryLimit: '512MB' });
});
afterAll(() => session.close());

/** Loads pairs (numbered k in order) as the pairs table. */
const loadPairs = (pairs: readonly [number, number][]): Promise<void> => loadPairsTable(session, TABLES.pairs, pairs);

/** The levels table's rows in k order, as [k, i, j, g0, …]. */
async function levelRows(table: string, fieldCount: number): Promise<number[][]> {
  const rows = await session.rows(`SELECT * FROM ${table} ORDER BY k`);
  return rows.map((r) => [Number(r.k), Number(r.i), Number(r.j), ...Array.from({ length: fieldCount }, (_, f) => Number(r[`g${f}`]))]);
}

describe('distinct-value levels', () => {
  it('gives tuples of values one id exactly when they are equal (types, lists, NULs in values)', () => {
    const tuples: ComparisonValue[][] = [
      ['a', null],
      [null, 'a'],
      ['1', 'b'],
      [1, 'b'],
      [['1'], 'b'],
      [['a', 'b'], 'c'],
      [['a'], 'b'],
      [['a\u0000b'], 'c'],
      [['a'], 'b\u0000c'],
      ['a\u0000Sb', null],
      ['a', 'b'],
      [[], 'a'],
      [null, null],
      [['a', 'b', 'c'], null],
      [1, null],
      [null, 1],
      [['1'], null],
      ['1', null],
    ];
    // Each tuple is a record of two columns; then the equal pairs again, reordered: -0 is 0, as the value maps hold them.
    const rows: ComparisonValue[][] = [...tuples, ['a', ['x', 'y']], [['a\u0000b'], 1], [-0, 'a'], [0, 'a'], ['a', ['x', 'y']], [['a\u0000b'], 1]];
    const column = (c: number): { name: string; type: 'VARCHAR'; value: (i: number) => ComparisonValue } => ({ name: `t${c}`, type: 'VARCHAR', value: (i) => rows[i]?.[c] ?? null });
    const groups = valueGroups([{ field: 't', columns: [column(0), column(1)], level: 'l.t0 = r.t0' }]);
    const { ids, representatives } = valueIds(groups, rows.length);
    const t = tuples.length;
    expect(Array.from(ids[0]!)).toEqual([...tuples.map((_, k) => k), t, t + 1, t + 2, t + 2, t, t + 1]);
    expect(Array.from(representatives[0]!)).toEqual([...tuples.map((_, k) => k), t, t + 1, t + 2]);
  });

  it('groups fields by the columns they read and gives records with equal values one id', () => {
    const names = ['ann', 'bob', 'ann', null, 'ann'];
    const towns = ['x', 'x', 'y', null, 'x'];
    const name = { name: 'toy_name', type: 'VARCHAR' as const, value: (i: number) => names[i] ?? null };
    const town = { name: 'toy_town', type: 'VARCHAR' as const, value: (i: number) => towns[i] ?? null };
    const fields: FieldComparisonSql[] = [
      { field: 'a', columns: [name], level: 'CASE WHEN l.toy_name = r.toy_name THEN 0 ELSE 1 END' },
      // Declares toy_town and reads it (quoted) and toy_name (declared by a): grouped with neither of the others.
      { field: 'b', columns: [town], level: 'CASE WHEN l."toy_town" = r.toy_town AND l.toy_name = r.toy_name THEN 0 ELSE 1 END' },
      { field: 'c', columns: [], level: 'CASE WHEN l.toy_name = r.toy_name THEN 0 ELSE 1 END' },
      { field: 'd', columns: [], level: 'my_fallback(3, l.rec, r.rec)' },
    ];
    const groups = valueGroups(fields);
    expect(groups.map((g) => [g.fields, g.columns.map((c) => c.name), g.perRecord])).toEqual([
      [[0, 2], ['toy_name'], false],
      [[1], ['toy_name', 'toy_town'], false],
      [[3], [], true],
    ]);
    const { ids, representatives } = valueIds(groups, names.length);
    // By hand: names ann, bob, ann, (none), ann; with towns (ann x), (bob x), (ann y), (none), (ann x).
    expect(Array.from(ids[0]!)).toEqual([0, 1, 0, 2, 0]);
    expect(Array.from(representatives[0]!)).toEqual([0, 1, 3]);
    expect(Array.from(ids[1]!)).toEqual([0, 1, 2, 3, 0]);
    expect(Array.from(representatives[1]!)).toEqual([0, 1, 2, 3]);
    expect(Array.from(ids[2]!)).toEqual([0, 1, 2, 3, 4]);
    // codeValues makes the same groups and ids.
    const coded = codeValues(fields, names.length);
    expect(coded.groups).toEqual(groups);
    expect(coded.ids.map((x) => Array.from(x))).toEqual(ids.map((x) => Array.from(x)));
    expect(coded.representatives.map((x) => Array.from(x))).toEqual(representatives.map((x) => Array.from(x)));
  });

  it('keeps a number, its text and a list of it apart', () => {
    const values = [1, '1', ['1'], null, 1];
    const groups = valueGroups([{ field: 'x', columns: [{ name: 'x', type: 'VARCHAR', value: (i) => values[i] as never }], level: 'l.x = r.x' }]);
    expect(Array.from(valueIds(groups, values.length).ids[0]!)).toEqual([0, 1, 2, 3, 0]);
  });

  it('groups random values of every kind over one to three columns as whole-value keys would', () => {
    // The reference: a record's key is the JSON of its values with the kinds kept apart, ids in order of first appearance.
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pool: ComparisonValue[] = [null, '', '1', 1, 0, -0, 2.5, 'a', 'a,b', ['a', 'b'], ['a,b'], [], ['1'], 'null', '[]'];
    for (let columns = 1; columns <= 3; columns++) {
      const n = 400;
      const table = Array.from({ length: columns }, () => Array.from({ length: n }, () => pool[Math.floor(next() * pool.length)] ?? null));
      const groups = valueGroups([{ field: 'x', columns: table.map((values, c) => ({ name: `x${c}`, type: 'VARCHAR', value: (i: number) => values[i] as never })), level: 'l.x0 = r.x0' }]);
      const seen = new Map<string, number>();
      const want = Array.from({ length: n }, (_, i) => {
        const key = JSON.stringify(table.map((values) => { const v = values[i] ?? null; return v === null ? null : typeof v === 'number' ? { n: v } : v; }));
        if (!seen.has(key)) seen.set(key, seen.size);
        return seen.get(key)!;
      });
      expect(Array.from(valueIds(groups, n).ids[0]!)).toEqual(want);
    }
  });

  it('numbers tuples whose later columns follow from the earlier ones, and those where one record breaks the rule, as whole-value keys would', () => {
    // A key and its parts (the parts follow from the key), then the same with one record whose part disagrees.
    const keys = ['12 long st', '4 short rd', '12 long st', '', '9 hill ave', '4 short rd', '12 long st'];
    const part = (k: string): string => k.split(' ')[0] ?? '';
    const parts = keys.map(part);
    const broken = [...parts.slice(0, 6), '13'];
    const ids = (columns: readonly (readonly string[])[]): number[] => {
      const groups = valueGroups([{ field: 'x', columns: columns.map((values, c) => ({ name: `x${c}`, type: 'VARCHAR' as const, value: (i: number) => values[i] ?? null })), level: 'l.x0 = r.x0' }]);
      return Array.from(valueIds(groups, keys.length).ids[0]!);
    };
    // By hand: the keys' ids in order of first appearance.
    expect(ids([keys, parts])).toEqual([0, 1, 0, 2, 3, 1, 0]);
    expect(ids([keys, parts, parts])).toEqual([0, 1, 0, 2, 3, 1, 0]);
    // The last record's part differs from its key's earlier records: a tuple of its own.
    expect(ids([keys, broken])).toEqual([0, 1, 0, 2, 3, 1, 4]);
    const groups = valueGroups([{ field: 'x', columns: [keys, broken].map((values, c) => ({ name: `x${c}`, type: 'VARCHAR' as const, value: (i: number) => values[i] ?? null })), level: 'l.x0 = r.x0' }]);
    expect(Array.from(valueIds(groups, keys.length).representatives[0]!)).toEqual([0, 1, 3, 4, 6]);
  });

  it('skips a column that follows another of its group, for the same ids, and reads one that follows a column outside it', () => {
    const keys = ['12 long st', '4 short rd', '12 long st', '', '9 hill ave', '4 short rd'];
    const words = (i: number): string[] => (keys[i] ?? '').split(' ');
    const key = { name: 'x_key', type: 'VARCHAR' as const, value: (i: number) => keys[i] || null };
    let read = 0;
    const following = { name: 'x_words', type: 'VARCHAR[]' as const, value: (i: number) => (read++, words(i)), follows: 'x_key' };
    const ids = (columns: FieldComparisonSql['columns']): number[] => Array.from(valueIds(valueGroups([{ field: 'x', columns, level: 'l.x_key = r.x_key' }]), keys.length).ids[0]!);
    // By hand: the keys in order of first appearance.
    expect(ids([key, following])).toEqual([0, 1, 0, 2, 3, 1]);
    expect(read).toBe(0);
    expect(ids([key, { ...following, follows: undefined }])).toEqual([0, 1, 0, 2, 3, 1]);
    expect(read).toBe(keys.length);
    // Following a column the group does not read: the words alone split the records ('' and the rest).
    read = 0;
    expect(ids([{ ...following, follows: 'elsewhere' }])).toEqual([0, 1, 0, 2, 3, 1]);
    expect(read).toBe(keys.length);
  });

  it('computes, on toy records, each pair the level the per-pair SQL gives', async () => {
    const names = ['ann', null, 'bob', 'ann', 'bob'];
    const fields: FieldComparisonSql[] = [
      {
        field: 'toy',
        columns: [{ name: 'toy_name', type: 'VARCHAR', value: (i) => names[i] ?? null }],
        level: 'CASE WHEN l.toy_name IS NULL OR r.toy_name IS NULL THEN -1 WHEN l.toy_name = r.toy_name THEN 0 ELSE 1 END',
      },
      { field: 'parity', columns: [], level: '(l.rec + r.rec) % 2' },
    ];
    await loadPairs([[0, 1], [0, 2], [0, 3], [2, 4], [3, 4], [1, 4]]);
    const groups = await loadValueTables(session, names.length, fields, TABLES);
    for (const statement of distinctLevelsSql(duckdb, fields, groups, TABLES)) await session.run(statement);
    // By hand: (0,1) missing, odd; (0,2) differ, even; (0,3) same, odd; (2,4) same, even; (3,4) differ, odd; (1,4) missing, odd.
    expect(await levelRows(TABLES.levels, 2)).toEqual([
      [0, 0, 1, -1, 1],
      [1, 0, 2, 1, 0],
      [2, 0, 3, 0, 1],
      [3, 2, 4, 0, 0],
      [4, 3, 4, 1, 1],
      [5, 1, 4, -1, 1],
    ]);
  });

  async function agrees(p: Prepared): Promise<number> {
    const chosen = fieldComparisons(p, duckdb);
    expect(chosen.missing).toEqual([]);
    const fields = chosen.byField as FieldComparisonSql[];
    const pairs = testPairs(p);
    await loadPairs(pairs);
    const groups = await loadValueTables(session, p.n, fields, TABLES);
    // Values do repeat here, so the distinct path is really taken on fewer rows than records.
    const distinctValues = await session.rows(`SELECT COUNT(*) AS n FROM ${TABLES.values}0`);
    expect(Number(distinctValues[0]!.n)).toBeLessThan(p.n);
    for (const statement of distinctLevelsSql(duckdb, fields, groups, TABLES)) await session.run(statement);
    const got = await levelRows(TABLES.levels, fields.length);
    expect(got.length).toBe(pairs.length);
    // Independent: the TypeScript comparators, pair by pair.
    const wrong: string[] = [];
    for (const [k, i, j, ...levels] of got) {
      expect([i, j]).toEqual(pairs[k!]);
      levels.forEach((level, f) => {
        const ts = p.fields[f]!.compare(i!, j!);
        if (ts !== level) wrong.push(`${p.fields[f]!.name} (${i}, ${j}): sql ${level}, typescript ${ts}`);
      });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // Joined back in other batches (several groups a statement, out of order), the levels are the same.
    for (const batches of [[groups.map((_, g) => g)], [[groups.length - 1, 0], groups.map((_, g) => g).slice(1, -1)].filter((b) => b.length > 0)]) {
      const batched: DistinctTables = { ...TABLES, stage: 'dl_bstage_', levels: 'dl_batched' };
      await session.run(distinctLevelsPlan(duckdb, fields, groups, batched).keys);
      for (const statement of joinBackSql(duckdb, fields, groups, batched, batches)) await session.run(statement);
      expect(await levelRows('dl_batched', fields.length)).toEqual(got);
    }
    // And the per-pair SQL path, row for row.
    await loadComparisonTable(session, p.n, fields, 'dl_cmp');
    await session.run(levelsTableSql(duckdb, fields, { pairs: TABLES.pairs, comparison: 'dl_cmp', levels: 'dl_per_pair' }));
    expect(await levelRows('dl_per_pair', fields.length)).toEqual(got);
    return got.length;
  }

  it('joins small distinct tables back beside the first large one, and refuses batches that miss or repeat a group', () => {
    // The 1M export's tables: names, generation, birth date, e-mail, phone, street, place.
    expect(joinBatches([3_936_013, 4, 7_473_779, 9_625_520, 11_662_665, 7_983_670, 14_895])).toEqual([[0, 1, 6], [2], [3], [4], [5]]);
    expect(joinBatches([10, 20, 30])).toEqual([[0, 1, 2]]);
    expect(joinBatches([2_000_000, 3_000_000])).toEqual([[0], [1]]);
    expect(joinBatches([5, 2_000_000, 7], 6)).toEqual([[1, 0], [2]]);
    const groups = valueGroups([
      { field: 'a', columns: [{ name: 'a', type: 'VARCHAR', value: () => 'x' }], level: '0' },
      { field: 'b', columns: [{ name: 'b', type: 'VARCHAR', value: () => 'y' }], level: '0' },
    ]);
    const fields: FieldComparisonSql[] = [
      { field: 'a', columns: [], level: '0' },
      { field: 'b', columns: [], level: '0' },
    ];
    expect(() => joinBackSql(duckdb, fields, groups, TABLES, [[0]])).toThrow(/every group/);
    expect(() => joinBackSql(duckdb, fields, groups, TABLES, [[0, 1], [1]])).toThrow(/every group/);
    expect(joinBackSql(duckdb, fields, groups, TABLES, [[1, 0]])).toHaveLength(2);
  });

  it('gives every field of FEBRL 3 the per-pair levels exactly', async () => {
    const records: DedupeRecord[] = tableRecords(await readTable(path.join(FIXTURES, 'febrl3-800.csv')), {}, 0, 'febrl3').records;
    expect(await agrees(prepare(records, {}))).toBeGreaterThan(2000);
  });

  it('gives every field of a generated SA export the per-pair levels exactly', async () => {
    const data = generateSaExport({ people: 1500, seed: 7 });
    const records = tableRecords(saExportTable(data), {}, 0, 'generated').records;
    expect(await agrees(prepare(records, { country: 'ZA' }))).toBeGreaterThan(2000);
  });
});
