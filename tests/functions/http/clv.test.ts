import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleClv } from '../../../functions/http/clv';
import { functionTable } from '../../../functions/http/routes';
import { createFunctionsServer } from '../../../functions/http/server';
import { isoFromDay } from '../../../shared/kernel';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
let base = '';
let close: () => void = () => undefined;

/** The CDNOW sample's 6,919 purchases as the JSON the add-on sends (sample id as customer, ISO dates). */
function cdnowPurchases(): { customer_id: string; date: string; amount: number }[] {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv/CDNOW_sample.txt');
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, sampleId, ymd, , dollars] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return { customer_id: String(Number(sampleId)), date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, amount: Number(dollars) };
    });
}

const addonToken = (): string => google.sign({ aud: config.addonAudience, email: 'owner@shop.example' });

async function post(body: unknown, token = addonToken()): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}/`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const server = createFunctionsServer(functionTable(() => config), { only: 'clv' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

interface Score {
  customer_id: string;
  frequency: number;
  recency: number;
  T: number;
  p_alive: number;
  expected_purchases: number;
  expected_spend: number;
  clv: number;
}

describe('clv function over HTTP', () => {
  it('fits BG/NBD and Gamma-Gamma to the CDNOW sample and scores its customers', async () => {
    const { status, json } = await post({ purchases: cdnowPurchases(), end: '1997-09-30', horizon: 39, discountRate: 0 });
    expect(status).toBe(200);
    expect(json.model).toBe('bgnbd');
    expect(json.customers).toBe(2357);
    const params = json.params as Record<string, number>;
    expect(params.r).toBeCloseTo(0.2426, 3);
    expect(params.alpha).toBeCloseTo(4.4136, 2);
    expect(params.a).toBeCloseTo(0.7929, 3);
    expect(params.b).toBeCloseTo(2.4259, 2);
    expect(Math.abs((json.logLikelihood as number) - -9582.43)).toBeLessThan(0.05);
    const spend = json.spend as Record<string, number>;
    expect([spend.p!, spend.q!, spend.gamma!].map((v) => Math.round(v * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
    const scores = json.scores as Score[];
    expect(scores).toHaveLength(2357);
    // Sample customer 1 is FHL 2005's worked example: x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in 39 weeks.
    const first = scores.find((s) => s.customer_id === '1')!;
    expect([first.frequency, Math.round(first.recency * 100) / 100, Math.round(first.T * 100) / 100]).toEqual([2, 30.43, 38.86]);
    expect(first.expected_purchases).toBeCloseTo(1.226, 2);
    expect(first.p_alive).toBeCloseTo(0.7266, 2);
    // Undiscounted CLV = expected purchases × expected spend per purchase (Gamma-Gamma).
    expect(first.clv).toBeCloseTo(first.expected_purchases * first.expected_spend, 3);
    for (const s of scores) expect([s.p_alive, s.expected_purchases, s.expected_spend, s.clv].every(Number.isFinite)).toBe(true);
  });

  it('accepts the Scheduler and fits the model asked for', async () => {
    const token = google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail });
    const { status, json } = await post({ purchases: cdnowPurchases(), end: '1997-09-30', model: 'pareto' }, token);
    expect(status).toBe(200);
    expect(json.model).toBe('pareto');
    expect((json.params as Record<string, number>).s).toBeCloseTo(0.6063, 2);
  });

  it('names the purchase and field of bad input with a 400', async () => {
    const purchases = [
      { customer_id: 'A', date: '2024-01-05', amount: 10 },
      { customer_id: 'B', date: '2024-02-30', amount: 10 },
    ];
    const bad = await post({ purchases });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid request: purchases[1].date: expected a date as YYYY-MM-DD');
    const negative = await post({ purchases: [{ customer_id: 'A', date: '2024-01-05', amount: -3 }] });
    expect(negative.json.error).toBe('invalid request: purchases[0].amount: must be 0 or more');
    const blank = await post({ purchases: [{ customer_id: ' ', date: '2024-01-05' }] });
    expect(blank.status).toBe(400);
    expect(String(blank.json.error)).toMatch(/^invalid request: purchases\[0\]\.customer_id/);
    const model = await post({ purchases, model: 'nbd' });
    expect(String(model.json.error)).toMatch(/^invalid request: /);
    expect((model.json.issues as string[]).some((i) => i.startsWith('model:'))).toBe(true);
  });

  it('answers 422 with the reason when the data cannot support a fit', async () => {
    const purchases = Array.from({ length: 30 }, (_, i) => ({ customer_id: `C${i}`, date: isoFromDay(19700 + i), amount: 5 }));
    const { status, json } = await post({ purchases });
    expect(status).toBe(422);
    expect(json).toEqual({ error: 'cannot fit: need at least 1 repeat buyer, got 0', code: 'too_few_repeat_buyers' });
  });

  it('answers a single repeat buyer with a fit and a plain-words warning, not a 422', async () => {
    const purchases = Array.from({ length: 30 }, (_, i) => ({ customer_id: `C${i}`, date: isoFromDay(19700 + i), amount: 5 }));
    purchases.push({ customer_id: 'C0', date: isoFromDay(19720), amount: 7 });
    const { status, json } = await post({ purchases, end: isoFromDay(19760) });
    expect(status).toBe(200);
    expect(json.warnings).toContain('only 1 customer bought again, so the fit rests on very little');
    for (const score of json.scores as { clv: number; p_alive: number }[]) {
      expect(Number.isFinite(score.clv) && score.p_alive >= 0 && score.p_alive <= 1).toBe(true);
    }
  });

  it('refuses callers without a valid token', async () => {
    const res = await fetch(`${base}/`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    const stranger = await post({ purchases: [] }, google.sign({ aud: config.addonAudience, email: 'someone@else.example' }));
    expect(stranger.status).toBe(403);
  });
});

describe('clv handler deadline', () => {
  it('answers 503 instead of running past its deadline', async () => {
    const result = await handleClv({ body: { purchases: cdnowPurchases() }, query: {}, caller: { kind: 'addon' }, deadlineMs: -1 });
    expect(result.status).toBe(503);
    expect(String((result.body as { error: string }).error)).toMatch(/^deadline: 6919 purchases/);
  });
});
