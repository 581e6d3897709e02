import { isoFromDay, parseDay } from '../retention';

/** The day number of an ISO date (or date-time's date), or undefined. */
export function dayOf(iso: string | undefined): number | undefined {
  return parseDay(iso)?.day;
}

/** The ISO date `days` after `iso` (which must be a real date). */
export function addDays(iso: string, days: number): string {
  return isoFromDay(dayOf(iso)! + days);
}

/** The same calendar day `months` earlier (the 31st falls back to the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 - months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(iso.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
