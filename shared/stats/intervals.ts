import { studentTQuantile } from './student-t';

/** The normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** An estimate with its 95% interval (NaN bounds when the data cannot give one). */
export interface Estimate {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson's score interval (95%) for a proportion of `successes` in `n`; NaN when n is 0. */
export function wilsonInterval(successes: number, n: number): Estimate {
  if (n <= 0) return { estimate: NaN, low: NaN, high: NaN };
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { estimate: p, low: centre - half, high: centre + half };
}

/**
 * The difference of two proportions p1 − p2 with Newcombe's hybrid score interval (1998, method 10): each
 * proportion's Wilson interval combined. Unlike the Wald interval it stays inside [−1, 1] and behaves with small
 * groups and rates near 0 or 1, which is what a small shop's campaigns and their control groups look like.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number): Estimate {
  if (n1 <= 0 || n2 <= 0) return { estimate: NaN, low: NaN, high: NaN };
  const a = wilsonInterval(x1, n1);
  const b = wilsonInterval(x2, n2);
  const d = a.estimate - b.estimate;
  const low = d - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2);
  const high = d + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2);
  return { estimate: d, low, high };
}

/** Mean, sample variance (n − 1) and count of some values. */
function moments(values: readonly number[]): { n: number; mean: number; variance: number } {
  const n = values.length;
  const mean = n === 0 ? NaN : values.reduce((s, v) => s + v, 0) / n;
  const variance = n < 2 ? NaN : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/**
 * The difference of two means (a − b) with Welch's 95% interval: unequal variances, Welch–Satterthwaite degrees of
 * freedom, Student's t quantile. Revenue per customer is mostly zeros with a few large values, so the variances
 * of the two groups differ and the pooled t interval would be wrong. NaN bounds with fewer than two values in a
 * group; a zero spread in both gives the point itself.
 */
export function welchDifference(a: readonly number[], b: readonly number[]): Estimate & { df: number } {
  const x = moments(a);
  const y = moments(b);
  const estimate = x.mean - y.mean;
  if (x.n < 2 || y.n < 2) return { estimate, low: NaN, high: NaN, df: NaN };
  const va = x.variance / x.n;
  const vb = y.variance / y.n;
  const se2 = va + vb;
  if (se2 === 0) return { estimate, low: estimate, high: estimate, df: NaN };
  const df = (se2 * se2) / ((va * va) / (x.n - 1) + (vb * vb) / (y.n - 1));
  const half = studentTQuantile(0.975, df) * Math.sqrt(se2);
  return { estimate, low: estimate - half, high: estimate + half, df };
}
