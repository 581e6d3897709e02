import { describe, expect, it } from 'vitest';
import { nationalPhone, storedPhone, type PhoneNormaliser } from '../../../shared/customers';
import { e164Phone } from '../../../shared/dedupe';
import { parsePhoneNumberFromString as liteParse } from '../../../addon/server/phone-lite';

/** The add-on's normaliser: the phone-lite stand-in the add-on build swaps in for libphonenumber-js. */
const lite: PhoneNormaliser = (raw, country) => {
  const s = raw.trim().replace(/^00/, '+');
  return liteParse(s, country)?.number ?? s.replace(/\D/g, '');
};

describe.each([
  ['libphonenumber-js', e164Phone],
  ['phone-lite (add-on)', lite],
])('phones with %s', (_name, normalise) => {
  const za = { normalise, country: 'ZA' };

  it('stores any way of writing a number as one E.164 form', () => {
    for (const typed of ['082 555 1234', '0825551234', '+27 82 555 1234', '+27 (0)82 555 1234'.replace('(0)', ''), '0027 82 555 1234']) {
      expect(storedPhone(typed, za), typed).toBe('+27825551234');
    }
    expect(storedPhone('+44 20 7946 0018', za)).toBe('+442079460018');
  });

  it('cannot store a national number without a country', () => {
    expect(storedPhone('082 555 1234', { normalise, country: '' })).toBeUndefined();
    expect(storedPhone('+27 82 555 1234', { normalise, country: '' })).toBe('+27825551234');
  });

  it('shows numbers of the business country in the national form, others as they are', () => {
    expect(nationalPhone('+27825551234', za)).toBe('082 555 1234');
    expect(nationalPhone('+27215557788', za)).toBe('021 555 7788');
    expect(nationalPhone('+442079460018', za)).toBe('+442079460018');
    expect(nationalPhone('021 555 7788', za)).toBe('021 555 7788');
    expect(nationalPhone('', za)).toBe('');
  });
});
