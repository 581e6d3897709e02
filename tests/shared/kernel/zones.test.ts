import { describe, expect, it } from 'vitest';
import { isTimeZone, localDateOf, localDateTime, localDayNumber, localHourOf, offsetMinutes, toLocal, dayNumber } from '../../../shared/kernel';

const at = (iso: string): number => Date.parse(iso);

describe('time zones', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Africa/Johannesburg')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('  ')).toBe(false);
  });

  // UK clocks went forward at 01:00 UTC on 30 March 2025 (GMT → BST) and back at 01:00 UTC on 26 October 2025.
  it('follows Europe/London across both 2025 transitions', () => {
    expect(localDateTime(at('2025-03-30T00:59Z'), 'Europe/London')).toBe('2025-03-30T00:59');
    expect(localDateTime(at('2025-03-30T01:00Z'), 'Europe/London')).toBe('2025-03-30T02:00');
    expect(offsetMinutes(at('2025-03-30T00:45Z'), 'Europe/London')).toBe(0);
    expect(offsetMinutes(at('2025-03-30T01:00Z'), 'Europe/London')).toBe(60);
    expect(localDateTime(at('2025-10-26T00:59Z'), 'Europe/London')).toBe('2025-10-26T01:59');
    expect(localDateTime(at('2025-10-26T01:00Z'), 'Europe/London')).toBe('2025-10-26T01:00');
    expect(localHourOf(at('2025-07-01T23:30Z'), 'Europe/London')).toBe(0);
    expect(localDateOf(at('2025-07-01T23:30Z'), 'Europe/London')).toBe('2025-07-02');
    expect(localDateOf(at('2025-12-01T23:30Z'), 'Europe/London')).toBe('2025-12-01');
  });

  // Brazil's last summer time: from 00:00 local on 4 November 2018 (−03 → −02) to 00:00 local on 17 February 2019
  // (−02 → −03, so 23:00–23:59 on 16 February came twice); none since.
  it('follows America/Sao_Paulo across its last summer time', () => {
    expect(localDateTime(at('2018-11-04T02:59Z'), 'America/Sao_Paulo')).toBe('2018-11-03T23:59');
    expect(localDateTime(at('2018-11-04T03:00Z'), 'America/Sao_Paulo')).toBe('2018-11-04T01:00');
    expect(localDateTime(at('2019-02-17T01:59Z'), 'America/Sao_Paulo')).toBe('2019-02-16T23:59');
    expect(localDateTime(at('2019-02-17T02:00Z'), 'America/Sao_Paulo')).toBe('2019-02-16T23:00');
    expect(offsetMinutes(at('2025-01-15T12:00Z'), 'America/Sao_Paulo')).toBe(-180);
    expect(localDateOf(at('2025-01-16T02:30Z'), 'America/Sao_Paulo')).toBe('2025-01-15');
    expect(localHourOf(at('2025-01-16T02:30Z'), 'America/Sao_Paulo')).toBe(23);
  });

  it('reads a zoned value in the business zone and keeps a wall-clock one as written', () => {
    expect(toLocal('2025-01-01T22:30:00Z', 'Africa/Johannesburg')).toEqual({ date: '2025-01-02', time: '00:30' });
    expect(toLocal('2025-01-01T02:00:00+02:00', 'UTC')).toEqual({ date: '2025-01-01', time: '00:00' });
    expect(toLocal('2025-01-01T01:00:00+0200', 'UTC')).toEqual({ date: '2024-12-31', time: '23:00' });
    expect(toLocal('2025-01-01T22:30:00', 'Africa/Johannesburg')).toEqual({ date: '2025-01-01', time: '22:30' });
    expect(toLocal('2025-01-01 22:30', 'Africa/Johannesburg')).toEqual({ date: '2025-01-01', time: '22:30' });
    expect(toLocal('2025-01-01', 'Africa/Johannesburg')).toEqual({ date: '2025-01-01', time: '' });
    expect(toLocal('2025-02-30', 'UTC')).toBeUndefined();
    expect(toLocal('', 'UTC')).toBeUndefined();
    expect(toLocal(undefined, 'UTC')).toBeUndefined();
    expect(localDayNumber('2025-01-01T22:30:00Z', 'Africa/Johannesburg')).toBe(dayNumber('2025-01-02'));
  });

  it('reads an unknown zone as UTC rather than failing a read (businessClock is where it is refused)', () => {
    expect(localDateTime(at('2024-01-23T06:30:00Z'), 'Not/AZone')).toBe('2024-01-23T06:30');
  });
});
