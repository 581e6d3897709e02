import { describe, expect, it } from 'vitest';
import { DailyCounter, FallbackMailer, GmailMailer, MailAppMailer } from '../../../addon/server/mail';
import { FakeMailApp } from '../fakes/mail-app';
import { FakeProperties } from '../fakes/properties';
import { FakeUrlFetch } from '../fakes/url-fetch';
import { message, UNSUBSCRIBE } from './message';

describe('MailApp fallback mailer', () => {
  it('puts the unsubscribe link in the body, since MailApp cannot set List-Unsubscribe', async () => {
    const mailApp = new FakeMailApp();
    const result = await new MailAppMailer(mailApp).send(message());
    expect(result.ok).toBe(true);
    const sent = mailApp.sent[0]!;
    expect(sent.to).toBe('eve@example.org');
    expect(sent.subject).toBe('Happy birthday, Zoë!');
    expect(sent.name).toBe('Corner Café');
    expect(sent.replyTo).toBe('owner@corner.example');
    expect(sent.body).toBe(`Hi Zoë,\n\nHappy birthday!\n\n--\nUnsubscribe: ${UNSUBSCRIBE}\n`);
    // In HTML the & of a URL is escaped; the link sits before </body>.
    expect(sent.htmlBody).toContain('<a href="https://regulars.example/unsubscribe?token=v1.abc.def">Unsubscribe</a></p></body>');
  });

  it('does not add the link twice when the body already carries it', async () => {
    const mailApp = new FakeMailApp();
    const url = 'https://regulars.example/unsubscribe?token=a&b';
    const withLink = message({
      headers: { 'List-Unsubscribe': `<${url}>` },
      text: `Hello\n\n--\nUnsubscribe: ${url}\n`,
      html: `<html><body><a href="https://regulars.example/unsubscribe?token=a&amp;b">Unsubscribe</a></body></html>`,
    });
    await new MailAppMailer(mailApp).send(withLink);
    expect(mailApp.sent[0]!.body.split(url)).toHaveLength(2);
    expect(mailApp.sent[0]!.htmlBody.match(/Unsubscribe/g)).toHaveLength(1);
  });

  it('reports the remaining daily quota, and an exhausted quota stops the run without losing the message', async () => {
    const mailApp = new FakeMailApp(1);
    const mailer = new MailAppMailer(mailApp);
    expect(mailer.remainingQuota()).toBe(1);
    expect((await mailer.send(message())).ok).toBe(true);
    expect(mailer.remainingQuota()).toBe(0);
    expect(await mailer.send(message())).toEqual({ ok: false, fault: 'transient', scope: 'transport', code: 'mailapp_quota' });
  });

  it('refuses a bad address for certain, and treats an unknown failure as uncertain', async () => {
    const mailApp = new FakeMailApp();
    const mailer = new MailAppMailer(mailApp);
    expect(await mailer.send(message({ to: 'not an address' }))).toMatchObject({ fault: 'permanent', scope: 'message' });
    mailApp.failNext = 'Exception: Service error: Gmail';
    expect(await mailer.send(message())).toMatchObject({ fault: 'uncertain' });
  });
});

describe('Gmail with MailApp fallback', () => {
  it('switches to MailApp for the rest of the run once Gmail refuses the whole transport (no gmail.send scope)', async () => {
    const fetch = new FakeUrlFetch([{ status: 403, body: JSON.stringify({ error: { errors: [{ reason: 'insufficientPermissions' }] } }) }]);
    const mailApp = new FakeMailApp(5);
    const mailer = new FallbackMailer(new GmailMailer({ urlFetch: fetch, oauthToken: () => 't', counter: new DailyCounter(new FakeProperties(), 400, () => '2026-11-23') }), new MailAppMailer(mailApp));
    expect(mailer.name).toBe('gmail');
    expect((await mailer.send(message())).ok).toBe(true);
    expect((await mailer.send(message({ to: 'adam@example.org' }))).ok).toBe(true);
    expect(fetch.requests).toHaveLength(1);
    expect(mailApp.sent.map((m) => m.to)).toEqual(['eve@example.org', 'adam@example.org']);
    expect(mailer.name).toBe('mailapp');
    expect(mailer.remainingQuota()).toBe(3);
  });

  it('never falls back after a transient or uncertain Gmail fault (the message may be retried, not sent twice)', async () => {
    const fetch = new FakeUrlFetch([{ status: 503 }, { throws: 'Exception: Timeout' }]);
    const mailApp = new FakeMailApp(5);
    const mailer = new FallbackMailer(new GmailMailer({ urlFetch: fetch, oauthToken: () => 't', counter: new DailyCounter(new FakeProperties(), 400, () => '2026-11-23') }), new MailAppMailer(mailApp));
    expect(await mailer.send(message())).toMatchObject({ fault: 'transient' });
    expect(await mailer.send(message())).toMatchObject({ fault: 'uncertain' });
    expect(mailApp.sent).toHaveLength(0);
  });
});
