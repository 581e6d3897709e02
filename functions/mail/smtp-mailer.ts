import net from 'node:net';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { buildMime, type Mailer, type SendResult } from '../../shared/greetings';
import { classifySmtpError, type SmtpErrorLike } from './smtp-errors';

/** How long to wait for the server (ms); defaults suit a real provider. */
export interface SmtpTimeouts {
  connection: number;
  greeting: number;
  socket: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off: SMTP is a chatty request/reply protocol
 * and nodemailer writes a message's end in a separate small segment, which otherwise waits for a delayed ACK
 * (about 40 ms per message). TLS, implicit or STARTTLS, is layered on this socket by nodemailer.
 */
function connectWithoutDelay(host: string, port: number, timeoutMs: number): NonNullable<SMTPPool.Options['getSocket']> {
  return (_options, callback) => {
    const socket = net.connect({ host, port, noDelay: true });
    const fail = (error: Error): void => {
      socket.destroy();
      callback(error, undefined);
    };
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeListener('error', fail);
      callback(null, { connection: socket });
    });
  };
}

/** nodemailer options from `smtp://[user:pass@]host:port` or `smtps://…` (implicit TLS). */
export function smtpOptions(url: string, timeouts: SmtpTimeouts): SMTPPool.Options {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not an SMTP URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error('the SMTP URL must start with smtp:// or smtps://');
  if (parsed.hostname === '') throw new Error('the SMTP URL needs a host');
  const secure = parsed.protocol === 'smtps:';
  const port = parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return {
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    host,
    port,
    getSocket: connectWithoutDelay(host, port, timeouts.connection),
    secure,
    ...(parsed.username !== '' ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
    // A server on this machine (a test or a relay) often has a self-signed certificate; anywhere else it must verify.
    tls: { rejectUnauthorized: !LOOPBACK.has(parsed.hostname) },
    connectionTimeout: timeouts.connection,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.socket,
  };
}

/**
 * SMTP through nodemailer, for any provider. It sends the same MIME bytes as every other transport (the
 * raw message, so List-Unsubscribe headers survive), over one pooled connection, and tells apart a
 * refusal (4xx retry, 5xx final) from a connection lost after the message left (uncertain: never resent).
 */
export function smtpMailer(url: string, timeouts: SmtpTimeouts = { connection: 10_000, greeting: 10_000, socket: 60_000 }): Mailer {
  const options = smtpOptions(url, timeouts);
  let transport = nodemailer.createTransport(options);
  // A pool whose connection failed may never answer again, so after any transport fault it is replaced.
  const renew = (): void => {
    transport.close();
    transport = nodemailer.createTransport(options);
  };
  // The longest a send may take before we stop waiting: every stage has its own timeout, this is the backstop
  // (and its timer keeps the process alive while a send is pending).
  const watchdogMs = timeouts.connection + timeouts.greeting + 2 * timeouts.socket;
  return {
    name: `smtp:${new URL(url).host}`,
    async send(message): Promise<SendResult> {
      let bodySent = false;
      const raw = Readable.from([buildMime(message)]);
      raw.once('end', () => {
        bodySent = true;
      });
      let timer: NodeJS.Timeout | undefined;
      const noAnswer = new Promise<SendResult>((resolve) => {
        timer = setTimeout(() => resolve(classifySmtpError({ code: 'ENOANSWER' }, bodySent)), watchdogMs);
      });
      const attempt = (async (): Promise<SendResult> => {
        try {
          const info = await transport.sendMail({ envelope: { from: message.from.address, to: [message.to] }, raw });
          if (info.rejected.length > 0) return { ok: false, fault: 'permanent', scope: 'message', code: 'smtp_rejected' };
          // The Message-ID is ours (it is in the raw bytes); nodemailer's own guess is not what the recipient sees.
          return { ok: true, messageId: message.messageId };
        } catch (error) {
          return classifySmtpError(error as SmtpErrorLike, bodySent);
        }
      })();
      const result = await Promise.race([attempt, noAnswer]);
      clearTimeout(timer);
      if (!result.ok && result.scope === 'transport') renew();
      return result;
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
