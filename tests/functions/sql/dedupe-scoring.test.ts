// The scoring SQL on hand-made tables: levels from the fields' expressions, the pattern counts with the sampling
// step (every step-th pair by number, counted step times by the caller), and the pairs of the passing patterns only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigquery, duckdb, levelsTableSql, passingPairsSql, patternCountsSql, type FieldComparisonSql } from '../../../shared/sql';
import { openDuckDb, type DuckDbSession } from '../../../functions/sql';

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1, memoryLimit: '256MB' });
});
afterAll(() => session.close());

describe('scoring SQL', () => {
  it('computes levels per pair, counts every step-th pattern and returns only the passing pairs in (i, j) order', async () => {
    // Records 0-3 with a name; pairs numbered k in (i, j) order.
    await session.run(`CREATE OR REPLACE TEMP TABLE cmp AS SELECT * FROM (VALUES (0, 'ann'), (1, 'ann'), (2, 'bob'), (3, NULL)) AS t(rec, name)`);
    await session.run(`CREATE OR REPLACE TEMP TABLE pairs AS SELECT * FROM (VALUES (0, 0, 1), (1, 0, 2), (2, 0, 3), (3, 1, 2), (4, 1, 3), (5, 2, 3), (6, 1, 1)) AS t(k, i, j)`);
    const name: FieldComparisonSql = { field: 'name', columns: [], level: 'CASE WHEN l.name IS NULL OR r.name IS NULL THEN -1 WHEN l.name = r.name THEN 0 ELSE 1 END' };
    // A second field: 0 when i + j is even, else 1.
    const parity: FieldComparisonSql = { field: 'parity', columns: [], level: '(l.rec + r.rec) % 2' };
    await session.run(levelsTableSql(duckdb, [name, parity], { pairs: 'pairs', comparison: 'cmp', levels: 'lv' }));
    const levels = await session.rows('SELECT k, g0, g1 FROM lv ORDER BY k');
    // By hand: (0,1) ann=ann, odd; (0,2) differ, even; (0,3) missing, odd; (1,2) differ, odd; (1,3) missing, even;
    // (2,3) missing, odd; (1,1) same, even.
    expect(levels.map((r) => [Number(r.k), r.g0, r.g1])).toEqual([
      [0, 0, 1],
      [1, 1, 0],
      [2, -1, 1],
      [3, 1, 1],
      [4, -1, 0],
      [5, -1, 1],
      [6, 0, 0],
    ]);
    // Step 3 reads pairs 0, 3 and 6; every pattern is listed, with its sampled count and first sampled number.
    const counts = await session.rows(`${patternCountsSql(duckdb, 2, 'lv', 3)} ORDER BY g0, g1`);
    expect(counts.map((r) => [r.g0, r.g1, Number(r.sampled), r.first === null ? null : Number(r.first)])).toEqual([
      [-1, 0, 0, null],
      [-1, 1, 0, null],
      [0, 0, 1, 6],
      [0, 1, 1, 0],
      [1, 0, 0, null],
      [1, 1, 1, 3],
    ]);
    const all = await session.rows(`${patternCountsSql(duckdb, 2, 'lv', 1)} ORDER BY g0, g1`);
    expect(all.map((r) => Number(r.sampled))).toEqual([1, 2, 1, 1, 1, 1]);
    const passing = await session.rows(passingPairsSql(duckdb, 2, 'lv', [[-1, 1], [0, 0]]) as string);
    expect(passing.map((r) => [r.i, r.j, r.g0, r.g1])).toEqual([
      [0, 3, -1, 1],
      [1, 1, 0, 0],
      [2, 3, -1, 1],
    ]);
    expect(passingPairsSql(duckdb, 2, 'lv', [])).toBeUndefined();
    expect(() => patternCountsSql(duckdb, 2, 'lv', 0)).toThrow('at least 1');
    expect(() => passingPairsSql(duckdb, 2, 'lv', [[0]])).toThrow('needs 2 levels');
  });

  it('writes the passing patterns for BigQuery as an UNNEST of structs', () => {
    const sql = passingPairsSql(bigquery, 2, 'lv', [[0, -1]]) as string;
    expect(sql).toContain('UNNEST([STRUCT(0 AS `g0`, -1 AS `g1`)]) AS passing');
    expect(sql).toContain('v.`g0` = passing.`g0` AND v.`g1` = passing.`g1`');
  });
});
