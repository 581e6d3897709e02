import { maximiseOpen } from './fit';
import type { CompressedRfm } from './rfm';
import { risingTables } from './tables';
import { timeIndex } from './times';

// When the BG/NBD likelihood keeps rising as parameters run off to infinity, its supremum is a limiting model:
// a and b growing together give everybody the same drop-out probability p (p → 0: nobody drops out, the NBD);
// r and α growing together give everybody the same purchase rate λ = r/α (Poisson). These are those models.

/** The purchase-rate side: Gamma(r, α) across customers, or one rate λ for everybody (r, α → ∞, r/α = λ). */
export type RateSide = { r: number; alpha: number } | { lambda: number };

/** The drop-out side: Beta(a, b) across customers, or one probability p for everybody (a, b → ∞; p = 0: none). */
export type DropoutSide = { a: number; b: number } | { p: number };

/** A BG/NBD (or MBG/NBD) at a limit: at least one side is the point-mass one. */
export interface BgLimit {
  rate: RateSide;
  dropout: DropoutSide;
}

const isGamma = (rate: RateSide): rate is { r: number; alpha: number } => 'r' in rate;
const isBeta = (dropout: DropoutSide): dropout is { a: number; b: number } => 'a' in dropout;

function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return (u > v ? u : v) + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** Log-likelihood of compressed RFM data under a limiting BG/NBD (MBG/NBD with `modified`). */
export function limitLogLikelihood(limit: BgLimit, data: CompressedRfm, modified: boolean): number {
  const { rate, dropout } = limit;
  const size = data.maxX + 2;
  const shift = modified ? 1 : 0;
  const lgR = new Float64Array(size);
  const lgB = new Float64Array(size);
  const lgAB = new Float64Array(size);
  const scratch = new Float64Array(size);
  const gamma = isGamma(rate);
  const beta = isBeta(dropout);
  if (gamma) risingTables(rate.r, size - 1, lgR, scratch);
  if (beta) {
    risingTables(dropout.b, size - 1, lgB, scratch);
    risingTables(dropout.a + dropout.b, size - 1, lgAB, scratch);
  }
  const p = beta ? NaN : dropout.p;
  const lnSurvive = beta ? 0 : Math.log1p(-p);
  const lnOdds = beta ? 0 : Math.log(p) - lnSurvive;
  const { tValues, tIndex, txValues, txIndex } = timeIndex(data);
  // ln E[λ^x e^(−λu)] = lnΓ(r+x)/Γ(r) + r ln α − (r+x) ln(α+u) under Gamma rates, x ln λ − λu for one rate.
  const lnShift = (values: Float64Array): Float64Array => Float64Array.from(values, (v) => (gamma ? Math.log(rate.alpha + v) : v));
  const atT = lnShift(tValues);
  const atTx = lnShift(txValues);
  const lnAlpha = gamma ? Math.log(rate.alpha) : 0;
  const lnLambda = gamma ? 0 : Math.log(rate.lambda);
  const timeTerm = (x: number, at: number): number =>
    gamma ? lgR[x]! + rate.r * lnAlpha - (rate.r + x) * at : x * lnLambda - rate.lambda * at;
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    const k = x + shift;
    const survive = beta ? lgB[k]! - lgAB[k]! : k * lnSurvive;
    let row = survive + timeTerm(x, atT[tIndex[i]!]!);
    if ((x > 0 || modified) && (beta || p > 0)) {
      const drop = beta ? survive + Math.log(dropout.a) - Math.log(dropout.b + k - 1) : survive + lnOdds;
      row = logAddExp(row, drop + timeTerm(x, atTx[txIndex[i]!]!));
    }
    ll += data.weight[i]! * row;
  }
  return ll;
}

/** p from its odds, so a positive parameter covers 0 < p < 1. */
const fromOdds = (odds: number): number => odds / (1 + odds);

/** A limiting model fitted by maximum likelihood. */
export interface LimitFit {
  limit: BgLimit;
  logLikelihood: number;
}

/** Where the full fit stopped, to start the limits from and to pick which limits to try. */
export interface RunOff {
  r: number;
  alpha: number;
  /** The drop-out side (a, b) ran off; the purchase-rate side (r, α) ran off. Neither: try every limit. */
  dropout: boolean;
  rate: boolean;
}

/**
 * Maximises a limiting model's log-likelihood over its positive parameters θ, the gradient by central differences
 * in log θ (at most three parameters, and only after a full model has run off); undefined when it runs off too.
 */
export function maximiseByDifferences(
  value: (theta: ArrayLike<number>) => number,
  start: number[],
  customers: number,
  shapes: number[],
): { theta: Float64Array; logLikelihood: number } | undefined {
  const n = start.length;
  const probe = new Float64Array(n);
  const ll = (theta: Float64Array, gradient: Float64Array): number => {
    for (let i = 0; i < n; i++) {
      probe.set(theta);
      const h = 1e-6;
      probe[i] = theta[i]! * Math.exp(h);
      const up = value(probe);
      probe[i] = theta[i]! * Math.exp(-h);
      const down = value(probe);
      gradient[i] = (up - down) / (2 * h * theta[i]!);
    }
    return value(theta);
  };
  const result = maximiseOpen(ll, start, customers, shapes);
  return result.settled ? result : undefined;
}

/** Fits one limiting BG/NBD over its positive parameters θ; undefined when its own fit runs off too. */
function fitLimit(
  data: CompressedRfm,
  modified: boolean,
  start: number[],
  shapes: number[],
  build: (theta: ArrayLike<number>) => BgLimit,
): LimitFit | undefined {
  const result = maximiseByDifferences((theta) => limitLogLikelihood(build(theta), data, modified), start, data.customers, shapes);
  return result && { limit: build(result.theta), logLikelihood: result.logLikelihood };
}

/** Does a small common drop-out probability raise the likelihood of a no-drop-out fit? (If not, p = 0 is its best.) */
function dropoutHelps(fit: LimitFit, data: CompressedRfm, modified: boolean): boolean {
  const withP = { rate: fit.limit.rate, dropout: { p: 1e-4 } };
  return limitLogLikelihood(withP, data, modified) > fit.logLikelihood;
}

function better(u: LimitFit | undefined, v: LimitFit | undefined): LimitFit | undefined {
  if (!u) return v;
  if (!v) return u;
  return v.logLikelihood > u.logLikelihood ? v : u;
}

/**
 * Fits the limiting models in the direction the full fit ran off and returns the best one whose own fit
 * settled (undefined when none did). Drop-out side: no drop-out (NBD), then one common p when a small p
 * raises the likelihood. Rate side: one rate without drop-out (Poisson), with one common p when that helps,
 * and with Beta drop-out. Nested models are fitted first, so a limit of a limit is never chased.
 */
export function fitBgLimit(data: CompressedRfm, modified: boolean, from: RunOff): LimitFit | undefined {
  const all = from.dropout === from.rate;
  let best: LimitFit | undefined;
  if (all || from.dropout) {
    const nbd = fitLimit(data, modified, [from.r, from.alpha], [0], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, dropout: { p: 0 } }));
    const start = nbd && 'r' in nbd.limit.rate ? [nbd.limit.rate.r, nbd.limit.rate.alpha] : [from.r, from.alpha];
    const same = !nbd || dropoutHelps(nbd, data, modified)
      ? fitLimit(data, modified, [...start, 0.01], [0, 2], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, dropout: { p: fromOdds(t[2]!) } }))
      : undefined;
    best = better(best, better(nbd, same));
  }
  if (all || from.rate) {
    const lambda = from.r / from.alpha;
    const poisson = fitLimit(data, modified, [lambda], [], (t) => ({ rate: { lambda: t[0]! }, dropout: { p: 0 } }));
    const start = poisson && 'lambda' in poisson.limit.rate ? poisson.limit.rate.lambda : lambda;
    const same = !poisson || dropoutHelps(poisson, data, modified)
      ? fitLimit(data, modified, [start, 0.01], [1], (t) => ({ rate: { lambda: t[0]! }, dropout: { p: fromOdds(t[1]!) } }))
      : undefined;
    const beta = fitLimit(data, modified, [start, 1, 1], [1, 2], (t) => ({ rate: { lambda: t[0]! }, dropout: { a: t[1]!, b: t[2]! } }));
    best = better(best, better(poisson, better(same, beta)));
  }
  return best;
}

/** P(alive at T | x, tx, T) under a limiting BG/NBD or MBG/NBD. */
export function limitPAlive(limit: BgLimit, modified: boolean, x: number, tx: number, T: number): number {
  if (x === 0 && !modified) return 1;
  const { rate, dropout } = limit;
  const shift = modified ? 1 : 0;
  const odds = isBeta(dropout) ? dropout.a / (dropout.b + x - 1 + shift) : dropout.p / (1 - dropout.p);
  if (odds === 0) return 1;
  const growth = isGamma(rate) ? (rate.r + x) * (Math.log(rate.alpha + T) - Math.log(rate.alpha + tx)) : rate.lambda * (T - tx);
  return 1 / (1 + odds * Math.exp(growth));
}

/**
 * E[(1 − e^(−cp))/p] for p ~ Beta(A, B): (A+B−1)/(A−1) · (1 − ₁F₁(A−1; A+B−1; −c)), the ₁F₁ summed by Kummer's
 * transformation e^(−c) ₁F₁(B; A+B−1; c), whose terms are all positive (no cancellation however large c is).
 */
function betaExpected(A: number, B: number, c: number): number {
  const a = Math.abs(A - 1) < 1e-8 ? 1 + 1e-8 : A;
  let lnTerm = -c;
  let sum = Math.exp(lnTerm);
  for (let k = 0; k < 100_000; k++) {
    lnTerm += Math.log(((B + k) / (a + B - 1 + k)) * (c / (k + 1)));
    const term = Math.exp(lnTerm);
    sum += term;
    if (k > c && term < 1e-17 * sum) break;
  }
  return ((a + B - 1) / (a - 1)) * (1 - sum);
}

/** Expected purchases in (T, T + t] given (x, tx, T) under a limiting BG/NBD or MBG/NBD. */
export function limitExpected(limit: BgLimit, modified: boolean, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { rate, dropout } = limit;
  const alive = limitPAlive(limit, modified, x, tx, T);
  // While alive, purchases come at rate λ and each ends the customer's life with probability p: E = (1 − e^(−λpt))/p,
  // averaged over the customer's λ (Gamma(r + x, α + T) after the history) and p (Beta(a, b + x + shift)).
  if (isBeta(dropout)) {
    if (isGamma(rate)) throw new Error('limitExpected is for limiting models only');
    return alive * betaExpected(dropout.a, dropout.b + x + (modified ? 1 : 0), rate.lambda * t);
  }
  const p = dropout.p;
  if (isGamma(rate)) {
    const shape = rate.r + x;
    const scale = rate.alpha + T;
    if (p === 0) return (shape * t) / scale;
    return (alive * -Math.expm1(-shape * Math.log1p((p * t) / scale))) / p;
  }
  if (p === 0) return rate.lambda * t;
  return (alive * -Math.expm1(-rate.lambda * p * t)) / p;
}

/** Below this mean chance of stopping after a purchase, "almost nobody seems to stop buying". */
const RARE_DROPOUT = 0.02;
/** Above this r (purchase rates vary by less than 1/√r = 20% between customers), "much the same pace". */
const SAME_PACE_R = 25;

const percent = (p: number): string => `${(p * 100).toPrecision(2)}%`;

/**
 * The plain-words warnings for a BG/NBD-family fit: at a limit, what the limit means; otherwise when the
 * fitted parameters are close to one (hardly any drop-out, hardly any difference in pace between customers).
 */
export function bgWarnings(fit: { params: { r: number; alpha: number; a: number; b: number }; limit?: BgLimit }, unit: string): string[] {
  const rate: RateSide = fit.limit?.rate ?? fit.params;
  const dropout: DropoutSide = fit.limit?.dropout ?? fit.params;
  const out: string[] = [];
  if (!isBeta(dropout)) {
    out.push(
      dropout.p === 0
        ? 'almost nobody seems to stop buying, so the fit is the model without drop-out (NBD): everyone counts as still a customer'
        : `${dropout.p < RARE_DROPOUT ? 'almost nobody seems to stop buying' : 'customers seem equally likely to stop'}: the fit is the limit where a and b grow together, the same chance of stopping after each purchase for everyone (${percent(dropout.p)})`,
    );
  } else if (dropout.a / (dropout.a + dropout.b) < RARE_DROPOUT) {
    out.push(`almost nobody seems to stop buying: on average ${percent(dropout.a / (dropout.a + dropout.b))} of customers stop after a purchase`);
  }
  if (!isGamma(rate)) {
    out.push(`customers seem to buy at much the same pace, so the fit uses one purchase rate for everyone (${rate.lambda.toPrecision(3)} a ${unit})`);
  } else if (rate.r > SAME_PACE_R) {
    out.push(`customers seem to buy at much the same pace (their rates differ by about ${percent(1 / Math.sqrt(rate.r))})`);
  }
  return out;
}
