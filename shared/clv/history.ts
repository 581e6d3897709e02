import { expectedSpend, type SpendFit } from './gamma-gamma';
import { CLV_YEAR_DAYS } from './year';

/** Per-customer figures when no purchase model could be fitted at all. */
export interface HistoryScores {
  expectedPurchases: Float64Array;
  expectedAlso: Float64Array;
  expectedSpend: Float64Array;
  clv: Float64Array;
}

/**
 * Without a drop-out model: each customer's purchase rate (r + x)/(α + T), with a Gamma prior matched to the
 * pooled rate, over the horizon, discounted continuously (δ = ln(1 + rate)); spend from the spend fit or the
 * customer's own average order.
 */
export function historyScores(
  summary: { x: ArrayLike<number>; T: ArrayLike<number>; monetary: ArrayLike<number> },
  spend: SpendFit | undefined,
  ownSpend: ArrayLike<number>,
  options: { unitDays: number; horizonDays: number; alsoDays: number; discountRate: number; margin: number },
): HistoryScores {
  const n = summary.x.length;
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < n; i++) {
    sx += summary.x[i]!;
    sT += summary.T[i]!;
  }
  const alpha = Math.max(1, sT / Math.max(1, n));
  const r = sT > 0 ? (sx / sT) * alpha : 0;
  const horizon = options.horizonDays / options.unitDays;
  const years = options.horizonDays / CLV_YEAR_DAYS;
  // Continuous discounting of a constant rate over the horizon: the mean of e^(−δt) over it.
  const delta = Math.log(1 + options.discountRate) * years;
  const annuity = delta > 0 ? -Math.expm1(-delta) / delta : 1;
  const out: HistoryScores = { expectedPurchases: new Float64Array(n), expectedAlso: new Float64Array(n), expectedSpend: new Float64Array(n), clv: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const rate = (r + summary.x[i]!) / (alpha + summary.T[i]!);
    const value = spend ? expectedSpend(spend.params, summary.x[i]!, summary.monetary[i]!) : ownSpend[i]!;
    out.expectedPurchases[i] = rate * horizon;
    out.expectedAlso[i] = (rate * options.alsoDays) / options.unitDays;
    out.expectedSpend[i] = value;
    out.clv[i] = options.margin * value * rate * horizon * annuity;
  }
  return out;
}
