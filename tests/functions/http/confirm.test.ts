import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmFunction, handleConfirmRequest, type ConfirmDeps } from '../../../functions/http/confirm';
import { hmacSigner } from '../../../functions/secrets/secret-store';
import { e164Phone } from '../../../shared/dedupe';
import { signConfirmToken, signSurveyToken, signUnsubscribeToken, type ConfirmClaim } from '../../../shared/greetings';
import { MemoryWorkbook, type CellValue } from '../../../shared/workbook';

const signer = hmacSigner('a-test-key-of-enough-length-0123456789');
const stranger = hmacSigner('someone-elses-key-of-enough-length-000');
// 23:30 UTC is already the 24th in Johannesburg (UTC+2): last_verified_at is the business's date.
const NOW = Date.parse('2026-11-23T23:30:00Z');

function shop(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Corner Café'], ['time_zone', 'Africa/Johannesburg'], ['country', 'ZA'], ['date_order', 'dmy']] },
    Customers: {
      header: ['id', 'first_name', 'email', 'email_consent', 'phone', 'birth_date', 'status', 'merged_into', 'last_verified_at', 'updated_at'],
      rows: [
        ['C-000001', 'Ann', 'ann@example.com', 'yes', '<b>082</b>', '1990-04-05', 'active', null, '2025-01-10', null],
        ['C-000002', 'Ann', 'ann@example.com', 'yes', null, null, 'merged', 'C-000001', null, null],
        ['C-000003', 'Ben', 'ben@example.com', 'yes', '+27821110000', null, 'active', null, null, null],
      ],
    },
    Interactions: { header: ['id', 'customer_id', 'date', 'kind', 'channel', 'staff', 'subject', 'notes', 'status'], rows: [] },
    'Consent log': { header: ['id', 'customer_id', 'at', 'change', 'basis', 'wording_version', 'source', 'by'], rows: [] },
  });
}

let wb = shop();
const deps: ConfirmDeps = {
  signer: () => Promise.resolve(signer),
  withWorkbook: (fn) => Promise.resolve(fn(wb)),
  now: () => NOW,
  normalisePhone: e164Phone,
};

const rows = (tab: string): Record<string, CellValue>[] => {
  const g = wb.snapshot(tab);
  return g ? g.rows.map((r) => Object.fromEntries(g.header.map((h, i): [string, CellValue] => [h, r[i] ?? null]))) : [];
};
const customer = (id: string): Record<string, CellValue> => rows('Customers').find((r) => r.id === id)!;
const claim = (over: Partial<ConfirmClaim> = {}): ConfirmClaim => ({ customerId: 'C-000001', messageKey: 'Confirm|C-000001|verified:2025-01-10', issued: '2026-11-20', ...over });
const token = (over: Partial<ConfirmClaim> = {}, s = signer): string => signConfirmToken(claim(over), s);
const all = (): string => JSON.stringify(wb.tabNames().map((t) => wb.snapshot(t)));

let base = '';
let close: () => void = () => undefined;
beforeAll(async () => {
  functions.http('confirm-under-test', confirmFunction(() => deps));
  const server = getTestServer('confirm-under-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());
beforeEach(() => {
  wb = shop();
});

const post = (t: string, form: Record<string, string>): Promise<Response> =>
  fetch(`${base}/?token=${encodeURIComponent(t)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: t, ...form }).toString() });

describe('the confirm route', () => {
  it('a GET (what a link scanner does) shows the details in a form, escaped, and changes nothing', async () => {
    const before = all();
    const res = await fetch(`${base}/?token=${encodeURIComponent(token())}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\?token=c1\.[^"]+"/);
    expect(html).toContain('<input id="email" name="email" type="email" value="ann@example.com"');
    expect(html).toContain('value="&lt;b&gt;082&lt;/b&gt;"');
    expect(html).not.toContain('<b>082');
    // The birthday as this business types dates (dmy).
    expect(html).toContain('value="05/04/1990"');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${base}/?token=${encodeURIComponent(token())}`, { method: 'HEAD' })).status).toBe(200);
    expect(all()).toBe(before);
  });

  it('a POST with a corrected phone saves it as E.164, stamps last_verified_at and logs what changed; consent is untouched', async () => {
    const res = await post(token(), { email: 'ann@example.com', phone: '082 555 1234', birth_date: '05/04/1990' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your details are updated and confirmed.');
    expect(customer('C-000001')).toMatchObject({ phone: '+27825551234', email: 'ann@example.com', birth_date: '1990-04-05', last_verified_at: '2026-11-24', updated_at: '2026-11-23T23:30:00Z' });
    expect(rows('Interactions')).toEqual([
      expect.objectContaining({ customer_id: 'C-000001', kind: 'email', channel: 'email', notes: 'phone: <b>082</b> → +27825551234', date: '2026-11-23T23:30:00Z' }),
    ]);
    expect(rows('Consent log')).toEqual([]);
    // The other customers are untouched.
    expect(customer('C-000003')).toMatchObject({ phone: '+27821110000', last_verified_at: null });
  });

  it('confirming unchanged details only stamps the date; a link from a merged row confirms the survivor', async () => {
    await post(token({ customerId: 'C-000002' }), { email: 'ann@example.com', phone: '<b>082</b>', birth_date: '05/04/1990' });
    // The phone as it was cannot be read as a number: it is refused, nothing saved.
    expect(customer('C-000001').last_verified_at).toBe('2025-01-10');
    const res = await post(token({ customerId: 'C-000002' }), { email: 'ann@example.com', phone: '', birth_date: '--04-05' });
    expect(res.status).toBe(200);
    expect(customer('C-000001')).toMatchObject({ phone: '', birth_date: '--04-05', last_verified_at: '2026-11-24' });
    expect(customer('C-000002').last_verified_at).toBeNull();
    const ben = await post(token({ customerId: 'C-000003' }), { email: 'ben@example.com', phone: '+27821110000', birth_date: '' });
    expect(await ben.text()).toContain('Your details are confirmed.');
    expect(rows('Interactions').map((r) => r.notes)).toEqual(['phone: <b>082</b> → (blank); birth_date: 1990-04-05 → --04-05', 'no change']);
  });

  it('a bad birthday is refused next to its field, with what was typed kept and nothing saved', async () => {
    const before = all();
    const res = await post(token(), { email: 'new@example.com', phone: '082 555 1234', birth_date: '31/02/1990' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<input id="birth_date" name="birth_date" type="text" value="31/02/1990" aria-describedby="birth_date-hint birth_date-error" aria-invalid="true" autofocus>');
    expect(html).toContain('<p class="error" id="birth_date-error">This is not a date: write it as DD/MM/YYYY, or --MM-DD without the year.</p>');
    expect(html).toContain('value="new@example.com"');
    expect(html).not.toContain('id="email-error"');
    expect(all()).toBe(before);
  });

  it('a forged, altered, foreign or expired token is refused with 403 and changes nothing, without a stack or the token', async () => {
    const before = all();
    const good = token();
    const [v, , sig] = good.split('.');
    const altered = `${v}.${Buffer.from(JSON.stringify({ c: 'C-000003', k: 'x', d: '2026-11-20' })).toString('base64url')}.${sig}`;
    const unsubscribe = signUnsubscribeToken({ customerId: 'C-000001', campaign: 'x', issued: '2026-11-20' }, signer);
    const survey = signSurveyToken({ campaign: 'x', customerId: 'C-000001', occasion: 'x', score: 1, max: 5, issued: '2026-11-20' }, signer);
    // Issued 61 days before 2026-11-23: one day past the 60 a link lives.
    const expired = token({ issued: '2026-09-23' });
    for (const bad of [altered, token({}, stranger), unsubscribe, survey, 'garbage', '', expired]) {
      for (const res of [await post(bad, { email: 'x@example.com', phone: '', birth_date: '' }), await fetch(`${base}/?token=${encodeURIComponent(bad)}`)]) {
        expect(res.status).toBe(403);
        const html = await res.text();
        if (bad !== '') expect(html).not.toContain(bad);
        expect(html).not.toMatch(/at .*\.ts:\d+|Error:/);
      }
    }
    expect(all()).toBe(before);
    const json = await handleConfirmRequest({ method: 'POST', query: { token: expired }, body: {}, accept: 'application/json' }, deps);
    expect(JSON.parse(json.body)).toEqual({ error: 'expired' });
    expect((await handleConfirmRequest({ method: 'PUT', query: { token: good }, body: undefined }, deps)).status).toBe(405);
  });
});
