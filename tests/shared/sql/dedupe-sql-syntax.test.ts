// The dialect forms of the dedupe builders' syntax: DuckDB's run on DuckDB and give the answers worked out by hand;
// BigQuery's parse with a BigQuery grammar in the place the builders put them (over the rows l and r).
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigquery, duckdb, type SqlDialect } from '../../../shared/sql';
import { anyPairOf, bind, bindRecord, firstCharacter, holdsText, listFirst, listLength, listMissing, listsShare, matchesPattern, splitText } from '../../../shared/sql/dedupe-sql-syntax';
import { openDuckDb, type DuckDbSession } from '../../../functions/sql';

/** Each form over the columns a (text) and xs, ys (lists), with its expected answer on the row a = 'ann lee', xs = ['a', 'b'], ys = ['c', 'b']. */
const forms = (d: SqlDialect, a: string, xs: string, ys: string): [string, unknown][] => [
  [bind(d, `length(${a})`, 'n', 'n * 2'), 14],
  [bindRecord(d, { s: `length(${a})`, t: "'x'" }, 'rec', "rec.s + length(rec.t)"), 8],
  [listLength(d, splitText(d, a, ' ')), 2],
  [holdsText(d, a, "' '"), true],
  [holdsText(d, a, "'bob'"), false],
  [firstCharacter(d, a), 'a'],
  [matchesPattern(d, a, '[0-9]'), false],
  [listLength(d, xs), 2],
  [listFirst(d, xs), 'a'],
  [listMissing(d, xs), false],
  [listsShare(d, xs, ys), true],
  [anyPairOf(d, xs, ys, (x, y) => `${x} = 'a' AND ${y} = 'c'`), true],
  [anyPairOf(d, xs, ys, (x, y) => `${x} = ${y} AND ${x} = 'a'`), false],
];

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1 });
  await session.run("CREATE TEMP TABLE t AS SELECT 'ann lee' AS a, ['a', 'b'] AS xs, ['c', 'b'] AS ys, CAST(NULL AS VARCHAR[]) AS zs");
});
afterAll(() => session?.close());

describe('the dedupe syntax in each dialect', () => {
  it('runs on DuckDB with the answers worked out by hand (a NULL list is missing)', async () => {
    const cases = forms(duckdb, 'l.a', 'l.xs', 'r.ys');
    const [row] = await session.rows(`SELECT ${cases.map(([sql], k) => `${sql} AS c${k}`).join(', ')}, ${listMissing(duckdb, 'l.zs')} AS missing FROM t AS l, t AS r`);
    expect(cases.map((_, k) => (typeof row![`c${k}`] === 'bigint' ? Number(row![`c${k}`]) : row![`c${k}`]))).toEqual(cases.map(([, want]) => want));
    expect(row!.missing).toBe(true);
  });

  it('parses as BigQuery in a query over l and r, with its own spellings', () => {
    const cases = forms(bigquery, 'l.a', 'l.xs', 'r.ys');
    const sql = `SELECT ${cases.map(([s], k) => `${s} AS c${k}`).join(', ')} FROM t AS l CROSS JOIN t AS r`;
    expect(() => new Parser().astify(sql, { database: 'BigQuery' })).not.toThrow();
    expect(sql).not.toMatch(/lambda|list_|string_split|contains\(|regexp_matches|\[1\]/);
    // BigQuery stores an empty list for a NULL one: that is what counts as missing there.
    expect(listMissing(bigquery, 'l.xs')).toBe('(ARRAY_LENGTH(l.xs) = 0)');
    expect(() => matchesPattern(bigquery, 'x', "a'b")).toThrow(RangeError);
  });
});
