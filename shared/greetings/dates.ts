/** Days since 1970-01-01 for an ISO date (YYYY-MM-DD…); NaN when it is not one. */
export function dayNumber(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (iso.length < 10 || iso[4] !== '-' || iso[7] !== '-' || !y || !m || !d) return NaN;
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** The ISO date of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The ISO date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

/** True for a leap year of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The day an annual date (a birthday, an anniversary) falls on in `year`: Feb 29 becomes Feb 28 in other years. */
export function annualDate(iso: string, year: number): string {
  const md = iso.slice(5, 10);
  if (md === '02-29' && !isLeapYear(year)) return `${year}-02-28`;
  return `${year}-${md}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when Intl knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock date and time (YYYY-MM-DDTHH:MM) of an instant in a time zone. */
export function localDateTime(ms: number, zone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

// Offsets only change on quarter-hour boundaries, so one Intl call per quarter hour is enough.
const offsetCache = new Map<string, number>();
const QUARTER = 900_000;

function offsetMinutes(ms: number, zone: string): number {
  const bucket = `${zone}|${Math.floor(ms / QUARTER)}`;
  let off = offsetCache.get(bucket);
  if (off === undefined) {
    const start = Math.floor(ms / QUARTER) * QUARTER;
    const wall = localDateTime(start, zone);
    off = Math.round((Date.parse(`${wall}:00Z`) - start) / 60_000);
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(bucket, off);
  }
  return off;
}

/**
 * The business-local date and time of a cell value: an instant with a zone (Z or ±HH:MM) is converted to
 * `zone`; a date, or a date-time without a zone, is already wall-clock time and is kept as written.
 */
export function toLocal(value: string | undefined, zone: string): { date: string; time: string } | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (!/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) || text.length <= 10) {
    if (Number.isNaN(dayNumber(text))) return undefined;
    return { date: text.slice(0, 10), time: /T\d{2}:\d{2}/.test(text) ? text.slice(11, 16) : '' };
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const local = new Date(ms + offsetMinutes(ms, zone) * 60_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** The business-local date of an instant. */
export function localDateOf(ms: number, zone: string): string {
  return new Date(ms + offsetMinutes(ms, zone) * 60_000).toISOString().slice(0, 10);
}

/** The local hour (0–23) of an instant. */
export function localHourOf(ms: number, zone: string): number {
  return new Date(ms + offsetMinutes(ms, zone) * 60_000).getUTCHours();
}
