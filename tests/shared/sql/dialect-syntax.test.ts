// The dialects' forms of the dedupe builders' syntax (shared/sql/dialect.ts, bigquery-dialect.ts): DuckDB's run on DuckDB and give the answers worked out by hand;
// BigQuery's parse with a BigQuery grammar in the place the builders put them (over the rows l and r).
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigquery, duckdb, type SqlDialect } from '../../../shared/sql';
import { openDuckDb, type DuckDbSession } from '../../../functions/sql';

/** Each form over the columns a (text) and xs, ys (lists), with its expected answer on the row a = 'ann lee', xs = ['a', 'b'], ys = ['c', 'b']. */
const forms = (d: SqlDialect, a: string, xs: string, ys: string): [string, unknown][] => [
  [d.bind(`length(${a})`, 'n', 'n * 2'), 14],
  [d.bindRecord({ s: `length(${a})`, t: "'x'" }, 'rec', "rec.s + length(rec.t)"), 8],
  [d.listLength(d.split(a, ' ')), 2],
  [d.holds(a, "' '"), true],
  [d.holds(a, "'bob'"), false],
  [d.firstCharacter(a), 'a'],
  [d.matches(a, '[0-9]'), false],
  [d.listLength(xs), 2],
  [d.listFirst(xs), 'a'],
  [d.listMissing(xs), false],
  [d.listsShare(xs, ys), true],
  [d.anyPairOf(xs, ys, (x, y) => `${x} = 'a' AND ${y} = 'c'`), true],
  [d.anyPairOf(xs, ys, (x, y) => `${x} = ${y} AND ${x} = 'a'`), false],
  // Two value ids near 2^31 packed as distinctLevelsSql packs them (left · 2^32 + right), and the left one back.
  [d.integerDivide('(2147483646 * 4294967296 + 2147483645)', '4294967296'), 2147483646],
  [d.integerDivide('7', '2'), 3],
];

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1 });
  await session.run("CREATE TEMP TABLE t AS SELECT 'ann lee' AS a, ['a', 'b'] AS xs, ['c', 'b'] AS ys, CAST(NULL AS VARCHAR[]) AS zs");
});
afterAll(() => session?.close());

describe('the dedupe syntax in each dialect', () => {
  it('makes work tables and literal rows each engine reads', async () => {
    await session.run(duckdb.createTable('lit', `SELECT * FROM ${duckdb.literalRows('passing', ['"g0"', '"g1"'], [[0, -1], [3, 2]])}`));
    expect(await session.rows('SELECT g0, g1 FROM lit ORDER BY g0')).toEqual([{ g0: 0, g1: -1 }, { g0: 3, g1: 2 }]);
    const bq = bigquery.createTable('`p.d.t`', `SELECT * FROM ${bigquery.literalRows('passing', ['`g0`'], [[1], [2]])}`);
    expect(() => new Parser().astify(bq, { database: 'BigQuery' })).not.toThrow();
    expect(bq).toMatch(/INTERVAL 24 HOUR/);
    expect(() => duckdb.literalRows('p', ['"g0"'], [[0.5]])).toThrow(RangeError);
  });

  it('runs on DuckDB with the answers worked out by hand (a NULL list is missing)', async () => {
    const cases = forms(duckdb, 'l.a', 'l.xs', 'r.ys');
    const [row] = await session.rows(`SELECT ${cases.map(([sql], k) => `${sql} AS c${k}`).join(', ')}, ${duckdb.listMissing('l.zs')} AS missing FROM t AS l, t AS r`);
    expect(cases.map((_, k) => (typeof row![`c${k}`] === 'bigint' ? Number(row![`c${k}`]) : row![`c${k}`]))).toEqual(cases.map(([, want]) => want));
    expect(row!.missing).toBe(true);
  });

  it('parses as BigQuery in a query over l and r, with its own spellings', () => {
    const cases = forms(bigquery, 'l.a', 'l.xs', 'r.ys');
    const sql = `SELECT ${cases.map(([s], k) => `${s} AS c${k}`).join(', ')} FROM t AS l CROSS JOIN t AS r`;
    expect(() => new Parser().astify(sql, { database: 'BigQuery' })).not.toThrow();
    expect(sql).not.toMatch(/lambda|list_|string_split|contains\(|regexp_matches|\[1\]/);
    // BigQuery stores an empty list for a NULL one: that is what counts as missing there.
    expect(bigquery.listMissing('l.xs')).toBe('(ARRAY_LENGTH(l.xs) = 0)');
    expect(() => bigquery.matches('x', "a'b")).toThrow(RangeError);
    expect(() => duckdb.matches('x', 'a\\d')).toThrow(RangeError);
  });
});
