import { describe, expect, it } from 'vitest';
import { datePattern, formatDate, formatStamp, localStamp, parseCardDate } from '../../../shared/customers';

describe('parseCardDate', () => {
  it('reads dates strictly in the business order, and unambiguous forms whatever the order', () => {
    expect(parseCardDate('31/01/2026', 'dmy')).toEqual({ ok: true, value: '2026-01-31' });
    expect(parseCardDate('01/31/2026', 'mdy')).toEqual({ ok: true, value: '2026-01-31' });
    expect(parseCardDate('3.4.2026', 'dmy')).toEqual({ ok: true, value: '2026-04-03' });
    expect(parseCardDate('3/4/26', 'mdy')).toEqual({ ok: true, value: '2026-03-04' });
    expect(parseCardDate('2026-01-31', 'mdy')).toEqual({ ok: true, value: '2026-01-31' });
    expect(parseCardDate('31 Jan 2026', 'mdy')).toEqual({ ok: true, value: '2026-01-31' });
    expect(parseCardDate('29/02/2028', 'dmy')).toEqual({ ok: true, value: '2028-02-29' });
    expect(parseCardDate('  ', 'dmy')).toEqual({ ok: true, value: null });
  });

  it('refuses every impossible or ambiguous form (the trial user typed some of these)', () => {
    const bad = ['31/02/2026', '02/31/2026', '2026-13-01', '00/01/2026', '29/02/2027', '1/1/20266', 'abc', '31/13/2026', '12/31/2026', '32/01/2026', '2026-02-30', '31-02-2026', '45000', '1/1', '--02-30', '31/01/2026 extra'];
    for (const text of bad) expect(parseCardDate(text, 'dmy'), text).toEqual({ ok: false });
    // Day-first text in a month-first business is refused too, rather than read the other way round.
    expect(parseCardDate('31/01/2026', 'mdy')).toEqual({ ok: false });
  });

  it('keeps a birthday without its year as --MM-DD when asked, leap day included', () => {
    expect(parseCardDate('14/03', 'dmy', true)).toEqual({ ok: true, value: '--03-14' });
    expect(parseCardDate('02/29', 'mdy', true)).toEqual({ ok: true, value: '--02-29' });
    expect(parseCardDate('--03-14', 'dmy', true)).toEqual({ ok: true, value: '--03-14' });
    expect(parseCardDate('31/04', 'dmy', true)).toEqual({ ok: false });
    expect(parseCardDate('14/03', 'dmy')).toEqual({ ok: false });
  });
});

describe('showing dates and times', () => {
  it('writes dates in the business order with the matching placeholder', () => {
    expect(datePattern('dmy')).toBe('DD/MM/YYYY');
    expect(datePattern('mdy')).toBe('MM/DD/YYYY');
    expect(formatDate('2026-01-31', 'dmy')).toBe('31/01/2026');
    expect(formatDate('2026-01-31', 'mdy')).toBe('01/31/2026');
    expect(formatDate('--03-14', 'dmy')).toBe('14/03');
  });

  it('moves zoned date-times into the business time zone and leaves wall-clock ones alone', () => {
    // 06:30 UTC is 08:30 in Johannesburg (UTC+2, no daylight saving).
    expect(localStamp('2024-01-23T06:30:00Z', 'Africa/Johannesburg')).toBe('2024-01-23T08:30');
    // 23:30 UTC on 31 Dec is already 1 January in Auckland (UTC+13 in summer).
    expect(localStamp('2025-12-31T23:30:00Z', 'Pacific/Auckland')).toBe('2026-01-01T12:30');
    expect(localStamp('2024-01-23T09:15:00', 'Pacific/Auckland')).toBe('2024-01-23T09:15');
    expect(localStamp('2024-01-23', 'Pacific/Auckland')).toBe('2024-01-23');
    expect(localStamp('2024-01-23T06:30:00Z', 'Not/AZone')).toBe('2024-01-23T06:30');
    expect(localStamp('soon', 'UTC')).toBeUndefined();
    expect(formatStamp('2024-01-23T08:30', 'dmy')).toBe('23/01/2024 08:30');
    expect(formatStamp('2024-01-23', 'mdy')).toBe('01/23/2024');
  });
});
