import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRemote, type FetchRequest } from '../../../addon/server/remote';
import { generateDemo, writeDemo, type DemoData } from '../../../functions/demo';
import { createDuplicatesApi, createServerApi, type ApiResult, type ServerDeps } from '../../../shared/api';
import { dedupe, findClusters } from '../../../shared/dedupe';
import { fromRow, type DedupeRequestBody } from '../../../shared/merge';
import { cellText, customersTab, MemoryWorkbook, type Grid } from '../../../shared/workbook';

const TODAY = '2026-11-23';
let demo: DemoData;
let pristine: Record<string, Grid>;

beforeAll(() => {
  demo = generateDemo({ customers: 300, seed: 9, today: TODAY });
  const wb = new MemoryWorkbook();
  writeDemo(wb, demo);
  pristine = Object.fromEntries(wb.tabNames().map((t) => [t, wb.snapshot(t)!]));
});

/** A fresh copy of the demo workbook and deps over it; every call is a new session, as in Apps Script. */
function setup(extra: Partial<ServerDeps> = {}) {
  const wb = new MemoryWorkbook(pristine);
  let minute = 0;
  const deps: ServerDeps = {
    workbook: () => {
      wb.clearCache();
      return wb;
    },
    now: () => `${TODAY}T11:${String(minute++ % 60).padStart(2, '0')}:00.000Z`,
    user: () => 'staff@shop.example',
    ...extra,
  };
  return { wb, deps, api: createServerApi(deps) };
}

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const customer = (wb: MemoryWorkbook, id: string): Record<string, string> => {
  const grid = wb.snapshot(customersTab.name)!;
  const at = grid.header.indexOf('id');
  const row = grid.rows.find((r) => cellText(r[at]) === id)!;
  return Object.fromEntries(grid.header.map((h, i) => [h, cellText(row[i])]));
};

describe('Duplicates API', () => {
  it('lists clusters best first, survivor first, with each field side by side and differences flagged', () => {
    const { api, wb } = setup();
    const report = value(api.findDuplicates({}));
    expect(report.engine).toBe('local');
    const grid = wb.snapshot(customersTab.name)!;
    const statusAt = grid.header.indexOf('status');
    expect(report.customers).toBe(grid.rows.filter((r) => ['', 'active'].includes(cellText(r[statusAt]))).length);
    expect(report.clusters.length).toBeGreaterThan(5);
    const scores = report.clusters.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of report.clusters) {
      expect(c.members[0]!.id).toBe(c.survivorId);
      // Each value is the member's own cell; `differs` is exactly "not all the same".
      for (const f of c.fields) {
        const cells = c.members.map((m) => customer(wb, m.id)[f.field] ?? '');
        expect(f.values, `${c.clusterId} ${f.field}`).toEqual(cells);
        expect(f.differs).toBe(new Set(cells.map((v) => v.toLowerCase())).size > 1);
      }
      for (const m of c.members) expect(cellText(grid.rows[m.row - 2]![grid.header.indexOf('id')])).toBe(m.id);
    }
    expect(report.total).toBe(report.clusters.length);
    const top = value(api.findDuplicates({ limit: 3 }));
    expect(top.clusters).toEqual(report.clusters.slice(0, 3));
    expect(top.total).toBe(report.clusters.length);
    expect(api.findDuplicates({ limit: 0 })).toMatchObject({ ok: false, issues: [{ path: ['limit'], code: 'invalid_input' }] });
    const min = value(api.findDuplicates({ minScore: 0.99 })).clusters;
    expect(min.every((c) => c.score >= 0.99)).toBe(true);
    expect(min.length).toBeLessThanOrEqual(report.clusters.length);
  });

  it('merges one cluster with the chosen survivor and values, lists it, and undo gives the workbook back', () => {
    const { api, wb } = setup();
    const cluster = value(api.findDuplicates({})).clusters.find((c) => c.fields.some((f) => f.differs && f.field === 'email')) ?? value(api.findDuplicates({})).clusters[0]!;
    const [first, second] = cluster.members;
    // The person reviewing picks the second member as survivor and the first member's e-mail and city.
    const survivorId = second!.id;
    const emailOfFirst = customer(wb, first!.id).email!;
    const result = value(api.mergeDuplicates({ survivorId, memberIds: cluster.members.map((m) => m.id), fields: { email: emailOfFirst }, score: cluster.score }));
    expect(result.survivorId).toBe(survivorId);
    expect(customer(wb, survivorId).email).toBe(emailOfFirst);
    for (const m of cluster.members.filter((x) => x.id !== survivorId)) {
      expect(customer(wb, m.id).status).toBe('merged');
      expect(customer(wb, m.id).merged_into).toBe(survivorId);
    }
    const merges = value(api.listMerges({}));
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ mergeId: result.mergeId, survivorId, undone: 'no' });
    // The merged customers are no longer proposed.
    const again = value(api.findDuplicates({})).clusters;
    expect(again.some((c) => c.members.some((m) => m.id !== survivorId && cluster.members.some((x) => x.id === m.id)))).toBe(false);

    expect(value(api.undoMerge({ mergeId: result.mergeId }))).toMatchObject({ status: 'undone', conflicts: [] });
    for (const tab of Object.keys(pristine)) if (tab !== 'Merge log' && tab !== 'Settings') expect(wb.snapshot(tab), tab).toEqual(pristine[tab]);
    expect(value(api.listMerges({}))[0]).toMatchObject({ mergeId: result.mergeId, undone: 'yes' });
    expect(api.undoMerge({ mergeId: 'M-nope' })).toMatchObject({ ok: false, issues: [{ path: ['mergeId'], code: 'not_found' }] });
  });

  it('refuses bad merges with issues that say what is wrong', () => {
    const { api } = setup();
    const c = value(api.findDuplicates({})).clusters[0]!;
    const ids = c.members.map((m) => m.id);
    expect(api.mergeDuplicates({ survivorId: 'C-999999', memberIds: ids })).toMatchObject({ ok: false, issues: [{ path: ['survivorId'] }] });
    expect(api.mergeDuplicates({ survivorId: ids[0]!, memberIds: [ids[0]!] })).toMatchObject({ ok: false, issues: [{ path: ['memberIds'], code: 'invalid_input' }] });
    expect(api.mergeDuplicates({ survivorId: ids[0]!, memberIds: [ids[0]!, 'C-999999'] })).toMatchObject({ ok: false, issues: [{ code: 'not_found', message: 'Customer C-999999 is no longer on the Customers tab.' }] });
    expect(api.mergeDuplicates({ survivorId: ids[0]!, memberIds: ids, fields: { status: 'active' } })).toMatchObject({ ok: false, issues: [{ path: ['fields', 'status'], code: 'unknown_field' }] });
  });

  it('remembers "not a duplicate": the cluster is not proposed again and cannot be merged', () => {
    const { api } = setup();
    const c = value(api.findDuplicates({})).clusters.find((x) => x.members.length === 2)!;
    const [a, b] = c.members.map((m) => m.id) as [string, string];
    expect(value(api.markNotDuplicate({ pairs: [[a, b]] }))).toEqual({ added: 1 });
    expect(value(api.markNotDuplicate({ pairs: [[b, a]] }))).toEqual({ added: 0 });
    const after = value(api.findDuplicates({})).clusters;
    expect(after.some((x) => x.members.some((m) => m.id === a) && x.members.some((m) => m.id === b))).toBe(false);
    expect(api.mergeDuplicates({ survivorId: a, memberIds: [a, b] })).toMatchObject({ ok: false, issues: [{ code: 'conflict' }] });
    expect(api.markNotDuplicate({ pairs: [[a, a]] })).toMatchObject({ ok: false });
  });

  it('merges every cluster above a confidence level, and only those', () => {
    const { api, wb } = setup();
    const before = value(api.findDuplicates({})).clusters;
    const above = before.filter((c) => c.score >= 0.97);
    expect(above.length).toBeGreaterThan(0);
    expect(api.mergeAllDuplicates({ minScore: 0.3 })).toMatchObject({ ok: false });
    const result = value(api.mergeAllDuplicates({ minScore: 0.97 }));
    expect(result.failed).toEqual([]);
    expect(result.merged.map((m) => m.survivorId).sort()).toEqual(above.map((c) => c.survivorId).sort());
    for (const c of above) for (const m of c.members.slice(1)) expect(customer(wb, m.id).merged_into).toBe(c.survivorId);
    const below = before.filter((c) => c.score < 0.97);
    for (const c of below) for (const m of c.members) expect(customer(wb, m.id).status).not.toBe('merged');
    expect(value(api.listMerges({}))).toHaveLength(above.length);
  });

  it('merges all in batches, best first, saying how many are left', () => {
    const { deps } = setup();
    const api = createDuplicatesApi(deps, { engine: findClusters, mergeAllBatch: 3 });
    const above = value(api.findDuplicates({ minScore: 0.97 })).clusters;
    expect(above.length).toBeGreaterThan(3);
    const first = value(api.mergeAllDuplicates({ minScore: 0.97 }));
    expect(first.merged).toHaveLength(3);
    expect(first.remaining).toBe(above.length - 3);
    // Best first: no cluster left behind scores higher than one merged.
    const scoreOf = new Map(above.map((c) => [c.survivorId, c.score]));
    const mergedScores = first.merged.map((m) => scoreOf.get(m.survivorId)!);
    const leftScores = above.filter((c) => !first.merged.some((m) => m.survivorId === c.survivorId)).map((c) => c.score);
    expect(Math.min(...mergedScores)).toBeGreaterThanOrEqual(Math.max(...leftScores));
    const second = value(api.mergeAllDuplicates({ minScore: 0.97 }));
    expect(second.remaining).toBe(Math.max(0, above.length - 6));
  });
});

describe('Duplicates API through the dedupe function', () => {
  /** A fake UrlFetchApp standing in for the function: checks the request and answers as the function does. */
  function fakeFunction(answer: (body: DedupeRequestBody) => { status: number; json: unknown }) {
    const requests: { url: string; request: FetchRequest; body: DedupeRequestBody }[] = [];
    const remote = createRemote({
      baseUrl: () => 'https://europe-west1-shop.cloudfunctions.net/',
      identityToken: () => 'id-token-of-owner',
      gzip: (text) => gzipSync(Buffer.from(text, 'utf8')),
      fetch: (url, request) => {
        const body = JSON.parse(gunzipSync(request.payload as Buffer).toString('utf8')) as DedupeRequestBody;
        requests.push({ url, request, body });
        const out = answer(body);
        return { getResponseCode: () => out.status, getContentText: () => JSON.stringify(out.json) };
      },
    })!;
    return { remote, requests };
  }

  it('sends large sheets to the function (gzipped, with the ID token) and shows the same clusters', () => {
    const { remote, requests } = fakeFunction((body) => {
      const r = dedupe(body.rows.map(fromRow), body.country ? { country: body.country } : {});
      return { status: 200, json: { clusters: r.clusters.filter((c) => c.memberIds.length > 1), proposals: r.proposals, stats: r.stats } };
    });
    const local = setup();
    const viaFunction = setup({ remote });
    const small = createDuplicatesApi(viaFunction.deps, { engine: findClusters, localLimit: 10_000 });
    const large = createDuplicatesApi(viaFunction.deps, { engine: findClusters, localLimit: 50 });
    expect(value(small.findDuplicates({})).engine).toBe('local');
    expect(requests).toHaveLength(0);
    const report = value(large.findDuplicates({}));
    expect(report.engine).toBe('remote');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('https://europe-west1-shop.cloudfunctions.net/dedupe');
    expect(requests[0]!.request.headers).toEqual({ Authorization: 'Bearer id-token-of-owner', 'Content-Encoding': 'gzip' });
    expect(requests[0]!.body.rows).toHaveLength(report.customers);
    expect(report.clusters).toEqual(value(local.api.findDuplicates({})).clusters);
  });

  it('falls back to running here, with a notice, when the function fails or answers nonsense', () => {
    for (const out of [{ status: 500, json: { error: 'internal error' } }, { status: 200, json: { clusters: 'no' } }]) {
      const { remote } = fakeFunction(() => out);
      const { deps } = setup({ remote });
      const report = value(createDuplicatesApi(deps, { engine: findClusters, localLimit: 50 }).findDuplicates({}));
      expect(report.engine).toBe('local');
      expect(report.notice).toMatch(out.status === 500 ? /answered 500: internal error/ : /wrong shape/);
      expect(report.clusters.length).toBeGreaterThan(5);
    }
  });

  it('without an engine here (the add-on) every search goes through the function, and says so when it cannot', () => {
    const { remote, requests } = fakeFunction((body) => {
      const r = dedupe(body.rows.map(fromRow), {});
      return { status: 200, json: { clusters: r.clusters.filter((c) => c.memberIds.length > 1), proposals: r.proposals, stats: r.stats } };
    });
    const withRemote = setup({ remote });
    const report = value(createDuplicatesApi(withRemote.deps).findDuplicates({}));
    expect(report.engine).toBe('remote');
    expect(requests).toHaveLength(1);
    expect(report.clusters.length).toBeGreaterThan(5);
    const merged = value(createDuplicatesApi(withRemote.deps).mergeAllDuplicates({ minScore: 0.99 }));
    expect(merged.engine).toBe('remote');
    expect(merged.merged.length).toBeGreaterThan(0);

    const none = setup();
    expect(createDuplicatesApi(none.deps).findDuplicates({})).toEqual({
      ok: false,
      issues: [{ path: [], code: 'invalid_input', message: 'Finding duplicates here needs the Regulars functions: set the script property REGULARS_FUNCTIONS_URL.' }],
    });
    const down = fakeFunction(() => ({ status: 500, json: { error: 'internal error' } }));
    expect(createDuplicatesApi(setup({ remote: down.remote }).deps).findDuplicates({})).toMatchObject({
      ok: false,
      issues: [{ message: 'The dedupe function could not be used: the dedupe function answered 500: internal error.' }],
    });
  });
});
