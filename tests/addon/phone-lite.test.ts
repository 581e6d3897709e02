import { parsePhoneNumberFromString as real } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString as lite } from '../../addon/server/phone-lite';

// The light parser stands in for libphonenumber-js in Apps Script: for real numbers it must give the same
// E.164 and country as the real library.
const CASES: [string, string | undefined][] = [
  ['082 555 0199', 'ZA'], ['+27 82 555 0199', undefined], ['0027 21 555 7788'.replace(/^00/, '+'), undefined], ['021 555 7788', 'ZA'],
  ['07700 900123', 'GB'], ['+44 20 7946 0958', undefined], ['030 123456', 'DE'], ['+49 30 1234567', undefined],
  ['(415) 555-2671', 'US'], ['1 415 555 2671', 'US'], ['+1 415 555 2671', undefined], ['020 123 4567', 'NL'],
  ['0412 345 678', 'AU'], ['+61 412 345 678', undefined], ['081 234 5678', 'NA'], ['+264 81 234 5678', undefined],
];

describe('phone-lite', () => {
  it('gives the same E.164 number and country as libphonenumber-js for real numbers', () => {
    for (const [text, country] of CASES) {
      const want = real(text, country as CountryCode | undefined);
      const got = lite(text, country);
      expect(want?.isPossible(), text).toBe(true);
      expect(got?.isPossible(), text).toBe(true);
      expect(got?.number, text).toBe(want?.number);
      expect(got?.country, text).toBe(want?.country);
    }
  });

  it('reads nothing it cannot place', () => {
    expect(lite('082 555 0199')).toBeUndefined();
    expect(lite('082 555 0199', 'XX')).toBeUndefined();
    expect(lite('+999 123')).toBeUndefined();
    expect(lite('')).toBeUndefined();
    expect(lite('+27 82')?.isPossible()).toBe(false);
  });
});
