import { describe, expect, it } from 'vitest';
import { bgExpected, bgPAlive, expectedSpend, hyp2f1, paretoPAlive, type BgParams, type ParetoParams } from '../../../shared/clv';

// Published parameters (Fader, Hardie & Lee 2005; Fader & Hardie's Pareto/NBD and Gamma-Gamma notes).
const BG: BgParams = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
const PARETO: ParetoParams = { r: 0.5532, alpha: 10.576, s: 0.6063, beta: 11.672 };

describe('per-customer BG/NBD values', () => {
  it('expects 1.226 purchases in the next 39 weeks from customer (x = 2, t_x = 30.43, T = 38.86) — FHL 2005 / Hardie’s spreadsheet', () => {
    expect(bgExpected(BG, false, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226, 3);
  });

  it('gives that customer P(alive) = 0.7266 (hand-computed from 1 / (1 + a/(b+x−1) ((α+T)/(α+t_x))^(r+x)))', () => {
    expect(bgPAlive(BG, false, 2, 30.43, 38.86)).toBeCloseTo(0.7266, 4);
    // No repeat purchase: the BG/NBD cannot have seen a drop-out; the MBG/NBD can.
    expect(bgPAlive(BG, false, 0, 0, 38.86)).toBe(1);
    expect(bgPAlive({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, true, 0, 0, 38.86)).toBeLessThan(1);
  });

  it('matches Hardie’s spreadsheet for E[X(t)] of a new customer via 2F1 (FHL 2005 eq. 9)', () => {
    const { r, alpha, a, b } = BG;
    const expected = (t: number): number =>
      ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const published = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(expected(t) - published[i]!)).toBeLessThan(6e-4));
    // A customer seen at T = 0 with no history is exactly a new customer.
    times.forEach((t) => expect(bgExpected(BG, false, 0, 0, 0, t)).toBeCloseTo(expected(t), 10));
  });

  it('stays accurate for heavy buyers over long horizons, where eq. 10’s 2F1 alone overflows (mpmath, 60 digits)', () => {
    expect(Math.abs(bgExpected(BG, false, 2000, 399, 400, 5200) / 6621.773167762487 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(bgExpected(BG, false, 50, 10, 10, 5200) / 586.0703706070416 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(bgExpected(BG, false, 2, 30.43, 38.86, 39) / 1.225922657987033 - 1)).toBeLessThan(1e-9);
  });

  it('grows expected purchases with the horizon and never returns NaN for extreme histories', () => {
    let previous = 0;
    for (const t of [1, 13, 52, 520, 5200]) {
      const value = bgExpected(BG, false, 40, 38, 39, t);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
    expect(Number.isFinite(bgExpected(BG, false, 400, 1, 300, 52))).toBe(true);
    expect(bgPAlive(BG, false, 400, 1, 300)).toBeGreaterThanOrEqual(0);
  });
});

describe('per-customer Pareto/NBD values', () => {
  // P(alive) = E1 / (E1 + s ∫ₜₓᵀ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ), the integral done here by Simpson's rule.
  const byQuadrature = (p: ParetoParams, x: number, tx: number, T: number): number => {
    const e1 = Math.pow(p.alpha + T, -(p.r + x)) * Math.pow(p.beta + T, -p.s);
    const f = (tau: number): number => Math.pow(p.alpha + tau, -(p.r + x)) * Math.pow(p.beta + tau, -(p.s + 1));
    const n = 20_000;
    const h = (T - tx) / n;
    let sum = f(tx) + f(T);
    for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * f(tx + k * h);
    return e1 / (e1 + p.s * ((h / 3) * sum));
  };

  it.each([
    [0, 0, 38.86],
    [2, 30.43, 38.86],
    [26, 30.86, 31],
    [7, 5, 38],
    [1, 0.14, 32.71],
  ])('P(alive | x = %s, t_x = %s, T = %s) matches direct integration', (x, tx, T) => {
    expect(paretoPAlive(PARETO, x, tx, T)).toBeCloseTo(byQuadrature(PARETO, x, tx, T), 9);
  });

  it('handles β > α (the series is then taken the other way round)', () => {
    const swapped = { r: 0.8, alpha: 3, s: 1.4, beta: 30 };
    expect(paretoPAlive(swapped, 4, 20, 38)).toBeCloseTo(byQuadrature(swapped, 4, 20, 38), 9);
  });
});

describe('Gamma-Gamma expected spend', () => {
  const spend = { p: 6.25, q: 3.74, gamma: 15.44 };
  it('is p(γ + x z̄)/(px + q − 1): 24.66 for x = 2, z̄ = 22.35 (hand-computed)', () => {
    expect(expectedSpend(spend, 2, 22.35)).toBeCloseTo(24.664, 3);
  });
  it('is the population mean pγ/(q − 1) = 35.22 for a customer without repeat spend', () => {
    expect(expectedSpend(spend, 0, 0)).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expect(expectedSpend(spend, 0, 0)).toBeCloseTo(35.22, 2);
  });
});
