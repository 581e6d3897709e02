import { toLocal } from '../kernel';
import { isoDate, parseDate, type DateOrder } from '../workbook';
import { formatDate } from './date-format';

/** A date as typed on the card, read strictly, or why it cannot be one. */
export type CardDate = { ok: true; value: string | null } | { ok: false };

/** The pattern the card shows as a date input's placeholder: DD/MM/YYYY or MM/DD/YYYY. */
export function datePattern(order: DateOrder): string {
  return order === 'dmy' ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
}

/**
 * Reads a date typed on the card: DD/MM/YYYY or MM/DD/YYYY strictly in the business's order (no guessing
 * that 01/31 meant January when the order is day first), or an unambiguous form (2026-01-31, 31 Jan 2026).
 * A year of two digits is this century's or the last; `yearless` also takes a birthday as DD/MM (stored --MM-DD).
 * Blank is null; an impossible date (31/02, month 13, day 0, 29/02 of a common year, a 5-digit year) fails.
 */
export function parseCardDate(text: string, order: DateOrder, yearless = false): CardDate {
  const s = text.trim();
  if (s === '') return { ok: true, value: null };
  const slashed = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(s);
  if (slashed) {
    const a = Number(slashed[1]);
    const b = Number(slashed[2]);
    const [day, month] = order === 'dmy' ? [a, b] : [b, a];
    if (slashed[3] === undefined) {
      // Leap day allowed: a yearless birthday on 29 February is real.
      if (!yearless || isoDate(2000, month, day) === undefined) return { ok: false };
      return { ok: true, value: `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
    }
    const y = Number(slashed[3]);
    const year = slashed[3].length === 4 ? y : y >= 70 ? 1900 + y : 2000 + y;
    const iso = isoDate(year, month, day);
    return iso === undefined ? { ok: false } : { ok: true, value: iso };
  }
  // Other forms must be unambiguous on their own: ISO, YYYYMMDD, YYYY/MM/DD, month names, --MM-DD.
  if (!/^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{8}|--\d{2}-?\d{2}|.*[A-Za-z]{3}.*)$/.test(s)) return { ok: false };
  if (/^--/.test(s) && !yearless) return { ok: false };
  const parsed = parseDate(s, order);
  return parsed.ok && parsed.value !== undefined ? { ok: true, value: parsed.value } : { ok: false };
}

/**
 * A date or date-time as the business's local wall clock, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`: a date-time with
 * a zone (Z, ±hh:mm) is moved into `timeZone`; a zone-less one is already local. Sorts as text. Undefined when unreadable.
 */
export function localStamp(text: string, timeZone: string): string | undefined {
  const local = toLocal(text, timeZone);
  if (local === undefined) return undefined;
  return local.time === '' ? local.date : `${local.date}T${local.time}`;
}

/** A local stamp as the business reads it: 23/01/2024 08:30 (dmy) or 01/23/2024 08:30 (mdy). */
export function formatStamp(stamp: string, order: DateOrder): string {
  const [day = '', time] = stamp.split('T');
  return time === undefined ? formatDate(day, order) : `${formatDate(day, order)} ${time}`;
}
