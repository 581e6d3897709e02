import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { DailyCounter, GMAIL_SEND_URL, GmailMailer } from '../../../addon/server/mail';
import { FakeProperties } from '../fakes/properties';
import { FakeUrlFetch, type FetchOutcome } from '../fakes/url-fetch';
import { message, UNSUBSCRIBE } from './message';

function gmail(script: FetchOutcome[] = [], limit = 400, props = new FakeProperties()) {
  const fetch = new FakeUrlFetch(script);
  const counter = new DailyCounter(props, limit, () => '2026-11-23');
  return { fetch, props, counter, mailer: new GmailMailer({ urlFetch: fetch, oauthToken: () => 'ya29.token', counter }) };
}

/** The raw message of a recorded request, decoded the way Gmail does (base64url, padding optional). */
function rawOf(fetch: FakeUrlFetch, n = 0): string {
  const payload = JSON.parse(fetch.requests[n]!.params.payload) as { raw: string };
  expect(payload.raw).toMatch(/^[A-Za-z0-9_-]+$/);
  return Buffer.from(payload.raw, 'base64url').toString('utf8');
}

describe('Gmail API mailer', () => {
  it('POSTs the raw RFC 822 message with the OAuth token, and the headers survive', async () => {
    const { fetch, mailer } = gmail();
    const result = await mailer.send(message());
    expect(result).toEqual({ ok: true, messageId: '<O7.0123456789abcdef@corner.example>' });
    expect(fetch.requests).toHaveLength(1);
    const { url, params } = fetch.requests[0]!;
    expect(url).toBe(GMAIL_SEND_URL);
    expect(params.method).toBe('post');
    expect(params.contentType).toBe('application/json');
    expect(params.headers.Authorization).toBe('Bearer ya29.token');
    expect(params.muteHttpExceptions).toBe(true);

    const parsed = await simpleParser(rawOf(fetch));
    const line = (key: string): string | undefined => parsed.headerLines.find((h) => h.key === key)?.line;
    expect(line('list-unsubscribe')).toBe(`List-Unsubscribe: <${UNSUBSCRIBE}>`);
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.subject).toBe('Happy birthday, Zoë!');
    expect(parsed.from?.value[0]).toEqual({ name: 'Corner Café', address: 'hello@corner.example' });
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : undefined).toBe('eve@example.org');
    expect(parsed.replyTo?.value[0]?.address).toBe('owner@corner.example');
    expect(parsed.messageId).toBe('<O7.0123456789abcdef@corner.example>');
    expect(parsed.text?.trim()).toBe('Hi Zoë,\n\nHappy birthday!');
    expect(parsed.html).toContain('<p>Hi Zoë,</p>');
  });

  it('counts each accepted send in document properties and reports what is left of the daily limit', async () => {
    const { mailer, props } = gmail([], 3);
    expect(mailer.remainingQuota()).toBe(3);
    await mailer.send(message());
    await mailer.send(message());
    expect(mailer.remainingQuota()).toBe(1);
    expect(JSON.parse(props.getProperty('regulars.gmail.sent')!)).toEqual({ day: '2026-11-23', count: 2 });
    // Another run on the same day (a fresh mailer over the same properties) sees the same count.
    const again = gmail([], 3, props);
    expect(again.mailer.remainingQuota()).toBe(1);
  });

  it('starts the count again on a new day', () => {
    const props = new FakeProperties();
    props.setProperty('regulars.gmail.sent', JSON.stringify({ day: '2026-11-22', count: 400 }));
    expect(gmail([], 400, props).mailer.remainingQuota()).toBe(400);
  });

  it.each<[string, FetchOutcome, Partial<{ fault: string; scope: string; code: string }>]>([
    ['503 backend error', { status: 503, body: JSON.stringify({ error: { code: 503, errors: [{ reason: 'backendError' }] } }) }, { fault: 'transient', scope: 'message', code: 'gmail_503_backendError' }],
    ['500', { status: 500, body: 'oops' }, { fault: 'transient', scope: 'message', code: 'gmail_500' }],
    ['429 rate limit', { status: 429, body: JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }) }, { fault: 'transient', scope: 'transport', code: 'gmail_429_RESOURCE_EXHAUSTED' }],
    ['403 userRateLimitExceeded', { status: 403, body: JSON.stringify({ error: { errors: [{ reason: 'userRateLimitExceeded' }] } }) }, { fault: 'transient', scope: 'message' }],
    ['403 dailyLimitExceeded', { status: 403, body: JSON.stringify({ error: { errors: [{ reason: 'dailyLimitExceeded' }] } }) }, { fault: 'transient', scope: 'transport' }],
    ['DNS error', { throws: 'Exception: DNS error: https://gmail.googleapis.com' }, { fault: 'transient', scope: 'transport', code: 'urlfetch_unavailable' }],
    ['address unavailable', { throws: 'Exception: Address unavailable: https://gmail.googleapis.com/gmail/v1/users/me/messages/send' }, { fault: 'transient', scope: 'transport' }],
    ['UrlFetch daily quota', { throws: 'Exception: Service invoked too many times for one day: urlfetch.' }, { fault: 'transient', scope: 'transport', code: 'urlfetch_quota' }],
  ])('maps a transient failure (%s) to a retryable error and does not count it', async (_name, outcome, expected) => {
    const { mailer, counter } = gmail([outcome]);
    const result = await mailer.send(message());
    expect(result).toMatchObject({ ok: false, ...expected });
    expect(counter.used()).toBe(0);
  });

  it('treats a timeout as uncertain (Gmail may have accepted it) and counts it against the quota', async () => {
    const { mailer, counter } = gmail([{ throws: 'Exception: Timeout: https://gmail.googleapis.com/gmail/v1/users/me/messages/send' }]);
    expect(await mailer.send(message())).toMatchObject({ ok: false, fault: 'uncertain' });
    expect(counter.used()).toBe(1);
  });

  it('treats 401 and a missing scope as a permanent transport fault, and 400 as a refusal of this message only', async () => {
    const { mailer } = gmail([
      { status: 401, body: '{}' },
      { status: 403, body: JSON.stringify({ error: { errors: [{ reason: 'insufficientPermissions' }] } }) },
      { status: 400, body: JSON.stringify({ error: { errors: [{ reason: 'invalidArgument' }] } }) },
    ]);
    expect(await mailer.send(message())).toMatchObject({ fault: 'permanent', scope: 'transport', code: 'gmail_401' });
    expect(await mailer.send(message())).toMatchObject({ fault: 'permanent', scope: 'transport', code: 'gmail_403_insufficientPermissions' });
    expect(await mailer.send(message())).toMatchObject({ fault: 'permanent', scope: 'message', code: 'gmail_400_invalidArgument' });
  });

  it('keeps a header injection attempt in the subject out of the headers', async () => {
    const { fetch, mailer } = gmail();
    await mailer.send(message({ subject: 'Hi\r\nBcc: victim@example.org' }));
    const parsed = await simpleParser(rawOf(fetch));
    expect(parsed.headers.has('bcc')).toBe(false);
  });
});
