import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, writeDemo, type DemoData } from '../../../functions/demo';
import { handleDedupe, MAX_ROWS } from '../../../functions/http/dedupe';
import { functionTable } from '../../../functions/http/routes';
import { createFunctionsServer } from '../../../functions/http/server';
import { customerRecords, toRow, type DedupeResponseBody, type DedupeRow } from '../../../shared/merge';
import { customersTab, MemoryWorkbook } from '../../../shared/workbook';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
let base = '';
let close: () => void = () => undefined;
let demo: DemoData;
let rows: DedupeRow[] = [];

beforeAll(async () => {
  const server = createFunctionsServer(functionTable(() => config), { only: 'dedupe' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
  demo = generateDemo({ customers: 400, seed: 5, today: '2026-11-23' });
  const wb = new MemoryWorkbook();
  writeDemo(wb, demo);
  rows = customerRecords(wb.read(customersTab.name)!).records.map(toRow);
});
afterAll(() => close());

const owner = () => `Bearer ${google.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}`;

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const payload: string | Blob = typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body);
  const res = await fetch(`${base}/`, { method: 'POST', headers: { authorization: owner(), 'content-type': 'application/json', ...headers }, body: payload });
  return { status: res.status, json: await res.json() };
}

/** Pairs proposed by the answer that the demo's ground truth says are one person, and all true pairs present. */
function pairCounts(answer: DedupeResponseBody, data: DemoData, present: ReadonlySet<string>): { proposed: number; right: number; truth: number } {
  const person = new Map(data.truth.duplicates.map((d) => [d.id, d.of]));
  const who = (id: string): string => person.get(id) ?? id;
  let proposed = 0;
  let right = 0;
  for (const p of answer.proposals) {
    for (let i = 0; i < p.memberIds.length; i++) {
      for (let j = i + 1; j < p.memberIds.length; j++) {
        proposed++;
        if (who(p.memberIds[i]!) === who(p.memberIds[j]!)) right++;
      }
    }
  }
  const groups = new Map<string, number>();
  for (const id of present) groups.set(who(id), (groups.get(who(id)) ?? 0) + 1);
  let truth = 0;
  for (const n of groups.values()) truth += (n * (n - 1)) / 2;
  return { proposed, right, truth };
}

describe('dedupe function over HTTP', () => {
  it('answers rows with clusters and merge proposals that the demo truth confirms', async () => {
    const { status, json } = await post({ rows, country: 'ZA' });
    expect(status).toBe(200);
    const answer = json as DedupeResponseBody;
    expect(answer.stats.records).toBe(rows.length);
    // Only clusters of two or more unless singletons are asked for, each with its proposal.
    expect(answer.clusters.every((c) => c.memberIds.length > 1)).toBe(true);
    expect(answer.proposals.map((p) => p.clusterId)).toEqual(answer.clusters.map((c) => c.id));
    for (const p of answer.proposals) expect(p.memberIds).toContain(p.survivorId);
    const { proposed, right, truth } = pairCounts(answer, demo, new Set(rows.map((r) => r.id)));
    expect(truth).toBeGreaterThan(10);
    expect(right / proposed).toBeGreaterThanOrEqual(0.95); // precision
    expect(right / truth).toBeGreaterThanOrEqual(0.6); // recall
  });

  it('reads a gzipped body (Content-Encoding: gzip) the same as plain JSON', async () => {
    const plain = await post({ rows: rows.slice(0, 150), singletons: true });
    const zipped = await post(gzipSync(Buffer.from(JSON.stringify({ rows: rows.slice(0, 150), singletons: true }))), { 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.json).toEqual(plain.json);
    // With singletons every row is in exactly one cluster.
    const members = (zipped.json as DedupeResponseBody).clusters.flatMap((c) => c.memberIds);
    expect(members.sort()).toEqual(rows.slice(0, 150).map((r) => r.id).sort());
  });

  it('rejects bad input with a 400 that names the row and field', async () => {
    const cases: [unknown, string][] = [
      [{ rows: [{ id: 'a', first_name: 'Ann' }, { first_name: 'Bob' }] }, 'rows[1].id: required'],
      [{ rows: [{ id: 'a' }, { id: 'b' }, { id: 'c', email: 'x'.repeat(2001) }] }, 'rows[2].email: at most 2000 characters'],
      [{ rows: [{ id: 'a', phone: { n: 1 } }] }, 'rows[0].phone: expected text, a number or null'],
      [{ rows: [{ id: 'a' }, { id: ' a ' }] }, 'rows[1].id: "a" repeats rows[0].id'],
      [{ rows: ['a'] }, 'rows[0]: expected an object'],
      [{ rows: [{ id: 'a', ...Object.fromEntries(Array.from({ length: 120 }, (_, k) => [`c${k}`, 'v'])) }] }, 'rows[0]: at most 100 columns'],
      [{ rows: [{ id: 'a' }], country: 'South Africa' }, 'country: an ISO country code such as ZA'],
      [{ rows: [] }, 'rows: at least one row is needed'],
      [{ rows: [{ id: 'a' }], link: true }, 'link needs rows with source 1'],
      [{ records: [] }, 'rows:'],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await post(body);
      expect(status, message).toBe(400);
      expect((json as { error: string }).error).toContain(message);
    }
    // Unparseable JSON is refused by our body reader, as JSON, before the handler runs.
    const broken = await fetch(`${base}/`, { method: 'POST', headers: { authorization: owner(), 'content-type': 'application/json' }, body: '{"rows": [' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'body is not valid JSON' });
  });

  it('refuses too many rows without running the engine', async () => {
    const many = Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({ id: String(i) }));
    const res = await handleDedupe({ body: { rows: many }, query: {}, caller: { kind: 'addon' }, deadlineMs: 60_000 });
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toContain(`at most ${MAX_ROWS} rows`);
  });

  it('stops with a 503 when its deadline has passed instead of running on', async () => {
    const res = await handleDedupe({ body: { rows }, query: {}, caller: { kind: 'addon' }, deadlineMs: -1 });
    expect(res.status).toBe(503);
    expect((res.body as { error: string }).error).toMatch(/^deadline/);
  });

  it('accepts only a verified add-on user', async () => {
    const none = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows":[{"id":"a"}]}' });
    expect(none.status).toBe(401);
    const scheduler = google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail });
    const res = await fetch(`${base}/`, { method: 'POST', headers: { authorization: `Bearer ${scheduler}`, 'content-type': 'application/json' }, body: '{"rows":[{"id":"a"}]}' });
    expect(res.status).toBe(401);
    const stranger = google.sign({ aud: config.addonAudience, email: 'someone@else.example' });
    const denied = await fetch(`${base}/`, { method: 'POST', headers: { authorization: `Bearer ${stranger}`, 'content-type': 'application/json' }, body: '{"rows":[{"id":"a"}]}' });
    expect(denied.status).toBe(403);
  });
});
