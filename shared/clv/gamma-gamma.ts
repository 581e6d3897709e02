import { ClvError } from './errors';
import { maximise } from './fit';
import { digamma, lnGamma } from './special';

/** Parameters of the Gamma-Gamma spend model: transaction values Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface SpendParams {
  p: number;
  q: number;
  gamma: number;
}

/** A fitted Gamma-Gamma model, with how many repeat buyers it was fitted on. */
export interface SpendFit {
  params: SpendParams;
  logLikelihood: number;
  customers: number;
}

/** Repeat buyers with a positive mean spend: x and mean repeat spend, one row per customer. */
export interface SpendData {
  x: Float64Array;
  mean: Float64Array;
}

/** Fewest repeat buyers with spend a Gamma-Gamma fit is attempted on. */
export const MIN_SPENDERS = 5;

/** Keeps the customers the Gamma-Gamma model can use: x ≥ 1 and a positive mean repeat spend. */
export function spendData(x: ArrayLike<number>, mean: ArrayLike<number>): SpendData {
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i]! >= 1 && mean[i]! > 0 && Number.isFinite(mean[i]!)) {
      xs.push(x[i]!);
      ms.push(mean[i]!);
    }
  }
  return { x: Float64Array.from(xs), mean: Float64Array.from(ms) };
}

/**
 * Log-likelihood of the mean repeat spend z̄ under the Gamma-Gamma model with its full density
 * (Fader & Hardie, "The Gamma-Gamma model of monetary value", 2013, eq. 3): z̄ | x ~ Gamma(px, νx), ν ~ Gamma(q, γ).
 */
export function spendLogLikelihood(theta: ArrayLike<number>, data: SpendData, gradient?: Float64Array): number {
  const p = theta[0]!;
  const q = theta[1]!;
  const g = theta[2]!;
  const lnG = Math.log(g);
  const lgQ = lnGamma(q);
  const dgQ = digamma(q);
  // The Γ terms depend on x only, which takes few values: cache them per x.
  const cache = new Map<number, [number, number, number]>();
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    const z = data.mean[i]!;
    let c = cache.get(x);
    if (!c) {
      const px = p * x;
      c = [lnGamma(px + q) - lnGamma(px) - lgQ, digamma(px + q), digamma(px)];
      cache.set(x, c);
    }
    const px = p * x;
    const lnX = Math.log(x);
    const lnZ = Math.log(z);
    const denom = g + x * z;
    const lnDen = Math.log(denom);
    ll += c[0] + q * lnG + px * lnX + (px - 1) * lnZ - (px + q) * lnDen;
    if (gradient) {
      gp += x * (c[1] - c[2] + lnX + lnZ - lnDen);
      gq += c[1] - dgQ + lnG - lnDen;
      gg += q / g - (px + q) / denom;
    }
  }
  if (gradient) {
    gradient[0] = gp;
    gradient[1] = gq;
    gradient[2] = gg;
  }
  return ll;
}

/** Maximum-likelihood Gamma-Gamma fit; fails with a typed error on too few spenders or q ≤ 1 (no finite mean). */
export function fitSpend(data: SpendData): SpendFit {
  const n = data.x.length;
  if (n < MIN_SPENDERS) throw new ClvError('too_few_repeat_buyers', `need at least ${MIN_SPENDERS} repeat buyers with spend, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data.mean[i]!;
  const { theta, logLikelihood } = maximise((t, g) => spendLogLikelihood(t, data, g), [1, 2, sum / n], n, 'Gamma-Gamma');
  const params = { p: theta[0]!, q: theta[1]!, gamma: theta[2]! };
  if (!(params.q > 1)) throw new ClvError('spend_mean_undefined', 'the Gamma-Gamma fit has q ≤ 1, so expected spend is undefined');
  return { params, logLikelihood, customers: n };
}

/** E(M | p, q, γ, x, z̄): the customer's expected spend per purchase (the population mean when x = 0). */
export function expectedSpend(s: SpendParams, x: number, mean: number): number {
  const xm = x > 0 && mean > 0 ? x : 0;
  return (s.p * (s.gamma + xm * mean)) / (s.p * xm + s.q - 1);
}
