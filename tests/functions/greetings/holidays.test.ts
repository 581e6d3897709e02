import { describe, expect, it } from 'vitest';
import { holidaysFor } from '../../../functions/greetings/holidays';
import { holidayMatches } from '../../../shared/greetings';

describe('holidays of the business country (date-holidays)', () => {
  it('gives South Africa\'s published 2026 days with campaign codes', () => {
    const za = holidaysFor('ZA', [2026]);
    const find = (code: string) => za.filter((h) => h.code === code).map((h) => h.date);
    expect(find('christmas-day')).toEqual(['2026-12-25']);
    expect(find('freedom-day')).toEqual(['2026-04-27']);
    expect(find('heritage-day')).toEqual(['2026-09-24']);
    // Easter 2026 is on 5 April, so Good Friday is the 3rd; Mother's Day is the second Sunday of May.
    expect(find('good-friday')).toEqual(['2026-04-03']);
    expect(find('mothers-day')).toEqual(['2026-05-10']);
    expect(za.every((h) => /^\d{4}-\d{2}-\d{2}$/.test(h.date))).toBe(true);
  });

  it('a campaign code matches by leading words; no country gives no holidays', () => {
    const de = holidaysFor('DE', [2026]);
    const christmas = de.filter((h) => holidayMatches('christmas', h)).map((h) => h.date);
    expect(christmas).toContain('2026-12-25');
    expect(holidaysFor('', [2026])).toEqual([]);
  });
});
