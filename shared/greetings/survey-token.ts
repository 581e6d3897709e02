import { dayNumber } from '../kernel';
import { openPrefixed, signPrefixed, type Signer } from './token';

/** What a survey link proves: which message it came in (campaign, customer, occasion), the score chosen, the scale, and when it was issued. */
export interface SurveyClaim {
  campaign: string;
  customerId: string;
  /** The message's occasion (the purchase date of survey_after_purchase): with campaign and customer, its Outbox key. */
  occasion: string;
  score: number;
  /** The highest score of the scale: 5 (1–5) or 10 (NPS, 0–10). */
  max: 5 | 10;
  /** The business-local date the message was planned for (YYYY-MM-DD). */
  issued: string;
}

/** Days a survey link stays valid after the message's date: answers come in within weeks, not years. */
export const SURVEY_LINK_DAYS = 90;

// Its own prefix, signed with it: an unsubscribe token can never pass for a survey answer, nor the reverse.
const PREFIX = 's1';

/** A signed token for one rating link: `s1.<claim>.<signature>`, both base64url. */
export function signSurveyToken(claim: SurveyClaim, signer: Signer): string {
  return signPrefixed(PREFIX, { m: claim.campaign, c: claim.customerId, o: claim.occasion, s: claim.score, x: claim.max, d: claim.issued }, signer);
}

/** Why a survey token is refused: not ours or changed (`invalid`), or older than SURVEY_LINK_DAYS (`expired`). */
export type SurveyTokenCheck = { ok: true; claim: SurveyClaim } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a survey token's signature (in constant time), its claim's shape and its age on `today` (YYYY-MM-DD). */
export function verifySurveyToken(token: string, signer: Signer, today: string): SurveyTokenCheck {
  const raw = openPrefixed(PREFIX, token, signer);
  if (!raw) return { ok: false, reason: 'invalid' };
  const { m, c, o, s, x, d } = raw;
  if (typeof m !== 'string' || typeof c !== 'string' || c === '' || typeof o !== 'string' || typeof d !== 'string') return { ok: false, reason: 'invalid' };
  if ((x !== 5 && x !== 10) || typeof s !== 'number' || !Number.isInteger(s) || s < (x === 5 ? 1 : 0) || s > x) return { ok: false, reason: 'invalid' };
  const age = (dayNumber(today) ?? NaN) - (dayNumber(d) ?? NaN);
  if (Number.isNaN(age)) return { ok: false, reason: 'invalid' };
  if (age > SURVEY_LINK_DAYS) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { campaign: m, customerId: c, occasion: o, score: s, max: x, issued: d } };
}

/** The scale a campaign's survey_scale cell names: 5 for `5`/`1-5`/`stars`, else 10 (NPS, 0–10, the default). */
export function surveyScale(cell: string | undefined): 5 | 10 {
  return /^\s*(5|1\s*[-–to]+\s*5|stars?)\s*$/i.test(cell ?? '') ? 5 : 10;
}

/** The scores of a scale, lowest first. */
export function surveyScores(max: 5 | 10): number[] {
  const from = max === 5 ? 1 : 0;
  return Array.from({ length: max - from + 1 }, (_, i) => from + i);
}

/** The landing page URL of one rating link: the link base + /survey. */
export function surveyUrl(base: string, token: string): string {
  return `${base.trim().replace(/\/+$/, '')}/survey?token=${encodeURIComponent(token)}`;
}
