// Calendar arithmetic on day numbers (whole days since 1970-01-01, proleptic Gregorian), without Date, so it is
// exact, fast and the same in Apps Script, Node and the browser.

/** The day number of a calendar date (Hinnant's days_from_civil); the caller passes a real date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** A calendar date as numbers (month 1–12). */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date of a day number (Hinnant's civil_from_days). */
export function civilFromDays(dayNo: number): CivilDate {
  const z = dayNo + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True for a leap year of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year, month and day name a real calendar date (whole numbers, 31 April and 29 February 2023 are not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** YYYY-MM-DD of a calendar date given as numbers (the caller passes a real date). */
export function isoFromParts(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The ISO date (YYYY-MM-DD) of a day number. */
export function isoFromDay(dayNo: number): string {
  const c = civilFromDays(dayNo);
  return isoFromParts(c.year, c.month, c.day);
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The day number of an ISO date, or of the date part of an ISO date-time ("2025-03-01", "2025-03-01T09:30Z",
 * "2025-03-01 09:30"); undefined when the text does not start with a real YYYY-MM-DD date.
 */
export function dayNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  if (text.length > 10 && text[10] !== 'T' && text[10] !== ' ') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || !isRealDate(year, month, day)) return undefined;
  return daysFromCivil(year, month, day);
}

/** The ISO date `days` after `iso` (before, when negative); throws when `iso` is not a date, a caller's bug. */
export function addDays(iso: string, days: number): string {
  const day = dayNumber(iso);
  if (day === undefined) throw new RangeError('addDays needs an ISO date');
  return isoFromDay(day + days);
}

/** The same calendar day `months` later (earlier when negative); the 31st becomes the month's last day. */
export function addMonths(iso: string, months: number): string {
  const day = dayNumber(iso);
  if (day === undefined) throw new RangeError('addMonths needs an ISO date');
  const c = civilFromDays(day);
  const index = c.year * 12 + c.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return isoFromParts(year, month, Math.min(c.day, daysInMonth(year, month)));
}

/** The month index of a day number: year × 12 + month − 1, so consecutive months differ by one. */
export function monthIndexOfDay(dayNo: number): number {
  const c = civilFromDays(dayNo);
  return c.year * 12 + c.month - 1;
}

/** The weekday of a day number: 0 Monday … 6 Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNo: number): number {
  return (((dayNo + 3) % 7) + 7) % 7;
}

/**
 * The date an annual event (a birthday, an anniversary: YYYY-MM-DD or --MM-DD) falls on in `year`:
 * 29 February becomes 28 February in a common year.
 */
export function annualDate(iso: string, year: number): string {
  const md = iso.startsWith('--') ? iso.slice(2, 7) : iso.slice(5, 10);
  if (md === '02-29' && !isLeapYear(year)) return `${pad(year, 4)}-02-28`;
  return `${pad(year, 4)}-${md}`;
}
