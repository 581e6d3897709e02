// The DuckDB dedupe engine against the in-memory one and the truth: within 0.005 pairwise F1 on FEBRL 3, FEBRL 4
// (linking), fake_1000, a generated SA export and a generated business export; and the same clusters outright when
// every level comes from the TypeScript comparators (so blocking, counts, EM, bounds and clustering are exact).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClusters, type DedupeRecord, type Found } from '../../../shared/dedupe';
import { duckDbFindClusters, openDuckDb, type DuckDbFound, type DuckDbSession } from '../../../functions/sql';
import { febrlEntity, pairScores, type PairScores } from '../../../functions/dedupe/evaluate';
import { readTable, type Table } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { generateSaBusinessExport } from '../../../functions/dedupe/generate-sa-business';

const FIXTURES = path.join(__dirname, '../../fixtures/dedupe');

let session: DuckDbSession;
beforeAll(async () => {
  session = await openDuckDb({ threads: 1, memoryLimit: '512MB' });
});
afterAll(() => session.close());

interface Case {
  records: DedupeRecord[];
  truth: string[];
  link: boolean;
  country?: string;
}

async function fixture(name: string, source = 0): Promise<{ table: Table; records: DedupeRecord[] }> {
  const table = await readTable(path.join(FIXTURES, name));
  return { table, records: tableRecords(table, {}, source, name).records };
}

function score(found: Found, c: Case): PairScores {
  const source = c.link ? Uint8Array.from(c.records, (r) => r.source ?? 0) : undefined;
  return pairScores(
    found.assignments.map((a) => a.cluster),
    c.truth,
    source,
  );
}

/** Runs both engines; returns both figures and how many records landed in the same cluster number. */
async function both(c: Case, builders?: []): Promise<{ memory: PairScores; duck: PairScores; sql: DuckDbFound; same: number; mem: Found }> {
  const options = { link: c.link, proposals: false, ...(c.country ? { country: c.country } : {}) };
  const mem = findClusters(c.records, options);
  const sql = await duckDbFindClusters(c.records, { ...options, session, ...(builders ? { builders } : {}) });
  let same = 0;
  for (let k = 0; k < c.records.length; k++) if (mem.assignments[k]!.cluster === sql.assignments[k]!.cluster) same++;
  return { memory: score(mem, c), duck: score(sql, c), sql, same, mem };
}

async function febrl3(): Promise<Case> {
  const { records } = await fixture('febrl3-800.csv');
  return { records, truth: records.map((r) => febrlEntity(r.id)), link: false };
}

function generated(data: { headers: string[]; rows: string[][]; truth: string[] }): Case {
  return { records: tableRecords(saExportTable(data), {}, 0, 'generated').records, truth: data.truth, link: false, country: 'ZA' };
}

describe('dedupe on DuckDB', { timeout: 180_000 }, () => {
  it('finds exactly the in-memory clusters and scores when every level comes from the TypeScript comparators (FEBRL 3)', async () => {
    const c = await febrl3();
    const r = await both(c, []);
    expect(r.sql.sqlFields).toEqual([]);
    expect(r.sql.fallbackFields).toEqual(r.mem.stats.fields);
    expect(r.sql.stats.candidatePairs).toBe(r.mem.stats.candidatePairs);
    expect(r.sql.stats.prior).toBe(r.mem.stats.prior);
    expect(r.sql.assignments).toEqual(r.mem.assignments);
    // Not two empty answers: FEBRL 3's slice has true duplicates, which both engines find.
    expect(r.memory.truePairs).toBeGreaterThan(100);
    expect(r.memory.f1).toBeGreaterThan(0.9);
    expect(r.sql.weighedPairs).toBeGreaterThan(0);
    expect(r.sql.weighedPairs).toBeLessThanOrEqual(r.sql.stats.candidatePairs);
  });

  it('is within 0.005 F1 of memory on FEBRL 3 with the SQL levels', async () => {
    const c = await febrl3();
    const r = await both(c);
    expect(r.sql.sqlFields.length + r.sql.fallbackFields.length).toBe(r.mem.stats.fields.length);
    expect(Math.abs(r.duck.f1 - r.memory.f1)).toBeLessThanOrEqual(0.005);
    expect(r.duck.f1).toBeGreaterThan(0.9);
  });

  it('links FEBRL 4a with 4b within 0.005 F1 of memory, pairs only across the lists', async () => {
    const a = await fixture('febrl4a-300.csv', 0);
    const b = await fixture('febrl4b-300.csv', 1);
    const records = [...a.records, ...b.records];
    const c: Case = { records, truth: records.map((x) => febrlEntity(x.id)), link: true };
    const r = await both(c);
    expect(r.memory.truePairs).toBe(300);
    expect(Math.abs(r.duck.f1 - r.memory.f1)).toBeLessThanOrEqual(0.005);
    expect(r.duck.f1).toBeGreaterThan(0.9);
    for (const cl of r.sql.clusters) if (cl.memberIndexes.length === 2) expect(new Set(cl.memberIndexes.map((i) => records[i]!.source)).size).toBe(2);
    // With the TypeScript comparators, the linking run is the in-memory one exactly.
    const exact = await both(c, []);
    expect(exact.sql.assignments).toEqual(exact.mem.assignments);
  });

  it('is within 0.005 F1 of memory on fake_1000 (truth: its cluster column)', async () => {
    const { table, records } = await fixture('fake_1000.csv');
    const col = table.headers.indexOf('cluster');
    expect(col).toBeGreaterThan(0);
    const c: Case = { records, truth: table.rows.map((row) => row[col] as string), link: false };
    const r = await both(c);
    expect(r.memory.truePairs).toBeGreaterThan(500);
    expect(Math.abs(r.duck.f1 - r.memory.f1)).toBeLessThanOrEqual(0.005);
  });

  it('is within 0.005 F1 of memory on a generated SA export of 3,000 people', async () => {
    const c = generated(generateSaExport({ people: 3000, seed: 5 }));
    const r = await both(c);
    expect(r.memory.truePairs).toBeGreaterThan(200);
    expect(Math.abs(r.duck.f1 - r.memory.f1)).toBeLessThanOrEqual(0.005);
    expect(r.duck.precision).toBeGreaterThan(0.95);
    // Only the pairs whose level pattern could pass the threshold came back from DuckDB: a small share here.
    expect(r.sql.weighedPairs).toBeLessThan(r.sql.stats.candidatePairs / 4);
  });

  it('is within 0.005 F1 of memory on a generated business export of 500 firms', async () => {
    const c = generated(generateSaBusinessExport({ firms: 500, seed: 3 }));
    const r = await both(c);
    expect(r.memory.truePairs).toBeGreaterThan(50);
    expect(Math.abs(r.duck.f1 - r.memory.f1)).toBeLessThanOrEqual(0.005);
  });

  it('answers without a model when there is nothing to compare', async () => {
    const one: DedupeRecord[] = [{ id: 'a', fields: { first_name: 'Ann', last_name: 'Lee' } }];
    const r = await duckDbFindClusters(one, { session });
    expect(r.assignments).toEqual([{ id: 'a', cluster: '1', score: 0 }]);
  });

  it('answers as memory does when no block brings two records together (no candidate pair), both ways', async () => {
    const apart: DedupeRecord[] = [
      { id: 'a', fields: { first_name: 'Ann', last_name: 'Lee', email: 'ann@lee.example' } },
      { id: 'b', fields: { first_name: 'Bongani', last_name: 'Zulu', email: 'bz@zulu.example' } },
    ];
    const memory = findClusters(apart, {});
    for (const typeScriptLevels of [true, false]) {
      const r = await duckDbFindClusters(apart, { session, typeScriptLevels });
      expect(r.stats.candidatePairs).toBe(0);
      expect(r.assignments).toEqual(memory.assignments);
      expect(r.stats).toEqual(memory.stats);
    }
  });
});
