// Each candidate pair's levels made from the distinct value pairs (dedupe-typescript-levels.ts): every group's
// levels, spread to the pairs, equal the comparators asked pair by pair (on FEBRL 3 and a generated SA export:
// candidate pairs plus random pairs), with every group levelled by the comparators and with SQL and comparator
// groups side by side; a failing SQL statement is reported once the comparators are done and leaves no files; the
// engine gives the same clusters this way (SQL groups in DuckDB or not) as with every step in DuckDB; the levels
// read back are checked.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, type DedupeRecord, type Prepared } from '../../../shared/dedupe';
import { duckdb, fieldComparisons, type FieldComparisonSql, type ValueGroup } from '../../../shared/sql';
import { candidateLevels, codeValues, comparatorLevels, duckDbFindClusters, loadValueTable, openDuckDb, readGroupLevels, type DuckDbSession } from '../../../functions/sql';
import { readTable } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { SLICE } from '../../../functions/sql/value-pairs';
import { sqlLevelsByDefault } from '../../../functions/sql/dedupe-duckdb-scoring';
import { testPairs } from './comparison-harness';

const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');
const VALUES = 'tl_values_';

let session: DuckDbSession;
let folder: string;
beforeAll(async () => {
  session = await openDuckDb({ threads: 2, memoryLimit: '512MB' });
  folder = await mkdtemp(path.join(tmpdir(), 'regulars-levels-test-'));
});
afterAll(async () => {
  session.close();
  await rm(folder, { recursive: true, force: true });
});

async function febrl3(): Promise<DedupeRecord[]> {
  const table = await readTable(path.join(FIXTURES, 'febrl3-800.csv'));
  return tableRecords(table, {}, 0, 'febrl3').records;
}

function saExport(people: number, seed: number): DedupeRecord[] {
  return tableRecords(saExportTable(generateSaExport({ people, seed })), {}, 0, 'generated').records;
}

/** The test pairs of `p` as arrays. */
function pairArrays(p: Prepared): { left: Int32Array; right: Int32Array; count: number } {
  const pairs = testPairs(p);
  return { left: Int32Array.from(pairs, ([i]) => i), right: Int32Array.from(pairs, ([, j]) => j), count: pairs.length };
}

/** Loads the value tables of the groups levelled by SQL and levels the test pairs, with `fields` as given. */
async function levelTestPairs(p: Prepared, fields: FieldComparisonSql[], inTypeScript: (g: number) => boolean, directory = folder): Promise<{ levels: Int8Array; pairs: ReturnType<typeof pairArrays>; chosen: boolean[] }> {
  const pairs = pairArrays(p);
  const coded = codeValues(fields, p.n);
  const chosen = coded.groups.map((_, g) => inTypeScript(g));
  for (const [g, group] of coded.groups.entries()) if (!chosen[g]) await loadValueTable(session, `${VALUES}${g}`, group, coded.representatives[g] as Int32Array);
  const levels = await candidateLevels(session, p, fields, coded.groups, pairs, { inTypeScript: chosen, ids: coded.ids, representatives: coded.representatives, values: VALUES, directory });
  return { levels, pairs, chosen };
}

/**
 * Levels the test pairs of `p` with the groups chosen by `inTypeScript` (by group number) levelled by the
 * comparators, and returns the pairs whose level differs from the comparator asked on the pair itself.
 */
async function disagreements(p: Prepared, inTypeScript: (g: number) => boolean): Promise<{ wrong: string[]; pairs: number; groups: number; levelled: number }> {
  const fields = fieldComparisons(p, duckdb).byField as FieldComparisonSql[];
  const { levels, pairs, chosen } = await levelTestPairs(p, fields, inTypeScript);
  const F = p.fields.length;
  expect(levels.length).toBe(pairs.count * F);
  const wrong: string[] = [];
  for (let k = 0; k < pairs.count; k++) {
    const [i, j] = [pairs.left[k] as number, pairs.right[k] as number];
    p.fields.forEach((field, f) => {
      const level = levels[k * F + f] as number;
      const want = field.compare(i, j);
      if (level !== want) wrong.push(`${field.name} (${i}, ${j}): ${level}, comparator ${want}`);
    });
  }
  return { wrong, pairs: pairs.count, groups: chosen.length, levelled: chosen.filter(Boolean).length };
}

describe('distinct value pairs levelled in TypeScript', { timeout: 120_000 }, () => {
  it('gives every pair of FEBRL 3 the comparators’ levels, every group levelled here', async () => {
    const r = await disagreements(prepare(await febrl3(), {}), () => true);
    expect(r.levelled).toBe(r.groups);
    expect(r.pairs).toBeGreaterThan(2_000);
    expect(r.wrong.slice(0, 5)).toEqual([]);
  });

  it('gives every pair of a generated SA export the comparators’ levels, SQL and TypeScript groups side by side', async () => {
    const p = prepare(saExport(1_500, 7), { country: 'ZA' });
    const odd = await disagreements(p, (g) => g % 2 === 1);
    expect(odd.levelled).toBeGreaterThan(0);
    expect(odd.levelled).toBeLessThan(odd.groups);
    expect(odd.wrong.slice(0, 5)).toEqual([]);
    const even = await disagreements(p, (g) => g % 2 === 0);
    expect(even.wrong.slice(0, 5)).toEqual([]);
  });

  it('reports a failing SQL group once the comparators are done, and leaves no file behind', async () => {
    const p = prepare(await febrl3(), {});
    const fields = (fieldComparisons(p, duckdb).byField as FieldComparisonSql[]).map((f, k) => (k === p.fields.length - 1 ? { ...f, level: 'no_such_function(l.rec)' } : f));
    const broken = codeValues(fields, p.n).groups.findIndex((g) => g.fields.includes(p.fields.length - 1));
    const directory = await mkdtemp(path.join(folder, 'failing-'));
    await expect(levelTestPairs(p, fields, (g) => g !== broken, directory)).rejects.toThrow(/no_such_function/);
    expect(await readdir(directory)).toEqual([]);
    // The session is left ready for the next statement.
    expect(await session.rows('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
  });

  it('gives the engine the clusters every step in DuckDB gives, with the SQL groups in DuckDB or here (a generated SA export of 3,000 people)', async () => {
    const records = saExport(3_000, 5);
    const options = { country: 'ZA', proposals: false, session, tempDirectory: folder };
    const sql = await duckDbFindClusters(records, { ...options, typeScriptLevels: false });
    const split = await duckDbFindClusters(records, { ...options, sqlLevels: true });
    const here = await duckDbFindClusters(records, { ...options, sqlLevels: false });
    expect(sql.typeScriptFields).toEqual([]);
    expect(split.typeScriptFields).toEqual(['first_name', 'last_name', 'birth_date', 'street']);
    expect(here.typeScriptFields).toEqual(['first_name', 'last_name', 'generation', 'birth_date', 'email', 'phone', 'street', 'place']);
    for (const run of [split, here]) {
      expect(run.assignments).toEqual(sql.assignments);
      expect(run.weighedPairs).toBe(sql.weighedPairs);
      expect(run.stats).toEqual(sql.stats);
    }
    // Not an empty answer: the export has duplicates.
    expect(here.duplicates).toBeGreaterThan(300);
    // A given session is its owner's: still open after every run.
    expect(await session.rows('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
  });

  it('sends DuckDB the SQL groups by default only with three threads beside the comparators’ own', () => {
    expect([1, 2, 3, 4, 8].map(sqlLevelsByDefault)).toEqual([false, false, false, true, true]);
  });
});

describe('the levels DuckDB hands back', () => {
  it('takes a SQL group’s levels back only when every pair sent came back once', async () => {
    // Three distinct pairs of a group of two fields, levels 3 0 | 2 2 | 1 −1, back in another order.
    const file = path.join(folder, 'levels-test.csv');
    await writeFile(file, '2,1,-1\n0,3,0\n1,2,2\n');
    expect([...readGroupLevels(file, 3, 2)]).toEqual([3, 0, 2, 2, 1, -1]);
    await writeFile(file, '2,1,-1\n0,3,0\n');
    expect(() => readGroupLevels(file, 3, 2)).toThrow(/2 levelled pairs came back for 3 sent/);
    await writeFile(file, '2,1,-1\n0,3,0\n2,1,1\n');
    expect(() => readGroupLevels(file, 3, 2)).toThrow(/pair 2 .* came back twice/);
    await writeFile(file, '2,1,-1\n0,3,0\n3,1,1\n');
    expect(() => readGroupLevels(file, 3, 2)).toThrow(/pair 3 is not one of the 3 sent/);
  });

  it('levels each distinct pair with its comparator, turning the event loop every slice (DuckDB waits on this thread for its next statement)', async () => {
    // 1,000 value ids, each paired with 200 right ids: 200,000 distinct pairs, three slices and more. Value v is
    // held by record 2v; the toy comparator's level is (i + j) mod 3.
    const values = 1000;
    const width = 200;
    const start = Int32Array.from({ length: values + 1 }, (_, v) => v * width);
    const right = Int32Array.from({ length: values * width }, (_, m) => (m % width) * 5);
    const d = { start, right, count: right.length };
    const first = Int32Array.from({ length: values }, (_, v) => 2 * v);
    const p = { fields: [{ name: 'toy', compare: (i: number, j: number) => (i + j) % 3 }] } as unknown as Prepared;
    const group: ValueGroup = { fields: [0], columns: [], perRecord: false };
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const levels = await comparatorLevels(p, group, d, first);
    counting = false;
    expect(d.count).toBeGreaterThan(3 * SLICE);
    expect(turns).toBeGreaterThanOrEqual(3);
    for (const m of [0, 1, SLICE, 2 * SLICE + 17, d.count - 1]) {
      const l = Math.floor(m / width);
      expect(levels[m]).toBe((2 * l + 2 * (right[m] as number)) % 3);
    }
  });
});
