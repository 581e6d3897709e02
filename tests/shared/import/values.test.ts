import { describe, expect, it } from 'vitest';
import { countryDateOrder, detectDateOrder, readConsent, readDate, readTags, splitAddress, splitName } from '../../../shared/import';

describe('splitName', () => {
  it.each([
    ['Pieter van der Merwe', 'Pieter', 'van der Merwe'],
    ['Anna de la Cruz', 'Anna', 'de la Cruz'],
    ['Jean-Luc du Plessis', 'Jean-Luc', 'du Plessis'],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['Maria da Silva', 'Maria', 'da Silva'],
    ['Leonardo di Caprio', 'Leonardo', 'di Caprio'],
    ['Ursula von der Leyen', 'Ursula', 'von der Leyen'],
    ['Marine le Pen', 'Marine', 'le Pen'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Martin Luther King Jr.', 'Martin Luther', 'King Jr.'],
    ['  Thandi   Nkosi ', 'Thandi', 'Nkosi'],
    ['Merwe, Pieter van der', 'Pieter', 'van der Merwe'],
    ['Smith, John', 'John', 'Smith'],
    ['Cher', 'Cher', ''],
    ['mcDonald ronald', 'mcDonald', 'ronald'],
  ])('%s → %s / %s', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });
});

describe('dates', () => {
  it('tells day-first from month-first by a part over 12', () => {
    expect(detectDateOrder(['01/02/2020', '25/12/1990'])).toBe('dmy');
    expect(detectDateOrder(['01/02/2020', '12/25/1990'])).toBe('mdy');
    expect(detectDateOrder(['01/02/2020', '11/12/1985'])).toBeUndefined();
    expect(detectDateOrder(['13/01/2020', '01/13/2020'])).toBe('mixed');
    expect(detectDateOrder(['2020-01-13', ''])).toBeUndefined();
  });

  it('reads each form, and --MM-DD for a birthday without a year', () => {
    expect(readDate('03/04/2025', 'dmy')).toBe('2025-04-03');
    expect(readDate('03/04/2025', 'mdy')).toBe('2025-03-04');
    expect(readDate('25/03/04', 'ymd')).toBe('2025-03-04');
    expect(readDate('2025-03-04 10:32:11 +0200', 'mdy')).toBe('2025-03-04');
    expect(readDate('--03-14', 'dmy')).toBe('--03-14');
    expect(readDate('0000-03-14', 'dmy')).toBe('--03-14');
    expect(readDate('12/09', 'mdy')).toBe('--12-09');
    expect(readDate('12/09', 'dmy')).toBe('--09-12');
    expect(readDate('--02-29', 'dmy')).toBe('--02-29');
    expect(readDate('--02-30', 'dmy')).toBeUndefined();
    expect(readDate('31/02/2026', 'dmy')).toBeUndefined();
    expect(readDate('3 Apr 2025', 'mdy')).toBe('2025-04-03');
    expect(readDate('April 3, 2025', 'dmy')).toBe('2025-04-03');
  });

  it("falls back on the country's custom", () => {
    expect(countryDateOrder('US')).toBe('mdy');
    expect(countryDateOrder('ZA')).toBe('dmy');
    expect(countryDateOrder('JP')).toBe('ymd');
  });
});

describe('consent, tags, addresses', () => {
  it('reads the consent words of each tool', () => {
    expect(['yes', 'TRUE', 'subscribed', 'opted in'].map(readConsent)).toEqual([true, true, true, true]);
    expect(['no', 'false', 'unsubscribed', 'cleaned', 'non-subscribed'].map(readConsent)).toEqual([false, false, false, false, false]);
    expect(['', 'pending', 'maybe'].map(readConsent)).toEqual([undefined, undefined, undefined]);
  });

  it("drops Google's system groups and Mailchimp's quotes", () => {
    expect(readTags('* myContacts ::: * starred ::: Friends ::: Cyclists')).toBe('Friends, Cyclists');
    expect(readTags('"Newsletter","Events"')).toBe('Newsletter, Events');
    expect(readTags('VIP, Wholesale, VIP')).toBe('VIP, Wholesale');
  });

  it("splits Mailchimp's double-spaced address with and without a second line", () => {
    expect(splitAddress('123 Main St  Apt 4  Springfield  IL  62701  US')).toEqual({ street: '123 Main St, Apt 4', city: 'Springfield', region: 'IL', postcode: '62701', country: 'US' });
    expect(splitAddress('8 Oxford Rd  Johannesburg  GP  2196  ZA')).toEqual({ street: '8 Oxford Rd', city: 'Johannesburg', region: 'GP', postcode: '2196', country: 'ZA' });
    expect(splitAddress('just a street')).toEqual({ street: 'just a street', city: '', region: '', postcode: '', country: '' });
  });
});
