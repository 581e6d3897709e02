import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFunctions } from '../../../functions/http/routes';
import { serve } from '../../../functions/http/serve';
import { handleUnsubscribeKey } from '../../../functions/http/unsubscribe-key';
import { handleUnsubscribeRequest } from '../../../functions/http/unsubscribe';
import { hmacSigner, secretOnFirstUse, UNSUBSCRIBE_SECRET, unsubscribeSigner, type SecretStore } from '../../../functions/secrets/secret-store';
import { signUnsubscribeToken } from '../../../shared/greetings';
import { MemoryWorkbook } from '../../../shared/workbook';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
const MAPPED_KEY = 'the-deployed-unsubscribe-key-0123456789';

/** An in-memory secret store, counting creations, standing in for Secret Manager. */
function memoryStore(): SecretStore & { created: number } {
  const values = new Map<string, string>();
  const store = {
    created: 0,
    get: (name: string) => Promise.resolve(values.get(name)),
    create(name: string, value: string) {
      if (!values.has(name)) {
        store.created++;
        values.set(name, value);
      }
      return Promise.resolve(values.get(name)!);
    },
  };
  return store;
}

const store = memoryStore();
const servers: { close(): void }[] = [];
async function listen(name: string): Promise<string> {
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let deployed = '';
let overStore = '';
beforeAll(async () => {
  // The registered route reads the key the deploy maps from Secret Manager (no Google call in a test).
  process.env.REGULARS_UNSUBSCRIBE_KEY = MAPPED_KEY;
  registerFunctions(() => config);
  deployed = await listen('unsubscribeKey');
  functions.http('unsubscribeKey-over-store', serve(handleUnsubscribeKey(() => secretOnFirstUse(store, UNSUBSCRIBE_SECRET)), { accept: ['addon'] }, () => config));
  overStore = await listen('unsubscribeKey-over-store');
});
afterAll(() => {
  for (const s of servers) s.close();
  delete process.env.REGULARS_UNSUBSCRIBE_KEY;
});

const addonToken = (email = 'owner@shop.example'): string => google.sign({ aud: config.addonAudience, email });
const post = (base: string, token?: string): Promise<Response> =>
  fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: '{}' });

describe('unsubscribeKey function', () => {
  it('refuses a request without a token (401) and never shows the key', async () => {
    const res = await post(deployed);
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'missing bearer token' });
    expect(text).not.toContain(MAPPED_KEY);
  });

  it('refuses the Scheduler and anyone off the allow-list (403), and a Scheduler token for its own audience (401)', async () => {
    for (const email of [config.schedulerEmail, 'mallory@elsewhere.example']) {
      const res = await post(deployed, addonToken(email));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'caller is not allowed' });
    }
    // The Scheduler's real token names the greetings audience, which this add-on-only route does not accept.
    const scheduler = await post(deployed, google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail }));
    expect(scheduler.status).toBe(401);
    expect(await scheduler.text()).not.toContain(MAPPED_KEY);
  });

  it('gives an allow-listed add-on user the deployed key, not cacheable', async () => {
    const res = await post(deployed, addonToken());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ key: MAPPED_KEY });
    // A user of the allowed domain too.
    const staff = await post(deployed, google.sign({ aud: config.addonAudience, email: 'bo@staff.example', hd: 'staff.example' }));
    expect(await staff.json()).toEqual({ key: MAPPED_KEY });
  });

  it('creates the key once in the secret store, and a token signed with it is honoured by the unsubscribe route', async () => {
    const first = (await (await post(overStore, addonToken())).json()) as { key: string };
    const second = (await (await post(overStore, addonToken())).json()) as { key: string };
    expect(first.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.key).toBe(first.key);
    expect(store.created).toBe(1);

    // Sign as the add-on would, with the key it was given; the route verifies with its own signer over the store.
    const token = signUnsubscribeToken({ customerId: 'C-000003', campaign: 'Birthday', issued: '2026-11-20' }, hmacSigner(first.key));
    const wb = new MemoryWorkbook({
      Settings: { header: ['key', 'value'], rows: [['business_name', 'Corner Café']] },
      Customers: { header: ['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'merged_into'], rows: [['C-000003', 'Ben', 'ben@example.com', 'yes', null, 'active', null]] },
    });
    const answer = await handleUnsubscribeRequest(
      { method: 'POST', query: { token }, body: { 'List-Unsubscribe': 'One-Click' } },
      { signer: () => unsubscribeSigner(store), withWorkbook: (fn) => Promise.resolve(fn(wb)), now: () => Date.parse('2026-11-23T10:15:00Z') },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('You are unsubscribed');
    const customers = wb.snapshot('Customers')!;
    expect(customers.rows[0]![customers.header.indexOf('unsubscribed_at')]).toBe('2026-11-23T10:15:00Z');
    expect(store.created).toBe(1);

    // A token signed with any other key is refused by the same route.
    const forged = signUnsubscribeToken({ customerId: 'C-000003', campaign: 'Birthday', issued: '2026-11-20' }, hmacSigner('some-other-key-of-enough-length-000'));
    const refused = await handleUnsubscribeRequest({ method: 'POST', query: { token: forged }, body: {} }, { signer: () => unsubscribeSigner(store), withWorkbook: () => Promise.reject(new Error('must not open')), now: () => 0 });
    expect(refused.status).toBe(400);
  });
});
