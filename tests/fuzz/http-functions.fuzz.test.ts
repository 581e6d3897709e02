// Random and hostile requests at every HTTP function, on our own server as deployed: no 5xx, no stack trace,
// no path, no secret in any answer, whoever calls and whatever the body, its type, charset or encoding.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleClv } from '../../functions/http/clv';
import { handleDedupe } from '../../functions/http/dedupe';
import type { GreetingsDeps, UnsubscribeDeps } from '../../functions/greetings';
import { greetingsHandler } from '../../functions/http/greetings';
import { handleHealth } from '../../functions/http/health';
import { DATA_BODY } from '../../functions/http/routes';
import { serve, type HttpFunction } from '../../functions/http/serve';
import { createFunctionsServer } from '../../functions/http/server';
import { unsubscribeFunction } from '../../functions/http/unsubscribe';
import { handleUnsubscribeKey } from '../../functions/http/unsubscribe-key';
import { holidaysFor } from '../../functions/greetings/holidays';
import { hmacSigner } from '../../functions/secrets/secret-store';
import type { Mailer } from '../../shared/greetings';
import { MemoryWorkbook, type Workbook } from '../../shared/workbook';
import { localIssuer, testAuthConfig } from '../functions/http/test-tokens';
import { expectNoLeak, HOSTILE_STRINGS, printTally, tally } from './harness';

const SIGNING_KEY = 'fuzz-signing-key-0123456789-abcdefghij';
const HANDED_KEY = 'fuzz-handed-key-9876543210-zyxwvutsrq';
const NOW = Date.parse('2026-12-25T05:30:00Z');
const google = localIssuer();
const config = testAuthConfig(google.certificates);
const tokens = {
  addon: `Bearer ${google.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}`,
  scheduler: `Bearer ${google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail })}`,
  stranger: `Bearer ${google.sign({ aud: config.addonAudience, email: 'stranger@else.example' })}`,
  garbage: 'Bearer eyJhbGciOiJub25lIn0.e30.',
};

function shop(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: {
      header: ['key', 'value'],
      rows: [
        ['business_name', 'Fynbos Cycles'],
        ['sender_email', 'hello@fynbos.example'],
        ['time_zone', 'Africa/Johannesburg'],
        ['country', 'ZA'],
        ['delivery', 'scheduler'],
        ['approve_first_run', 'no'],
        ['backend_url', 'https://fn.example'],
      ],
    },
    Customers: {
      header: ['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status'],
      rows: [
        ['C-000001', 'Ann', 'ann@example.com', 'yes', '', 'active'],
        ['C-000002', '=SUM(1,2)', 'sum@example.com', true, '', 'active'],
      ],
    },
    Campaigns: {
      header: ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
      rows: [['Christmas', 'holiday:christmas-day', 0, '', 'Merry Christmas, {{first_name}}', 'From {{business_name}}.', 'yes', 7]],
    },
  });
}

const mailer = (): Mailer => ({ name: 'fuzz', send: (m) => Promise.resolve({ ok: true, messageId: m.messageId }) });
const greetingsDeps = (): GreetingsDeps => ({
  openWorkbook: () => Promise.resolve({ wb: shop(), commit: () => Promise.resolve() }),
  mailer,
  signer: () => Promise.resolve(hmacSigner(SIGNING_KEY)),
  holidays: holidaysFor,
  now: () => NOW,
});
// The unsubscribe route's book: a request that is refused must leave it exactly as it was.
const unsubscribeBook: Workbook = shop();
const unsubscribeDeps: UnsubscribeDeps = {
  signer: () => Promise.resolve(hmacSigner(SIGNING_KEY)),
  withWorkbook: (fn) => Promise.resolve(fn(unsubscribeBook)),
  now: () => NOW,
};

const table: Record<string, HttpFunction> = {
  health: serve(handleHealth, { accept: ['addon', 'scheduler'] }, () => config),
  greetings: serve(greetingsHandler(greetingsDeps), { accept: ['scheduler'], timeoutSeconds: 540 }, () => config),
  unsubscribe: unsubscribeFunction(() => unsubscribeDeps),
  unsubscribeKey: serve(handleUnsubscribeKey(() => Promise.resolve(HANDED_KEY)), { accept: ['addon'] }, () => config),
  dedupe: serve(handleDedupe, { accept: ['addon'], timeoutSeconds: 300, body: DATA_BODY }, () => config),
  clv: serve(handleClv, { accept: ['addon', 'scheduler'], timeoutSeconds: 120, body: DATA_BODY }, () => config),
};
const server = createFunctionsServer(table);
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  printTally('http functions');
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function send(r: Sent): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: r.path, method: r.method, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }));
const cell = fc.oneof(hostile, fc.double(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));
/** Bodies shaped like each function's own, with hostile values, beside arbitrary JSON. */
const domainBody = fc.oneof(
  fc.record({ rows: fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'email', 'phone', 'source', '', '__proto__', 'x'.repeat(300)), cell, { maxKeys: 6 }), { maxLength: 12 }), country: fc.option(hostile), threshold: fc.option(fc.double()), link: fc.option(fc.boolean()) }, { requiredKeys: ['rows'] }),
  fc.record({ purchases: fc.array(fc.record({ customer_id: cell, date: fc.oneof(fc.constantFrom('2024-01-01', '2024-02-30', '0000-00-00', '9999-12-31'), hostile), amount: fc.option(cell) }), { maxLength: 12 }), end: fc.option(hostile), unit: fc.option(hostile), model: fc.option(hostile), horizon: fc.option(fc.double()) }, { requiredKeys: ['purchases'] }),
  fc.record({ date: fc.oneof(fc.constantFrom('2026-12-25', '2026-02-29', '1900-01-01', '+002026-12-25'), hostile) }),
  fc.jsonValue({ maxDepth: 3 }),
);
const bodyBytes = fc.oneof(
  domainBody.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  hostile.map((s) => Buffer.from(s)),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('null')),
  fc.constant(Buffer.from('List-Unsubscribe=One-Click&token=v1.AAAA.BBBB')),
);
const request = (name: string) =>
  fc.record({
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
    suffix: fc.constantFrom('', '/', '/%E0%A4%A', '?token=%E0%A4%A', '?token=v1.x.y', '?a=1&a=2', '/../../etc/passwd'),
    auth: fc.constantFrom<keyof typeof tokens | 'none'>('none', 'garbage', 'stranger', 'addon', 'scheduler'),
    type: fc.constantFrom('', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=klingon', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'),
    encoding: fc.constantFrom('', '', 'gzip', 'deflate', 'br', 'gzip, deflate', 'identity'),
    compressed: fc.boolean(),
    body: bodyBytes,
  }).map((r): Sent => {
    const headers: Record<string, string> = {};
    if (r.auth !== 'none') headers.authorization = tokens[r.auth];
    if (r.type) headers['content-type'] = r.type;
    if (r.encoding) headers['content-encoding'] = r.encoding;
    const body = r.compressed && r.encoding === 'gzip' ? gzipSync(r.body) : r.compressed && r.encoding === 'deflate' ? deflateSync(r.body) : r.body;
    headers['content-length'] = String(body.length);
    return { method: r.method, path: `/${name}${r.suffix}`, headers, body };
  });

describe('every HTTP function under random and hostile requests', () => {
  const before = JSON.stringify(['Settings', 'Customers', 'Consent log'].map((t) => unsubscribeBook.read(t) ?? null));
  for (const name of Object.keys(table)) {
    it(`${name}: never a 5xx, a stack, a path or a secret`, async () => {
      await fc.assert(
        fc.asyncProperty(request(name), async (sent) => {
          tally(`HTTP /${name}`);
          const answer = await send(sent);
          const where = `${sent.method} ${sent.path} ${JSON.stringify(sent.headers).slice(0, 200)}`;
          expect(answer.status, where).toBeGreaterThanOrEqual(200);
          expect(answer.status, `${where}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
          const handedOut = name === 'unsubscribeKey' && answer.status === 200;
          expectNoLeak(answer.text, handedOut ? [SIGNING_KEY] : [SIGNING_KEY, HANDED_KEY], where);
          if (name !== 'unsubscribe') expect(answer.type, where).toMatch(/^application\/json/);
        }),
        { numRuns: 250 },
      );
    }, 60_000);
  }

  for (const [name, handler] of [['dedupe', handleDedupe], ['clv', handleClv]] as const) {
    it(`${name} handler: shaped bodies with hostile values get 200, 400 or 422, never a throw`, async () => {
      await fc.assert(
        fc.asyncProperty(domainBody, async (body) => {
          tally(`handler ${name}`);
          const answer = await handler({ body, query: {}, caller: { kind: 'addon' }, deadlineMs: 30_000 });
          expect([200, 400, 422]).toContain(answer.status);
          expectNoLeak(JSON.stringify(answer.body), [], name);
        }),
        { numRuns: 400 },
      );
    }, 60_000);
  }

  it('left the unsubscribe book untouched: no forged request wrote to it', () => {
    expect(JSON.stringify(['Settings', 'Customers', 'Consent log'].map((t) => unsubscribeBook.read(t) ?? null))).toBe(before);
  });
});
