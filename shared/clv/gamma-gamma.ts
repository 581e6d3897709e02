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

/** Repeat buyers with a positive mean spend: x and mean repeat spend, one row per customer (not changed once built). */
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
 * What does not depend on the parameters, over distinct (x, z̄) pairs with their counts (spend in cents repeats
 * a lot: one-repeat customers with the same basket): ln z̄, ln x, and the index into the distinct x values.
 */
interface PreparedSpend {
  x: Float64Array;
  mean: Float64Array;
  weight: Float64Array;
  lnZ: Float64Array;
  lnX: Float64Array;
  xs: number[];
  xIndex: Int32Array;
}

const prepared = new WeakMap<SpendData, PreparedSpend>();

function prepare(data: SpendData): PreparedSpend {
  let p = prepared.get(data);
  if (p) return p;
  // Keyed by the mean alone (one flat map); a mean seen before with another x goes to a second, string-keyed map.
  const byMean = new Map<number, number>();
  let byPair: Map<string, number> | undefined;
  const x: number[] = [];
  const mean: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const xi = data.x[i]!;
    const mi = data.mean[i]!;
    let row = byMean.get(mi);
    if (row !== undefined && x[row] !== xi) {
      byPair ??= new Map<string, number>();
      row = byPair.get(`${xi}:${mi}`);
      if (row === undefined) byPair.set(`${xi}:${mi}`, x.length);
    } else if (row === undefined) {
      byMean.set(mi, x.length);
    }
    if (row === undefined) {
      x.push(xi);
      mean.push(mi);
      weight.push(1);
    } else {
      weight[row]! += 1;
    }
  }
  const xs = [...new Set(x)];
  const position = new Map(xs.map((v, k) => [v, k]));
  p = {
    x: Float64Array.from(x),
    mean: Float64Array.from(mean),
    weight: Float64Array.from(weight),
    lnZ: Float64Array.from(mean, Math.log),
    lnX: Float64Array.from(x, Math.log),
    xs,
    xIndex: Int32Array.from(x, (v) => position.get(v)!),
  };
  prepared.set(data, p);
  return p;
}

/**
 * Log-likelihood of the mean repeat spend z̄ under the Gamma-Gamma model with its full density
 * (Fader & Hardie, "The Gamma-Gamma model of monetary value", 2013, eq. 3): z̄ | x ~ Gamma(px, νx), ν ~ Gamma(q, γ).
 */
export function spendLogLikelihood(theta: ArrayLike<number>, data: SpendData, gradient?: Float64Array): number {
  const p = theta[0]!;
  const q = theta[1]!;
  const g = theta[2]!;
  const { x: xv, mean, weight, lnZ, lnX, xs, xIndex } = prepare(data);
  const lnG = Math.log(g);
  const lgQ = lnGamma(q);
  const dgQ = digamma(q);
  // The Γ terms depend on x only, which takes few values: once per distinct x.
  const lgTerm = new Float64Array(xs.length);
  const dgPQ = new Float64Array(xs.length);
  const dgP = new Float64Array(xs.length);
  for (let k = 0; k < xs.length; k++) {
    const px = p * xs[k]!;
    lgTerm[k] = lnGamma(px + q) - lnGamma(px) - lgQ;
    dgPQ[k] = digamma(px + q);
    dgP[k] = digamma(px);
  }
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < xv.length; i++) {
    const x = xv[i]!;
    const w = weight[i]!;
    const k = xIndex[i]!;
    const px = p * x;
    const denom = g + x * mean[i]!;
    const lnDen = Math.log(denom);
    ll += w * (lgTerm[k]! + q * lnG + px * lnX[i]! + (px - 1) * lnZ[i]! - (px + q) * lnDen);
    if (gradient) {
      gp += w * x * (dgPQ[k]! - dgP[k]! + lnX[i]! + lnZ[i]! - lnDen);
      gq += w * (dgPQ[k]! - dgQ + lnG - lnDen);
      gg += w * (q / g - (px + q) / denom);
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
  // Start where the model's mean spend pγ/(q − 1) equals the observed mean, with q = 3 (finite variance): on full
  // CDNOW this takes 20 likelihood evaluations where q = 2, γ = mean took 45 (same optimum).
  const start = [1, 3, (2 * sum) / n];
  const { theta, logLikelihood } = maximise((t, g) => spendLogLikelihood(t, data, g), start, n, 'Gamma-Gamma', [0, 1]);
  const params = { p: theta[0]!, q: theta[1]!, gamma: theta[2]! };
  if (!(params.q > 1)) throw new ClvError('spend_mean_undefined', 'the Gamma-Gamma fit has q ≤ 1, so expected spend is undefined');
  return { params, logLikelihood, customers: n };
}

/** E(M | p, q, γ, x, z̄): the customer's expected spend per purchase (the population mean when x = 0). */
export function expectedSpend(s: SpendParams, x: number, mean: number): number {
  const xm = x > 0 && mean > 0 ? x : 0;
  return (s.p * (s.gamma + xm * mean)) / (s.p * xm + s.q - 1);
}
