// Phone numbers to E.164 through libphonenumber-js (min metadata), behind one small swappable function.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';

/** Turns a raw phone into E.164 ('+27821234567'), or a digits-only fallback, or '' when there is none. */
export type PhoneNormaliser = (raw: string, country: string | undefined) => string;

function parseOne(digits: string, intl: boolean, country: string | undefined): string {
  const parsed = parsePhoneNumberFromString(intl ? `+${digits}` : digits, intl ? undefined : (country?.toUpperCase() as CountryCode | undefined));
  if (parsed?.isPossible()) return parsed.number;
  return intl ? `+${digits}` : digits;
}

// The library costs ~20 µs a number. Numbers of one country, length and leading digits are rewritten the
// same way (drop a trunk prefix, add the calling code), so the rewrite learnt from one is reused for the rest.
const templates = new Map<string, { drop: number; add: string } | null>();

/** The default normaliser: libphonenumber-js with the given default country; unparseable numbers keep their digits. */
export const e164Phone: PhoneNormaliser = (raw, country) => {
  const s = raw.trim();
  if (s === '') return '';
  const intl = s.startsWith('+') || s.startsWith('00');
  let digits = s.replace(/\D/g, '');
  if (s.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 5) return '';
  const key = `${country ?? ''}|${intl ? 'i' : 'n'}${digits.length}|${digits.slice(0, intl ? 4 : 3)}`;
  const known = templates.get(key);
  if (known) return `+${known.add}${digits.slice(known.drop)}`;
  const out = parseOne(digits, intl, country);
  if (known === undefined && templates.size < 50_000) {
    let template: { drop: number; add: string } | null = null;
    if (out.startsWith('+')) {
      const e = out.slice(1);
      for (let drop = 0; drop <= 3 && template === null; drop++) {
        const rest = digits.slice(drop);
        if (rest.length > 4 && e.endsWith(rest) && e.length - rest.length <= 4) template = { drop, add: e.slice(0, e.length - rest.length) };
      }
    }
    templates.set(key, template);
  }
  return out;
};

/** The ISO country of an international (+CC) number, for inferring the default country; undefined otherwise. */
export function phoneCountry(raw: string): string | undefined {
  const s = raw.trim();
  if (!s.startsWith('+') && !s.startsWith('00')) return undefined;
  const parsed = parsePhoneNumberFromString(s.startsWith('00') ? `+${s.slice(2)}` : s);
  return parsed?.country;
}
