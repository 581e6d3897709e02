import { bgWarnings, limitExpected, limitLogLikelihood, maximiseByDifferences, type DropoutSide, type RateSide } from './bg-limits';
import type { CompressedRfm } from './rfm';
import { risingTables } from './tables';

// When the Pareto/NBD likelihood keeps rising as parameters run off, its supremum is a limiting model: s/β → 0 is
// no drop-out (the same NBD as the BG/NBD's, so bg-limits computes it); s, β → ∞ with s/β = μ gives everybody one
// exponential lifetime with rate μ; r, α → ∞ with r/α = λ gives everybody one purchase rate (as for the BG/NBD).

/** The lifetime side: drop-out rate Gamma(s, β) across customers, or one rate μ for everybody (μ = 0: no drop-out). */
export type LifetimeSide = { s: number; beta: number } | { mu: number };

/** A Pareto/NBD at a limit: at least one side is the point-mass one. */
export interface ParetoLimit {
  rate: RateSide;
  lifetime: LifetimeSide;
}

const isGammaRate = (rate: RateSide): rate is { r: number; alpha: number } => 'r' in rate;
const isGammaLife = (life: LifetimeSide): life is { s: number; beta: number } => 's' in life;

/** 8-point Gauss-Legendre nodes and weights on [−1, 1]. */
const NODES = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const WEIGHTS = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
const PANELS = 24;
/** The integrand is cut where it has fallen by e^(−50) from its start: nothing there counts beside it. */
const DROP = 50;

/**
 * ln ∫ from lo to hi of (c+τ)^(−q) e^(−kτ) dτ (c + lo > 0, q, k ≥ 0): an incomplete Gamma function with a negative
 * first argument, summed by Gauss-Legendre on panels that each cut exactly DROP/PANELS off the log of the integrand
 * φ(τ) = q ln((c+τ)/(c+lo)) + k(τ − lo), so heavy buyers' steep (c+τ)^(−q) is resolved like a gentle e^(−kτ).
 */
export function lnPowerExpTail(c: number, q: number, k: number, lo: number, hi: number): number {
  if (!(hi > lo)) return -Infinity;
  const base = c + lo;
  const phi = (w: number): number => q * Math.log1p(w / base) + k * w;
  const span = hi - lo;
  const total = Math.min(phi(span), DROP);
  // Panel edges w_j with φ(w_j) = j·total/PANELS, by Newton from the last edge (φ is increasing and concave).
  let sum = 0;
  let left = 0;
  for (let j = 1; j <= PANELS; j++) {
    const target = (j * total) / PANELS;
    let right = left;
    if (j === PANELS && total < DROP) right = span;
    else {
      for (let it = 0; it < 60; it++) {
        const step = (phi(right) - target) / (q / (base + right) + k);
        right = Math.min(span, Math.max(left, right - step));
        if (Math.abs(step) <= 1e-14 * (1 + right)) break;
      }
    }
    const mid = (left + right) / 2;
    const half = (right - left) / 2;
    for (let i = 0; i < 4; i++) {
      for (const sign of [-1, 1]) sum += WEIGHTS[i]! * half * Math.exp(-phi(mid + sign * half * NODES[i]!));
    }
    left = right;
  }
  return -q * Math.log(base) - k * lo + Math.log(sum);
}

/** ln[λ^x e^(−λu)] averaged over the customers' λ: lnΓ(r+x)/Γ(r) + r ln α − (r+x) ln(α+u), or x ln λ − λu. */
function lnRateTerm(rate: RateSide, lgR: Float64Array, x: number, u: number): number {
  return isGammaRate(rate) ? lgR[x]! + rate.r * Math.log(rate.alpha) - (rate.r + x) * Math.log(rate.alpha + u) : x * Math.log(rate.lambda) - rate.lambda * u;
}

/**
 * [ln of the "still alive at T" part of a customer's likelihood, ln of the whole] at a limit with drop-out:
 * E[λ^x e^(−λT)] S(T) + ∫ from t_x to T of E[λ^x e^(−λτ)] f(τ) dτ, S and f the lifetime's survival and density.
 */
function rowParts(limit: ParetoLimit, lgR: Float64Array, x: number, tx: number, T: number): [number, number] {
  const { rate, lifetime } = limit;
  if (!isGammaLife(lifetime)) {
    const mu = lifetime.mu;
    const alive = lnRateTerm(rate, lgR, x, T) - mu * T;
    if (mu === 0) return [alive, alive];
    if (!isGammaRate(rate)) {
      // One λ and one μ: λ^x [μ e^(−(λ+μ)t_x) + λ e^(−(λ+μ)T)] / (λ+μ).
      const lnSum = Math.log(rate.lambda + mu);
      const dead = x * Math.log(rate.lambda) + Math.log(mu) - lnSum - (rate.lambda + mu) * tx + Math.log(-Math.expm1(-(rate.lambda + mu) * (T - tx)));
      return [alive, logAdd(alive, dead)];
    }
    const dead = lgR[x]! + rate.r * Math.log(rate.alpha) + Math.log(mu) + lnPowerExpTail(rate.alpha, rate.r + x, mu, tx, T);
    return [alive, logAdd(alive, dead)];
  }
  if (isGammaRate(rate)) throw new Error('rowParts is for limiting models only');
  const { s, beta } = lifetime;
  const alive = x * Math.log(rate.lambda) - rate.lambda * T + s * (Math.log(beta) - Math.log(beta + T));
  const dead = x * Math.log(rate.lambda) + Math.log(s) + s * Math.log(beta) + lnPowerExpTail(beta, s + 1, rate.lambda, tx, T);
  return [alive, logAdd(alive, dead)];
}

function logAdd(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return (u > v ? u : v) + Math.log1p(Math.exp(-Math.abs(u - v)));
}

const tablesFor = (rate: RateSide, maxX: number): Float64Array => {
  const lg = new Float64Array(maxX + 1);
  if (isGammaRate(rate)) risingTables(rate.r, maxX, lg, new Float64Array(maxX + 1));
  return lg;
};

/** Log-likelihood of compressed RFM data under a limiting Pareto/NBD. */
export function paretoLimitLogLikelihood(limit: ParetoLimit, data: CompressedRfm): number {
  const { rate, lifetime } = limit;
  // No drop-out is the very model the BG/NBD reaches with p = 0: one likelihood for both.
  if (!isGammaLife(lifetime) && lifetime.mu === 0) return limitLogLikelihood({ rate, dropout: { p: 0 } }, data, false);
  const lgR = tablesFor(rate, data.maxX);
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) ll += data.weight[i]! * rowParts(limit, lgR, data.x[i]!, data.tx[i]!, data.T[i]!)[1];
  return ll;
}

/** A limiting Pareto/NBD fitted by maximum likelihood. */
export interface ParetoLimitFit {
  limit: ParetoLimit;
  logLikelihood: number;
}

/** Where the full fit stopped, and which side ran off (neither or both: try every limit). */
export interface ParetoRunOff {
  r: number;
  alpha: number;
  s: number;
  beta: number;
  lifetime: boolean;
  rate: boolean;
}

function fitOne(data: CompressedRfm, start: number[], shapes: number[], build: (t: ArrayLike<number>) => ParetoLimit): ParetoLimitFit | undefined {
  const result = maximiseByDifferences((t) => paretoLimitLogLikelihood(build(t), data), start, data.customers, shapes);
  return result && { limit: build(result.theta), logLikelihood: result.logLikelihood };
}

function better(u: ParetoLimitFit | undefined, v: ParetoLimitFit | undefined): ParetoLimitFit | undefined {
  if (!u) return v;
  if (!v) return u;
  return v.logLikelihood > u.logLikelihood ? v : u;
}

/**
 * Fits the limiting models in the direction the full fit ran off and returns the best one whose own fit settled.
 * Lifetime side: no drop-out (NBD), and one drop-out rate μ. Rate side: one purchase rate without drop-out
 * (Poisson), with one μ, and with Gamma(s, β) drop-out.
 */
export function fitParetoLimit(data: CompressedRfm, from: ParetoRunOff): ParetoLimitFit | undefined {
  const all = from.lifetime === from.rate;
  // s → 0 is the road to no drop-out: the drop-out limits (each a quadrature per customer) are fitted only when a
  // small common drop-out rate raises the likelihood of the no-drop-out fit.
  const towardsNone = from.s < 1e-3;
  const mu0 = Number.isFinite(from.s / from.beta) && from.s / from.beta > 1e-6 ? from.s / from.beta : 0.01;
  const helps = (fit: ParetoLimitFit | undefined): boolean =>
    !towardsNone || (fit !== undefined && paretoLimitLogLikelihood({ rate: fit.limit.rate, lifetime: { mu: 1e-4 } }, data) > fit.logLikelihood);
  let best: ParetoLimitFit | undefined;
  if (all || from.lifetime) {
    const nbd = fitOne(data, [from.r, from.alpha], [0], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, lifetime: { mu: 0 } }));
    const one = helps(nbd) ? fitOne(data, [from.r, from.alpha, mu0], [0], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, lifetime: { mu: t[2]! } })) : undefined;
    best = better(best, better(nbd, one));
  }
  if (all || from.rate) {
    const lambda = from.r / from.alpha;
    const poisson = fitOne(data, [lambda], [], (t) => ({ rate: { lambda: t[0]! }, lifetime: { mu: 0 } }));
    const start = poisson && 'lambda' in poisson.limit.rate ? poisson.limit.rate.lambda : lambda;
    const drop = helps(poisson);
    const one = drop ? fitOne(data, [start, mu0], [], (t) => ({ rate: { lambda: t[0]! }, lifetime: { mu: t[1]! } })) : undefined;
    // Gamma(s, β) drop-out is the side that ran off towards none: it is only a limit to try when it did not.
    const gamma = !towardsNone ? fitOne(data, [start, 1, 1 / mu0], [1], (t) => ({ rate: { lambda: t[0]! }, lifetime: { s: t[1]!, beta: t[2]! } })) : undefined;
    best = better(best, better(poisson, better(one, gamma)));
  }
  return best;
}

/** P(alive at T | x, tx, T) under a limiting Pareto/NBD. */
export function paretoLimitPAlive(limit: ParetoLimit, x: number, tx: number, T: number): number {
  const [alive, whole] = rowParts(limit, tablesFor(limit.rate, x), x, tx, T);
  return Math.exp(alive - whole);
}

/** Expected purchases in (T, T + t] given (x, tx, T) under a limiting Pareto/NBD. */
export function paretoLimitExpected(limit: ParetoLimit, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { rate, lifetime } = limit;
  if (!isGammaLife(lifetime) && lifetime.mu === 0) return limitExpected({ rate, dropout: { p: 0 } }, false, x, tx, T, t);
  // Alive at T, λ and μ are independent: E[λ] (Gamma(r+x, α+T) or λ) times E[(1 − e^(−μt))/μ] (μ or Gamma(s, β+T)).
  const meanRate = isGammaRate(rate) ? (rate.r + x) / (rate.alpha + T) : rate.lambda;
  let lifeTime: number;
  if (isGammaLife(lifetime)) {
    const { s, beta } = lifetime;
    const ratio = Math.log((beta + T + t) / (beta + T));
    lifeTime = (beta + T) * (Math.abs(s - 1) < 1e-9 ? ratio : -Math.expm1(-(s - 1) * ratio) / (s - 1));
  } else {
    lifeTime = -Math.expm1(-lifetime.mu * t) / lifetime.mu;
  }
  return meanRate * lifeTime * paretoLimitPAlive(limit, x, tx, T);
}

/**
 * The plain-words warnings for a Pareto/NBD fit, in the BG/NBD's words where the limit is the same (no drop-out,
 * one purchase rate, rates that hardly differ), and for one drop-out rate, what that means.
 */
export function paretoWarnings(fit: { params: { r: number; alpha: number; s: number; beta: number }; limit?: ParetoLimit }, unit: string): string[] {
  const rate: RateSide = fit.limit?.rate ?? fit.params;
  const lifetime: LifetimeSide = fit.limit?.lifetime ?? fit.params;
  // The rate side's words do not depend on the drop-out model; a Beta(1, 1) stands for "drop-out not at a limit".
  const dropout: DropoutSide = !isGammaLife(lifetime) && lifetime.mu === 0 ? { p: 0 } : { a: 1, b: 1 };
  const out = bgWarnings({ params: { r: NaN, alpha: NaN, a: 1, b: 1 }, limit: { rate, dropout } }, unit);
  if (!isGammaLife(lifetime) && lifetime.mu > 0) {
    out.unshift(
      `customers seem equally likely to stop: the fit is the limit where s and β grow together, one drop-out rate for everyone (an average lifetime of ${(1 / lifetime.mu).toPrecision(3)} ${unit}s)`,
    );
  }
  return out;
}
