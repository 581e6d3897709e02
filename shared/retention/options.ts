import type { Settings } from '../workbook';

/** The Settings the retention engine reads. */
export type RetentionSettings = Pick<Settings, 'margin_pct' | 'discount_rate' | 'complaint_days' | 'time_zone'>;

/** Thresholds of the retention engine; every one has a default. */
export interface RetentionOptions {
  /** A repeat buyer is overdue after this many of their own median gaps (default 2). */
  overdueFactor?: number;
  /** ...but never before this many days without a purchase (default 14). */
  minOverdueDays?: number;
  /** A one-time buyer is overdue after this many days (default 180). */
  noRepurchaseDays?: number;
  /** A complaint neither resolved nor closed after this many days is flagged (default 7). */
  unresolvedDays?: number;
  /** Years of future margin a defection loses (default 1). */
  horizonYears?: number;
  /** The cost of one interaction (call, visit, support…) in the business's currency, for service cost (default 0). */
  costPerInteraction?: number;
  /** The least churn risk that puts a customer on the at-risk list (default 0.5). */
  atRiskMin?: number;
}

/** Options with their defaults filled in. */
export type ResolvedOptions = Required<RetentionOptions>;

/** Fills in the defaults. */
export function resolveOptions(options: RetentionOptions = {}): ResolvedOptions {
  return {
    overdueFactor: options.overdueFactor ?? 2,
    minOverdueDays: options.minOverdueDays ?? 14,
    noRepurchaseDays: options.noRepurchaseDays ?? 180,
    unresolvedDays: options.unresolvedDays ?? 7,
    horizonYears: options.horizonYears ?? 1,
    costPerInteraction: options.costPerInteraction ?? 0,
    atRiskMin: options.atRiskMin ?? 0.5,
  };
}

/**
 * The present value of one unit of yearly margin earned evenly over `years`, discounted continuously at the yearly
 * rate `rate`: (1 − (1 + rate)^−years) ÷ ln(1 + rate), or `years` when the rate is 0.
 */
export function annuityFactor(years: number, rate: number): number {
  if (rate <= 0) return years;
  const delta = Math.log1p(rate);
  return (1 - Math.exp(-delta * years)) / delta;
}
