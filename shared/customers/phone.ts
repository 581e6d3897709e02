import { digitsOf } from './fold';

/**
 * Turns a typed phone into E.164 ('+27825551234') with the business's country, else its digits, '' for none.
 * Injected (libphonenumber-js on Node, addon/server/phone-lite.ts in the add-on), as shared/dedupe takes it.
 */
export type PhoneNormaliser = (raw: string, country: string | undefined) => string;

/** What the card does with phones: the injected normaliser and the business's country (Settings). */
export interface PhoneRules {
  normalise: PhoneNormaliser;
  country: string;
}

/** The stored form of a typed phone: E.164, or undefined when it cannot be made one (no country code and none in Settings). */
export function storedPhone(raw: string, rules: PhoneRules): string | undefined {
  const e164 = rules.normalise(raw, rules.country || undefined);
  return e164.startsWith('+') && digitsOf(e164).length >= 7 ? e164 : undefined;
}

/**
 * A stored phone as the business dials it: a number of the business's own country without the calling code,
 * with its trunk 0 where the country uses one ("+27825551234" → "082 555 1234"); others stay international.
 * Found through the normaliser only (which national form normalises back to the same number), so it needs no
 * number plans of its own.
 */
export function nationalPhone(stored: string, rules: PhoneRules): string {
  const s = stored.trim();
  if (!s.startsWith('+') || rules.country === '') return s;
  const digits = digitsOf(s);
  for (const codeLength of [1, 2, 3]) {
    const rest = digits.slice(codeLength);
    for (const national of [`0${rest}`, rest]) {
      if (rules.normalise(national, rules.country) === `+${digits}`) return groupDigits(national);
    }
  }
  return groupDigits(s, true);
}

/** Digits in groups a person can read: 082 555 1234, 021 555 7788, +27 82 555 1234. */
function groupDigits(text: string, international = false): string {
  const digits = digitsOf(text);
  if (international) return `+${digits}`;
  if (digits.length === 10) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  if (digits.length === 11) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (digits.length === 9) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  return digits;
}
