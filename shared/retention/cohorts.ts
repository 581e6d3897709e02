import { periodLabel, periodOfMonth, type Period } from './dates';
import type { PurchaseHistory } from './history';

/** One cohort: the customers whose first purchase fell in one period, and how many bought in each later one. */
export interface CohortRow {
  cohort: string;
  size: number;
  /** counts[k]: cohort members who bought k periods after their first (counts[0] = size). */
  counts: number[];
  /** counts[k] ÷ size. */
  rates: number[];
}

/** The cohort matrix by first-purchase period (month by default), each row running up to the period of `asOf`. */
export function cohortMatrix(history: PurchaseHistory, period: Period = 'month'): CohortRow[] {
  const last = periodOfMonth(history.asOfMonth, period);
  const byCohort = new Map<number, number[]>();
  for (const h of history.customers.values()) {
    const cohort = periodOfMonth(h.months[0]!, period);
    let counts = byCohort.get(cohort);
    if (!counts) {
      counts = new Array<number>(last - cohort + 1).fill(0);
      byCohort.set(cohort, counts);
    }
    let previous = -1;
    for (const month of h.months) {
      const k = periodOfMonth(month, period) - cohort;
      if (k !== previous) {
        counts[k]!++;
        previous = k;
      }
    }
  }
  return [...byCohort.keys()]
    .sort((a, b) => a - b)
    .map((cohort) => {
      const counts = byCohort.get(cohort)!;
      const size = counts[0]!;
      return { cohort: periodLabel(cohort, period), size, counts, rates: counts.map((c) => c / size) };
    });
}
