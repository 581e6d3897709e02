// Real business records with hand-labelled truth (slices in tests/fixtures/dedupe, sources in its README).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedupe } from '../../../shared/dedupe';
import { pairScores } from '../../../functions/dedupe/evaluate';
import { readTable } from '../../../functions/dedupe/read-table';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaBusinessExport } from '../../../functions/dedupe/generate-sa-business';
import { saExportTable } from '../../../functions/dedupe/generate-sa';

const FIXTURES = path.resolve(__dirname, '../../fixtures/dedupe');

async function run(file: string, truthColumn: string, country?: string): Promise<{ scores: ReturnType<typeof pairScores>; clusterOf: (id: string) => string }> {
  const table = await readTable(path.join(FIXTURES, file));
  const { records } = tableRecords(table, {}, 0, file);
  const result = dedupe(records, { proposals: false, ...(country ? { country } : {}) });
  const predicted = new Array<string>(records.length);
  for (const c of result.clusters) for (const k of c.memberIndexes) predicted[k] = c.id;
  const t = table.headers.indexOf(truthColumn);
  const truth = table.rows.map((r) => (r[t] as string).replace(/'/g, ''));
  const byId = new Map(records.map((r, k) => [r.id, predicted[k] as string]));
  return { scores: pairScores(predicted, truth), clusterOf: (id) => byId.get(id) ?? '' };
}

describe('business records', () => {
  it('childcare sites: headers alone (Site name, Address, Zip, Phone) find the sites written many ways', async () => {
    const { scores, clusterOf } = await run('early-childhood-60651-60624.csv', 'True Id', 'US');
    // "Lutheran Social Services (of Illinois) – North Austin" six ways at 1500 N Mason (Ave, N., North) on one number.
    const lutheran = ['33', '250', '572', '2226', '2629', '2953'].map(clusterOf);
    expect(new Set(lutheran).size).toBe(1);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.85);
  });

  it("restaurants: the Fodor's and Zagat listings of one restaurant meet (art's deli / art's delicatessen)", async () => {
    const { scores } = await run('restaurants-240.csv', 'unique_id');
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('a generated South African business export: branches sharing name and switchboard stay apart', () => {
    const data = generateSaBusinessExport({ firms: 300, seed: 5 });
    const { records } = tableRecords(saExportTable(data), {}, 0, 'generated');
    const result = dedupe(records, { country: 'ZA', proposals: false });
    const predicted = new Array<string>(records.length);
    for (const c of result.clusters) for (const k of c.memberIndexes) predicted[k] = c.id;
    const scores = pairScores(predicted, data.truth);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
    // Sites are S<firm>-<site>. A copy without an address that calls the switchboard could be any branch; records
    // that give their address never join another branch's, and branches are reported as related.
    const address = data.headers.indexOf('Address');
    for (const c of result.clusters) {
      const located = c.memberIndexes.filter((k) => (data.rows[k] as string[])[address] !== '');
      const sites = new Set(located.map((k) => data.truth[k] as string));
      const firms = new Set([...sites].map((site) => site.split('-')[0]));
      expect(firms.size, `cluster ${c.id} joins ${[...sites].join(', ')}`).toBe(sites.size);
    }
    expect(result.related.length).toBeGreaterThan(0);
  });
});
