/** Calendar periods the rates and cohorts are grouped by. */
export type Period = 'month' | 'quarter' | 'year';

/** A day as a whole number of days since 1970-01-01, with its month index (year × 12 + month − 1). */
export interface DayRef {
  day: number;
  month: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil: pure arithmetic, no Date). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The ISO date (YYYY-MM-DD) of a day number: the same day numbers as the CLV summary. */
export { isoFromDay } from '../clv/days';

/** Reads the leading YYYY-MM-DD of a date or date-time string; undefined when it is not a real date. */
export function parseDay(text: string | undefined): DayRef | undefined {
  if (text === undefined || text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { day: daysFromCivil(year, month, day), month: year * 12 + month - 1 };
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The business-local day of a date or date-time: a date-time with a zone (Z or ±hh:mm) is moved into `timeZone`,
 * a plain date or a zone-less date-time is already local.
 */
export function localDay(text: string | undefined, timeZone: string): DayRef | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/[T ]\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) return parseDay(trimmed);
  const instant = Date.parse(trimmed.replace(' ', 'T'));
  if (Number.isNaN(instant)) return parseDay(trimmed);
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return parseDay(`${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`);
}

/** The period index of a month index: months, quarters (year × 4 + q) or years. */
export function periodOfMonth(month: number, period: Period): number {
  return period === 'month' ? month : period === 'quarter' ? Math.floor(month / 3) : Math.floor(month / 12);
}

/** A period's label: 2025-03, 2025-Q1 or 2025. */
export function periodLabel(index: number, period: Period): string {
  if (period === 'year') return pad(index, 4);
  if (period === 'quarter') return `${pad(Math.floor(index / 4), 4)}-Q${(index % 4) + 1}`;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** The ISO date a period starts on. */
export function periodStart(index: number, period: Period): string {
  const month = period === 'month' ? index : period === 'quarter' ? index * 3 : index * 12;
  return `${pad(Math.floor(month / 12), 4)}-${pad((month % 12) + 1)}-01`;
}
