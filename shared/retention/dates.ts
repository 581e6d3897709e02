import { dayNumber, localDayNumber, monthIndexOfDay } from '../kernel';

/** Calendar periods the rates and cohorts are grouped by. */
export type Period = 'month' | 'quarter' | 'year';

/** A day as a whole number of days since 1970-01-01, with its month index (year × 12 + month − 1). */
export interface DayRef {
  day: number;
  month: number;
}

/** Reads the leading YYYY-MM-DD of a date or date-time string; undefined when it is not a real date. */
export function parseDay(text: string | undefined): DayRef | undefined {
  return refOf(dayNumber(text));
}

/**
 * The business-local day of a date or date-time: a date-time with a zone (Z or ±hh:mm) is moved into `timeZone`,
 * a plain date or a zone-less date-time is already local.
 */
export function localDay(text: string | undefined, timeZone: string): DayRef | undefined {
  return refOf(localDayNumber(text, timeZone));
}

function refOf(day: number | undefined): DayRef | undefined {
  return day === undefined ? undefined : { day, month: monthIndexOfDay(day) };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

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
