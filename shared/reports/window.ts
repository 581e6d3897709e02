import { parseDay } from '../retention';

/** The two windows a report reads, as day numbers (days since 1970-01-01), both ends inclusive. */
export interface ReportWindow {
  /** The last 12 months: the 365 days ending on the report date. */
  from: number;
  to: number;
  /** The previous 12 months: the 365 days before those. */
  previousFrom: number;
  previousTo: number;
}

/** The windows of a report dated `date` (YYYY-MM-DD); undefined when it is not a date. */
export function reportWindow(date: string): ReportWindow | undefined {
  const day = parseDay(date);
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  return { from: day.day - 364, to: day.day, previousFrom: day.day - 729, previousTo: day.day - 365 };
}
