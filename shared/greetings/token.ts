/** Signs bytes with the unsubscribe secret (HMAC-SHA256), returning the signature as base64url. */
export interface Signer {
  sign(data: string): string;
}

/** What an unsubscribe token proves: who asked, from which campaign, and when it was issued. */
export interface UnsubscribeClaim {
  customerId: string;
  campaign: string;
  issued: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** UTF-8 bytes of a string, without TextEncoder (absent from Apps Script). */
export function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Decodes UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (n === 0 || i + n > bytes.length) {
      out += '\ufffd';
      i++;
      continue;
    }
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) c = (c << 6) | ((bytes[i + k] ?? 0) & 63);
    out += String.fromCodePoint(c);
    i += n;
  }
  return out;
}

/** Base64 of bytes; url-safe without padding when `url` is true. */
export function base64(bytes: readonly number[], url = false): string {
  const alphabet = url ? B64 : `${B64.slice(0, 62)}+/`;
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += b === undefined ? (url ? '' : '=') : alphabet[(n >> 6) & 63]!;
    out += c === undefined ? (url ? '' : '=') : alphabet[n & 63]!;
  }
  return out;
}

/** Bytes of a base64url (or base64) string; undefined when it is not one. */
export function unbase64(text: string): number[] | undefined {
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out;
}

/**
 * A JSON payload signed under its kind's prefix: `PREFIX.<payload>.<signature>`, both base64url. The prefix is
 * signed too, so a token of one kind (unsubscribe v1, survey s1, confirm c1) never passes for another.
 */
export function signPrefixed(prefix: string, payload: Record<string, unknown>, signer: Signer): string {
  const body = base64(utf8(JSON.stringify(payload)), true);
  return `${prefix}.${body}.${signer.sign(`${prefix}.${body}`)}`;
}

/** The JSON payload of a token of this prefix whose signature checks out (compared in constant time), else undefined. */
export function openPrefixed(prefix: string, token: string, signer: Signer): Record<string, unknown> | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== prefix || token.length > 2000) return undefined;
  const expected = signer.sign(`${prefix}.${parts[1]}`);
  const given = parts[2] ?? '';
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % Math.max(given.length, 1));
  if (diff !== 0) return undefined;
  const bytes = unbase64(parts[1] ?? '');
  if (!bytes) return undefined;
  try {
    const raw: unknown = JSON.parse(fromUtf8(bytes));
    return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A signed token for the unsubscribe link: `v1.<claim>.<signature>`. */
export function signUnsubscribeToken(claim: UnsubscribeClaim, signer: Signer): string {
  return signPrefixed('v1', { c: claim.customerId, m: claim.campaign, d: claim.issued }, signer);
}

/** The claim of a token whose signature checks out, else undefined. */
export function verifyUnsubscribeToken(token: string, signer: Signer): UnsubscribeClaim | undefined {
  const raw = openPrefixed('v1', token, signer);
  if (!raw || typeof raw.c !== 'string' || raw.c === '') return undefined;
  return { customerId: raw.c, campaign: typeof raw.m === 'string' ? raw.m : '', issued: typeof raw.d === 'string' ? raw.d : '' };
}

/** The unsubscribe URL: Settings backend_url + /unsubscribe, else the local workbench. */
export function unsubscribeUrl(backendUrl: string, token: string): string {
  const base = backendUrl.trim() === '' ? 'http://localhost:8080' : backendUrl.trim().replace(/\/+$/, '');
  return `${base}/unsubscribe?token=${encodeURIComponent(token)}`;
}
