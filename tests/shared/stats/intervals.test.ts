import { describe, expect, it } from 'vitest';
import { newcombeDifference, studentTQuantile, welchDifference, wilsonInterval } from '../../../shared/stats';

describe("Student's t quantile", () => {
  it('matches the printed table of t(0.975, df), whole and fractional df', () => {
    // Two-sided 95% critical values as printed in any statistics table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
      [100, 1.984],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    // Between t(7) = 2.365 and t(8) = 2.306, and symmetric about 0.
    const between = studentTQuantile(0.975, 7.5);
    expect(between).toBeLessThan(2.365);
    expect(between).toBeGreaterThan(2.306);
    expect(studentTQuantile(0.025, 7.5)).toBeCloseTo(-between, 10);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(1, 3)).toBeNaN();
  });
});

describe('Wilson and Newcombe intervals', () => {
  it("reproduce Newcombe (1998) Table II, method 10, examples (a), (b) and (d)", () => {
    // Newcombe RG. Interval estimation for the difference between independent proportions: comparison of eleven
    // methods. Stat Med 1998;17:873–890, Table II: 56/70 − 48/80, 9/10 − 3/10, 5/56 − 0/29.
    const a = newcombeDifference(56, 70, 48, 80);
    expect(a.estimate).toBeCloseTo(0.2, 10);
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const b = newcombeDifference(9, 10, 3, 10);
    expect(b.low).toBeCloseTo(0.1705, 4);
    expect(b.high).toBeCloseTo(0.809, 4);
    const d = newcombeDifference(5, 56, 0, 29);
    expect(d.low).toBeCloseTo(-0.0381, 4);
    expect(d.high).toBeCloseTo(0.1926, 4);
  });

  it('Wilson for 2 of 5, by hand', () => {
    // z² = 3.8415; centre = (0.4 + 0.38415) / 1.76830 = 0.44345; half = 1.96 × √(0.048 + 0.038415) / 1.76830 = 0.32583.
    const w = wilsonInterval(2, 5);
    expect(w.low).toBeCloseTo(0.11762, 4);
    expect(w.high).toBeCloseTo(0.76928, 4);
    expect(wilsonInterval(0, 0).low).toBeNaN();
  });
});

describe('Welch interval for a difference of means', () => {
  it('revenue per customer, mailed [120, 80, 0, 0, 0] against control [50, 0, 0], by hand', () => {
    // Means 40 and 16.667; variances 12800/4 = 3200 and 1666.67/2 = 833.33; se² = 3200/5 + 833.33/3 = 917.78,
    // se = 30.295; df = 917.78² / (640²/4 + 277.78²/2) = 842,316 / 140,980 = 5.975; t(0.975, 5.975) ≈ 2.449
    // (t6 = 2.447); half-width 2.449 × 30.295 = 74.2.
    const w = welchDifference([120, 80, 0, 0, 0], [50, 0, 0]);
    expect(w.estimate).toBeCloseTo(23.333, 3);
    expect(w.df).toBeCloseTo(5.975, 3);
    expect(w.low).toBeCloseTo(23.333 - 74.2, 0);
    expect(w.high).toBeCloseTo(23.333 + 74.2, 0);
  });

  it('no interval from a group of one; a zero spread gives the point', () => {
    expect(welchDifference([1, 2], [3]).low).toBeNaN();
    expect(welchDifference([5, 5], [2, 2])).toMatchObject({ estimate: 3, low: 3, high: 3 });
  });
});
