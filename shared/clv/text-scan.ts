import { daysFromCivil, daysInMonth } from '../kernel';
import { ClvError } from './errors';

// Reading dates, numbers and blanks straight out of the file's text, shared by the CLV input readers.

const DIGIT0 = 48;

function digits(text: string, from: number, count: number, end: number = text.length): number {
  if (from + count > end) return -1;
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - DIGIT0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The day number of YYYYMMDD or YYYY-MM-DD (a time after the date is ignored), or undefined. */
export function parseDay(text: string): number | undefined {
  return parseDayAt(text, 0, text.length);
}

/** parseDay on text[from, to) without slicing it out (the purchase-log fast path reads dates in place). */
export function parseDayAt(text: string, from: number, to: number): number | undefined {
  let y: number;
  let m: number;
  let d: number;
  let end: number;
  const length = to - from;
  if (length >= 10 && text.charCodeAt(from + 4) === 45 && text.charCodeAt(from + 7) === 45) {
    y = digits(text, from, 4, to);
    m = digits(text, from + 5, 2, to);
    d = digits(text, from + 8, 2, to);
    end = 10;
  } else {
    y = digits(text, from, 4, to);
    m = digits(text, from + 4, 2, to);
    d = digits(text, from + 6, 2, to);
    end = 8;
  }
  if (length > end) {
    const next = text.charCodeAt(from + end);
    // Only a time may follow: "1997-01-01 00:00:00" or "1997-01-01T10:00Z".
    if (next !== 32 && next !== 84) return undefined;
  }
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

/** Printable ASCII other than space. */
export function isPlain(c: number): boolean {
  return c > 32 && c < 127;
}

export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** A number read from a field, or an error naming the line. */
export function number(text: string | undefined, line: number, what: string): number {
  const v = text === undefined || text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new ClvError('invalid_input', `line ${line}: ${what} is not a number`);
  return v;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal (digits, at most one point, ≤ 15 significant digits) read in place, or NaN for anything
 * else. Exact: an integer below 2^53 over an exact power of ten rounds once, to the same double as Number().
 */
export function plainDecimal(text: string, from: number, to: number): number {
  let mantissa = 0;
  let digitCount = 0;
  let point = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && point < 0) point = i;
    else if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digitCount++;
    } else return NaN;
  }
  if (digitCount === 0 || digitCount > 15) return NaN;
  const decimals = point < 0 ? 0 : to - point - 1;
  return decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
}

/** The next position of `ch` at or after `from`, or the text's length. */
export function indexAfter(text: string, ch: string, from: number): number {
  const q = text.indexOf(ch, from);
  return q < 0 ? text.length : q;
}
