import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionTable } from '../../../functions/http/routes';
import { createFunctionsServer } from '../../../functions/http/server';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
let base = '';
let close: () => void = () => undefined;

beforeAll(async () => {
  const server = createFunctionsServer(functionTable(() => config), { only: 'health' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('health function over HTTP', () => {
  it('answers a verified add-on caller', async () => {
    const token = google.sign({ aud: config.addonAudience, email: 'owner@shop.example' });
    const res = await fetch(`${base}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, service: 'regulars', caller: 'addon' });
  });

  it('refuses a request without a token', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'missing bearer token' });
  });
});
