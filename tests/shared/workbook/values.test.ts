import { describe, expect, it } from 'vitest';
import { isEmail, isoDate, parseBoolean, parseDate, parseDateTime, parseNumber } from '../../../shared/workbook';

describe('parseDate', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2024-2-9', '2024-02-09'],
    ['2024-03-05T10:00:00Z', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['5.3.2024', '2024-03-05'],
    ['25/12/99', '1999-12-25'],
    ['3 Apr 2025', '2025-04-03'],
    ['April 3, 2025', '2025-04-03'],
  ])('reads %j as %s (day first)', (input, expected) => {
    expect(parseDate(input)).toEqual({ ok: true, value: expected });
  });

  it('reads month first when asked, but a first part over 12 is always a day', () => {
    expect(parseDate('05/03/2024', 'mdy')).toEqual({ ok: true, value: '2024-05-03' });
    expect(parseDate('25/03/2024', 'mdy')).toEqual({ ok: true, value: '2024-03-25' });
    expect(parseDate('03/25/2024', 'dmy')).toEqual({ ok: true, value: '2024-03-25' });
  });

  it('reads spreadsheet serial numbers (45356 is 2024-03-05)', () => {
    expect(parseDate(45356)).toEqual({ ok: true, value: '2024-03-05' });
  });

  it.each(['2023-02-29', '31/04/2024', 'yesterday', '2024-13-01', true])('rejects %j', (input) => {
    expect(parseDate(input)).toEqual({ ok: false, fault: 'not_a_date' });
  });

  it('treats blanks as unknown', () => {
    expect(parseDate(null)).toEqual({ ok: true, value: undefined });
    expect(parseDate('  ')).toEqual({ ok: true, value: undefined });
  });

  it('keeps date-times', () => {
    expect(parseDateTime('2024-03-05 10:15:00')).toEqual({ ok: true, value: '2024-03-05T10:15:00' });
    expect(parseDateTime('2024-03-05')).toEqual({ ok: true, value: '2024-03-05' });
    // A typed day-first date with a wall-clock time, as people enter appointments.
    expect(parseDateTime('24/11/2026 09:30')).toEqual({ ok: true, value: '2026-11-24T09:30:00' });
    expect(parseDateTime('11/24/2026 9:05:07', 'mdy')).toEqual({ ok: true, value: '2026-11-24T09:05:07' });
    expect(parseDateTime('24/11/2026 25:00').ok).toBe(false);
    expect(parseDateTime('31/02/2026 09:30').ok).toBe(false);
  });

  it('knows leap years', () => {
    expect(isoDate(2000, 2, 29)).toBe('2000-02-29');
    expect(isoDate(1900, 2, 29)).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it.each([
    ['1,234.50', 1234.5],
    ['R 99', 99],
    ['€12', 12],
    ['12,5', 12.5],
    ['-3', -3],
    [' 7 ', 7],
    [42, 42],
    ['1e3', 1000],
  ])('reads %j as %d', (input, expected) => {
    expect(parseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['12abc', 'N/A', true, '1.2.3'])('rejects %j', (input) => {
    expect(parseNumber(input)).toEqual({ ok: false, fault: 'not_a_number' });
  });
});

describe('parseBoolean', () => {
  it.each([['yes', true], ['Y', true], ['TRUE', true], ['1', true], [1, true], [true, true], ['no', false], ['0', false], [false, false]])(
    'reads %j as %s',
    (input, expected) => {
      expect(parseBoolean(input)).toEqual({ ok: true, value: expected });
    },
  );

  it('rejects maybe and leaves blank unknown', () => {
    expect(parseBoolean('maybe')).toEqual({ ok: false, fault: 'not_a_boolean' });
    expect(parseBoolean('')).toEqual({ ok: true, value: undefined });
  });
});

describe('isEmail', () => {
  it('accepts ordinary addresses and rejects broken ones', () => {
    expect(isEmail('thandi.m@example.co.za')).toBe(true);
    expect(isEmail('a@b')).toBe(false);
    expect(isEmail('a b@c.com')).toBe(false);
    expect(isEmail('a@@c.com')).toBe(false);
  });
});
