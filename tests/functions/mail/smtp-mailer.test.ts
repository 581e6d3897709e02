import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { smtpMailer } from '../../../functions/mail/smtp-mailer';
import { classifySmtpError } from '../../../functions/mail/smtp-errors';
import type { Mailer, OutgoingMessage } from '../../../shared/greetings';
import { startLoopbackSmtp, type LoopbackSmtp } from './loopback-smtp';

const message = (to = 'ann@example.com'): OutgoingMessage => ({
  from: { name: 'Corner Café', address: 'hello@corner.example' },
  to,
  subject: 'Happy birthday Ann',
  text: 'Hi Ann\n\n--\nUnsubscribe: https://fn.example/unsubscribe?token=v1.a.b\n',
  html: '<p>Hi Ann</p><a href="https://fn.example/unsubscribe?token=v1.a.b">Unsubscribe</a>',
  messageId: '<O-000001.0123456789abcdef@corner.example>',
  date: '2026-03-14T08:00:00.000Z',
  headers: { 'List-Unsubscribe': '<https://fn.example/unsubscribe?token=v1.a.b>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
});

let server: LoopbackSmtp | undefined;
let mailer: Mailer | undefined;
afterEach(async () => {
  await mailer?.close?.();
  await server?.close();
  server = mailer = undefined;
});

describe('SMTP mailer against a real server on loopback', () => {
  it('delivers the message with its headers, both parts and the unsubscribe link', async () => {
    server = await startLoopbackSmtp();
    mailer = smtpMailer(server.url);
    const result = await mailer.send(message());
    expect(result).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(1);
    const got = server.received[0]!;
    expect(got.from).toBe('hello@corner.example');
    expect(got.to).toEqual(['ann@example.com']);
    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe('Happy birthday Ann');
    expect(mail.from?.value).toEqual([{ name: 'Corner Café', address: 'hello@corner.example' }]);
    expect(mail.messageId).toBe('<O-000001.0123456789abcdef@corner.example>');
    expect(mail.text).toContain('https://fn.example/unsubscribe?token=v1.a.b');
    expect(mail.html).toContain('<p>Hi Ann</p>');
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://fn.example/unsubscribe?token=v1.a.b' }, 'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' } });
  });

  it('reports a 4xx as transient and a later try goes through', async () => {
    server = await startLoopbackSmtp((n) => (n === 1 ? { code: 451, message: 'try again later' } : 'accept'));
    mailer = smtpMailer(server.url);
    expect(await mailer.send(message())).toEqual({ ok: false, fault: 'transient', scope: 'message', code: 'smtp_451' });
    expect(server.received).toHaveLength(0);
    expect(await mailer.send(message())).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(1);
  });

  it('reports a 5xx as permanent for that message only', async () => {
    server = await startLoopbackSmtp((n) => (n === 1 ? { code: 550, message: 'no such mailbox' } : 'accept'));
    mailer = smtpMailer(server.url);
    expect(await mailer.send(message('nobody@example.com'))).toEqual({ ok: false, fault: 'permanent', scope: 'message', code: 'smtp_550' });
    expect(await mailer.send(message())).toMatchObject({ ok: true });
    expect(server.received.map((r) => r.to)).toEqual([['ann@example.com']]);
  });

  it('a connection lost after the message left is uncertain, never a retry', async () => {
    server = await startLoopbackSmtp(() => 'drop');
    mailer = smtpMailer(server.url);
    const result = await mailer.send(message());
    expect(result).toMatchObject({ ok: false, fault: 'uncertain' });
    // The server did get it: resending would have been a duplicate.
    expect(server.received).toHaveLength(1);
  });

  it('no server at all is a transient transport fault (nothing can have been sent)', async () => {
    const s = await startLoopbackSmtp();
    const url = s.url;
    await s.close();
    mailer = smtpMailer(url, { connection: 2000, greeting: 2000, socket: 2000 });
    expect(await mailer.send(message())).toMatchObject({ ok: false, fault: 'transient', scope: 'transport' });
  });
});

describe('SMTP mailer when the server comes and goes', () => {
  it('after a refused connection the next send goes through once the server is back', async () => {
    const first = await startLoopbackSmtp();
    const port = first.port;
    await first.close();
    mailer = smtpMailer(`smtp://127.0.0.1:${port}`, { connection: 2000, greeting: 2000, socket: 2000 });
    expect(await mailer.send(message())).toMatchObject({ ok: false, fault: 'transient', scope: 'transport', code: 'smtp_econnrefused' });
    expect(await mailer.send(message())).toMatchObject({ ok: false, fault: 'transient', scope: 'transport' });
    server = await startLoopbackSmtp(undefined, port);
    expect(await mailer.send(message())).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(1);
  });

  it('a server that accepts the connection and never speaks is a transient transport fault, not a hang', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    mailer = smtpMailer(`smtp://127.0.0.1:${port}`, { connection: 300, greeting: 300, socket: 300 });
    try {
      expect(await mailer.send(message())).toMatchObject({ ok: false, fault: 'transient', scope: 'transport' });
    } finally {
      silent.close();
    }
  });
});

describe('SMTP error classification', () => {
  it('follows the reply code, the stage and whether the body left', () => {
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, false)).toEqual({ ok: false, fault: 'permanent', scope: 'transport', code: 'smtp_535' });
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO' }, false)).toEqual({ ok: false, fault: 'transient', scope: 'message', code: 'smtp_450' });
    expect(classifySmtpError({ code: 'ECONNECTION', responseCode: 421, command: 'CONN' }, false)).toMatchObject({ fault: 'transient', scope: 'transport' });
    expect(classifySmtpError({ code: 'ETIMEDOUT', command: 'CONN' }, true)).toMatchObject({ fault: 'uncertain' });
    expect(classifySmtpError({ code: 'ECONNECTION', command: 'CONN' }, false)).toMatchObject({ fault: 'transient', scope: 'transport' });
  });
});
