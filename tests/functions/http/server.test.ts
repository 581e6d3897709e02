import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferedBodyBytes } from '../../../functions/http/body';
import { DATA_BODY, functionTable } from '../../../functions/http/routes';
import { createFunctionsServer } from '../../../functions/http/server';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
const server = createFunctionsServer(functionTable(() => config));
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const owner = (): string => `Bearer ${google.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}`;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One raw request (node:http, so the body goes out exactly as given, Content-Encoding and all). */
function send(path: string, body: Buffer | string, headers: Record<string, string>, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A gzip body of `size` spaces: about 1,000 times smaller sent than inflated. */
const bomb = (size: number): Buffer => gzipSync(Buffer.alloc(size, 0x20), { level: 9 });

function expectCleanJson(answer: Answer): { error: string } {
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.text).not.toMatch(/<html|at \w+ \(|\/work\/|node_modules|\.ts:\d/i);
  return JSON.parse(answer.text) as { error: string };
}

describe('our functions server', () => {
  it('serves each function at its own path and answers unknown paths with a JSON 404', async () => {
    const health = await send('/health', '', { authorization: owner() });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ ok: true, service: 'regulars', caller: 'addon' });
    const none = await send('/nothing', '', {});
    expect(none.status).toBe(404);
    expectCleanJson(none);
  });

  it('verifies the caller before reading the body: a corrupt or bomb gzip body without a token is a 401', async () => {
    const corrupt = await send('/dedupe', Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(corrupt.status).toBe(401);
    expect(expectCleanJson(corrupt)).toEqual({ error: 'missing bearer token' });
    const big = bomb(400 * 1024 * 1024);
    expect(big.length).toBeLessThan(DATA_BODY.maxSentBytes);
    const unauthenticated = await send('/dedupe', big, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(unauthenticated.status).toBe(401);
    // A body within the sent limit is discarded unread (the connection stays usable); one over it is cut off.
    expect(unauthenticated.headers.connection).toBe('keep-alive');
    const over = await send('/health', Buffer.alloc(100 * 1024, 0x20), { 'content-type': 'application/json' });
    expect(over.status).toBe(401);
    expect(over.headers.connection).toBe('close');
  });

  it('stops a gzip bomb at the inflated limit with a 413, for a verified caller too', async () => {
    const answer = await send('/dedupe', bomb(DATA_BODY.maxInflatedBytes + 1024 * 1024), { authorization: owner(), 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(expectCleanJson(answer).error).toBe(`body too large: at most ${DATA_BODY.maxInflatedBytes} bytes once inflated`);
    // The small routes inflate far less: 70 KB of spaces is over their 64 KB.
    const small = await send('/health', bomb(70 * 1024), { authorization: owner(), 'content-encoding': 'gzip' });
    expect(small.status).toBe(413);
    // What the refused bodies held is given back to the process's budget for bodies in flight.
    expect(bufferedBodyBytes()).toBe(0);
  });

  it('refuses a body larger than the sent limit from Content-Length alone', async () => {
    const answer = await send('/health', Buffer.alloc(65 * 1024, 0x20), { authorization: owner(), 'content-type': 'application/json' });
    expect(answer.status).toBe(413);
    expect(expectCleanJson(answer).error).toBe('body too large: at most 65536 bytes as sent');
  });

  it('answers malformed bodies with a JSON 400 or 415 without stack or path', async () => {
    const auth = { authorization: owner() };
    const cases: [Buffer | string, Record<string, string>, number, string][] = [
      ['{"rows": [', { 'content-type': 'application/json' }, 400, 'body is not valid JSON'],
      ['null', { 'content-type': 'application/json' }, 400, 'invalid request: body: '],
      [Buffer.from('\x1f\x8b\x08garbage'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400, 'body is not valid gzip data'],
      ['{}', { 'content-type': 'application/json; charset=klingon' }, 415, 'unsupported charset "klingon"'],
      ['{}', { 'content-type': 'application/json', 'content-encoding': 'br' }, 415, 'unsupported content-encoding "br"'],
      ['<rows/>', { 'content-type': 'application/xml' }, 415, 'expected application/json, not "application/xml"'],
    ];
    for (const [body, headers, status, error] of cases) {
      const answer = await send('/dedupe', body, { ...auth, ...headers });
      expect(answer.status, error).toBe(status);
      expect(expectCleanJson(answer).error).toContain(error);
    }
  });

  it('reads deflate as well as gzip, with the same result as plain JSON', async () => {
    const body = JSON.stringify({ rows: [{ id: 'a', name: 'Ann Lee' }, { id: 'b', name: 'Ann Lee' }], singletons: true });
    const plain = await send('/dedupe', body, { authorization: owner(), 'content-type': 'application/json' });
    const deflated = await send('/dedupe', deflateSync(body), { authorization: owner(), 'content-type': 'application/json', 'content-encoding': 'deflate' });
    expect(plain.status).toBe(200);
    expect(deflated.text).toBe(plain.text);
  });

  it('keeps a kept-alive client working after a 413', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send('/health', Buffer.alloc(200 * 1024, 0x20), { authorization: owner() }, agent);
      expect(refused.status).toBe(413);
      const next = await send('/health', '', { authorization: owner() }, agent);
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('reads the unsubscribe form itself and refuses an oversized one with a page, not a stack', async () => {
    const answer = await send('/unsubscribe?token=%E0%A4%A', Buffer.alloc(100 * 1024, 0x61), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).not.toMatch(/at \w+ \(|\/work\//);
  });
});
