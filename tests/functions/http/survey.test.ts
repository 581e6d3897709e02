import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleSurveyRequest, surveyFunction, type SurveyDeps } from '../../../functions/http/survey';
import { hmacSigner } from '../../../functions/secrets/secret-store';
import { signSurveyToken, signUnsubscribeToken, type SurveyClaim } from '../../../shared/greetings';
import { MemoryWorkbook, type CellValue } from '../../../shared/workbook';

const signer = hmacSigner('a-test-key-of-enough-length-0123456789');
const stranger = hmacSigner('someone-elses-key-of-enough-length-000');
const NOW = Date.parse('2026-11-23T10:15:00Z');

function shop(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Corner Café'], ['time_zone', 'Africa/Johannesburg']] },
    Customers: {
      header: ['id', 'first_name', 'email', 'email_consent', 'status', 'merged_into'],
      rows: [
        ['C-000001', 'Ann', 'ann@example.com', 'yes', 'active', null],
        ['C-000002', 'Ann', 'ann@example.com', 'yes', 'merged', 'C-000001'],
        ['C-000003', 'Ben', 'ben@example.com', 'yes', 'active', null],
      ],
    },
    Interactions: {
      header: ['id', 'customer_id', 'date', 'kind', 'channel', 'staff', 'subject', 'notes', 'status', 'follow_up_date', 'resolved_at', 'score'],
      rows: [['I-000001', 'C-000003', '2026-11-01T09:00:00Z', 'visit', null, null, 'Service', null, null, null, null, null]],
    },
  });
}

let wb = shop();
const deps: SurveyDeps = {
  signer: () => Promise.resolve(signer),
  withWorkbook: (fn) => Promise.resolve(fn(wb)),
  now: () => NOW,
};

const rows = (tab: string): Record<string, CellValue>[] => {
  const g = wb.snapshot(tab);
  return g ? g.rows.map((r) => Object.fromEntries(g.header.map((h, i): [string, CellValue] => [h, r[i] ?? null]))) : [];
};
const surveys = (): Record<string, CellValue>[] => rows('Interactions').filter((r) => r.kind === 'survey');
const claim = (over: Partial<SurveyClaim> = {}): SurveyClaim => ({ campaign: 'How did we do?', customerId: 'C-000003', occasion: '2026-11-14', score: 9, max: 10, issued: '2026-11-21', ...over });
const token = (over: Partial<SurveyClaim> = {}, s = signer): string => signSurveyToken(claim(over), s);

let base = '';
let close: () => void = () => undefined;
beforeAll(async () => {
  functions.http('survey-under-test', surveyFunction(() => deps));
  const server = getTestServer('survey-under-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());
beforeEach(() => {
  wb = shop();
});

const post = (t: string, comment: string): Promise<Response> =>
  fetch(`${base}/?token=${encodeURIComponent(t)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: t, comment }).toString() });

describe('the survey route', () => {
  it('a GET (what a link scanner does) shows the chosen score and a form, and records nothing', async () => {
    const before = wb.snapshot('Interactions');
    const res = await fetch(`${base}/?token=${encodeURIComponent(token({ score: 3 }))}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<span class="score">3</span> out of 10');
    // The form posts the signed token back: it is the only thing that makes an answer count.
    expect(html).toMatch(/<form method="post" action="\?token=s1\.[^"]+"/);
    expect(html).toContain('<textarea id="comment" name="comment"');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(wb.snapshot('Interactions')).toEqual(before);
    const head = await fetch(`${base}/?token=${encodeURIComponent(token())}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(surveys()).toEqual([]);
  });

  it('the POST records one survey Interaction with its score and comment; a second POST for the same message replaces it', async () => {
    const first = await post(token({ score: 4 }), '  The chain still squeaks.  ');
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<span class="score">4</span>');
    expect(surveys()).toEqual([
      expect.objectContaining({ customer_id: 'C-000003', kind: 'survey', channel: 'email', subject: 'How did we do? (2026-11-14)', notes: 'The chain still squeaks.', status: 'answered', score: 4, date: '2026-11-23T10:15:00Z' }),
    ]);
    const firstId = surveys()[0]!.id;
    expect(firstId).toMatch(/^I-\d+$/);
    expect(firstId).not.toBe('I-000001');

    const second = await post(token({ score: 8 }), 'Fixed after a call, thanks');
    expect(second.status).toBe(200);
    const after = surveys();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: firstId, score: 8, notes: 'Fixed after a call, thanks' });
    // The other interaction is untouched; all in all one row more than before.
    expect(rows('Interactions')).toHaveLength(2);

    // Another message (a later purchase) is another answer.
    await post(token({ occasion: '2026-11-20', score: 10 }), '');
    expect(surveys().map((r) => r.score)).toEqual([8, 10]);
  });

  it('an answer from a row since merged is recorded on the surviving customer', async () => {
    await post(token({ customerId: 'C-000002', score: 2 }), '');
    expect(surveys()).toEqual([expect.objectContaining({ customer_id: 'C-000001', score: 2 })]);
  });

  it('a forged, altered, foreign or expired token is refused with 403 and records nothing, without a stack or the token', async () => {
    const good = token({ score: 1 });
    const [v, payload, sig] = good.split('.');
    const altered = `${v}.${Buffer.from(JSON.stringify({ m: 'How did we do?', c: 'C-000003', o: '2026-11-14', s: 10, x: 10, d: '2026-11-21' })).toString('base64url')}.${sig}`;
    const unsubscribe = signUnsubscribeToken({ customerId: 'C-000003', campaign: 'x', issued: '2026-11-21' }, signer);
    // Issued 91 days before 2026-11-23: one day past the 90 a link lives.
    const expired = token({ issued: '2026-08-24' });
    for (const bad of [altered, token({}, stranger), unsubscribe, `${v}.${payload}`, 'garbage', expired]) {
      const res = await post(bad, 'x');
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).not.toContain(bad);
      expect(html).not.toMatch(/at .*\.ts:\d+|Error:/);
      const got = await fetch(`${base}/?token=${encodeURIComponent(bad)}`, { headers: { accept: 'application/json' } });
      expect(got.status).toBe(403);
      expect(await got.json()).toEqual({ error: bad === expired ? 'expired' : 'invalid_token' });
    }
    // The day before expiry still counts.
    expect((await post(token({ issued: '2026-08-25' }), '')).status).toBe(200);
    expect(surveys()).toHaveLength(1);
  });

  it('escapes everything it shows and refuses other methods', async () => {
    const answer = await handleSurveyRequest({ method: 'GET', query: { token: token({ campaign: '<script>alert(1)</script>' }) }, body: undefined }, deps);
    expect(answer.body).not.toContain('<script>');
    const put = await handleSurveyRequest({ method: 'PUT', query: { token: token() }, body: undefined }, deps);
    expect(put.status).toBe(405);
    // A comment that looks like markup or a formula is kept as the text it is.
    await post(token(), '<b>=HYPERLINK("http://evil.example")</b>');
    expect(surveys()[0]?.notes).toBe('<b>=HYPERLINK("http://evil.example")</b>');
  });
});
