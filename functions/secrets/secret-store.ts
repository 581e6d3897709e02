import { createHmac, randomBytes } from 'node:crypto';
import type { Signer } from '../../shared/greetings';

/** Where a secret lives: a local file for the CLI and workbench, Secret Manager for functions. */
export interface SecretStore {
  /** The secret's value, or undefined when it was never created. */
  get(name: string): Promise<string | undefined>;
  /**
   * Stores `value` unless the secret already exists, and returns whatever is stored afterwards, so two
   * processes creating it at once end up with the same value.
   */
  create(name: string, value: string): Promise<string>;
}

/** The name of the unsubscribe-link signing secret. */
export const UNSUBSCRIBE_SECRET = 'regulars-unsubscribe-key';

/** A fresh random secret: 32 bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret, generated and stored on first use. */
export async function secretOnFirstUse(store: SecretStore, name: string): Promise<string> {
  return (await store.get(name)) ?? (await store.create(name, newSecret()));
}

/** The Signer the unsubscribe tokens use: HMAC-SHA256, base64url without padding. */
export function hmacSigner(secret: string): Signer {
  if (secret.length < 16) throw new Error('the signing secret is too short (at least 16 characters)');
  return { sign: (data) => createHmac('sha256', secret).update(data).digest('base64url') };
}

/** The unsubscribe Signer from a store, creating the secret if this is the first use. */
export async function unsubscribeSigner(store: SecretStore): Promise<Signer> {
  return hmacSigner(await secretOnFirstUse(store, UNSUBSCRIBE_SECRET));
}
