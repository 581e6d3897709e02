// The functions as `gcloud functions deploy` runs them: inside functions-framework's own Express server. After
// registerFunctions its body parsers are pass-throughs, so serve() reads the body after auth, within its limits.
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_BODY, registerFunctions } from '../../../functions/http/routes';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
let port = 0;
let close: () => void = () => undefined;

beforeAll(async () => {
  registerFunctions(() => config);
  const server = getTestServer('dedupe');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  close = () => server.close();
});
afterAll(() => close());

function send(body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const owner = (): string => `Bearer ${google.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}`;

describe('the functions inside functions-framework', () => {
  it('verifies the caller before the body is parsed: corrupt gzip without a token is a 401, not an HTML 400', async () => {
    const answer = await send(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({ error: 'missing bearer token' });
  });

  it('answers bad bodies of a verified caller as JSON, and stops a bomb at the inflated limit', async () => {
    const broken = await send('{"rows": [', { authorization: owner(), 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.type).toMatch(/^application\/json/);
    expect(JSON.parse(broken.text)).toEqual({ error: 'body is not valid JSON' });
    const charset = await send('{}', { authorization: owner(), 'content-type': 'application/json; charset=klingon' });
    expect(charset.status).toBe(415);
    const bomb = gzipSync(Buffer.alloc(DATA_BODY.maxInflatedBytes + 2 ** 20, 0x20), { level: 9 });
    const answer = await send(bomb, { authorization: owner(), 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ error: `body too large: at most ${DATA_BODY.maxInflatedBytes} bytes once inflated` });
  });

  it('still serves a good request', async () => {
    const body = JSON.stringify({ rows: [{ id: 'a', name: 'Ann Lee' }, { id: 'b', name: 'Ann Lee' }], singletons: true });
    const answer = await send(gzipSync(body), { authorization: owner(), 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { clusters: unknown[] }).clusters.length).toBeGreaterThan(0);
  });
});
