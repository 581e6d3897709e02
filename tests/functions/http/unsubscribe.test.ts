import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnsubscribeDeps } from '../../../functions/greetings';
import { handleUnsubscribeRequest, unsubscribeFunction } from '../../../functions/http/unsubscribe';
import { hmacSigner } from '../../../functions/secrets/secret-store';
import { signUnsubscribeToken } from '../../../shared/greetings';
import { MemoryWorkbook, type CellValue } from '../../../shared/workbook';

const signer = hmacSigner('a-test-key-of-enough-length-0123456789');
const stranger = hmacSigner('someone-elses-key-of-enough-length-000');
const NOW = Date.parse('2026-11-23T10:15:00Z');

function shop(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Corner Café'], ['time_zone', 'Africa/Johannesburg']] },
    Customers: {
      header: ['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'merged_into'],
      rows: [
        ['C-000001', 'Ann', 'ann@example.com', 'yes', null, 'active', null],
        ['C-000002', 'Ann', 'ann@example.com', 'yes', null, 'merged', 'C-000001'],
        ['C-000003', 'Ben', 'ben@example.com', 'yes', null, 'active', null],
      ],
    },
  });
}

let wb = shop();
let saves = 0;
const deps: UnsubscribeDeps = {
  signer: () => Promise.resolve(signer),
  withWorkbook: (fn) => {
    const result = fn(wb);
    saves++;
    return Promise.resolve(result);
  },
  now: () => NOW,
};

const rows = (tab: string): Record<string, CellValue>[] => {
  const g = wb.snapshot(tab);
  return g ? g.rows.map((r) => Object.fromEntries(g.header.map((h, i): [string, CellValue] => [h, r[i] ?? null]))) : [];
};
const token = (customerId: string, s = signer): string => signUnsubscribeToken({ customerId, campaign: 'Birthday', issued: '2026-11-20' }, s);

let base = '';
let close: () => void = () => undefined;
beforeAll(async () => {
  functions.http('unsubscribe-under-test', unsubscribeFunction(() => deps));
  const server = getTestServer('unsubscribe-under-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());
beforeEach(() => {
  wb = shop();
  saves = 0;
});

describe('unsubscribe over HTTP', () => {
  it('GET shows a confirmation page and changes nothing (link scanners follow links)', async () => {
    const t = token('C-000003');
    const res = await fetch(`${base}/unsubscribe?token=${encodeURIComponent(t)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(html).not.toContain('ben@example.com');
    expect(saves).toBe(0);
    expect(rows('Customers').find((c) => c.id === 'C-000003')?.unsubscribed_at).toBeNull();
  });

  it('an RFC 8058 one-click POST records unsubscribed_at and one Consent log row, once', async () => {
    const url = `${base}/unsubscribe?token=${encodeURIComponent(token('C-000003'))}`;
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const res = await post();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    const ben = rows('Customers').find((c) => c.id === 'C-000003')!;
    expect(ben.unsubscribed_at).toBe('2026-11-23T10:15:00Z');
    expect(rows('Customers').filter((c) => c.unsubscribed_at !== null)).toHaveLength(1);
    expect(rows('Consent log')).toEqual([expect.objectContaining({ customer_id: 'C-000003', at: '2026-11-23T10:15:00Z', change: 'withdrawn', source: 'unsubscribe link (Birthday)', by: 'recipient' })]);
    expect((await post()).status).toBe(200);
    expect(rows('Consent log')).toHaveLength(1);
  });

  it('a link from a row merged since unsubscribes the surviving customer too', async () => {
    const res = await handleUnsubscribeRequest({ method: 'POST', query: { token: token('C-000002') }, body: { 'List-Unsubscribe': 'One-Click' } }, deps);
    expect(res.status).toBe(200);
    expect(rows('Customers').filter((c) => c.unsubscribed_at !== null).map((c) => c.id)).toEqual(['C-000001', 'C-000002']);
    expect(rows('Consent log').map((r) => r.customer_id).sort()).toEqual(['C-000001', 'C-000002']);
  });

  it('refuses a token that was changed or signed with another key, and never unsubscribes anyone with it', async () => {
    const good = token('C-000003');
    const [v, , sig] = good.split('.');
    const forged = `${v}.${Buffer.from(JSON.stringify({ c: 'C-000001', m: 'Birthday', d: '2026-11-20' })).toString('base64url')}.${sig}`;
    for (const t of [forged, token('C-000001', stranger), 'v1.garbage', '']) {
      const res = await fetch(`${base}/unsubscribe?token=${encodeURIComponent(t)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain(t === '' ? '\u0000' : t);
    }
    expect(rows('Customers').every((c) => c.unsubscribed_at === null)).toBe(true);
    expect(wb.snapshot('Consent log')).toBeUndefined();
    expect(saves).toBe(0);
  });

  it('an unknown customer (erased since) gets the same answer and nothing is written', async () => {
    const res = await handleUnsubscribeRequest({ method: 'POST', query: { token: token('C-999999') }, body: {} }, deps);
    expect(res.status).toBe(200);
    expect(wb.snapshot('Consent log')).toBeUndefined();
  });

  it('answers 503 when the sheet cannot be written, so a mail client retries', async () => {
    const failing: UnsubscribeDeps = { ...deps, withWorkbook: () => Promise.reject(new Error('quota exceeded')) };
    functions.http('unsubscribe-failing', unsubscribeFunction(() => failing));
    const server = getTestServer('unsubscribe-failing');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?token=${encodeURIComponent(token('C-000003'))}`;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(503);
      expect(await res.text()).not.toContain('quota exceeded');
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
      server.close();
    }
  });
});
