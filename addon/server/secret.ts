import type { Signer } from '../../shared/greetings';
import type { PropertiesPort } from './mail';
import { createRemote, type RemotePorts } from './remote';

/**
 * Where the key fetched from the `unsubscribe-key` function is kept (document properties, with the functions URL
 * it came from, so pointing the add-on at another deployment fetches that deployment's key).
 */
export const FUNCTION_KEY_PROPERTY = 'regulars.unsubscribe.functionKey';

/** The deployed name of the function that hands out the key (scripts/deploy-functions.sh kebab-cases `unsubscribeKey`). */
export const UNSUBSCRIBE_KEY_FUNCTION = 'unsubscribe-key';

/** Where the locally generated unsubscribe signing secret lives: document properties, never the sheet (anyone with edit access reads the sheet). */
export const SECRET_KEY = 'regulars.unsubscribe.secret';

/** The Utilities calls the secret and the signer use (a structural subset of Apps Script's Utilities). */
export interface UtilitiesPort {
  getUuid(): string;
  computeHmacSha256Signature(value: string, key: string): number[];
  base64EncodeWebSafe(data: number[]): string;
}

/**
 * The document's unsubscribe secret, generated on first use: two random UUIDs (Utilities.getUuid is backed by
 * a secure random source; 244 random bits). Created under the document lock and re-read there, so two runs
 * starting together agree on one secret.
 */
export function documentSecret(props: PropertiesPort, withLock: <T>(fn: () => T) => T, utilities: Pick<UtilitiesPort, 'getUuid'>): string {
  const existing = props.getProperty(SECRET_KEY);
  if (existing) return existing;
  return withLock(() => {
    const again = props.getProperty(SECRET_KEY);
    if (again) return again;
    const secret = `${utilities.getUuid()}${utilities.getUuid()}`.replace(/-/g, '');
    props.setProperty(SECRET_KEY, secret);
    return secret;
  });
}

/** HMAC-SHA256 with the secret, as base64url without padding (the form shared/greetings tokens expect). */
export function appsScriptSigner(secret: string, utilities: Pick<UtilitiesPort, 'computeHmacSha256Signature' | 'base64EncodeWebSafe'>): Signer {
  return { sign: (data) => utilities.base64EncodeWebSafe(utilities.computeHmacSha256Signature(data, secret)).replace(/=+$/, '') };
}

/** Raised when the function's key cannot be had; its message is safe to record (never the key or a token). */
export class UnsubscribeKeyError extends Error {
  override readonly name = 'UnsubscribeKeyError';
}

function cachedKey(props: PropertiesPort, base: string): string | undefined {
  const raw = props.getProperty(FUNCTION_KEY_PROPERTY);
  if (!raw) return undefined;
  try {
    const stored = JSON.parse(raw) as { url?: unknown; key?: unknown };
    return stored.url === base && typeof stored.key === 'string' && stored.key.length >= 16 ? stored.key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `unsubscribe` function's own signing key, fetched once from `<functions URL>/unsubscribe-key` with the
 * user's identity token and kept in document properties, so links in mail the add-on sends verify there.
 * Fetched under the document lock (and re-read there) so concurrent runs make one call. A failure throws
 * UnsubscribeKeyError: the caller must not sign with anything else, or the links would not verify.
 */
export function functionsKey(props: PropertiesPort, withLock: <T>(fn: () => T) => T, ports: RemotePorts): string {
  const base = ports.baseUrl().trim();
  const existing = cachedKey(props, base);
  if (existing) return existing;
  return withLock(() => {
    const again = cachedKey(props, base);
    if (again) return again;
    let answer: unknown;
    try {
      answer = createRemote(ports)?.(UNSUBSCRIBE_KEY_FUNCTION, {});
    } catch (error) {
      throw new UnsubscribeKeyError(`could not get the unsubscribe key: ${error instanceof Error ? error.message : String(error)}`);
    }
    const key = typeof answer === 'object' && answer !== null && 'key' in answer ? answer.key : undefined;
    if (typeof key !== 'string' || key.length < 16) throw new UnsubscribeKeyError(`the ${UNSUBSCRIBE_KEY_FUNCTION} function answered without a usable key`);
    props.setProperty(FUNCTION_KEY_PROPERTY, JSON.stringify({ url: base, key }));
    return key;
  });
}

/**
 * The add-on's unsubscribe signer. With a functions URL configured, links point at the `unsubscribe` function,
 * so they are signed with that function's key. Without one the add-on cannot reach that key, so it keeps the
 * document's own locally generated secret: such links verify only on a route holding this document's secret
 * (the local workbench route), never on a deployed `unsubscribe` function — a Settings backend_url that points
 * at the functions needs the REGULARS_FUNCTIONS_URL script property too.
 */
export function addonUnsubscribeSigner(props: PropertiesPort, withLock: <T>(fn: () => T) => T, utilities: UtilitiesPort, remote: RemotePorts): Signer {
  const secret = remote.baseUrl().trim() !== '' ? functionsKey(props, withLock, remote) : documentSecret(props, withLock, utilities);
  return appsScriptSigner(secret, utilities);
}
