import { bgFitExpected, bgFitPAlive, fitBg, type BgFit } from './bgnbd';
import { fitPareto, paretoFitExpected, paretoFitPAlive, type ParetoFit } from './pareto';
import type { CompressedRfm } from './rfm';

/** The purchase-count models: BG/NBD, MBG/NBD and Pareto/NBD. */
export type PurchaseModel = 'bgnbd' | 'mbgnbd' | 'pareto';

/** The model names accepted at the boundaries, in the order they are offered. */
export const PURCHASE_MODELS: readonly PurchaseModel[] = ['bgnbd', 'mbgnbd', 'pareto'];

/** A fitted purchase-count model of any kind. */
export type ModelFit = BgFit | ParetoFit;

/** Fits the named purchase-count model to compressed RFM data (throws ClvError when it cannot). */
export function fitModel(model: PurchaseModel, data: CompressedRfm): ModelFit {
  return model === 'pareto' ? fitPareto(data) : fitBg(data, model === 'mbgnbd');
}

/** P(alive at T) for a customer with (x, tx, T) under a fitted model. */
export function pAlive(fit: ModelFit, x: number, tx: number, T: number): number {
  return fit.model === 'pareto' ? paretoFitPAlive(fit, x, tx, T) : bgFitPAlive(fit, x, tx, T);
}

/** Expected purchases in the next t units for a customer with (x, tx, T) under a fitted model. */
export function expectedPurchases(fit: ModelFit, x: number, tx: number, T: number, t: number): number {
  return fit.model === 'pareto' ? paretoFitExpected(fit, x, tx, T, t) : bgFitExpected(fit, x, tx, T, t);
}
