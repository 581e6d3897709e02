import type { Purchase } from '../workbook';
import { isoFromDay, dayNumber } from './days';
import { ClvError, type ClvFault } from './errors';
import { expectedSpend, fitSpend, spendData, type SpendFit } from './gamma-gamma';
import { fitModel, type ModelFit } from './models';
import { compress, summarise, UNIT_DAYS } from './rfm';
import { scoreSummary } from './score';

/** The scored columns of the Customers tab (DESIGN §2) that the CLV engine fills. */
export interface CustomerClvColumns {
  orders: number;
  revenue: number;
  first_purchase: string;
  last_purchase: string;
  /** Blank when no purchase model could be fitted: there is then no honest probability to show. */
  p_alive: number | undefined;
  expected_purchases_90d: number;
  clv_12m: number;
  /** high (top 20% by clv_12m), medium (next 30%), low (the rest). */
  clv_tier: 'high' | 'medium' | 'low';
}

/** Inputs from Settings: margin as a share (margin_pct / 100) and the annual discount rate. */
export interface CustomerClvOptions {
  /** Today's date (YYYY-MM-DD) in the business's time zone; purchases after it are ignored. */
  today: string;
  margin: number;
  discountRate: number;
}

/** The columns per customer id, which methods produced them, and why a model fell back, if it did. */
export interface CustomerClvResult {
  columns: Map<string, CustomerClvColumns>;
  purchaseModel: 'bgnbd' | 'history';
  spendModel: 'gamma-gamma' | 'average';
  faults: ClvFault[];
  fit?: ModelFit;
  spend?: SpendFit;
}

const ROUND = 1e4;
const round = (v: number): number => (Number.isFinite(v) ? Math.round(v * ROUND) / ROUND : 0);

/**
 * Computes the Customers tab's scored columns from Purchase records: BG/NBD and Gamma-Gamma in weeks with
 * today as the (inclusive) calibration end; when the purchase fit fails it falls back to each customer's
 * own rate shrunk to the pooled rate (an NBD without drop-out), and spend falls back to the customer's average.
 */
export function scoreCustomerColumns(purchases: readonly Pick<Purchase, 'customer_id' | 'date' | 'amount'>[], options: CustomerClvOptions): CustomerClvResult {
  const today = dayNumber(options.today);
  if (today === undefined) throw new ClvError('invalid_input', 'today must be a YYYY-MM-DD date');
  const customer: string[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  for (const p of purchases) {
    const id = p.customer_id.trim();
    const d = p.date === undefined ? undefined : dayNumber(p.date);
    if (id === '' || d === undefined) continue;
    customer.push(id);
    day.push(d);
    amount.push(p.amount ?? 0);
  }
  const summary = summarise({ customer, day, amount }, today, 'week');
  const n = summary.ids.length;
  const faults: ClvFault[] = [];
  const horizon90 = 90 / 7;
  const horizon12m = 365.25 / 7;
  const averageOrder = Float64Array.from(summary.revenue, (r, i) => (summary.orders[i]! > 0 ? Math.max(0, r / summary.orders[i]!) : 0));

  let spend: SpendFit | undefined;
  try {
    spend = fitSpend(spendData(summary.x, summary.monetary));
  } catch (error) {
    if (!(error instanceof ClvError)) throw error;
    faults.push(error.code);
  }
  const options12m = { horizon: horizon12m, unitDays: 7, discountRate: options.discountRate, margin: options.margin };
  let fit: ModelFit | undefined;
  let pAlive: ArrayLike<number> | undefined;
  let expected90: ArrayLike<number>;
  let clv: ArrayLike<number>;
  try {
    fit = fitModel('bgnbd', compress(summary.x, summary.tx, summary.T));
    const year = scoreSummary(fit, spend, summary, options12m, averageOrder);
    const quarter = scoreSummary(fit, spend, summary, { ...options12m, horizon: horizon90 }, averageOrder);
    pAlive = year.pAlive;
    expected90 = quarter.expectedPurchases;
    clv = year.clv;
  } catch (error) {
    if (!(error instanceof ClvError)) throw error;
    faults.push(error.code);
    ({ expected90, clv } = historyScores(summary, spend, averageOrder, options));
  }

  const tiers = tierOf(clv);
  const columns = new Map<string, CustomerClvColumns>();
  for (let i = 0; i < n; i++) {
    const alive = pAlive?.[i];
    columns.set(summary.ids[i]!, {
      orders: summary.orders[i]!,
      revenue: Math.round(summary.revenue[i]! * 100) / 100,
      first_purchase: isoFromDay(summary.firstDay[i]!),
      last_purchase: isoFromDay(summary.lastDay[i]!),
      p_alive: alive === undefined || !Number.isFinite(alive) ? undefined : round(alive),
      expected_purchases_90d: round(expected90[i]!),
      clv_12m: Math.round((Number.isFinite(clv[i]!) ? clv[i]! : 0) * 100) / 100,
      clv_tier: tiers[i]!,
    });
  }
  return { columns, purchaseModel: fit ? 'bgnbd' : 'history', spendModel: spend ? 'gamma-gamma' : 'average', faults, fit, spend };
}

/** Without a drop-out model: purchase rate (r + x)/(α + T) with a Gamma prior matched to the pooled rate. */
function historyScores(
  summary: ReturnType<typeof summarise>,
  spend: SpendFit | undefined,
  averageOrder: Float64Array,
  options: CustomerClvOptions,
): { expected90: Float64Array; clv: Float64Array } {
  const n = summary.ids.length;
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < n; i++) {
    sx += summary.x[i]!;
    sT += summary.T[i]!;
  }
  const alpha = Math.max(1, sT / Math.max(1, n));
  const r = sT > 0 ? (sx / sT) * alpha : 0;
  const expected90 = new Float64Array(n);
  const clv = new Float64Array(n);
  const weeks = 365.25 / 7;
  // Continuous discounting of a constant rate over a year: ∫ e^(−δt) dt with δ = ln(1 + rate).
  const delta = Math.log(1 + options.discountRate);
  const annuity = delta > 0 ? -Math.expm1(-delta) / delta : 1;
  for (let i = 0; i < n; i++) {
    const rate = (r + summary.x[i]!) / (alpha + summary.T[i]!);
    const value = spend ? expectedSpend(spend.params, summary.x[i]!, summary.monetary[i]!) : averageOrder[i]!;
    expected90[i] = (rate * 90) / UNIT_DAYS.week;
    clv[i] = options.margin * value * rate * weeks * annuity;
  }
  return { expected90, clv };
}

function tierOf(clv: ArrayLike<number>): CustomerClvColumns['clv_tier'][] {
  const n = clv.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => (clv[q]! - clv[p]!) || p - q);
  const tiers = new Array<CustomerClvColumns['clv_tier']>(n);
  order.forEach((i, rank) => {
    tiers[i] = rank < Math.ceil(n * 0.2) ? 'high' : rank < Math.ceil(n * 0.5) ? 'medium' : 'low';
  });
  return tiers;
}
