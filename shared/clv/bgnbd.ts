import { fitBgLimit, limitExpected, limitPAlive, type BgLimit } from './bg-limits';
import { ClvError } from './errors';
import { maximiseOpen } from './fit';
import { sampleRfm } from './sample';
import { hyp2f1 } from './hyp2f1';
import type { CompressedRfm } from './rfm';
import { risingTables } from './tables';
import { shiftedLogs, timeIndex } from './times';

/** Parameters of the BG/NBD and MBG/NBD models: purchase rate Gamma(r, α), drop-out Beta(a, b). */
export interface BgParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

const weightsByX = new WeakMap<CompressedRfm, Float64Array>();

/** The customers' count per x value (0 … maxX), computed once per (unchanging) data set. */
function weightByX(data: CompressedRfm): Float64Array {
  let byX = weightsByX.get(data);
  if (!byX) {
    byX = new Float64Array(data.maxX + 1);
    for (let i = 0; i < data.x.length; i++) byX[data.x[i]!]! += data.weight[i]!;
    weightsByX.set(data, byX);
  }
  return byX;
}

const rowSumsOut = new Float64Array(5);

/**
 * The row loop of the likelihood, alone in a small function: V8 optimises it whole after a few calls, where the
 * loop inside the big function was compiled on stack and thrown away at its exit on every call (a 50,000-customer
 * fit spent most of its time in unoptimised code). Returns [Σ w·lse(a3, a4), Σ w·(w3 ln(α+T) + w4 ln(α+t_x)),
 * Σ w(r+x)(w3/(α+T) + w4/(α+t_x)), Σ w·w4, Σ w·w4/(b+x−1)] in a buffer reused by every call.
 */
function rowSums(
  r: number,
  modified: boolean,
  withGradient: boolean,
  xs: Float64Array,
  weight: Float64Array,
  tIndex: Int32Array,
  txIndex: Int32Array,
  lnT: Float64Array,
  invT: Float64Array,
  lnTx: Float64Array,
  invTx: Float64Array,
  dropLog: Float64Array,
  dropInv: Float64Array,
): Float64Array {
  let lw4 = 0;
  let wLogs = 0;
  let wInv = 0;
  let w4a = 0;
  let w4drop = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const w = weight[i]!;
    const rx = r + x;
    const ti = tIndex[i]!;
    const lnAT = lnT[ti]!;
    const a3 = -rx * lnAT;
    if (x > 0 || modified) {
      const txi = txIndex[i]!;
      const lnAtx = lnTx[txi]!;
      const a4 = dropLog[x]! - rx * lnAtx;
      // log(e^a3 + e^a4) with one exp: the larger plus log1p of the smaller's share.
      const e = Math.exp(-Math.abs(a3 - a4));
      const w4 = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
      const w3 = 1 - w4;
      lw4 += w * ((a3 > a4 ? a3 : a4) + Math.log1p(e));
      if (withGradient) {
        wLogs += w * (w3 * lnAT + w4 * lnAtx);
        wInv += w * rx * (w3 * invT[ti]! + w4 * invTx[txi]!);
        w4a += w * w4;
        w4drop += w * w4 * dropInv[x]!;
      }
    } else {
      // No drop-out term (BG/NBD, x = 0), where b + x − 1 may be 0: w4 = 0.
      lw4 += w * a3;
      if (withGradient) {
        wLogs += w * lnAT;
        wInv += w * rx * invT[ti]!;
      }
    }
  }
  rowSumsOut[0] = lw4;
  rowSumsOut[1] = wLogs;
  rowSumsOut[2] = wInv;
  rowSumsOut[3] = w4a;
  rowSumsOut[4] = w4drop;
  return rowSumsOut;
}

/**
 * The BG/NBD (Fader, Hardie & Lee 2005) or, with `modified`, the MBG/NBD (Batislam et al. 2007) log-likelihood
 * of compressed RFM data at θ = (r, α, a, b); writes the analytic gradient when asked.
 */
export function bgLogLikelihood(theta: ArrayLike<number>, data: CompressedRfm, modified: boolean, gradient?: Float64Array): number {
  const r = theta[0]!;
  const alpha = theta[1]!;
  const a = theta[2]!;
  const b = theta[3]!;
  const size = data.maxX + 2;
  const lgR = new Float64Array(size);
  const dgR = new Float64Array(size);
  const lgB = new Float64Array(size);
  const dgB = new Float64Array(size);
  const lgAB = new Float64Array(size);
  const dgAB = new Float64Array(size);
  risingTables(r, size - 1, lgR, dgR);
  risingTables(b, size - 1, lgB, dgB);
  risingTables(a + b, size - 1, lgAB, dgAB);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  // MBG/NBD lets a customer drop out right after any purchase, the first included: the Beta terms shift by one.
  const shift = modified ? 1 : 0;
  // ln a − ln(b + x − 1 + shift) and 1/(b + x − 1 + shift) depend on x only: one table per evaluation.
  const dropLog = new Float64Array(size);
  const dropInv = new Float64Array(size);
  for (let x = 0; x < size; x++) {
    const d = b + x - 1 + shift;
    dropLog[x] = d > 0 ? lnA - Math.log(d) : -Infinity;
    dropInv[x] = d > 0 ? 1 / d : 0;
  }
  const { tValues, tIndex, txValues, txIndex } = timeIndex(data);
  const lnT = new Float64Array(tValues.length);
  const invT = new Float64Array(tValues.length);
  const lnTx = new Float64Array(txValues.length);
  const invTx = new Float64Array(txValues.length);
  shiftedLogs(alpha, tValues, lnT, invT);
  shiftedLogs(alpha, txValues, lnTx, invTx);
  // Per row only what depends on t_x and T; the terms in x alone are added once per x value with its weight.
  const sums = rowSums(r, modified, gradient !== undefined, data.x, data.weight, tIndex, txIndex, lnT, invT, lnTx, invTx, dropLog, dropInv);
  const lw4 = sums[0]!;
  const wLogs = sums[1]!;
  const wInv = sums[2]!;
  const w4a = sums[3]!;
  const w4drop = sums[4]!;
  const byX = weightByX(data);
  let total = 0;
  for (let x = 0; x < byX.length; x++) total += byX[x]!;
  let ll = r * lnAlpha * total + lw4;
  let gr = lnAlpha * total - wLogs;
  const gAlpha = (r / alpha) * total - wInv;
  let ga = w4a / a;
  let gb = -w4drop;
  for (let x = 0; x < byX.length; x++) {
    const W = byX[x]!;
    if (W === 0) continue;
    const k = x + shift;
    ll += W * (lgR[x]! + lgB[k]! - lgAB[k]!);
    gr += W * dgR[x]!;
    ga -= W * dgAB[k]!;
    gb += W * (dgB[k]! - dgAB[k]!);
  }
  if (gradient) {
    gradient[0] = gr;
    gradient[1] = gAlpha;
    gradient[2] = ga;
    gradient[3] = gb;
  }
  return ll;
}

/** A fitted BG/NBD or MBG/NBD model. */
export interface BgFit {
  model: 'bgnbd' | 'mbgnbd';
  /** The parameters; those a limit sent to infinity are Infinity (read `limit` then). */
  params: BgParams;
  logLikelihood: number;
  customers: number;
  /** Set when the likelihood rose without bound towards a limiting model, which is then the fit. */
  limit?: BgLimit;
}

/** Fewest customers a fit is attempted on. */
export const MIN_CUSTOMERS = 10;
/** Fewer repeat buyers than this still get a fit, with a warning that it rests on very little. */
export const MIN_REPEAT_BUYERS = 5;

/** Checks the data can support a fit of the purchase models at all (the BG/NBD family has limits to fall back on). */
export function checkSupport(data: CompressedRfm, minRepeatBuyers = 1): void {
  if (data.customers < MIN_CUSTOMERS) throw new ClvError('too_few_customers', `need at least ${MIN_CUSTOMERS} customers, got ${data.customers}`);
  if (data.repeatBuyers < minRepeatBuyers) {
    const need = minRepeatBuyers === 1 ? '1 repeat buyer' : `${minRepeatBuyers} repeat buyers`;
    throw new ClvError('too_few_repeat_buyers', `need at least ${need}, got ${data.repeatBuyers}`);
  }
}

/**
 * The time scale of a starting point: observed time per repeat purchase (T̄/x̄). Fits start at r = 0.5 and
 * α = this/3, a mean rate 1.5× the observed one, since the observed rate is diluted by customers who left;
 * on full CDNOW this start needs far fewer likelihood evaluations than r = 1, α = this (Pareto/NBD 24 against 114).
 */
export function startingRate(data: CompressedRfm): number {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < data.x.length; i++) {
    sx += data.weight[i]! * data.x[i]!;
    sT += data.weight[i]! * data.T[i]!;
  }
  return Math.max(1e-3, sT / Math.max(sx, 1));
}

/**
 * Maximum-likelihood fit of the BG/NBD (or MBG/NBD with `modified`) to compressed RFM data. When the
 * likelihood keeps rising as parameters run off (nobody drops out, everybody buys at one pace, a single
 * repeat buyer), the best of the limiting models is the fit, with `limit` set; never an error for that.
 */
export function fitBg(data: CompressedRfm, modified = false): BgFit {
  checkSupport(data);
  const model = modified ? 'mbgnbd' : 'bgnbd';
  const scale = startingRate(data);
  const sample = sampleRfm(data);
  const warm = sample && { ll: (t: Float64Array, g: Float64Array) => bgLogLikelihood(t, sample, modified, g), customers: sample.customers };
  const full = maximiseOpen((t, g) => bgLogLikelihood(t, data, modified, g), [0.5, scale / 3, 1, 1], data.customers, [0, 2, 3], warm);
  const params = (t: Float64Array): BgParams => ({ r: t[0]!, alpha: t[1]!, a: t[2]!, b: t[3]! });
  if (full.settled) return { model, params: params(full.theta), logLikelihood: full.logLikelihood, customers: data.customers };
  // Which side ran off (beyond what a finite fit would need), and a start for the limits from where BFGS got to.
  const far = (v: number): boolean => !(Math.abs(Math.log(v)) < Math.log(1e4));
  const { r, alpha, a, b } = params(full.theta);
  const sane = r > 1e-4 && r < 1e4 && alpha > 0 && Number.isFinite(alpha);
  const limit = fitBgLimit(data, modified, {
    r: sane ? r : 0.5,
    alpha: sane ? alpha : scale / 3,
    dropout: far(a) || far(b),
    rate: far(r) || !sane,
  });
  if (!limit) {
    if (Number.isFinite(full.logLikelihood)) {
      // Nothing settled anywhere: the furthest point BFGS reached is still the best fit found.
      return { model, params: params(full.theta), logLikelihood: full.logLikelihood, customers: data.customers };
    }
    throw new ClvError('did_not_converge', `the ${modified ? 'MBG/NBD' : 'BG/NBD'} fit did not converge`);
  }
  const { rate, dropout } = limit.limit;
  return {
    model,
    params: {
      r: 'r' in rate ? rate.r : Infinity,
      alpha: 'alpha' in rate ? rate.alpha : Infinity,
      a: 'a' in dropout ? dropout.a : Infinity,
      b: 'b' in dropout ? dropout.b : Infinity,
    },
    logLikelihood: limit.logLikelihood,
    customers: data.customers,
    limit: limit.limit,
  };
}

/** P(alive) of a fitted BG/NBD or MBG/NBD, at its limit when it has one. */
export function bgFitPAlive(fit: BgFit, x: number, tx: number, T: number): number {
  const modified = fit.model === 'mbgnbd';
  return fit.limit ? limitPAlive(fit.limit, modified, x, tx, T) : bgPAlive(fit.params, modified, x, tx, T);
}

/** Expected purchases in (T, T + t] of a fitted BG/NBD or MBG/NBD, at its limit when it has one. */
export function bgFitExpected(fit: BgFit, x: number, tx: number, T: number, t: number): number {
  const modified = fit.model === 'mbgnbd';
  return fit.limit ? limitExpected(fit.limit, modified, x, tx, T, t) : bgExpected(fit.params, modified, x, tx, T, t);
}

/** P(alive at T | x, tx, T) under the BG/NBD or MBG/NBD. */
export function bgPAlive(p: BgParams, modified: boolean, x: number, tx: number, T: number): number {
  if (x === 0 && !modified) return 1;
  const shift = modified ? 1 : 0;
  const ratio = (p.a / (p.b + x - 1 + shift)) * Math.exp((p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx)));
  return 1 / (1 + ratio);
}

/** Expected purchases in (T, T + t] given (x, tx, T) under the BG/NBD or MBG/NBD (FHL 2005 eq. 10). */
export function bgExpected(p: BgParams, modified: boolean, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const shift = modified ? 1 : 0;
  const { r, alpha, b } = p;
  // a = 1 exactly is a removable singularity of the closed form; step off it.
  const a = Math.abs(p.a - 1) < 1e-8 ? 1 + 1e-8 : p.a;
  const z = t / (alpha + T + t);
  // FHL's eq. 10 has ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z), a vanishing power times a 2F1 that
  // overflows for heavy buyers over long horizons. Euler's transformation folds the two into
  // (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z) (with the MBG/NBD shift), whose size no longer grows with x.
  const h = hyp2f1(a + b - 1 + shift - r, a - 1, a + b + x - 1 + shift, z);
  const lead = (a + b + x - 1 + shift) / (a - 1);
  const value = lead * (1 - Math.pow((alpha + T) / (alpha + T + t), a - 1) * h) * bgPAlive(p, modified, x, tx, T);
  if (!Number.isFinite(value)) throw new ClvError('numerical', 'expected purchases could not be computed');
  return value;
}
