// Date parsing for birth dates and similar: ISO, compact, day-first/month-first and month names.
import { daysFromCivil } from '../kernel';

/** A calendar date as YYYYMMDD digits (so edit distance sees typos) plus its day number. */
export interface NormalDate {
  ymd: string;
  y: number;
  m: number;
  d: number;
  /** True when day and month could be read either way (both ≤ 12). */
  ambiguous: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  mrt: 3, mei: 5, okt: 10, des: 12, januarie: 1, februarie: 2, maart: 3, junie: 6, julie: 7, augustus: 8, desember: 12,
};

function make(y: number, m: number, d: number, ambiguous: boolean): NormalDate | null {
  // Typo'd dates (month 13, day 32) are kept: their digits still carry evidence.
  if (!(y >= 1000 && y <= 2999) || !(m >= 0 && m <= 19) || !(d >= 0 && d <= 39)) return null;
  const ymd = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  return { ymd, y, m, d, ambiguous };
}

function year(s: string): number {
  const n = Number(s);
  if (s.length === 2) return n + (n > 30 ? 1900 : 2000);
  return n;
}

/**
 * Parses a date written as YYYYMMDD, YYYY-MM-DD (optionally with a time), DD/MM/YYYY (or MM/DD/YYYY when
 * `monthFirst`), D Month YYYY or Month D, YYYY; returns null when it cannot.
 */
export function parseDate(raw: string, monthFirst = false): NormalDate | null {
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  let r = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (r) return make(Number(r[1]), Number(r[2]), Number(r[3]), false);
  r = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?$/.exec(s);
  if (r) return make(Number(r[1]), Number(r[2]), Number(r[3]), false);
  r = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})(?:[ t].*)?$/.exec(s);
  if (r) {
    let a = Number(r[1]);
    let b = Number(r[2]);
    if (monthFirst ? a > 12 && b <= 12 : b > 12 && a <= 12) [a, b] = [b, a];
    const [d, m] = monthFirst ? [b, a] : [a, b];
    return make(year(r[3] as string), m, d, a <= 12 && b <= 12 && a !== b);
  }
  r = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{4})$/.exec(s);
  if (r) {
    const m = MONTHS[(r[2] as string).slice(0, 3)] ?? MONTHS[r[2] as string];
    return m === undefined ? null : make(Number(r[3]), m, Number(r[1]), false);
  }
  r = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(s);
  if (r) {
    const m = MONTHS[(r[1] as string).slice(0, 3)] ?? MONTHS[r[1] as string];
    return m === undefined ? null : make(Number(r[3]), m, Number(r[2]), false);
  }
  return null;
}

/**
 * The day number of a parsed date; an impossible one (31 February, month 13, a typo kept for its digits) rolls
 * over as Date.UTC would, so nearby typos stay near in days.
 */
export function dayNumber(date: NormalDate): number {
  const month0 = Math.max(0, date.m - 1);
  return daysFromCivil(date.y + Math.floor(month0 / 12), (month0 % 12) + 1, 1) + Math.max(1, date.d) - 1;
}
