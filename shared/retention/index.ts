/** Retention analytics: rates, cohorts, Pareto share, RFM, churn risk, defections and lost profit (pure, dated by a parameter). */
export { analyzeRetention, scoredColumns, type AtRiskCustomer, type RetentionAnalysis, type RetentionInput } from './analyze';
export { callList } from './call-list';
export { cohortMatrix, type CohortRow } from './cohorts';
export { localDay, parseDay, periodLabel, type DayRef, type Period } from './dates';
export { detectDefections, isMissedStatus, isResolvedStatus, type DetectedDefection, type DetectedType } from './defections';
export { buildHistory, survivorMap, type CustomerHistory, type PurchaseHistory } from './history';
export { annuityFactor, resolveOptions, type ResolvedOptions, type RetentionOptions, type RetentionSettings } from './options';
export { paretoShare, type Pareto, type ParetoPoint } from './pareto';
export { DAYS_PER_YEAR, medianGap, typicalGap, type CustomerProfile, type CustomerScores } from './profiles';
export { defectionTotals, rankDefections, type DefectionTypeTotal, type RankedDefection } from './ranking';
export { periodRates, type PeriodRate } from './rates';
export { quintiles, RFM_SEGMENTS, rfmScores, rfmSegment, type RfmScore, type RfmSegment } from './rfm';
