import { isRealDate } from '../kernel';
import type { CellValue } from './cell';

/** A reason a cell could not be read as its column's type; user messages are rendered from it. */
export type CellFault = 'not_a_number' | 'not_a_date' | 'not_a_boolean' | 'not_a_choice' | 'not_an_email' | 'required';

export type Parsed<T> = { ok: true; value: T } | { ok: false; fault: CellFault };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (fault: CellFault): Parsed<never> => ({ ok: false, fault });

/** Reads "1,234.50", "R 99", "€12", "(5)"-free numbers; a number cell passes through. */
export function parseNumber(cell: CellValue): Parsed<number | undefined> {
  if (cell === null || cell === '') return ok(undefined);
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : fail('not_a_number');
  if (typeof cell === 'boolean') return fail('not_a_number');
  const text = cell.trim();
  if (text === '') return ok(undefined);
  // Currency symbols, spaces and thousands separators are noise; a lone comma is a decimal comma.
  let cleaned = text.replace(/[\s\u00a0]|^[A-Za-z$€£¥₹]{1,3}|[$€£¥₹%]$/g, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned)) cleaned = cleaned.replace(/,/g, '');
  else if (/^-?\d+,\d+$/.test(cleaned)) cleaned = cleaned.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return fail('not_a_number');
  return ok(Number(cleaned));
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x', '✓', '✔', 'on', 'ja', 'oui', 'si', 'sí']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', 'off', 'nee', 'non']);

/** Reads a ticked checkbox or yes/y/true/1 as true, no/n/false/0 as false, blank as unknown. */
export function parseBoolean(cell: CellValue): Parsed<boolean | undefined> {
  if (cell === null) return ok(undefined);
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') return cell === 1 ? ok(true) : cell === 0 ? ok(false) : fail('not_a_boolean');
  const word = cell.trim().toLowerCase();
  if (word === '') return ok(undefined);
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail('not_a_boolean');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A real calendar date as YYYY-MM-DD, or undefined when the parts do not make one. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  if (!isRealDate(year, month, day)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Which way round ambiguous slash dates are read: 03/04/2025 is 3 April (dmy) or March 4 (mdy). */
export type DateOrder = 'dmy' | 'mdy';

/** Days from 1899-12-30, the epoch of spreadsheet serial dates, to 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25569;

/**
 * Reads ISO dates (and the date part of ISO date-times), DD/MM/YYYY or MM/DD/YYYY by `order`, YYYYMMDD,
 * "3 Apr 2025" / "April 3, 2025", and spreadsheet serial numbers.
 */
export function parseDate(cell: CellValue, order: DateOrder = 'dmy'): Parsed<string | undefined> {
  if (cell === null) return ok(undefined);
  if (typeof cell === 'boolean') return fail('not_a_date');
  if (typeof cell === 'number') {
    if (cell >= 19_000_101 && cell <= 99_991_231 && Number.isInteger(cell)) return parseDate(String(cell), order);
    if (cell < 1 || cell > 2_958_465) return fail('not_a_date');
    const d = new Date(Math.round((cell - SERIAL_EPOCH_OFFSET) * 86_400_000));
    return ok(isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
  }
  const text = cell.trim();
  if (text === '') return ok(undefined);
  // A birthday without a year (vCard/ISO 8601 `--MM-DD`, as the importer stores it) stays yearless.
  let m = /^--(\d{2})-?(\d{2})$/.exec(text);
  if (m) return isoDate(2000, +m[1]!, +m[2]!) === undefined ? fail('not_a_date') : ok(`--${m[1]}-${m[2]}`);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return orFail(isoDate(+m[1]!, +m[2]!, +m[3]!));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return orFail(isoDate(+m[1]!, +m[2]!, +m[3]!));
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(text);
  if (m) return orFail(isoDate(+m[1]!, +m[2]!, +m[3]!));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (m) {
    const a = +m[1]!;
    const b = +m[2]!;
    const year = expandYear(+m[3]!, m[3]!.length);
    // A first part over 12 can only be a day, whatever the order.
    const [day, month] = order === 'dmy' ? (b > 12 && a <= 12 ? [b, a] : [a, b]) : a > 12 && b <= 12 ? [a, b] : [b, a];
    return orFail(isoDate(year, month, day));
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})$/.exec(text);
  if (m) return orFail(isoDate(+m[3]!, monthNumber(m[2]!), +m[1]!));
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  if (m) return orFail(isoDate(+m[3]!, monthNumber(m[1]!), +m[2]!));
  return fail('not_a_date');
}

/** Reads an ISO date-time (or a date, taken as midnight UTC); returns the ISO string as given when valid. */
export function parseDateTime(cell: CellValue, order: DateOrder = 'dmy'): Parsed<string | undefined> {
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
      return Number.isNaN(Date.parse(text.replace(' ', 'T'))) ? fail('not_a_date') : ok(text.replace(' ', 'T'));
    }
    // "24/11/2026 09:30" and the like: the date in any form parseDate reads, then a wall-clock time (no zone).
    const timed = /^(.*\d)[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (timed) {
      const [, datePart = '', h = '', m = '', sec = '00'] = timed;
      const day = parseDate(datePart, order);
      if (!day.ok || day.value === undefined || Number(h) > 23 || Number(m) > 59 || Number(sec) > 59) return fail('not_a_date');
      return ok(`${day.value}T${h.padStart(2, '0')}:${m}:${sec}`);
    }
  }
  return parseDate(cell, order);
}

function orFail(value: string | undefined): Parsed<string | undefined> {
  return value === undefined ? fail('not_a_date') : ok(value);
}

function expandYear(year: number, digits: number): number {
  if (digits === 4) return year;
  return year >= 70 ? 1900 + year : 2000 + year;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** A plausible e-mail address: one @, a dot in the domain, no spaces. */
export function isEmail(text: string): boolean {
  return /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]{2,}$/.test(text);
}
