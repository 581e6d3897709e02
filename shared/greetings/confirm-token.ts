import { dayNumber } from './dates';
import { base64, fromUtf8, unbase64, utf8, type Signer } from './token';

/** What a "confirm your details" link proves: whose record, from which message (its Outbox key), and when it was issued. */
export interface ConfirmClaim {
  customerId: string;
  /** The Outbox key of the message that carried the link. */
  messageKey: string;
  /** The business-local date the message was planned for (YYYY-MM-DD). */
  issued: string;
}

/** Days a confirm link stays valid after its message's date: long enough for a busy customer, short enough to go stale. */
export const CONFIRM_LINK_DAYS = 60;

// Its own prefix, signed with it: an unsubscribe or survey token can never pass for a confirm link, nor the reverse.
const PREFIX = 'c1';

/** A signed token for the confirm link: `c1.<claim>.<signature>`, both base64url. */
export function signConfirmToken(claim: ConfirmClaim, signer: Signer): string {
  const payload = base64(utf8(JSON.stringify({ c: claim.customerId, k: claim.messageKey, d: claim.issued })), true);
  return `${PREFIX}.${payload}.${signer.sign(`${PREFIX}.${payload}`)}`;
}

/** A confirm token's claim, or why it is refused: not ours or changed (`invalid`), or older than CONFIRM_LINK_DAYS (`expired`). */
export type ConfirmTokenCheck = { ok: true; claim: ConfirmClaim } | { ok: false; reason: 'invalid' | 'expired' };

function sameSignature(expected: string, given: string): boolean {
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % Math.max(given.length, 1));
  return diff === 0;
}

/** Checks a confirm token's signature (in constant time), its claim's shape and its age on `today` (YYYY-MM-DD). */
export function verifyConfirmToken(token: string, signer: Signer, today: string): ConfirmTokenCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || token.length > 2000) return { ok: false, reason: 'invalid' };
  if (!sameSignature(signer.sign(`${PREFIX}.${parts[1]}`), parts[2] ?? '')) return { ok: false, reason: 'invalid' };
  const bytes = unbase64(parts[1] ?? '');
  if (!bytes) return { ok: false, reason: 'invalid' };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const { c, k, d } = raw;
  if (typeof c !== 'string' || c === '' || typeof k !== 'string' || typeof d !== 'string') return { ok: false, reason: 'invalid' };
  const age = dayNumber(today) - dayNumber(d);
  if (Number.isNaN(age)) return { ok: false, reason: 'invalid' };
  if (age > CONFIRM_LINK_DAYS) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { customerId: c, messageKey: k, issued: d } };
}

/** The landing page URL of a confirm link: the link base + /confirm. */
export function confirmUrl(base: string, token: string): string {
  return `${base.trim().replace(/\/+$/, '')}/confirm?token=${encodeURIComponent(token)}`;
}
