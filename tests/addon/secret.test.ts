import { describe, expect, it } from 'vitest';
import { addonUnsubscribeSigner, FUNCTION_KEY_PROPERTY, SECRET_KEY, UnsubscribeKeyError } from '../../addon/server/secret';
import type { RemotePorts } from '../../addon/server/remote';
import { handleUnsubscribeKey } from '../../functions/http/unsubscribe-key';
import { hmacSigner, secretOnFirstUse, UNSUBSCRIBE_SECRET, unsubscribeSigner, type SecretStore } from '../../functions/secrets/secret-store';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../shared/greetings';
import { FakeProperties } from './fakes/properties';
import { FakeUtilities } from './fakes/script-app';
import { FakeUrlFetch, type FetchOutcome } from './fakes/url-fetch';

const KEY = 'key-from-the-functions-0123456789abcdef';
const CLAIM = { customerId: 'C1', campaign: 'Birthday', issued: '2026-11-23' };

/** The functions as the add-on reaches them, over the UrlFetchApp fake; the payload is left un-gzipped. */
function functionsPorts(fetch: FakeUrlFetch, base: { url: string }): RemotePorts {
  return {
    fetch: (url, request) => fetch.fetch(url, { ...request, payload: String(request.payload) }),
    identityToken: () => 'id-token-of-ann',
    gzip: (text) => text,
    baseUrl: () => base.url,
  };
}

function setup(script: FetchOutcome[], url = 'https://fn.example/') {
  const props = new FakeProperties();
  const fetch = new FakeUrlFetch(script);
  const utilities = new FakeUtilities();
  const base = { url };
  let locks = 0;
  const withLock = <T>(fn: () => T): T => {
    locks++;
    return fn();
  };
  const signer = () => addonUnsubscribeSigner(props, withLock, utilities, functionsPorts(fetch, base));
  return { props, fetch, utilities, base, signer, locks: () => locks };
}

const keyAnswer = (key: string): FetchOutcome => ({ status: 200, body: JSON.stringify({ key }) });

describe('the add-on unsubscribe signer with a functions URL', () => {
  it('fetches the key once with the identity token, keeps it in document properties and signs with it', () => {
    const s = setup([keyAnswer(KEY), { status: 500, body: '{"error":"must not be called again"}' }]);
    const first = s.signer();
    const second = s.signer();
    expect(s.fetch.requests).toHaveLength(1);
    expect(s.fetch.requests[0]!.url).toBe('https://fn.example/unsubscribe-key');
    expect(s.fetch.requests[0]!.params.headers.Authorization).toBe('Bearer id-token-of-ann');
    expect(s.locks()).toBe(1);
    expect(JSON.parse(s.props.getProperty(FUNCTION_KEY_PROPERTY)!)).toEqual({ url: 'https://fn.example/', key: KEY });
    // No local secret is made when the functions hold the key.
    expect(s.props.getProperty(SECRET_KEY)).toBeNull();
    expect(s.utilities.uuids).toBe(0);
    // Both signers sign exactly as HMAC-SHA256 over the function's key does.
    const expected = hmacSigner(KEY).sign('v1.C1.Birthday');
    expect(first.sign('v1.C1.Birthday')).toBe(expected);
    expect(second.sign('v1.C1.Birthday')).toBe(expected);
  });

  it('fetches again when the add-on is pointed at another deployment', () => {
    const s = setup([keyAnswer(KEY), keyAnswer('another-deployments-key-0123456789')]);
    s.signer();
    s.base.url = 'https://other.example';
    const signer = s.signer();
    expect(s.fetch.requests.map((r) => r.url)).toEqual(['https://fn.example/unsubscribe-key', 'https://other.example/unsubscribe-key']);
    expect(signer.sign('x')).toBe(hmacSigner('another-deployments-key-0123456789').sign('x'));
  });

  it('a failed or empty answer throws, stores nothing and never falls back to a local secret; the next call retries', () => {
    const outcomes: [FetchOutcome, RegExp][] = [
      [{ status: 503, body: '{"error":"unavailable"}' }, /unsubscribe-key function answered 503: unavailable/],
      [{ throws: 'DNS error: fn.example' }, /could not get the unsubscribe key: DNS error/],
      [{ status: 403, body: '{"error":"caller is not allowed"}' }, /answered 403: caller is not allowed/],
      [{ status: 200, body: '{"key":"short"}' }, /answered without a usable key/],
      [{ status: 200, body: '{}' }, /answered without a usable key/],
    ];
    for (const [outcome, message] of outcomes) {
      const s = setup([outcome, keyAnswer(KEY)]);
      expect(() => s.signer()).toThrow(UnsubscribeKeyError);
      expect(s.props.getProperty(FUNCTION_KEY_PROPERTY)).toBeNull();
      expect(s.props.getProperty(SECRET_KEY)).toBeNull();
      const s2 = setup([outcome]);
      expect(() => s2.signer()).toThrow(message);
      // The next call asks again and then works.
      expect(s.signer().sign('x')).toBe(hmacSigner(KEY).sign('x'));
      expect(s.fetch.requests).toHaveLength(2);
    }
  });

  it('an error message never carries the identity token', () => {
    const s = setup([{ status: 401, body: '{"error":"invalid token"}' }]);
    let message = '';
    try {
      s.signer();
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/answered 401: invalid token/);
    expect(message).not.toContain('id-token-of-ann');
  });

  it('a link signed in the add-on verifies with the key the function hands out, end to end', async () => {
    // The function side: a secret store (Secret Manager in production) and the unsubscribeKey handler over it.
    const values = new Map<string, string>();
    const store: SecretStore = {
      get: (name) => Promise.resolve(values.get(name)),
      create: (name, value) => Promise.resolve(values.get(name) ?? (values.set(name, value), value)),
    };
    const answer = await handleUnsubscribeKey(() => secretOnFirstUse(store, UNSUBSCRIBE_SECRET))({ body: {}, query: {}, caller: { kind: 'addon', email: 'ann@shop.example' }, deadlineMs: 1000 });
    const s = setup([{ status: answer.status, body: JSON.stringify(answer.body) }]);

    const token = signUnsubscribeToken(CLAIM, s.signer());
    // The unsubscribe route's signer: the same store, through functions/secrets.
    expect(verifyUnsubscribeToken(token, await unsubscribeSigner(store))).toMatchObject(CLAIM);
    // A document secret (the old behaviour) does not verify there.
    const local = setup([], '');
    expect(verifyUnsubscribeToken(signUnsubscribeToken(CLAIM, local.signer()), await unsubscribeSigner(store))).toBeUndefined();
  });
});

describe('the add-on unsubscribe signer without a functions URL', () => {
  it('keeps the locally generated document secret and calls nothing', () => {
    const s = setup([], '  ');
    const first = s.signer();
    const secret = s.props.getProperty(SECRET_KEY)!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(s.signer().sign('x')).toBe(first.sign('x'));
    expect(first.sign('x')).toBe(hmacSigner(secret).sign('x'));
    expect(s.fetch.requests).toHaveLength(0);
    expect(s.props.getProperty(FUNCTION_KEY_PROPERTY)).toBeNull();
  });
});
