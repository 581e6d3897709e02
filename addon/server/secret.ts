import type { Signer } from '../../shared/greetings';
import type { PropertiesPort } from './mail';

/** Where the unsubscribe signing secret lives: document properties, never the sheet (anyone with edit access reads the sheet). */
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
