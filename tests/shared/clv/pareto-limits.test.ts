import { describe, expect, it } from 'vitest';
import { expectedPurchases, lnPowerExpTail, pAlive, paretoExpected, paretoPAlive, type ParetoFit, type ParetoLimit } from '../../../shared/clv';

// The limiting Pareto/NBD models' P(alive) and expected purchases, against the individual-level likelihood
// (λ^x [μ e^(−(λ+μ)t_x) + λ e^(−(λ+μ)T)] / (λ+μ), Schmittlein et al.) integrated numerically over the side that
// still varies, and against the full model's own formulas far along the ridge.

/** Simpson's rule on [lo, hi] with n (even) intervals. */
function simpson(f: (v: number) => number, lo: number, hi: number, n = 20_000): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 0 ? 2 : 4) * f(lo + i * h);
  return (s * h) / 3;
}

/** Gamma(shape, rate) density up to its constant (the constant cancels in P(alive)). */
const gammaKernel = (shape: number, rate: number) => (v: number): number => (v === 0 ? 0 : Math.exp((shape - 1) * Math.log(v) - rate * v));

/** The individual likelihood: [x purchases, none after t_x and still alive at T; the whole likelihood]. */
const individual = (lambda: number, mu: number, x: number, tx: number, T: number): [number, number] => [
  lambda ** x * Math.exp(-(lambda + mu) * T),
  (lambda ** x * (lambda * Math.exp(-(lambda + mu) * T) + mu * Math.exp(-(lambda + mu) * tx))) / (lambda + mu),
];

const fitWith = (limit: ParetoLimit): ParetoFit => ({ model: 'pareto', params: { r: Infinity, alpha: Infinity, s: Infinity, beta: Infinity }, logLikelihood: 0, customers: 1, limit });

describe('limiting Pareto/NBD models', () => {
  it('one drop-out rate μ with Gamma purchase rates: P(alive) integrated over λ; expected purchases the full model far along s = μK, β = K', () => {
    const r = 0.8;
    const alpha = 6;
    const mu = 0.04;
    const limit: ParetoLimit = { rate: { r, alpha }, lifetime: { mu } };
    for (const [x, tx, T, t] of [[1, 5, 30, 52], [3, 20, 30, 52], [12, 29, 30, 10], [0, 0, 30, 52]] as const) {
      const density = gammaKernel(r, alpha);
      const hi = (r + x + 40 * Math.sqrt(r + x) + 40) / alpha;
      // λ^(r−1) is singular at 0 for r < 1: substitute λ = v², dλ = 2v dv.
      const over = (part: 0 | 1): number => simpson((v) => (v === 0 ? 0 : 2 * v * density(v * v) * individual(v * v, mu, x, tx, T)[part]), 0, Math.sqrt(hi));
      const alive = over(0) / over(1);
      expect(pAlive(fitWith(limit), x, tx, T)).toBeCloseTo(alive, 6);
      // Alive: λ ~ Gamma(r + x, α + T) and the lifetime still exponential(μ), E = (r+x)/(α+T) · (1 − e^(−μt))/μ.
      expect(expectedPurchases(fitWith(limit), x, tx, T, t)).toBeCloseTo((alive * (r + x) * -Math.expm1(-mu * t)) / (mu * (alpha + T)), 6);
      // The full model's error along the ridge is O(1/K): Richardson's 2·f(2K) − f(K) cancels it.
      const far = (K: number) => ({ r, alpha, s: mu * K, beta: K });
      const richardson = (f: (K: number) => number): number => 2 * f(2000) - f(1000);
      expect(richardson((K) => paretoPAlive(far(K), x, tx, T))).toBeCloseTo(alive, 3);
      expect(richardson((K) => paretoExpected(far(K), x, tx, T, t)) / expectedPurchases(fitWith(limit), x, tx, T, t)).toBeCloseTo(1, 3);
    }
  });

  it('one purchase rate λ with Gamma drop-out rates: P(alive) integrated over μ', () => {
    const lambda = 0.4;
    const s = 2.5;
    const beta = 30;
    const limit: ParetoLimit = { rate: { lambda }, lifetime: { s, beta } };
    for (const [x, tx, T, t] of [[2, 10, 20, 52], [5, 19, 20, 26], [0, 0, 20, 52]] as const) {
      const density = gammaKernel(s, beta);
      const over = (part: 0 | 1): number => simpson((m) => density(m) * individual(lambda, m, x, tx, T)[part], 0, (s + 60 * Math.sqrt(s) + 60) / beta);
      const alive = over(0) / over(1);
      expect(pAlive(fitWith(limit), x, tx, T)).toBeCloseTo(alive, 7);
      // Alive: μ ~ Gamma(s, β + T), E[(1 − e^(−μt))/μ] = (β+T)/(s−1) · (1 − ((β+T)/(β+T+t))^(s−1)).
      const life = ((beta + T) / (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1));
      expect(expectedPurchases(fitWith(limit), x, tx, T, t)).toBeCloseTo(alive * lambda * life, 6);
    }
  });

  it('one λ and one μ: P(alive) = 1 / (1 + μ/(λ+μ) (e^((λ+μ)(T − t_x)) − 1)) by hand', () => {
    const limit: ParetoLimit = { rate: { lambda: 0.3 }, lifetime: { mu: 0.05 } };
    const alive = 1 / (1 + (0.05 / 0.35) * (Math.exp(0.35 * (30 - 22)) - 1));
    expect(pAlive(fitWith(limit), 4, 22, 30)).toBeCloseTo(alive, 12);
    expect(expectedPurchases(fitWith(limit), 4, 22, 30, 52)).toBeCloseTo((alive * 0.3 * -Math.expm1(-0.05 * 52)) / 0.05, 12);
  });

  it('no drop-out (the NBD): P(alive) is 1 and expected purchases are (r + x) t / (α + T)', () => {
    const fit = fitWith({ rate: { r: 0.7, alpha: 5 }, lifetime: { mu: 0 } });
    expect(pAlive(fit, 4, 10, 30)).toBe(1);
    expect(expectedPurchases(fit, 4, 10, 30, 52)).toBeCloseTo((4.7 * 52) / 35, 12);
  });

  it('the tail integral ∫ (c+τ)^(−q) e^(−kτ) dτ matches Simpson, steep (a heavy buyer) or gentle', () => {
    for (const [c, q, k, lo, hi] of [[2, 40, 0.3, 1, 50], [0.5, 0.6, 0.01, 0, 80], [30, 3.5, 2, 5, 6]] as const) {
      const exact = simpson((v) => (c + v) ** -q * Math.exp(-k * v), lo, hi, 400_000);
      expect(lnPowerExpTail(c, q, k, lo, hi)).toBeCloseTo(Math.log(exact), 8);
    }
  });
});
