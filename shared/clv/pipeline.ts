import { bgWarnings } from './bg-limits';
import { paretoWarnings } from './pareto-limits';
import { MIN_REPEAT_BUYERS } from './bgnbd';
import { isoFromDay } from '../kernel';
import { ClvError, type ClvFault } from './errors';
import { fitSpend, spendData, type SpendFit } from './gamma-gamma';
import { historyScores } from './history';
import { fitModel, type ModelFit, type PurchaseModel } from './models';
import { compress, summarise, UNIT_DAYS, type CodedPurchaseLog, type CompressedRfm, type PurchaseLog, type RfmSummary, type TimeUnit } from './rfm';
import { scoreSummary } from './score';
import { CLV_YEAR_DAYS } from './year';

/** What the CLV pipeline starts from: a purchase log summarised up to `end` (inclusive), or a ready RFM summary. */
export type ClvSource =
  | { kind: 'log'; log: PurchaseLog | CodedPurchaseLog; end: number; hasAmounts: boolean }
  | { kind: 'summary'; ids: string[]; x: Float64Array; tx: Float64Array; T: Float64Array; monetary: Float64Array | undefined }
  /** A log's full summary up to `end`, made elsewhere by summarise's definitions (a database): scored as the log would be. */
  | { kind: 'rfm'; summary: RfmSummary; end: number; hasAmounts: boolean }
  /** Rows a database already compressed, with (x, mean spend) per repeat buyer when there are amounts: fitted, never scored. */
  | { kind: 'distinct'; data: CompressedRfm; spend: { x: Float64Array; mean: Float64Array } | undefined; end: number | undefined };

/** How to fit and score; every adapter passes its own inputs here and nothing else decides. */
export interface ClvOptions {
  model?: PurchaseModel;
  unit?: TimeUnit;
  /** Score the customers (false: fit only, as `regulars clv fit`). */
  score?: boolean;
  /** How far ahead CLV looks, in days (default CLV_YEAR_DAYS, "12 months"). */
  horizonDays?: number;
  /** Expected purchases also over this many days (the sheet's expected_purchases_90d). */
  alsoDays?: number;
  /** Annual discount rate, e.g. 0.1. */
  discountRate?: number;
  /** Share of revenue that is profit (0–1); 1 values revenue. */
  margin?: number;
  /** No purchase model fitted: 'fail' throws its ClvError; 'history' scores each customer from their own rate. */
  whenNoFit?: 'fail' | 'history';
  /** Called between phases (an HTTP deadline check throws from here). */
  checkpoint?: () => void;
}

/** Per-customer results, in the order of `ids`. `pAlive` is missing when no purchase model was fitted. */
export interface ClvScores {
  pAlive: Float64Array | undefined;
  expectedPurchases: Float64Array;
  expectedAlso: Float64Array | undefined;
  expectedSpend: Float64Array;
  clv: Float64Array;
}

/** Everything the pipeline found: the RFM data, the fits (or why not), plain-words warnings and the scores. */
export interface ClvRun {
  unit: TimeUnit;
  /** The calibration end as a day number, when the source was a log. */
  end: number | undefined;
  ids: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean repeat spend (undefined for a log without amounts or a summary without monetary values). */
  monetary: Float64Array | undefined;
  /** The full summary (orders, revenue, first and last day) when the source was a log. */
  summary: RfmSummary | undefined;
  data: CompressedRfm;
  fit: ModelFit | undefined;
  spend: SpendFit | undefined;
  /** Why the spend model or the purchase model could not be fitted, spend first. */
  faults: ClvFault[];
  spendFault: string | undefined;
  warnings: string[];
  horizonDays: number;
  scores: ClvScores | undefined;
}

/**
 * The CLV pipeline, whole: summarise the log (or take the summary) → compress to distinct (x, t_x, T) → fit the
 * purchase model (its limit when the data push it there, with a warning) → fit Gamma-Gamma spend → score P(alive),
 * expected purchases and discounted CLV over the horizon. The CLI, the HTTP function and the sheet's scoring all
 * call this and only translate input and output.
 */
export function fitAndScore(source: ClvSource, options: ClvOptions = {}): ClvRun {
  const unit = options.unit ?? 'week';
  const unitDays = UNIT_DAYS[unit];
  const checkpoint = options.checkpoint ?? ((): void => undefined);
  let summary: RfmSummary | undefined;
  let base: { ids: string[]; x: Float64Array; tx: Float64Array; T: Float64Array; monetary: Float64Array | undefined };
  if (source.kind === 'distinct' && options.score !== false) throw new ClvError('invalid_input', 'distinct rows have no customers to score');
  if (source.kind === 'distinct') {
    base = { ids: [], x: source.data.x, tx: source.data.tx, T: source.data.T, monetary: undefined };
  } else if (source.kind === 'log' || source.kind === 'rfm') {
    summary = source.kind === 'log' ? summarise(source.log, source.end, unit) : source.summary;
    if (summary.unit !== unit) throw new ClvError('invalid_input', `the summary is in ${summary.unit}s, the fit in ${unit}s`);
    if (summary.ids.length === 0) throw new ClvError('invalid_input', `no customer bought on or before ${isoFromDay(source.end)}`);
    base = { ids: summary.ids, x: summary.x, tx: summary.tx, T: summary.T, monetary: source.hasAmounts ? summary.monetary : undefined };
  } else {
    base = source;
  }
  const data = source.kind === 'distinct' ? source.data : compress(base.x, base.tx, base.T);
  checkpoint();
  const faults: ClvFault[] = [];
  const warnings: string[] = [];
  let spend: SpendFit | undefined;
  let spendFault: string | undefined;
  const spendInput = source.kind === 'distinct' ? source.spend : base.monetary && { x: base.x, mean: base.monetary };
  if (spendInput) {
    try {
      spend = fitSpend(spendData(spendInput.x, spendInput.mean));
    } catch (error) {
      if (!(error instanceof ClvError)) throw error;
      faults.push(error.code);
      spendFault = error.message;
    }
  }
  checkpoint();
  let fit: ModelFit | undefined;
  try {
    fit = fitModel(options.model ?? 'bgnbd', data);
  } catch (error) {
    if (!(error instanceof ClvError) || options.whenNoFit !== 'history') throw error;
    faults.push(error.code);
  }
  checkpoint();
  if (fit) warnings.push(...(fit.model === 'pareto' ? paretoWarnings(fit, unit) : bgWarnings(fit, unit)));
  if (fit && data.repeatBuyers < MIN_REPEAT_BUYERS) {
    warnings.push(`only ${data.repeatBuyers} customer${data.repeatBuyers === 1 ? '' : 's'} bought again, so the fit rests on very little`);
  }
  const horizonDays = options.horizonDays ?? CLV_YEAR_DAYS;
  const run: ClvRun = { unit, end: source.kind === 'summary' ? undefined : source.end, ...base, summary, data, fit, spend, faults, spendFault, warnings, horizonDays, scores: undefined };
  if (options.score === false) return run;

  const monetary = base.monetary ?? new Float64Array(base.x.length);
  // Without a spend fit, a customer from a log is valued at their own average order (refunds included).
  const ownSpend = summary ? Float64Array.from(summary.revenue, (r, i) => (summary.orders[i]! > 0 ? Math.max(0, r / summary.orders[i]!) : 0)) : undefined;
  const scoring = { discountRate: options.discountRate ?? 0.1, margin: options.margin ?? 1 };
  if (fit) {
    const rfm = { x: base.x, tx: base.tx, T: base.T, monetary };
    try {
      const main = scoreSummary(fit, spend, rfm, { horizon: horizonDays / unitDays, unitDays, ...scoring }, ownSpend);
      checkpoint();
      const also = options.alsoDays === undefined ? undefined : scoreSummary(fit, spend, rfm, { horizon: options.alsoDays / unitDays, unitDays, ...scoring }, ownSpend);
      run.scores = { pAlive: main.pAlive, expectedPurchases: main.expectedPurchases, expectedAlso: also?.expectedPurchases, expectedSpend: main.expectedSpend, clv: main.clv };
      return run;
    } catch (error) {
      // A fit whose numbers cannot be scored is no fit to show: the sheet falls back like for no fit at all.
      if (!(error instanceof ClvError) || options.whenNoFit !== 'history') throw error;
      faults.push(error.code);
      run.fit = undefined;
    }
  }
  const history = historyScores({ ...base, monetary }, spend, ownSpend ?? monetary, { unitDays, horizonDays, alsoDays: options.alsoDays ?? 0, ...scoring });
  run.scores = { pAlive: undefined, expectedPurchases: history.expectedPurchases, expectedAlso: options.alsoDays === undefined ? undefined : history.expectedAlso, expectedSpend: history.expectedSpend, clv: history.clv };
  return run;
}

/** The fitted parameters by name, finite ones only (a limit's parameters replace those that ran off). */
export function fitParameters(fit: ModelFit): Record<string, number> {
  if (!fit.limit) return { ...fit.params };
  if (fit.model === 'pareto') return { ...fit.limit.rate, ...fit.limit.lifetime };
  const { rate, dropout } = fit.limit;
  return { ...rate, ...dropout };
}

/** A one-line description of a fit's parameters, e.g. "r = 0.2426  alpha = 4.4136 …". */
export function describeParameters(fit: ModelFit): string {
  return Object.entries(fitParameters(fit))
    .map(([k, v]) => `${k} = ${v.toFixed(4)}`)
    .join('  ');
}

/** "12 months" in a unit, for adapters that speak in units (the CLI's --horizon is in weeks). */
export function yearIn(unit: TimeUnit): number {
  return CLV_YEAR_DAYS / UNIT_DAYS[unit];
}
