import { describe, expect, it } from 'vitest';
import { ClvError, digamma, hyp2f1, lnGamma } from '../../../shared/clv';

/** Relative difference, so one tolerance serves values from 1e-17 to 1e44. */
const rel = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

// [a, b, c, z, 2F1] — reference values from mpmath.hyp2f1 at 30 significant digits (rounded to the nearest double).
const MPMATH: [number, number, number, number, number][] = [
  [1, 1, 2, 0.3, 1.1889164797957745],
  [0.5, 1.5, 2.5, 0.75, 1.4183991523122905],
  [2.3, 4.1, 7.7, 0.9, 6.851846099466022],
  [0.2426, 2.4259, 2.2188, 0.5, 1.2067380787142852],
  [3.5, 1.25, 2.0, 0.999, 95009072.0796877],
  [0.7, 2.2, 2.9, 0.9999, 11.158082035320703],
  [1, 1, 2, 0.999999, 13.815524373459892],
  [0.5, 0.5, 1, 0.99, 2.3527158167797424],
  [12.5, 30.25, 40.75, 0.8, 338406.21766521945],
  [50.5, 60.25, 80.1, 0.95, 1.9872961264835375e44],
  [2.2, 3.3, 4.4, -0.5, 0.5051997551012154],
  [0.75, 1.25, 3.5, -20, 0.2734099450239098],
  [5.5, 2.5, 1.5, -1000, -8.374990781663452e-17],
  [1.5, 2.5, 4.0, 0.97, 9.784734861085157],
  [26.55, 4.43, 30.22, 0.5574, 20.60348227640319],
  [26.5532, 1.6063, 29.1595, 0.02, 1.0299668012389978],
  [-3, 2.5, 4.5, 0.8, 0.22013986013986012],
  [20.3, 0.4, 21.0, -0.9, 0.7785849320802618],
];

describe('hyp2f1', () => {
  it.each(MPMATH)('2F1(%s, %s; %s; %s) matches mpmath', (a, b, c, z, expected) => {
    expect(rel(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-11);
  });

  // c − a − b an integer (the connection formula's pole: A&S 15.3.10–12) or within 1e-4 of one (interpolated).
  it.each([
    [1, 1, 2, 0.999999, 13.815524373459892, 1e-12],
    [0.5, 0.5, 1, 0.99, 2.3527158167797424, 1e-12],
    [1, 1, 2, 1 - 1e-9, 20.72326588595161, 1e-12],
    [0.4, 0.7, 3.1, 0.995, 1.1437697930933561, 1e-12],
    [2.5, 3.5, 4, 0.99, 13485.583790948418, 1e-12],
    [1.3, 2.2, 3.500001, 0.999, 18.134744173496724, 1e-9],
    [0.7, 1.6, 0.3000001, 0.9, 244.05250308430655, 1e-9],
  ])('2F1(%s, %s; %s; %s) with c − a − b (nearly) an integer matches mpmath', (a, b, c, z, expected, tolerance) => {
    expect(rel(hyp2f1(a, b, c, z), expected)).toBeLessThan(tolerance);
  });

  it('matches elementary closed forms across the regimes', () => {
    // −ln(1 − z)/z = 2F1(1, 1; 2; z): series, connection region, near 1 and negative z (Pfaff).
    for (const z of [0.1, 0.5, 0.75, 0.9, 0.98, 0.99, 0.9999, 1 - 1e-9, -0.5, -10, -1e6]) {
      expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-11);
    }
    // (1 − z)^(−a) = 2F1(a, b; b; z), including large parameters and z close to 1.
    for (const [a, b, z] of [
      [0.5, 3.3, 0.6],
      [2.7, 1.1, 0.98],
      [40.5, 55.25, 0.9],
      [1.5, 2.25, -3.0],
    ] as const) {
      expect(rel(hyp2f1(a, b, b, z), Math.pow(1 - z, -a))).toBeLessThan(1e-10);
    }
    // arcsin(x)/x = 2F1(½, ½; 3/2; x²) and arctan(x)/x = 2F1(½, 1; 3/2; −x²).
    for (const x of [0.3, 0.8, 0.99]) expect(rel(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-10);
    for (const x of [0.5, 3, 100]) expect(rel(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-10);
  });

  it('gives the complete elliptic integral K(m) = π/2 · 2F1(½, ½; 1; m) (A&S table 17.1)', () => {
    expect(rel((Math.PI / 2) * hyp2f1(0.5, 0.5, 1, 0.5), 1.8540746773013719)).toBeLessThan(1e-12);
    expect(rel((Math.PI / 2) * hyp2f1(0.5, 0.5, 1, 0.9), 2.5780921133481733)).toBeLessThan(1e-12);
    expect(rel((Math.PI / 2) * hyp2f1(0.5, 0.5, 1, 0.99), 3.6956373629898742)).toBeLessThan(1e-12);
  });

  it('uses Gauss’s theorem at z = 1 and is a polynomial for a non-positive integer a', () => {
    const gauss = Math.exp(lnGamma(4.5) + lnGamma(4.5 - 1.25 - 2.5) - lnGamma(4.5 - 1.25) - lnGamma(4.5 - 2.5));
    expect(rel(hyp2f1(1.25, 2.5, 4.5, 1), gauss)).toBeLessThan(1e-12);
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
    const [b, c, z] = [1.7, 3.2, 0.95];
    expect(rel(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)))).toBeLessThan(1e-13);
  });

  it('refuses arguments where the function is undefined instead of returning NaN', () => {
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(ClvError);
    expect(() => hyp2f1(1, 2, 2.5, 1)).toThrow(/diverges/);
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(ClvError);
    expect(() => hyp2f1(Number.NaN, 1, 2, 0.5)).toThrow(ClvError);
  });
});

describe('lnGamma and digamma', () => {
  it('match known constants', () => {
    expect(rel(lnGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-13);
    expect(rel(lnGamma(10), Math.log(362880))).toBeLessThan(1e-13);
    expect(rel(lnGamma(1e-8), -Math.log(1e-8) - 0.5772156649015329e-8)).toBeLessThan(1e-12);
    // ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(−½) = 2 − γ − 2 ln 2 (reflection).
    const euler = 0.5772156649015329;
    expect(rel(digamma(1), -euler)).toBeLessThan(1e-13);
    expect(rel(digamma(0.5), -euler - 2 * Math.LN2)).toBeLessThan(1e-13);
    expect(rel(digamma(-0.5), 2 - euler - 2 * Math.LN2)).toBeLessThan(1e-12);
    expect(digamma(-2)).toBeNaN();
  });
});
