// A light stand-in for the part of 'libphonenumber-js/min' that shared/dedupe/phone.ts uses, for the Apps Script
// bundle only: the real metadata is 121 KB minified, most of Code.js's budget. Meant to be wired with esbuild's
// `alias: { 'libphonenumber-js/min': 'addon/server/phone-lite.ts' }` in the addon build. It knows calling codes
// and trunk prefixes, not each country's number plans: a plausible number becomes the same E.164 as the real
// library gives (tests/addon/phone-lite.test.ts compares them); it is only less strict about impossible ones.

/** ISO country → calling code and national trunk prefix ('' when numbers are dialled without one). */
const COUNTRIES: Record<string, [code: string, trunk: string]> = {
  ZA: ['27', '0'], NA: ['264', '0'], BW: ['267', ''], ZW: ['263', '0'], MZ: ['258', ''], KE: ['254', '0'], NG: ['234', '0'],
  GB: ['44', '0'], IE: ['353', '0'], DE: ['49', '0'], NL: ['31', '0'], BE: ['32', '0'], FR: ['33', '0'], CH: ['41', '0'],
  AT: ['43', '0'], ES: ['34', ''], PT: ['351', ''], IT: ['39', ''], SE: ['46', '0'], NO: ['47', ''], DK: ['45', ''],
  FI: ['358', '0'], PL: ['48', ''], US: ['1', '1'], CA: ['1', '1'], AU: ['61', '0'], NZ: ['64', '0'], IN: ['91', '0'],
  BR: ['55', '0'], MX: ['52', ''], JP: ['81', '0'], CN: ['86', '0'], SG: ['65', ''], AE: ['971', '0'], IL: ['972', '0'],
};

/** Calling code → the country numbers with it are attributed to (the main one where codes are shared). */
const BY_CODE = new Map<string, string>();
for (const [country, [code]] of Object.entries(COUNTRIES)) if (!BY_CODE.has(code)) BY_CODE.set(code, country);

/** The subset of libphonenumber-js's country code type the engine passes. */
export type CountryCode = string;

/** The subset of a parsed number the engine reads. */
export interface PhoneNumber {
  number: string;
  country: string | undefined;
  isPossible(): boolean;
}

function result(code: string, national: string, country: string | undefined): PhoneNumber {
  const digits = code.length + national.length;
  return { number: `+${code}${national}`, country, isPossible: () => national.length >= 4 && digits >= 8 && digits <= 15 };
}

/** Parses "+CC…" (any country) or a national number of `country`; undefined when neither can be read. */
export function parsePhoneNumberFromString(text: string, country?: CountryCode): PhoneNumber | undefined {
  const s = text.trim();
  const digits = s.replace(/\D/g, '');
  if (digits.length === 0) return undefined;
  if (s.startsWith('+')) {
    for (const len of [1, 2, 3]) {
      const code = digits.slice(0, len);
      const found = BY_CODE.get(code);
      if (found) return result(code, digits.slice(len), found);
    }
    return undefined;
  }
  const plan = country ? COUNTRIES[country.toUpperCase()] : undefined;
  if (!plan) return undefined;
  const [code, trunk] = plan;
  let national = digits;
  if (trunk !== '' && national.startsWith(trunk) && (code !== '1' || national.length === 11)) national = national.slice(trunk.length);
  return result(code, national, country?.toUpperCase());
}
