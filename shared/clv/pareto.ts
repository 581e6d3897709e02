import { checkSupport, startingRate } from './bgnbd';
import { ClvError } from './errors';
import { maximiseOpen } from './fit';
import { sampleRfm } from './sample';
import { fitParetoLimit, paretoLimitExpected, paretoLimitPAlive, type ParetoLimit } from './pareto-limits';
import type { CompressedRfm } from './rfm';
import { risingTables } from './tables';

/** Parameters of the Pareto/NBD: purchase rate Gamma(r, α), drop-out rate Gamma(s, β). */
export interface ParetoParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** A fitted Pareto/NBD model. */
export interface ParetoFit {
  model: 'pareto';
  /** The parameters; at a limit those that ran off are Infinity (s = 0, β = ∞ without drop-out; read `limit`). */
  params: ParetoParams;
  logLikelihood: number;
  customers: number;
  /** Set when the likelihood rose without bound towards a limiting model, which is then the fit. */
  limit?: ParetoLimit;
}

const MAX_TERMS = 20_000;

/**
 * G(t) = ∫ₜ^∞ (A+τ)^(−p) (B+τ)^(−q) dτ for A ≥ B. With m = p + q − 1 and z = (A−B)/(A+t) this is
 * (A+t)^(−m) ₂F₁(m, q; m+1; z)/m; Euler's transformation turns it into (A+t)^(−p) (B+t)^(1−q) S with
 * S = Σₖ (p)ₖ zᵏ / (m)ₖ₊₁, whose term ratio (p+k)z/(m+k+1) stays below z however large q = r + x gets
 * (the untransformed series first grows like k^(q−1), which made heavy buyers cost thousands of terms).
 * S and its partial derivatives are summed in one pass.
 * out = [ln((A+t)^(−p) (B+t)^(1−q)), S, ∂/∂p, ∂/∂q, ∂/∂A, ∂/∂B], each bracket to be multiplied by e^out[0].
 */
export function paretoTail(A: number, B: number, p: number, q: number, t: number, out: Float64Array): void {
  const m = p + q - 1;
  const At = A + t;
  const Bt = B + t;
  const lnA = Math.log(At);
  const lnB = Math.log(Bt);
  const z = (A - B) / At;
  let term = 1 / m; // (p)ₖ zᵏ / (m)ₖ₊₁
  let harmonic = 1 / m; // Σⱼ₌₀ᵏ 1/(m + j) = −∂ ln term / ∂m
  let digammaGap = 0; // ψ(p + k) − ψ(p) = ∂ ln (p)ₖ / ∂p
  let S = term;
  let Sp = -term * harmonic;
  let Sq = Sp;
  let Sz = 0; // Σ k·termₖ / z, accumulated as Σ k (p)ₖ zᵏ⁻¹ / (m)ₖ₊₁
  let zPrevTerm = 1 / m; // termₖ₋₁ without its z factor, for Sz
  for (let k = 1; ; k++) {
    const ratio = (p + k - 1) / (m + k);
    digammaGap += 1 / (p + k - 1);
    harmonic += 1 / (m + k);
    // k·termₖ/z = k·termₖ₋₁·ratio — written without dividing by z, so z = 0 is fine.
    zPrevTerm = term * ratio;
    Sz += k * zPrevTerm;
    term = zPrevTerm * z;
    S += term;
    Sp += term * (digammaGap - harmonic);
    Sq -= term * harmonic;
    if (term === 0 || (k * zPrevTerm <= 1e-17 * (Sz + 1e-300) && term * (1 + digammaGap + harmonic) <= 1e-17 * S)) break;
    if (k > MAX_TERMS) throw new ClvError('numerical', 'the Pareto/NBD series did not converge');
  }
  out[0] = -p * lnA + (1 - q) * lnB;
  out[1] = S;
  out[2] = Sp - lnA * S;
  out[3] = Sq - lnB * S;
  // ∂z/∂A = (B+t)/(A+t)², ∂z/∂B = −1/(A+t).
  out[4] = (-p / At) * S + (Sz * Bt) / (At * At);
  out[5] = ((1 - q) / Bt) * S - Sz / At;
}

/**
 * Per-customer pieces of the Pareto/NBD likelihood, written into a reused array (no object per row per
 * evaluation): [M, (E1 + E2)·e^(−M), E1·e^(−M)].
 */
const LOG_SCALE = 0;
const TOTAL = 1;
const E1 = 2;
const rowOut = new Float64Array(3);

const tailAtTx = new Float64Array(6);
const tailAtT = new Float64Array(6);

/**
 * L ∝ (α+T)^(−(r+x)) (β+T)^(−s) + s ∫ from tx to T of (α+τ)^(−(r+x)) (β+τ)^(−(s+1)) dτ (Fader & Hardie's
 * note, eq. 22–24 in integral form); fills `grad` with ∂ln(·)/∂(r, α, s, β) when given.
 */
function paretoRow(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, grad?: Float64Array): Float64Array {
  const rx = r + x;
  const lnAT = Math.log(alpha + T);
  const lnBT = Math.log(beta + T);
  const lnE1 = -rx * lnAT - s * lnBT;
  const swap = alpha < beta;
  // The larger of α, β plays A so that z stays in [0, 1).
  const A = swap ? beta : alpha;
  const B = swap ? alpha : beta;
  const p = swap ? s + 1 : rx;
  const q = swap ? rx : s + 1;
  paretoTail(A, B, p, q, tx, tailAtTx);
  paretoTail(A, B, p, q, T, tailAtT);
  const lnS = Math.log(s);
  const M = Math.max(lnE1, lnS + tailAtTx[0]! + Math.log(tailAtTx[1]!));
  const e1 = Math.exp(lnE1 - M);
  const v1 = Math.exp(tailAtTx[0]! - M);
  const v2 = Math.exp(tailAtT[0]! - M);
  const integral = Math.max(0, v1 * tailAtTx[1]! - v2 * tailAtT[1]!);
  const total = e1 + s * integral;
  if (grad) {
    const dIdp = v1 * tailAtTx[2]! - v2 * tailAtT[2]!;
    const dIdq = v1 * tailAtTx[3]! - v2 * tailAtT[3]!;
    const dIdA = v1 * tailAtTx[4]! - v2 * tailAtT[4]!;
    const dIdB = v1 * tailAtTx[5]! - v2 * tailAtT[5]!;
    const dIr = swap ? dIdq : dIdp;
    const dIs = swap ? dIdp : dIdq;
    const dIalpha = swap ? dIdB : dIdA;
    const dIbeta = swap ? dIdA : dIdB;
    grad[0] = (-lnAT * e1 + s * dIr) / total;
    grad[1] = ((-rx / (alpha + T)) * e1 + s * dIalpha) / total;
    grad[2] = (-lnBT * e1 + integral + s * dIs) / total;
    grad[3] = ((-s / (beta + T)) * e1 + s * dIbeta) / total;
  }
  rowOut[LOG_SCALE] = M;
  rowOut[TOTAL] = total;
  rowOut[E1] = e1;
  return rowOut;
}

/** The Pareto/NBD log-likelihood of compressed RFM data at θ = (r, α, s, β), with its analytic gradient. */
export function paretoLogLikelihood(theta: ArrayLike<number>, data: CompressedRfm, gradient?: Float64Array): number {
  const r = theta[0]!;
  const alpha = theta[1]!;
  const s = theta[2]!;
  const beta = theta[3]!;
  const lgR = new Float64Array(data.maxX + 1);
  const dgR = new Float64Array(data.maxX + 1);
  risingTables(r, data.maxX, lgR, dgR);
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const g = gradient ? new Float64Array(4) : undefined;
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let gs = 0;
  let gBeta = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    const w = data.weight[i]!;
    const row = paretoRow(r, alpha, s, beta, x, data.tx[i]!, data.T[i]!, g);
    ll += w * (lgR[x]! + r * lnAlpha + s * lnBeta + row[LOG_SCALE]! + Math.log(row[TOTAL]!));
    if (g) {
      gr += w * (dgR[x]! + lnAlpha + g[0]!);
      gAlpha += w * (r / alpha + g[1]!);
      gs += w * (lnBeta + g[2]!);
      gBeta += w * (s / beta + g[3]!);
    }
  }
  if (gradient) {
    gradient[0] = gr;
    gradient[1] = gAlpha;
    gradient[2] = gs;
    gradient[3] = gBeta;
  }
  return ll;
}

/**
 * Maximum-likelihood fit of the Pareto/NBD to compressed RFM data. When the likelihood keeps rising as parameters
 * run off (nobody drops out, everybody buys at one pace or drops out at one rate, a single repeat buyer), the best
 * of the limiting models is the fit, with `limit` set; never an error for that.
 */
export function fitPareto(data: CompressedRfm): ParetoFit {
  checkSupport(data);
  const scale = startingRate(data) / 3;
  const sample = sampleRfm(data);
  const warm = sample && { ll: (t: Float64Array, g: Float64Array) => paretoLogLikelihood(t, sample, g), customers: sample.customers };
  const full = maximiseOpen((t, g) => paretoLogLikelihood(t, data, g), [0.5, scale, 0.5, scale], data.customers, [0, 2], warm);
  const params = (t: Float64Array): ParetoParams => ({ r: t[0]!, alpha: t[1]!, s: t[2]!, beta: t[3]! });
  const customers = data.customers;
  if (full.settled) return { model: 'pareto', params: params(full.theta), logLikelihood: full.logLikelihood, customers };
  const far = (v: number): boolean => !(Math.abs(Math.log(v)) < Math.log(1e4));
  const { r, alpha, s, beta } = params(full.theta);
  const sane = r > 1e-4 && r < 1e4 && alpha > 0 && Number.isFinite(alpha);
  // s → 0 (no drop-out) or s, β → ∞ (one drop-out rate) is the lifetime side; r, α → ∞ the rate side.
  const limit = fitParetoLimit(data, {
    r: sane ? r : 0.5,
    alpha: sane ? alpha : scale,
    s,
    beta,
    lifetime: far(s) || far(beta) || s > 100,
    rate: far(r) || !sane,
  });
  if (!limit || (Number.isFinite(full.logLikelihood) && full.logLikelihood > limit.logLikelihood)) {
    if (Number.isFinite(full.logLikelihood)) {
      // The furthest point BFGS reached is still the best fit found (a limit that settled lower is no better).
      return { model: 'pareto', params: params(full.theta), logLikelihood: full.logLikelihood, customers };
    }
    throw new ClvError('did_not_converge', 'the Pareto/NBD fit did not converge');
  }
  const { rate, lifetime } = limit.limit;
  const noDropout = 'mu' in lifetime && lifetime.mu === 0;
  return {
    model: 'pareto',
    params: {
      r: 'r' in rate ? rate.r : Infinity,
      alpha: 'alpha' in rate ? rate.alpha : Infinity,
      s: 's' in lifetime ? lifetime.s : noDropout ? 0 : Infinity,
      beta: 'beta' in lifetime ? lifetime.beta : Infinity,
    },
    logLikelihood: limit.logLikelihood,
    customers,
    limit: limit.limit,
  };
}

/** P(alive) of a fitted Pareto/NBD, at its limit when it has one. */
export function paretoFitPAlive(fit: ParetoFit, x: number, tx: number, T: number): number {
  return fit.limit ? paretoLimitPAlive(fit.limit, x, tx, T) : paretoPAlive(fit.params, x, tx, T);
}

/** Expected purchases in (T, T + t] of a fitted Pareto/NBD, at its limit when it has one. */
export function paretoFitExpected(fit: ParetoFit, x: number, tx: number, T: number, t: number): number {
  return fit.limit ? paretoLimitExpected(fit.limit, x, tx, T, t) : paretoExpected(fit.params, x, tx, T, t);
}

/** P(alive at T | x, tx, T) under the Pareto/NBD. */
export function paretoPAlive(p: ParetoParams, x: number, tx: number, T: number): number {
  const row = paretoRow(p.r, p.alpha, p.s, p.beta, x, tx, T);
  return row[E1]! / row[TOTAL]!;
}

/** Expected purchases in (T, T + t] given (x, tx, T) under the Pareto/NBD (Schmittlein et al. 1987). */
export function paretoExpected(p: ParetoParams, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const lead = ((r + x) * (beta + T)) / (alpha + T);
  // s = 1 is a removable singularity: the bracket tends to ln((β+T+t)/(β+T)).
  const ratio = Math.log((beta + T + t) / (beta + T));
  const bracket = Math.abs(s - 1) < 1e-9 ? ratio : -Math.expm1(-(s - 1) * ratio) / (s - 1);
  return lead * bracket * paretoPAlive(p, x, tx, T);
}
