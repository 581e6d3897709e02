// The DuckDB engine's distinct value pairs levelled by the TypeScript comparators (dedupe-typescript-levels.ts):
// every group's levels, joined back, equal the comparators asked pair by pair (on FEBRL 3 and a generated SA
// export: candidate pairs plus random pairs), with every group in TypeScript and with SQL and TypeScript groups
// side by side; a failing SQL statement is reported once the comparators are done and leaves no files; and the
// engine gives the same clusters with the comparators as with the SQL levels alone.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, type DedupeRecord, type Prepared } from '../../../shared/dedupe';
import { distinctLevelsPlan, duckdb, fieldComparisons, type DistinctTables, type FieldComparisonSql } from '../../../shared/sql';
import { codeValues, duckDbFindClusters, levelDistinctPairs, loadValueTables, openDuckDb, readPairsFile, type DuckDbSession } from '../../../functions/sql';
import { readTable } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { SLICE, writeLevels } from '../../../functions/sql/dedupe-typescript-levels';
import { loadPairsTable, testPairs } from './comparison-harness';

const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');
const TABLES: DistinctTables = { pairs: 'tl_pairs', levels: 'tl_levels', ids: 'tl_ids', values: 'tl_values_', distinct: 'tl_distinct_', stage: 'tl_stage_' };

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

/** Loads pairs (numbered k in order) as the pairs table. */
const loadPairs = (pairs: readonly [number, number][]): Promise<void> => loadPairsTable(session, TABLES.pairs, pairs);

async function febrl3(): Promise<DedupeRecord[]> {
  const table = await readTable(path.join(FIXTURES, 'febrl3-800.csv'));
  return tableRecords(table, {}, 0, 'febrl3').records;
}

function saExport(people: number, seed: number): DedupeRecord[] {
  return tableRecords(saExportTable(generateSaExport({ people, seed })), {}, 0, 'generated').records;
}

/**
 * Levels the test pairs of `p` with the groups chosen by `inTypeScript` (by group number) levelled here, and
 * returns the pairs whose level differs from the comparator asked on the pair itself.
 */
async function disagreements(p: Prepared, inTypeScript: (g: number) => boolean): Promise<{ wrong: string[]; pairs: number; groups: number; levelled: number }> {
  const fields = fieldComparisons(p, duckdb).byField as FieldComparisonSql[];
  const pairs = testPairs(p);
  await loadPairs(pairs);
  const coded = codeValues(fields, p.n);
  const groups = await loadValueTables(session, p.n, fields, TABLES, coded);
  const plan = distinctLevelsPlan(duckdb, fields, groups, TABLES);
  await session.run(plan.keys);
  const chosen = groups.map((_, g) => inTypeScript(g));
  await levelDistinctPairs(session, p, groups, plan, TABLES, { inTypeScript: chosen, representatives: coded.representatives, directory: folder });
  for (const statement of plan.joins) await session.run(statement);
  const rows = await session.rows(`SELECT * FROM ${TABLES.levels} ORDER BY k`);
  const wrong: string[] = [];
  for (const row of rows) {
    const [k, i, j] = [Number(row.k), Number(row.i), Number(row.j)];
    expect([i, j]).toEqual(pairs[k]);
    p.fields.forEach((field, f) => {
      const level = Number(row[`g${f}`]);
      const want = field.compare(i, j);
      if (level !== want) wrong.push(`${field.name} (${i}, ${j}): ${level}, comparator ${want}`);
    });
  }
  expect(rows.length).toBe(pairs.length);
  return { wrong, pairs: pairs.length, groups: groups.length, levelled: chosen.filter(Boolean).length };
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

  it('reports a failing SQL group once the comparators are done, and leaves no level file behind', async () => {
    const p = prepare(await febrl3(), {});
    const fields = (fieldComparisons(p, duckdb).byField as FieldComparisonSql[]).map((f, k) => (k === p.fields.length - 1 ? { ...f, level: 'no_such_function(l.rec)' } : f));
    await loadPairs(testPairs(p));
    const coded = codeValues(fields, p.n);
    const groups = await loadValueTables(session, p.n, fields, TABLES, coded);
    const plan = distinctLevelsPlan(duckdb, fields, groups, TABLES);
    await session.run(plan.keys);
    const broken = groups.findIndex((g) => g.fields.includes(p.fields.length - 1));
    const inTypeScript = groups.map((_, g) => g !== broken);
    const directory = await mkdtemp(path.join(folder, 'failing-'));
    await expect(levelDistinctPairs(session, p, groups, plan, TABLES, { inTypeScript, representatives: coded.representatives, directory })).rejects.toThrow(/no_such_function/);
    expect(await readdir(directory)).toEqual([]);
  });

  it('gives the engine the clusters its SQL levels give (a generated SA export of 3,000 people)', async () => {
    const records = saExport(3_000, 5);
    const options = { country: 'ZA', proposals: false, session, tempDirectory: folder };
    const sql = await duckDbFindClusters(records, { ...options, typeScriptLevels: false });
    const mixed = await duckDbFindClusters(records, options);
    expect(sql.typeScriptFields).toEqual([]);
    expect(mixed.typeScriptFields).toEqual(['first_name', 'last_name', 'birth_date', 'street']);
    expect(mixed.assignments).toEqual(sql.assignments);
    expect(mixed.weighedPairs).toBe(sql.weighedPairs);
    expect(mixed.stats).toEqual(sql.stats);
    // Not an empty answer: the export has duplicates.
    expect(mixed.duplicates).toBeGreaterThan(300);
  });
});

describe('readPairsFile', () => {
  it('reads the value-id pairs DuckDB writes, and names a malformed line', async () => {
    const file = path.join(folder, 'pairs-test.csv');
    await session.run(`COPY (SELECT CAST(v AS INTEGER) AS l, CAST(v * 7 + 1 AS INTEGER) AS r FROM range(0, 300000, 3) AS t(v)) TO '${file}' (FORMAT csv, HEADER false)`);
    const pairs = readPairsFile(file);
    const left = pairs.left.flatMap((c) => [...c]);
    const right = pairs.right.flatMap((c) => [...c]);
    expect(left).toHaveLength(100_000);
    // DuckDB may write the rows in any order: each pair is checked against the rule it was made by.
    expect(left.every((l, k) => l % 3 === 0 && right[k] === l * 7 + 1)).toBe(true);
    expect(new Set(left).size).toBe(100_000);
    await writeFile(file, '1,2\n3\n');
    expect(() => readPairsFile(file)).toThrow(/line 2 is not two value ids/);
    await writeFile(file, '1,2\n3;4\n');
    expect(() => readPairsFile(file)).toThrow(/byte 59/);
  });

  it('writes each pair its comparator level, turning the event loop every slice (DuckDB waits on this thread for its next statement)', async () => {
    // One chunk of 3 slices and a bit: value v is held by record 2v; the toy comparator's level is (i + j) mod 3.
    const count = 3 * SLICE + 5;
    const left = Int32Array.from({ length: count }, (_, k) => k % 1000);
    const right = Int32Array.from({ length: count }, (_, k) => (k * 7) % 1000);
    const first = Int32Array.from({ length: 1000 }, (_, v) => 2 * v);
    const p = { fields: [{ name: 'toy', compare: (i: number, j: number) => (i + j) % 3 }] } as unknown as Prepared;
    const file = path.join(folder, 'toy-levels.csv');
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await writeLevels(p, { fields: [0], columns: [], perRecord: false }, { left: [left.slice()], right: [right.slice()] }, first, file);
    counting = false;
    // Four slices, so at least three turns in between (one, at the chunk's end, before slices were kept).
    expect(turns).toBeGreaterThanOrEqual(3);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(count);
    for (const k of [0, 1, SLICE, 2 * SLICE + 17, count - 1]) {
      const [a, b] = [left[k] as number, right[k] as number];
      expect(lines[k]).toBe(`${a},${b},${(2 * a + 2 * b) % 3}`);
    }
  });
});
