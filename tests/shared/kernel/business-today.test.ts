import { describe, expect, it } from 'vitest';
import { BAD_TIME_ZONE_MESSAGE, businessClock } from '../../../shared/kernel';

// 22:30 UTC on 31 December 2025 is already 00:30 on 1 January 2026 in Johannesburg (UTC+2, no summer time).
const NOW = '2025-12-31T22:30:00Z';

describe('the business today', () => {
  it('is read in the zone Settings names', () => {
    expect(businessClock(NOW, 'Africa/Johannesburg')).toEqual({ ok: true, value: { zone: 'Africa/Johannesburg', today: '2026-01-01', day: 20454, hour: 0 } });
    expect(businessClock(Date.parse(NOW), 'UTC')).toEqual({ ok: true, value: { zone: 'UTC', today: '2025-12-31', day: 20453, hour: 22 } });
  });

  it('ignores spaces around the name', () => {
    const clock = businessClock(NOW, ' Africa/Johannesburg ');
    expect(clock.ok && clock.value.zone).toBe('Africa/Johannesburg');
  });

  it('refuses a name that is not a zone, at Settings time_zone, in the sender’s words', () => {
    expect(businessClock(NOW, 'Mars/Olympus', 'Africa/Johannesburg')).toEqual({
      ok: false,
      issues: [{ path: ['Settings', 'time_zone'], code: 'bad_time_zone', message: BAD_TIME_ZONE_MESSAGE }],
    });
    expect(BAD_TIME_ZONE_MESSAGE).toContain('Settings time_zone');
  });

  it('uses the spreadsheet’s own zone when Settings is blank, and says so', () => {
    const clock = businessClock(NOW, '', 'Africa/Johannesburg');
    expect(clock.ok && clock.value.today).toBe('2026-01-01');
    expect(clock.ok && clock.notes).toEqual(["Settings time_zone is blank, so dates are in the spreadsheet's time zone, Africa/Johannesburg."]);
  });

  it('falls back to UTC with a note when neither Settings nor the host names a usable zone', () => {
    for (const host of [undefined, '', 'Not/AZone']) {
      const clock = businessClock(NOW, undefined, host);
      expect(clock.ok && clock.value).toEqual({ zone: 'UTC', today: '2025-12-31', day: 20453, hour: 22 });
      expect(clock.ok && clock.notes?.[0]).toMatch(/^Settings time_zone is blank, so dates are in UTC/);
    }
  });

  it('treats an instant that is not one as a caller bug', () => {
    expect(() => businessClock('yesterday', 'UTC')).toThrow(RangeError);
  });
});

describe('the business today of a plain date', () => {
  it('is that day as written, whatever the zone, and the zone is still checked', () => {
    expect(businessClock('2026-01-01', 'America/Sao_Paulo')).toEqual({ ok: true, value: { zone: 'America/Sao_Paulo', today: '2026-01-01', day: 20454, hour: 0 } });
    expect(businessClock('2026-01-01', 'Mars/Olympus').ok).toBe(false);
  });
});

describe('the host zone', () => {
  it('is asked only when Settings is blank', () => {
    let asked = 0;
    const host = (): string => {
      asked++;
      return 'Africa/Johannesburg';
    };
    expect(businessClock(NOW, 'UTC', host).ok).toBe(true);
    expect(businessClock(NOW, 'Mars/Olympus', host).ok).toBe(false);
    expect(asked).toBe(0);
    const clock = businessClock(NOW, '', host);
    expect(clock.ok && clock.value.zone).toBe('Africa/Johannesburg');
    expect(asked).toBe(1);
  });
});
