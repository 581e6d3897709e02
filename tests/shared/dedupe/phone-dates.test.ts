import { describe, expect, it } from 'vitest';
import { dedupe, e164Phone, parseDate, phoneCountry } from '../../../shared/dedupe';
import { digitTypos } from '../../../shared/dedupe/fields';

describe('phones to E.164', () => {
  it('reads South African numbers written every way with the business country', () => {
    for (const raw of ['082 123 4567', '0821234567', '(082) 123-4567', '+27 82 123 4567', '27821234567', '0027821234567']) {
      expect(e164Phone(raw, 'ZA')).toBe('+27821234567');
    }
    expect(e164Phone('021 555 0101', 'ZA')).toBe('+27215550101');
    expect(e164Phone('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(e164Phone('12', 'ZA')).toBe('');
  });

  it('infers the country from +CC numbers when none is given', () => {
    expect(phoneCountry('+27 82 123 4567')).toBe('ZA');
    const records = [
      { id: 'a', fields: { first_name: 'Sipho', last_name: 'Nkosi', phone: '+27 82 123 4567' } },
      { id: 'b', fields: { first_name: 'Sipho', last_name: 'Nkosi', phone: '082 123 4567' } },
      { id: 'c', fields: { first_name: 'Anna', last_name: 'Botha', phone: '+27 21 555 0101' } },
    ];
    expect(dedupe(records).stats.country).toBe('ZA');
  });
});

describe('dates', () => {
  it('parses ISO, compact, day-first, month names and Afrikaans months', () => {
    expect(parseDate('1980-04-03')?.ymd).toBe('19800403');
    expect(parseDate('19800403')?.ymd).toBe('19800403');
    expect(parseDate('03/04/1980')).toMatchObject({ ymd: '19800403', ambiguous: true });
    expect(parseDate('03/04/1980', true)?.ymd).toBe('19800304');
    expect(parseDate('25/12/1980')).toMatchObject({ ymd: '19801225', ambiguous: false });
    expect(parseDate('12/25/1980')?.ymd).toBe('19801225');
    expect(parseDate('3 Apr 1980')?.ymd).toBe('19800403');
    expect(parseDate('April 3, 1980')?.ymd).toBe('19800403');
    expect(parseDate('3 Maart 1980')?.ymd).toBe('19800303');
    expect(parseDate('yesterday')).toBeNull();
  });

  it('counts digit typos with an adjacent swap as one', () => {
    expect(digitTypos('19800403', '19800403')).toBe(0);
    expect(digitTypos('19800403', '19800430')).toBe(1);
    expect(digitTypos('19800403', '19810403')).toBe(1);
    expect(digitTypos('19800403', '19810503')).toBe(2);
    expect(digitTypos('19800403', '19910503')).toBe(3);
  });

  it('treats a day-month swap as a near match, not a different person', () => {
    const records = [
      { id: 'a', fields: { first_name: 'Lerato', last_name: 'Molefe', birth_date: '04/11/1990', email: 'lerato@x.example' } },
      { id: 'b', fields: { first_name: 'Lerato', last_name: 'Molefe', birth_date: '11/04/1990', email: 'lerato@x.example' } },
      { id: 'c', fields: { first_name: 'Pieter', last_name: 'Nel', birth_date: '1970-01-01', email: 'pieter@y.example' } },
    ];
    const r = dedupe(records);
    expect(r.clusters.map((c) => c.memberIds)).toEqual([['a', 'b'], ['c']]);
  });
});
