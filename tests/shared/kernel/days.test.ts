import { describe, expect, it } from 'vitest';
import { addDays, addMonths, annualDate, civilFromDays, dayNumber, daysFromCivil, daysInMonth, isLeapYear, isoFromDay, isRealDate, monthIndexOfDay, weekdayOfDay } from '../../../shared/kernel';

// Day numbers computed apart from this code (Python: (date(y, m, d) - date(1970, 1, 1)).days); 2000-03-01 = 11017
// is the example in Hinnant's "chrono-Compatible Low-Level Date Algorithms".
const KNOWN: [string, number][] = [
  ['1970-01-01', 0],
  ['1969-12-31', -1],
  ['2000-02-29', 11016],
  ['2000-03-01', 11017],
  ['1900-03-01', -25508],
  ['2024-12-31', 20088],
  ['1600-02-29', -135081],
  ['9999-12-31', 2932896],
];

describe('day numbers', () => {
  it('match published and independently computed values both ways', () => {
    for (const [iso, n] of KNOWN) {
      expect(dayNumber(iso)).toBe(n);
      expect(isoFromDay(n)).toBe(iso);
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      expect(daysFromCivil(y, m, d)).toBe(n);
      expect(civilFromDays(n)).toEqual({ year: y, month: m, day: d });
    }
  });

  it('read the date part of a date-time, with T or a space', () => {
    expect(dayNumber('2000-03-01T23:59:59Z')).toBe(11017);
    expect(dayNumber('2000-03-01 08:00')).toBe(11017);
  });

  it('are undefined for text that is not a real date', () => {
    for (const bad of ['', '2023-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '2024-01-00', '20240101', '2024/01/01', '2024-1-01', '2024-01-01x', 'abcd-ef-gh', '２０２４-01-01']) {
      expect(dayNumber(bad), bad).toBeUndefined();
    }
    expect(dayNumber(undefined)).toBeUndefined();
  });

  it('walk across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2000-03-01', -1)).toBe('2000-02-29');
    expect(addDays('2025-01-01', -365)).toBe('2024-01-02');
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });
});

describe('calendar rules', () => {
  it('knows the Gregorian leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect([1, 4, 6, 9, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([31, 30, 30, 30, 30, 31]);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(2024, 4, 31)).toBe(false);
    expect(isRealDate(2024, 1.5, 1)).toBe(false);
  });

  it('moves a 29 February birthday to 28 February in a common year only', () => {
    expect(annualDate('2000-02-29', 2023)).toBe('2023-02-28');
    expect(annualDate('2000-02-29', 2024)).toBe('2024-02-29');
    expect(annualDate('--02-29', 2025)).toBe('2025-02-28');
    expect(annualDate('1990-07-14', 2026)).toBe('2026-07-14');
    expect(annualDate('--12-25', 2026)).toBe('2026-12-25');
  });

  it('numbers months and weekdays', () => {
    expect(monthIndexOfDay(dayNumber('2025-03-31')!)).toBe(2025 * 12 + 2);
    expect(monthIndexOfDay(dayNumber('2025-04-01')!) - monthIndexOfDay(dayNumber('2025-03-31')!)).toBe(1);
    // 1970-01-01 was a Thursday; 2026-12-06 is a Sunday.
    expect(weekdayOfDay(0)).toBe(3);
    expect(weekdayOfDay(dayNumber('2026-12-06')!)).toBe(6);
    expect(weekdayOfDay(-1)).toBe(2);
  });
});

describe('addMonths', () => {
  it('keeps the day of the month, or the month’s last day when it is shorter', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-06-10', 0)).toBe('2025-06-10');
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
  });
});
