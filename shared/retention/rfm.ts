import type { CustomerHistory, PurchaseHistory } from './history';

/** A buyer's RFM values and quintile scores (5 = best). */
export interface RfmScore {
  id: string;
  /** Days from the last purchase to the analysis date. */
  recency: number;
  /** Distinct purchase days. */
  frequency: number;
  /** Net revenue. */
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'New',
  'Potential loyalists',
  'Need attention',
  "Can't lose them",
  'At risk',
  'Hibernating',
  'Lost',
] as const;

/** A named RFM segment. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The segment of one set of scores; the first rule that holds wins:
 * Champions R≥4, F≥4, M≥4 · Loyal R≥3, F≥4 · New R≥4 with a single purchase day · Potential loyalists R≥4 ·
 * Need attention R=3 · Can't lose them R≤2, F≥4 · At risk R≤2 and (F≥3 or M≥4) · Hibernating R=2 · Lost R=1.
 */
export function rfmSegment(r: number, f: number, m: number, frequency: number): RfmSegment {
  if (r >= 4 && f >= 4 && m >= 4) return 'Champions';
  if (r >= 3 && f >= 4) return 'Loyal';
  if (r >= 4 && frequency <= 1) return 'New';
  if (r >= 4) return 'Potential loyalists';
  if (r === 3) return 'Need attention';
  if (f >= 4) return "Can't lose them";
  if (f >= 3 || m >= 4) return 'At risk';
  if (r === 2) return 'Hibernating';
  return 'Lost';
}

/**
 * RFM quintile scores of every buyer. A score is 1 + ⌊5 × (buyers strictly worse on that measure) ÷ buyers⌋, so
 * equal values share a score and the best value scores 5 when values differ (worse = longer recency, fewer
 * purchase days, less revenue).
 */
export function rfmScores(history: PurchaseHistory): Map<string, RfmScore> {
  const buyers: CustomerHistory[] = [...history.customers.values()];
  const n = buyers.length;
  const recency = buyers.map((h) => history.asOf - h.days[h.days.length - 1]!);
  const frequency = buyers.map((h) => h.days.length);
  const monetary = buyers.map((h) => h.revenue);
  const r = quintiles(recency, false);
  const f = quintiles(frequency, true);
  const m = quintiles(monetary, true);
  const out = new Map<string, RfmScore>();
  for (let i = 0; i < n; i++) {
    const score: RfmScore = {
      id: buyers[i]!.id,
      recency: recency[i]!,
      frequency: frequency[i]!,
      monetary: monetary[i]!,
      r: r[i]!,
      f: f[i]!,
      m: m[i]!,
      segment: rfmSegment(r[i]!, f[i]!, m[i]!, frequency[i]!),
    };
    out.set(score.id, score);
  }
  return out;
}

/** 1 + ⌊5 × worse ÷ n⌋ for each value, where worse counts values strictly below (or above, when lower is better). */
export function quintiles(values: readonly number[], higherIsBetter: boolean): number[] {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const scores = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && values[order[end + 1]!] === values[order[start]!]) end++;
    const worse = higherIsBetter ? start : n - 1 - end;
    const score = 1 + Math.floor((5 * worse) / n);
    for (let k = start; k <= end; k++) scores[order[k]!] = score;
    start = end + 1;
  }
  return scores;
}
