/** Customer lifetime value: RFM summaries, BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma fits, and scores. */
export { ClvError, type ClvFault } from './errors';
export { lnGamma, digamma } from './special';
export { hyp2f1, hyp2f1Series } from './hyp2f1';
export { minimiseBfgs, type Minimum, type MinimiseOptions, type Objective } from './optimise';
export { summarise, compress, UNIT_DAYS, type TimeUnit, type PurchaseLog, type CodedPurchaseLog, type RfmSummary, type CompressedRfm } from './rfm';
export { bgLogLikelihood, fitBg, bgPAlive, bgExpected, MIN_CUSTOMERS, MIN_REPEAT_BUYERS, type BgParams, type BgFit } from './bgnbd';
export { paretoLogLikelihood, fitPareto, paretoPAlive, paretoExpected, type ParetoParams, type ParetoFit } from './pareto';
export { spendData, spendLogLikelihood, fitSpend, expectedSpend, MIN_SPENDERS, type SpendParams, type SpendFit, type SpendData } from './gamma-gamma';
export { fitModel, pAlive, expectedPurchases, PURCHASE_MODELS, type PurchaseModel, type ModelFit } from './models';
export { scoreSummary, type ScoreOptions, type Scores } from './score';
export { scoreCustomerColumns, type CustomerClvColumns, type CustomerClvOptions, type CustomerClvResult } from './customers';
export { parseClvInput, parseDay, readHeaderLine, headerColumns, type ClvInput, type HeaderLine, type HeaderColumns } from './input';
export { fromDistinctRows, expandSpendRows, type DistinctRfm } from './distinct';
export { fitAndScore, fitParameters, describeParameters, yearIn, type ClvSource, type ClvOptions, type ClvRun, type ClvScores } from './pipeline';
export { CLV_YEAR_DAYS } from './year';
export { limitLogLikelihood, type BgLimit, type RateSide, type DropoutSide } from './bg-limits';
export { paretoLimitLogLikelihood, lnPowerExpTail, type ParetoLimit, type LifetimeSide } from './pareto-limits';
