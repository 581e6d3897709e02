import { describe, expect, it } from 'vitest';
import { bgPAlive, compress, expectedPurchases, fitModel, pAlive, type BgFit, type BgLimit } from '../../../shared/clv';

// The limiting models' P(alive) and expected purchases, checked against the full BG/NBD's own formulas far along
// the ridge (a different code path: Euler-transformed 2F1) and against direct numerical integration.

/** Simpson's rule on [lo, hi] with n (even) intervals. */
function simpson(f: (v: number) => number, lo: number, hi: number, n = 20_000): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 0 ? 2 : 4) * f(lo + i * h);
  return (s * h) / 3;
}

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];

/** ln Γ(z) for z > 0.5 by a plain Lanczos approximation (independent of shared/clv's Stirling series). */
function lnGammaOf(z: number): number {
  let x = 0.9999999999998099;
  for (let i = 0; i < 8; i++) x += LANCZOS[i]! / (z + i);
  const t = z + 6.5;
  return 0.5 * Math.log(2 * Math.PI) + (z - 0.5) * Math.log(t) - t + Math.log(x);
}

/** ln B(a, b). */
function lnBeta(a: number, b: number): number {
  return lnGammaOf(a) + lnGammaOf(b) - lnGammaOf(a + b);
}

const fitWith = (limit: BgLimit, model: 'bgnbd' | 'mbgnbd' = 'bgnbd'): BgFit => ({ model, params: { r: Infinity, alpha: Infinity, a: Infinity, b: Infinity }, logLikelihood: 0, customers: 1, limit });

describe('limiting BG/NBD models', () => {
  it('one drop-out probability p: P(alive) is the full BG/NBD far along a = pK, b = (1 − p)K; expected purchases the integral over λ', () => {
    const r = 0.8;
    const alpha = 6;
    const p = 0.03;
    const limit: BgLimit = { rate: { r, alpha }, dropout: { p } };
    const far = { r, alpha, a: p * 1e9, b: (1 - p) * 1e9 };
    for (const [x, tx, T, t] of [[1, 5, 30, 52], [3, 20, 30, 52], [12, 29, 30, 10]] as const) {
      const alive = bgPAlive(far, false, x, tx, T);
      expect(pAlive(fitWith(limit), x, tx, T)).toBeCloseTo(alive, 8);
      // Alive, λ ~ Gamma(r + x, α + T): E = ∫ (1 − e^(−λpt))/p dGamma, integrated numerically well past the mode.
      const shape = r + x;
      const rate = alpha + T;
      const density = (l: number): number => (l === 0 ? 0 : Math.exp(shape * Math.log(rate) + (shape - 1) * Math.log(l) - rate * l - lnGammaOf(shape)));
      const integral = simpson((l) => (-Math.expm1(-l * p * t) / p) * density(l), 0, (shape + 40 * Math.sqrt(shape) + 40) / rate);
      expect(expectedPurchases(fitWith(limit), x, tx, T, t)).toBeCloseTo(alive * integral, 5);
    }
  });

  it('one purchase rate λ with Beta drop-out: expected purchases equal the integral over the Beta posterior of p', () => {
    const lambda = 0.4;
    const a = 2.5;
    const b = 6;
    const limit: BgLimit = { rate: { lambda }, dropout: { a, b } };
    for (const [x, tx, T, t] of [[2, 10, 20, 52], [5, 19, 20, 26], [0, 0, 20, 52]] as const) {
      // Alive, the customer buys at λ and stops after each purchase with p ~ Beta(a, b + x): E = ∫ (1 − e^(−λpt))/p dBeta.
      const B = b + x;
      const lnNorm = lnBeta(a, B);
      const integral = simpson((p) => (p === 0 ? lambda * t : -Math.expm1(-lambda * p * t) / p) * Math.exp((a - 1) * Math.log(p || 1e-300) + (B - 1) * Math.log1p(-p) - lnNorm), 0, 1 - 1e-12);
      const alive = x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * Math.exp(lambda * (T - tx)));
      expect(pAlive(fitWith(limit), x, tx, T)).toBeCloseTo(alive, 10);
      expect(expectedPurchases(fitWith(limit), x, tx, T, t)).toBeCloseTo(alive * integral, 4);
    }
  });

  it('no drop-out (NBD): P(alive) is 1 and expected purchases are (r + x) t / (α + T)', () => {
    const fit = fitWith({ rate: { r: 0.7, alpha: 5 }, dropout: { p: 0 } });
    expect(pAlive(fit, 4, 10, 30)).toBe(1);
    expect(expectedPurchases(fit, 4, 10, 30, 52)).toBeCloseTo((4.7 * 52) / 35, 12);
  });

  it('a fitted NBD limit reproduces the pooled NBD estimate: λ̂ per customer matches Σx / ΣT for a Poisson log', () => {
    // 300 customers each with x = T / 10 exactly (no spread): the NBD limit's mean rate r/α equals Σx/ΣT.
    const T = Float64Array.from({ length: 300 }, (_, i) => 20 + (i % 30));
    const x = Float64Array.from(T, (t) => Math.round(t / 10));
    const tx = Float64Array.from(T, (t) => t - 0.3);
    const fit = fitModel('bgnbd', compress(x, tx, T)) as BgFit;
    expect(fit.limit).toBeDefined();
    const rate = fit.limit && 'lambda' in fit.limit.rate ? fit.limit.rate.lambda : fit.limit && 'r' in fit.limit.rate ? fit.limit.rate.r / fit.limit.rate.alpha : NaN;
    expect(rate).toBeCloseTo(x.reduce((s, v) => s + v, 0) / T.reduce((s, v) => s + v, 0), 3);
  });
});
