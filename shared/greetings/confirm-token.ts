import { dayNumber } from '../kernel';
import { openPrefixed, signPrefixed, type Signer } from './token';

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
  return signPrefixed(PREFIX, { c: claim.customerId, k: claim.messageKey, d: claim.issued }, signer);
}

/** A confirm token's claim, or why it is refused: not ours or changed (`invalid`), or older than CONFIRM_LINK_DAYS (`expired`). */
export type ConfirmTokenCheck = { ok: true; claim: ConfirmClaim } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a confirm token's signature (in constant time), its claim's shape and its age on `today` (YYYY-MM-DD). */
export function verifyConfirmToken(token: string, signer: Signer, today: string): ConfirmTokenCheck {
  const raw = openPrefixed(PREFIX, token, signer);
  if (!raw) return { ok: false, reason: 'invalid' };
  const { c, k, d } = raw;
  if (typeof c !== 'string' || c === '' || typeof k !== 'string' || typeof d !== 'string') return { ok: false, reason: 'invalid' };
  const age = (dayNumber(today) ?? NaN) - (dayNumber(d) ?? NaN);
  if (Number.isNaN(age)) return { ok: false, reason: 'invalid' };
  if (age > CONFIRM_LINK_DAYS) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { customerId: c, messageKey: k, issued: d } };
}

/** The landing page URL of a confirm link: the link base + /confirm. */
export function confirmUrl(base: string, token: string): string {
  return `${base.trim().replace(/\/+$/, '')}/confirm?token=${encodeURIComponent(token)}`;
}
