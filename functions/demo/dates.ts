/** Date arithmetic on ISO YYYY-MM-DD strings, in UTC so the result never depends on the machine's zone. */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** The ISO date of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

/** An ISO date-time on a day at a given minute of the day (UTC, as the sheet stores it). */
export function dateTimeOf(day: number, minute: number): string {
  return new Date(day * DAY_MS + minute * 60_000).toISOString().replace('.000Z', 'Z');
}

/** Month 1–12 of a day number. */
export function monthOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth() + 1;
}

/** True for a real calendar date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** YYYY-MM-DD from parts (callers pass a real date). */
export function isoFromParts(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}
