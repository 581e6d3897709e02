import type { Purchase } from '../workbook';
import { dayNumber, isoFromDay } from '../kernel';
import { ClvError, type ClvFault } from './errors';
import type { SpendFit } from './gamma-gamma';
import type { ModelFit } from './models';
import { fitAndScore, type ClvOptions, type ClvRun } from './pipeline';
import type { RfmSummary, TimeUnit } from './rfm';

/** The unit the sheet's columns are fitted in (a summary given to scoreSummaryColumns must be in it). */
export const SHEET_UNIT: TimeUnit = 'week';

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
  /** Plain-words warnings about the fit (e.g. "almost nobody seems to stop buying"). */
  warnings: string[];
  fit?: ModelFit;
  spend?: SpendFit;
}

const ROUND = 1e4;
const round = (v: number): number => (Number.isFinite(v) ? Math.round(v * ROUND) / ROUND : 0);

/**
 * Computes the Customers tab's scored columns from Purchase records through the one CLV pipeline (fitAndScore):
 * BG/NBD and Gamma-Gamma in weeks with today as the (inclusive) calibration end and clv_12m over CLV_YEAR_DAYS;
 * when no purchase model can be fitted it falls back to each customer's own rate shrunk to the pooled rate, and
 * spend falls back to the customer's average order.
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
  return columnsOf(fitAndScore({ kind: 'log', log: { customer, day, amount }, end: today, hasAmounts: true }, sheetScoring(options)));
}

/**
 * The same columns from a purchase log's summary made elsewhere (a database running shared/sql's statements up
 * to today), fitted and scored exactly as scoreCustomerColumns fits and scores a log.
 */
export function scoreSummaryColumns(summary: RfmSummary, options: CustomerClvOptions): CustomerClvResult {
  const today = dayNumber(options.today);
  if (today === undefined) throw new ClvError('invalid_input', 'today must be a YYYY-MM-DD date');
  return columnsOf(fitAndScore({ kind: 'rfm', summary, end: today, hasAmounts: true }, sheetScoring(options)));
}

/** The sheet's one way to fit and score: BG/NBD in weeks, 90 days' expected purchases, history when no fit. */
function sheetScoring(options: CustomerClvOptions): ClvOptions {
  return { model: 'bgnbd', unit: SHEET_UNIT, alsoDays: 90, discountRate: options.discountRate, margin: options.margin, whenNoFit: 'history' };
}

function columnsOf(run: ClvRun): CustomerClvResult {
  const summary = run.summary!;
  const scores = run.scores!;
  const clv = scores.clv;
  const tiers = tierOf(clv);
  const columns = new Map<string, CustomerClvColumns>();
  for (let i = 0; i < run.ids.length; i++) {
    const alive = scores.pAlive?.[i];
    columns.set(run.ids[i]!, {
      orders: summary.orders[i]!,
      revenue: Math.round(summary.revenue[i]! * 100) / 100,
      first_purchase: isoFromDay(summary.firstDay[i]!),
      last_purchase: isoFromDay(summary.lastDay[i]!),
      p_alive: alive === undefined || !Number.isFinite(alive) ? undefined : round(alive),
      expected_purchases_90d: round(scores.expectedAlso![i]!),
      clv_12m: Math.round((Number.isFinite(clv[i]!) ? clv[i]! : 0) * 100) / 100,
      clv_tier: tiers[i]!,
    });
  }
  const { fit, spend, faults, warnings } = run;
  return { columns, purchaseModel: fit ? 'bgnbd' : 'history', spendModel: spend ? 'gamma-gamma' : 'average', faults, warnings, fit, spend };
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
