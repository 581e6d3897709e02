// Dates read in the file's own order: day-first or month-first told apart per column from its values.
import { isoDate } from '../workbook';
import type { DateOrder } from './types';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Numeric parts of a d/m/y-like date ("03/04/2025", "3.4.25", "03-04"); undefined for other forms. */
function numericParts(text: string): number[] | undefined {
  const m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)?$/.exec(text.trim());
  if (!m) return undefined;
  return m[3] === undefined ? [+m[1]!, +m[2]!] : [+m[1]!, +m[2]!, +m[3], m[3].length];
}

/**
 * What a column's values say about its order: 'dmy' when some first part is over 12, 'mdy' when some second
 * part is, undefined when none tells (every value fits both), 'mixed' when both happen.
 */
export function detectDateOrder(values: Iterable<string>): 'dmy' | 'mdy' | 'mixed' | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    const p = numericParts(v);
    if (!p) continue;
    if (p[0]! > 12 && p[1]! <= 12) dayFirst = true;
    if (p[1]! > 12 && p[0]! <= 12) monthFirst = true;
  }
  return dayFirst && monthFirst ? 'mixed' : dayFirst ? 'dmy' : monthFirst ? 'mdy' : undefined;
}

/** True when a value reads differently day first and month first (03/04/2025, 03/04): only then must a person say which. */
export function dependsOnOrder(text: string): boolean {
  const p = numericParts(text);
  return p !== undefined && p[0]! <= 12 && p[1]! <= 12 && p[0] !== p[1];
}

/** The order a country writes dates in (US-style month first; East Asian year first; most others day first). */
export function countryDateOrder(country: string): DateOrder {
  const c = country.toUpperCase();
  if (['US', 'PH', 'FM', 'PW', 'MH', 'BZ'].includes(c)) return 'mdy';
  if (['CN', 'JP', 'KR', 'TW', 'HU', 'LT', 'MN', 'IR'].includes(c)) return 'ymd';
  return 'dmy';
}

function expandYear(year: number, digits: number): number {
  return digits === 4 ? year : year >= 70 ? 1900 + year : 2000 + year;
}

/**
 * Reads a date cell: ISO (with or without time), `--MM-DD` / `0000-MM-DD` (no year → `--MM-DD`), numeric dates in
 * `order` (two parts = a yearless day and month), "3 Apr 2025" / "April 3, 2025"; undefined when it is not a date.
 */
export function readDate(text: string, order: DateOrder): string | undefined {
  const t = text.trim();
  let m = /^--(\d{2})-?(\d{2})$/.exec(t) ?? /^0000-(\d{2})-(\d{2})$/.exec(t);
  if (m) return yearless(+m[1]!, +m[2]!);
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(t);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  const p = numericParts(t);
  if (p) {
    const [a, b, c, digits] = p as [number, number, number | undefined, number | undefined];
    if (c === undefined) return order === 'mdy' || order === 'ymd' ? yearless(a, b) : yearless(b, a);
    if (order === 'ymd') return isoDate(expandYear(a, 2), b, c);
    const y = expandYear(c, digits ?? 4);
    return order === 'mdy' ? isoDate(y, a, b) : isoDate(y, b, a);
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})$/.exec(t);
  if (m) return isoDate(+m[3]!, MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1, +m[1]!);
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(t);
  if (m) return isoDate(+m[3]!, MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1, +m[2]!);
  return undefined;
}

/** `--MM-DD` for a real day of a month (Feb 29 allowed). */
function yearless(month: number, day: number): string | undefined {
  return isoDate(2000, month, day) === undefined ? undefined : `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
