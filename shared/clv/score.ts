import { expectedSpend, type SpendFit } from './gamma-gamma';
import { expectedPurchases, pAlive, type ModelFit } from './models';
import { compress } from './rfm';
import { CLV_YEAR_DAYS } from './year';

/** How far ahead to look and how to value it. */
export interface ScoreOptions {
  /** Horizon in the summary's unit (12 months are CLV_YEAR_DAYS / unitDays). */
  horizon: number;
  /** Days in the summary's unit: 7 for weeks, 1 for days. */
  unitDays: number;
  /** Annual discount rate, e.g. 0.1 for 10% a year. */
  discountRate: number;
  /** Share of revenue that is profit (0–1); 1 values revenue. */
  margin?: number;
}

/** Per-customer scores, one entry per customer of the summary. */
export interface Scores {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedSpend: Float64Array;
  clv: Float64Array;
}

const DAYS_PER_MONTH = CLV_YEAR_DAYS / 12;

/**
 * Scores customers: P(alive), expected purchases over the horizon, expected spend per purchase (Gamma-Gamma,
 * or `fallbackSpend` when there is no spend fit) and discounted CLV = margin · E(spend) · Σ over monthly steps
 * of the expected purchases in the step, discounted to the step's end.
 */
export function scoreSummary(
  fit: ModelFit,
  spend: SpendFit | undefined,
  summary: { x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number>; monetary: ArrayLike<number> },
  options: ScoreOptions,
  fallbackSpend?: ArrayLike<number>,
): Scores {
  const n = summary.x.length;
  const margin = options.margin ?? 1;
  const steps = Math.max(1, Math.ceil((options.horizon * options.unitDays) / DAYS_PER_MONTH - 1e-9));
  const stepT = new Float64Array(steps + 1);
  const discount = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) {
    stepT[k] = (options.horizon * k) / steps;
    discount[k] = Math.pow(1 + options.discountRate, -(stepT[k]! * options.unitDays) / CLV_YEAR_DAYS);
  }
  // Identical (x, tx, T) share their P(alive) and expected purchases.
  const data = compress(summary.x, summary.tx, summary.T);
  const rows = data.x.length;
  const rowAlive = new Float64Array(rows);
  const rowExpected = new Float64Array(rows);
  const rowDiscounted = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = data.x[i]!;
    const tx = data.tx[i]!;
    const T = data.T[i]!;
    rowAlive[i] = pAlive(fit, x, tx, T);
    let previous = 0;
    let discounted = 0;
    for (let k = 1; k <= steps; k++) {
      const cumulative = expectedPurchases(fit, x, tx, T, stepT[k]!);
      discounted += (cumulative - previous) * discount[k]!;
      previous = cumulative;
    }
    rowExpected[i] = previous;
    rowDiscounted[i] = discounted;
  }
  let meanSpend = 0;
  let spenders = 0;
  for (let i = 0; i < n; i++) {
    if (summary.x[i]! > 0 && summary.monetary[i]! > 0) {
      meanSpend += summary.monetary[i]!;
      spenders++;
    }
  }
  meanSpend = spenders > 0 ? meanSpend / spenders : 0;
  const out: Scores = { pAlive: new Float64Array(n), expectedPurchases: new Float64Array(n), expectedSpend: new Float64Array(n), clv: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = data.row[i]!;
    const x = summary.x[i]!;
    const m = summary.monetary[i]!;
    const value = spend
      ? expectedSpend(spend.params, x, m)
      : (fallbackSpend?.[i] ?? (x > 0 && m > 0 ? m : meanSpend));
    out.pAlive[i] = rowAlive[r]!;
    out.expectedPurchases[i] = rowExpected[r]!;
    out.expectedSpend[i] = value;
    out.clv[i] = margin * value * rowDiscounted[r]!;
  }
  return out;
}
