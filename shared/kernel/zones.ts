// Wall-clock time in an IANA time zone, through Intl with one formatter per zone and one offset cache.
import { dayNumber } from './days';

const formatters = new Map<string, Intl.DateTimeFormat>();
const OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** True when Intl knows this IANA time zone ("Africa/Johannesburg", "UTC"); false for blank and unknown names. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  if (formatters.has(zone)) return true;
  try {
    formatters.set(zone, new Intl.DateTimeFormat('en-CA', { ...OPTIONS, timeZone: zone }));
    return true;
  } catch {
    return false;
  }
}

// The zone is decided once, by businessClock; a zone that is not one still reads as UTC here rather than
// failing a read of old rows.
function formatterFor(zone: string): Intl.DateTimeFormat {
  return isTimeZone(zone) ? formatters.get(zone)! : formatterFor('UTC');
}

/** The wall-clock date and time (YYYY-MM-DDTHH:MM) of an instant (ms since the epoch) in a time zone. */
export function localDateTime(ms: number, zone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(ms)) parts[p.type] = p.value;
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}T${parts.hour ?? ''}:${parts.minute ?? ''}`;
}

// Offsets only change on quarter-hour boundaries, so one Intl call per zone and quarter hour is enough.
const offsetCache = new Map<string, number>();
const QUARTER = 900_000;

/** Minutes the zone's wall clock is ahead of UTC at an instant (120 for Johannesburg, −180 for São Paulo). */
export function offsetMinutes(ms: number, zone: string): number {
  const quarter = Math.floor(ms / QUARTER);
  const key = `${zone}|${quarter}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    const start = quarter * QUARTER;
    off = Math.round((Date.parse(`${localDateTime(start, zone)}:00Z`) - start) / 60_000);
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

function wall(ms: number, zone: string): string {
  return new Date(ms + offsetMinutes(ms, zone) * 60_000).toISOString();
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateOf(ms: number, zone: string): string {
  return wall(ms, zone).slice(0, 10);
}

/** The local hour (0–23) of an instant in a time zone. */
export function localHourOf(ms: number, zone: string): number {
  return Number(wall(ms, zone).slice(11, 13));
}

const ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const PLAIN_TIME = /^\d{4}-\d{2}-\d{2}[T ](\d{2}:\d{2})/;

/**
 * The local date and time (HH:MM, '' for a plain date) of a cell value: an instant with a zone (Z or ±HH:MM) is
 * moved into `zone`; a date, or a date-time without a zone, is already wall-clock time and is kept as written.
 * Undefined when the value does not start with a real date.
 */
export function toLocal(value: string | undefined, zone: string): { date: string; time: string } | undefined {
  const text = value?.trim() ?? '';
  if (dayNumber(text) === undefined) return undefined;
  if (!ZONED.test(text)) return { date: text.slice(0, 10), time: PLAIN_TIME.exec(text)?.[1] ?? '' };
  const ms = Date.parse(text.replace(' ', 'T').replace(/\s+/, ''));
  if (Number.isNaN(ms)) return undefined;
  const local = wall(ms, zone);
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** The business-local day number of a date or date-time (see toLocal); undefined when it is not one. */
export function localDayNumber(value: string | undefined, zone: string): number | undefined {
  const local = toLocal(value, zone);
  return local === undefined ? undefined : dayNumber(local.date);
}
