import Holidays from 'date-holidays';
import { slug, type Holiday } from '../../shared/greetings';

/**
 * The holidays of one country (ISO code) in these years, from the maintained date-holidays tables:
 * public holidays and observances (Mother's Day, Valentine's Day…), named in English, each with the code a
 * campaign uses (`holiday:christmas-day`). No country gives no holidays. Only this country's table is
 * turned into data, so the add-on can be handed a small generated list rather than the whole library.
 */
export function holidaysFor(country: string, years: readonly number[]): Holiday[] {
  if (!/^[A-Z]{2}$/.test(country)) return [];
  const calendar = new Holidays(country, { languages: ['en'] });
  const out: Holiday[] = [];
  const seen = new Set<string>();
  for (const year of years) {
    const list = calendar.getHolidays(year, 'en') as { date: string; name: string; type: string }[] | undefined;
    for (const h of list ?? []) {
      if (h.type === 'school') continue;
      const day = h.date.slice(0, 10);
      const code = slug(h.name);
      if (seen.has(`${day}|${code}`)) continue;
      seen.add(`${day}|${code}`);
      out.push({ date: day, code, name: h.name });
    }
  }
  return out;
}

/** The years around a date that a run may need (offsets reach back and forward, late messages are carried). */
export function yearsAround(date: string): number[] {
  const y = Number(date.slice(0, 4));
  return [y - 1, y, y + 1];
}
