import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileSecretStore, localSecretsFile } from '../../../functions/secrets/file-secret-store';
import { secretManagerStore, type SecretManagerClient } from '../../../functions/secrets/secret-manager-store';
import { hmacSigner, secretOnFirstUse, UNSUBSCRIBE_SECRET, unsubscribeSigner } from '../../../functions/secrets/secret-store';

describe('local secret file', () => {
  it('creates the key on first use next to the workbook (0600, in .regulars/) and returns the same key after', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const file = localSecretsFile(path.join(dir, 'shop.xlsx'));
    expect(file).toBe(path.join(dir, '.regulars', 'secrets.json'));
    const store = fileSecretStore(file);
    expect(await store.get(UNSUBSCRIBE_SECRET)).toBeUndefined();
    const first = await secretOnFirstUse(store, UNSUBSCRIBE_SECRET);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await secretOnFirstUse(fileSecretStore(file), UNSUBSCRIBE_SECRET)).toBe(first);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ [UNSUBSCRIBE_SECRET]: first });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('two processes creating the key at once end up with one key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const file = localSecretsFile(path.join(dir, 'shop.xlsx'));
    const keys = await Promise.all(Array.from({ length: 5 }, () => secretOnFirstUse(fileSecretStore(file), UNSUBSCRIBE_SECRET)));
    expect(new Set(keys).size).toBe(1);
    expect(await fileSecretStore(file).get(UNSUBSCRIBE_SECRET)).toBe(keys[0]);
  });

  it('signs as HMAC-SHA256 in base64url, and refuses a short key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const store = fileSecretStore(localSecretsFile(path.join(dir, 'a.xlsx')));
    const signer = await unsubscribeSigner(store);
    const key = (await store.get(UNSUBSCRIBE_SECRET))!;
    expect(signer.sign('v1.abc')).toBe(createHmac('sha256', key).update('v1.abc').digest('base64url'));
    expect(() => hmacSigner('short')).toThrow(/too short/);
  });
});

/** Secret Manager as far as the store uses it: secrets with numbered versions; 404 and 409 like the API. */
function fakeSecretManager(): { client: SecretManagerClient; versions: Map<string, string[]> } {
  const versions = new Map<string, string[]>();
  const fail = (code: number): Error => Object.assign(new Error(String(code)), { code });
  const client: SecretManagerClient = {
    projects: {
      secrets: {
        create: ({ parent, secretId }) => {
          const name = `${parent}/secrets/${secretId}`;
          if (versions.has(name)) return Promise.reject(fail(409));
          versions.set(name, []);
          return Promise.resolve({});
        },
        addVersion: ({ parent, requestBody }) => {
          const list = versions.get(parent);
          if (!list) return Promise.reject(fail(404));
          list.push(requestBody.payload.data);
          return Promise.resolve({});
        },
        versions: {
          access: ({ name }) => {
            const m = /^(.*)\/versions\/(\d+)$/.exec(name)!;
            const data = versions.get(m[1]!)?.[Number(m[2]) - 1];
            return data === undefined ? Promise.reject(fail(404)) : Promise.resolve({ data: { payload: { data } } });
          },
        },
      },
    },
  };
  return { client, versions };
}

describe('Secret Manager store', () => {
  it('creates the secret on first use and every instance reads the same value, even when two create at once', async () => {
    const { client, versions } = fakeSecretManager();
    const a = secretManagerStore(client, 'proj');
    const b = secretManagerStore(client, 'proj');
    const [ka, kb] = await Promise.all([secretOnFirstUse(a, UNSUBSCRIBE_SECRET), secretOnFirstUse(b, UNSUBSCRIBE_SECRET)]);
    expect(ka).toBe(kb);
    expect(await secretOnFirstUse(secretManagerStore(client, 'proj'), UNSUBSCRIBE_SECRET)).toBe(ka);
    const stored = versions.get(`projects/proj/secrets/${UNSUBSCRIBE_SECRET}`)!;
    expect(Buffer.from(stored[0]!, 'base64').toString('utf8')).toBe(ka);
  });

  it('passes on errors other than "not found"', async () => {
    const { client } = fakeSecretManager();
    const denied: SecretManagerClient = { projects: { secrets: { ...client.projects.secrets, versions: { access: () => Promise.reject(Object.assign(new Error('denied'), { code: 403 })) } } } };
    await expect(secretManagerStore(denied, 'proj').get(UNSUBSCRIBE_SECRET)).rejects.toThrow('denied');
  });
});
