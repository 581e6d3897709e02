// Blocking on DuckDB gives exactly the candidate pairs of the in-memory blocking (same keys, caps, windows and
// link rule) on FEBRL slices and a generated export, and the generated SQL windows a large block as worked out by hand.
import { describe, expect, it } from 'vitest';
import { candidatePairs, FULL_BLOCK, prepare, type Candidates, type Prepared } from '../../../shared/dedupe';
import { blockingKeyRows, candidatePairsSql, duckdb, oversizedBlocksSql } from '../../../shared/sql';
import { duckDbCandidatePairs, duckDbCandidateTable } from '../../../functions/sql';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { duckDbForTests, fixture } from './comparison-harness';

const db = duckDbForTests();

/** Pairs as "i-j" strings, in order. */
const pairs = (c: Candidates): string[] => Array.from(c.left, (i, k) => `${i}-${c.right[k]}`);

/** Sizes of the blocks (distinct records per key), from the same key rows the SQL reads. */
function blockSizes(p: Prepared): number[] {
  const blocks = new Map<number, Set<number>>();
  for (const r of blockingKeyRows(p)) (blocks.get(r.block) ?? blocks.set(r.block, new Set()).get(r.block)!).add(r.record);
  return [...blocks.values()].map((s) => s.size);
}

/** How many candidate pairs are the same FEBRL person (ids rec-N-…, equal N). */
function trueCandidates(p: Prepared, c: Candidates): number {
  let n = 0;
  for (let k = 0; k < c.count; k++) if (personOf[c.left[k]!] === personOf[c.right[k]!]) n++;
  return n;
}
let personOf: string[] = [];

async function compare(p: Prepared, maxBlock: number, link: boolean): Promise<{ memory: Candidates; sql: Candidates }> {
  const memory = candidatePairs(p, maxBlock, link);
  const sql = await duckDbCandidatePairs(db.session, p, { maxBlock, link, chunk: 97 });
  expect(sql.count).toBe(memory.count);
  expect(sql.oversizedBlocks).toBe(memory.oversizedBlocks);
  expect(pairs(sql)).toEqual(pairs(memory));
  if (process.env.BLOCKING_FIGURES) console.log(`n=${p.n} maxBlock=${maxBlock} link=${link}: ${sql.count} pairs, ${sql.oversizedBlocks} oversized`);
  return { memory, sql };
}

describe('blocking on DuckDB', () => {
  it('gives the in-memory candidate pairs on FEBRL 3 (800 records), with the default cap and with one that skips blocks', async () => {
    const records = await fixture('febrl3-800.csv');
    personOf = records.map((r) => r.id.split('-')[1] ?? '');
    const p = prepare(records, {});
    const sizes = blockSizes(p);
    const { memory } = await compare(p, 1000, false);
    // FEBRL 3's true pairs in this slice (same rec-N) are nearly all candidates: the comparison is not of two empty sets.
    const truth = p.n === 800 ? trueCandidates(p, memory) : 0;
    expect(truth).toBeGreaterThan(50);
    // FEBRL's blocks are small (at most 4 here): a cap of 3 skips the largest ones, counted alike by both engines.
    expect(sizes.some((s) => s > 3)).toBe(true);
    const capped = await compare(p, 3, false);
    expect(capped.memory.oversizedBlocks).toBe(sizes.filter((s) => s > 3).length);
    expect(capped.memory.count).toBeLessThan(memory.count);
    // Caps below a full block: pairs only from blocks of two, or none at all.
    const pairsOnly = await compare(p, 2, false);
    expect(pairsOnly.memory.count).toBeGreaterThan(0);
    expect((await compare(p, 1, false)).memory.count).toBe(0);
  });

  it('gives the in-memory cross-list pairs when linking FEBRL 4a with 4b', async () => {
    const records = [...(await fixture('febrl4a-300.csv', 0)), ...(await fixture('febrl4b-300.csv', 1))];
    const p = prepare(records, { link: true });
    const { sql } = await compare(p, 1000, true);
    for (let k = 0; k < sql.count; k++) expect(p.source[sql.left[k]!]).not.toBe(p.source[sql.right[k]!]);
  });

  it('gives the in-memory candidate pairs on a generated export with namesakes and households', async () => {
    const data = generateSaExport({ people: 1500, seed: 11 });
    const p = prepare(tableRecords(saExportTable(data), {}, 0, 'generated').records, {});
    // Common surnames make blocks to window (7–20 records) and, with a cap of 20, blocks to skip.
    const sizes = blockSizes(p);
    expect(sizes.some((s) => s > FULL_BLOCK && s <= 20)).toBe(true);
    expect(sizes.some((s) => s > 20)).toBe(true);
    await compare(p, 1000, false);
    const capped = await compare(p, 20, false);
    expect(capped.memory.oversizedBlocks).toBe(sizes.filter((s) => s > 20).length);
  });

  it('keeps the pairs as a table numbered k = 0, 1, … in the in-memory order, the work meanwhile run once', async () => {
    const data = generateSaExport({ people: 1500, seed: 11 });
    const p = prepare(tableRecords(saExportTable(data), {}, 0, 'generated').records, {});
    const memory = candidatePairs(p, 20, false);
    let meanwhile = 0;
    const kept = await duckDbCandidateTable(db.session, p, { maxBlock: 20, link: false, chunk: 97, table: 'kept_pairs', meanwhile: () => void meanwhile++ });
    expect(meanwhile).toBe(1);
    expect(kept).toEqual({ count: memory.count, oversizedBlocks: memory.oversizedBlocks });
    // Read back in the table's own order: k alone must put the pairs in the in-memory order, with no gap.
    const rows = await db.session.rows('SELECT k, i, j FROM kept_pairs');
    const byK: string[] = [];
    for (const r of rows) byK[Number(r.k)] = `${String(r.i)}-${String(r.j)}`;
    expect(byK).toHaveLength(memory.count);
    expect(byK).toEqual(pairs(memory));
    await db.session.run('DROP TABLE kept_pairs');
  });

  it('links the two halves of a generated export as in memory: same-list pairs dropped after windowing', async () => {
    const rows = generateSaExport({ people: 1200, seed: 5 });
    const records = tableRecords(saExportTable(rows), {}, 0, 'generated').records.map((r, i) => ({ ...r, source: i % 2 }));
    const p = prepare(records, { link: true });
    expect(blockSizes(p).some((s) => s > FULL_BLOCK && s <= 20)).toBe(true);
    await compare(p, 1000, true);
    await compare(p, 20, true);
  });

  it('windows a block of 8 by sort key and record as worked out by hand, and skips one over the cap', async () => {
    const t = { keys: 'hand_keys', records: 'hand_records' };
    // Block 1: records 0–7 sorted by sort key: 3 (a) 0 (b) 5 (b, ties by record) 6 (b) 1 (c) 7 (d) 2 (e) 4 (f).
    // Block 2: records 8, 9 (all pairs). Block 2^53 - 1: records 0–9, over a cap of 9. Record 8 lists block 2 twice.
    const sortKeys = ['b', 'c', 'e', 'a', 'f', 'b', 'b', 'd', 'z', 'y'];
    const keyRows = [...sortKeys.map((_, i) => `(${i}, ${2 ** 53 - 1})`), ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `(${i}, 1)`), '(8, 2)', '(8, 2)', '(9, 2)'];
    await db.session.run(`CREATE OR REPLACE TEMP TABLE hand_keys (rec INTEGER, block BIGINT); INSERT INTO hand_keys VALUES ${keyRows.join(', ')}`);
    await db.session.run(`CREATE OR REPLACE TEMP TABLE hand_records (rec INTEGER, source INTEGER, sort_key VARCHAR); INSERT INTO hand_records VALUES ${sortKeys.map((s, i) => `(${i}, ${i % 2}, '${s}')`).join(', ')}`);
    const got = async (link: boolean): Promise<string[]> =>
      (await db.session.rows(candidatePairsSql(duckdb, t, { maxBlock: 9, link }))).map((r) => `${String(r.i)}-${String(r.j)}`);
    // Order 3 0 5 6 1 7 2 4; each with its next three: 3·0 3·5 3·6, 0·5 0·6 0·1, 5·6 5·1 5·7, 6·1 6·7 6·2, 1·7 1·2 1·4, 7·2 7·4, 2·4.
    const window = ['0-3', '3-5', '3-6', '0-5', '0-6', '0-1', '5-6', '1-5', '5-7', '1-6', '6-7', '2-6', '1-7', '1-2', '1-4', '2-7', '4-7', '2-4'];
    const expected = [...window, '8-9'].sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || Number(a.split('-')[1]) - Number(b.split('-')[1]));
    expect(await got(false)).toEqual(expected);
    // Linking: sources are record parity; only odd–even pairs remain.
    expect(await got(true)).toEqual(expected.filter((pr) => Number(pr.split('-')[0]) % 2 !== Number(pr.split('-')[1]) % 2));
    expect((await db.session.rows(oversizedBlocksSql(duckdb, t, 9)))[0]?.oversized).toBe(1n);
    expect((await db.session.rows(oversizedBlocksSql(duckdb, t, 10)))[0]?.oversized).toBe(0n);
  });
});
