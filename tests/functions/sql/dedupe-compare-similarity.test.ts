// The string measures in SQL (shared/sql/dedupe-compare-similarity.ts) give exactly shared/dedupe/similarity.ts's
// answers on DuckDB: Jaro-Winkler to the last bit and at every cut (city pairs, random strings over few letters,
// long cells, accented and emoji text), DuckDB's bounds bracketing ours, withinTypos and word overlap on random
// strings; and where DuckDB's own functions would answer otherwise.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jaroWinkler, prepare } from '../../../shared/dedupe';
import { editDistance, tokenOverlap, withinTypos } from '../../../shared/dedupe/similarity';
import { mulberry32 } from '../../../shared/kernel';
import {
  bigquery,
  duckdb,
  jaroWinklerAtCutsSql,
  jaroWinklerAtLeastSql,
  jaroWinklerBoundsSql,
  jaroWinklerSql,
  unitCoder,
  withinTyposSql,
  wordOverlapSql,
} from '../../../shared/sql';
import { openDuckDb, type DuckDbSession } from '../../../functions/sql';
import { readTable } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';

const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1, memoryLimit: '512MB' });
});
afterAll(() => session.close());

/** Loads pairs of texts into a table (k, a, b), written as unitCoder writes a column holding them all. */
async function loadPairs(table: string, pairs: readonly (readonly [string, string])[]): Promise<void> {
  const coder = unitCoder(pairs.flat());
  await session.run(`CREATE OR REPLACE TEMP TABLE ${table} (k INTEGER, a VARCHAR, b VARCHAR)`);
  await session.withConnection(async (connection) => {
    const appender = await connection.createAppender(table);
    pairs.forEach(([a, b], k) => {
      appender.appendInteger(k);
      appender.appendVarchar(coder.encode(a));
      appender.appendVarchar(coder.encode(b));
      appender.endRow();
    });
    appender.closeSync();
  });
}

const isAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

/** Pairs where our Jaro-Winkler and DuckDB's differ most: see each group's comment. */
async function jaroWinklerPairs(): Promise<[string, string][]> {
  const rand = mulberry32(7);
  const word = (letters: string, min: number, max: number): string => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => letters[Math.floor(rand() * letters.length)]).join('');
  const pairs: [string, string][] = [['london', 'loondon'], ['', ''], ['', 'a'], ['ab', 'ab'], ['andrea', 'duane']];
  // Real city names: scores spread over the whole range.
  const p = prepare(tableRecords(await readTable(path.join(FIXTURES, 'fake_1000.csv')), {}, 0, 'fake').records, {});
  const cities = [...new Set(p.city)].filter((c) => c !== '').slice(0, 120);
  for (let x = 0; x < cities.length; x++) for (let y = x + 1; y < cities.length; y++) pairs.push([cities[x]!, cities[y]!]);
  // Short strings over four letters: many repeats, transpositions and windows cut at the ends.
  for (let k = 0; k < 750; k++) pairs.push([word('abcd', 0, 11), word('abcd', 0, 11)]);
  // Short words with spaces: odd transposition counts (which DuckDB halves rounding down) and scores at or below
  // 0.7 (where DuckDB adds no prefix bonus).
  for (let k = 0; k < 3000; k++) pairs.push([word('aenrdu ', 1, 9), word('aenrdu ', 1, 9)]);
  // Past 64 characters DuckDB's jaro takes its multi-word path: long cells and their typos.
  const typos = (base: string): string => base.replace(/[aeiou]/g, (c) => (rand() < 0.1 ? '' : c)).replace(/ /g, () => (rand() < 0.05 ? '' : ' '));
  for (let k = 0; k < 80; k++) {
    const base = word('abcdeo ', 60, 100);
    pairs.push([base, typos(base)]);
  }
  // Accented letters and emoji (two UTF-16 units each): DuckDB's jaro counts bytes, so these take the exact path.
  for (let k = 0; k < 300; k++) pairs.push([word('aø\u00e9b', 1, 8), word('aøb\ud83d\ude00', 1, 8)]);
  return pairs;
}

describe('Jaro-Winkler in SQL', () => {
  const CUTS = [0.7, 0.75, 0.85, 0.88, 0.9, 0.92, 0.95];

  it('is our jaroWinkler to the last bit, and decides every cut as ours does, where DuckDB’s own function does not', async () => {
    const pairs = await jaroWinklerPairs();
    await loadPairs('jw_pairs', pairs);
    const ours = pairs.map(([a, b]) => jaroWinkler(a, b));
    const atCuts = jaroWinklerAtCutsSql(duckdb, 'a', 'b', CUTS);
    const atLeast = CUTS.map((cut, x) => `${jaroWinklerAtLeastSql(duckdb, 'a', 'b', cut)} AS at${x}`).join(', ');
    const rows = await session.rows(`SELECT k, ${jaroWinklerSql(duckdb, 'a', 'b')} AS exact, ${atCuts} AS cuts, ${atLeast}, jaro_winkler_similarity(a, b) AS theirs FROM jw_pairs ORDER BY k`);
    expect(rows.length).toBe(pairs.length);
    expect(rows.filter((r) => r.exact !== ours[Number(r.k)]).map((r) => pairs[Number(r.k)])).toEqual([]);
    const decisions = (s: number): string => CUTS.map((c) => (s >= c ? 1 : 0)).join('');
    expect(rows.filter((r) => decisions(Number(r.cuts)) !== decisions(ours[Number(r.k)]!)).map((r) => pairs[Number(r.k)])).toEqual([]);
    const wrongAtLeast = rows.flatMap((r) => CUTS.filter((cut, x) => r[`at${x}`] !== ours[Number(r.k)]! >= cut).map((cut) => [...pairs[Number(r.k)]!, cut]));
    expect(wrongAtLeast).toEqual([]);
    // The test has teeth: DuckDB's jaro_winkler_similarity decides many of these pairs otherwise at some cut, and
    // there are pairs just either side of each cut, where only the exact form can decide.
    expect(rows.filter((r) => isAscii(pairs[Number(r.k)]!.join('')) && decisions(Number(r.theirs)) !== decisions(ours[Number(r.k)]!)).length).toBeGreaterThan(100);
    for (const cut of CUTS) expect(ours.filter((s) => Math.abs(s - cut) < 0.02).length).toBeGreaterThan(20);
    // london / loondon: ours 0.8952 (three characters out of order), DuckDB's 0.9175; a city cut of 0.9 falls between.
    expect(rows[0]!.exact).toBeCloseTo(0.8952, 4);
    expect(rows[0]!.theirs).toBeCloseTo(0.9175, 4);
    // andrea / duane: 4 matches, 3 transposed: (4/6 + 4/5 + 2.5/4) / 3 = 0.6972 (DuckDB halves 3 to 1: 0.7389).
    expect(rows[4]!.exact).toBeCloseTo((4 / 6 + 4 / 5 + 2.5 / 4) / 3, 12);
  });

  it('decides the cuts the same with the per-row ASCII check left out for ASCII columns', async () => {
    const pairs = (await jaroWinklerPairs()).filter(([a, b]) => isAscii(a + b));
    await loadPairs('jw_ascii', pairs);
    const rows = await session.rows(`SELECT k, ${jaroWinklerAtCutsSql(duckdb, 'a', 'b', CUTS, { ascii: true })} AS cuts FROM jw_ascii ORDER BY k`);
    const decisions = (s: number): string => CUTS.map((c) => (s >= c ? 1 : 0)).join('');
    expect(rows.filter((r) => decisions(Number(r.cuts)) !== decisions(jaroWinkler(...pairs[Number(r.k)]!))).map((r) => pairs[Number(r.k)])).toEqual([]);
  });

  it('brackets ours between the bounds it takes from DuckDB’s jaro, which differ where transpositions are odd', async () => {
    const pairs = (await jaroWinklerPairs()).filter(([a, b]) => a !== b && a !== '' && b !== '' && isAscii(a + b));
    await loadPairs('jw_bounds', pairs);
    const rows = await session.rows(`SELECT k, bounds.lo AS lo, bounds.hi AS hi FROM (SELECT k, ${jaroWinklerBoundsSql(duckdb, 'a', 'b')} AS bounds FROM jw_bounds) ORDER BY k`);
    const outside = rows.filter((r) => {
      const s = jaroWinkler(...pairs[Number(r.k)]!);
      return !(Number(r.lo) <= s + 1e-12 && s <= Number(r.hi) + 1e-12);
    });
    expect(outside.map((r) => [...pairs[Number(r.k)]!, r.lo, r.hi])).toEqual([]);
    // Where the bracket is real (odd transpositions), ours is strictly below DuckDB's: the lower bound matters.
    expect(rows.filter((r) => jaroWinkler(...pairs[Number(r.k)]!) < Number(r.hi) - 1e-6).length).toBeGreaterThan(100);
    // The bracket is narrow (at most 1/18), so few pairs reach the exact form.
    expect(rows.every((r) => Number(r.hi) - Number(r.lo) <= 1 / 18 + 1e-9)).toBe(true);
  });

  it('calls the exact UDF on BigQuery (no DuckDB bounds), and refuses cuts outside (0, 1]', () => {
    expect(jaroWinklerSql(bigquery, 'a', 'b')).toBe('regulars_jaro_winkler(a, b)');
    expect(jaroWinklerAtCutsSql(bigquery, 'l.x', 'r.x', [0.9, 0.75])).toBe('regulars_jaro_winkler(l.x, r.x)');
    expect(jaroWinklerAtLeastSql(bigquery, 'a', 'b', 0.9)).toBe("(regulars_jaro_winkler(a, b) >= CAST('0.9' AS FLOAT64))");
    expect(() => jaroWinklerBoundsSql(bigquery, 'a', 'b')).toThrow(/DuckDB only/);
    expect(() => jaroWinklerAtCutsSql(bigquery, 'a', 'b', [0])).toThrow(RangeError);
    expect(() => jaroWinklerAtLeastSql(duckdb, 'a', 'b', 0)).toThrow(RangeError);
    expect(() => jaroWinklerAtCutsSql(duckdb, 'a', 'b', [0.9, 1.5])).toThrow(RangeError);
  });
});

describe('typos and word overlap in SQL', () => {
  it('withinTypos (1 and 2) and editDistance ≤ 1 on every pair of random short strings, accents and emoji included', async () => {
    const rand = mulberry32(3);
    const word = (letters: string): string => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => letters[Math.floor(rand() * letters.length)]).join('');
    const values = [...new Set(Array.from({ length: 150 }, (_, k) => word(k % 3 === 0 ? 'ab\u00f8\ud83d\ude00' : k % 3 === 1 ? 'abc' : '12')))];
    const pairs: [string, string][] = [];
    for (let x = 0; x < values.length; x++) for (let y = 0; y < values.length; y++) if (x !== y) pairs.push([values[x]!, values[y]!]);
    await loadPairs('typo_pairs', pairs);
    const rows = await session.rows(`SELECT k, ${withinTyposSql(duckdb, 'a', 'b', 1)} AS one, ${withinTyposSql(duckdb, 'a', 'b', 2)} AS two FROM typo_pairs ORDER BY k`);
    const wrong = rows.filter((r) => {
      const [a, b] = pairs[Number(r.k)]!;
      return r.one !== withinTypos(a, b, 1) || r.one !== editDistance(a, b, 1) <= 1 || r.two !== withinTypos(a, b, 2);
    });
    expect(wrong.map((r) => [...pairs[Number(r.k)]!, r.one, r.two])).toEqual([]);
    // Every answer occurs, also among the pairs DuckDB's byte-wise measures cannot count (emoji, accents).
    const nonAscii = rows.filter((r) => !isAscii(pairs[Number(r.k)]!.join('')));
    for (const key of ['one', 'two']) for (const set of [rows, nonAscii]) expect(new Set(set.map((r) => r[key]))).toEqual(new Set([true, false]));
    // On equal lengths the greedy count is not the edit distance (abc / bca: 2 edits, 3 greedy typos): such pairs occur.
    expect(pairs.filter(([a, b]) => a.length === b.length && withinTypos(a, b, 2) !== editDistance(a, b, 2) <= 2).length).toBeGreaterThan(0);
  });

  it('word overlap (all, half) is tokenOverlap = 1 and ≥ 0.5, repeats and ties included', async () => {
    const rand = mulberry32(9);
    const list = (): string[] => Array.from({ length: Math.floor(rand() * 4) }, () => 'abc'[Math.floor(rand() * 3)]!);
    const lists = Array.from({ length: 400 }, () => [list(), list()] as const);
    await session.run('CREATE OR REPLACE TEMP TABLE overlap_pairs (k INTEGER, a VARCHAR[], b VARCHAR[])');
    await session.run(`INSERT INTO overlap_pairs VALUES ${lists.map(([a, b], k) => `(${k}, [${a.map((w) => `'${w}'`).join(', ')}]::VARCHAR[], [${b.map((w) => `'${w}'`).join(', ')}]::VARCHAR[])`).join(', ')}`);
    const rows = await session.rows(`SELECT k, ${wordOverlapSql(duckdb, 'a', 'b', 'all')} AS whole, ${wordOverlapSql(duckdb, 'a', 'b', 'half')} AS half FROM overlap_pairs ORDER BY k`);
    const expected = lists.map(([a, b]) => [tokenOverlap(a, b) === 1, tokenOverlap(a, b) >= 0.5]);
    expect(rows.map((r) => [r.whole, r.half])).toEqual(expected);
    // Order matters on a tie (["a","a"] in ["a","b"] but not the other way round), and both answers occur.
    expect(expected.some(([whole]) => whole) && expected.some(([whole]) => !whole)).toBe(true);
    expect(lists.some(([a, b]) => a.length === b.length && tokenOverlap(a, b) !== tokenOverlap(b, a))).toBe(true);
  });
});
