import { describe, expect, it } from 'vitest';
import { compress, fitModel, fitSpend, spendData } from '../../../shared/clv';
import { cdnowSampleSummary, hardieSummary } from './cdnow';

// Published maximum-likelihood estimates on the CDNOW sample, 39-week calibration, weeks:
// BG/NBD and Pareto/NBD from Fader, Hardie & Lee (2005) and Fader & Hardie's Pareto/NBD note (as checked in
// CLVTools' correctness tests), MBG/NBD from BTYDplus (Batislam et al. 2007), Gamma-Gamma from Fader & Hardie's
// "The Gamma-Gamma model of monetary value" (2013) with the full density of the mean repeat spend.
const within = (actual: number, expected: number, share: number): void => {
  expect(Math.abs(actual - expected) / expected).toBeLessThan(share);
};

const summary = cdnowSampleSummary();
const data = compress(summary.x, summary.tx, summary.T);

describe('the CDNOW sample summarised from the raw purchase log', () => {
  it('has the 2,357 customers of Hardie’s summary with the same repeat days, recency, age and mean spend', () => {
    const hardie = hardieSummary();
    expect(summary.ids.length).toBe(2357);
    let repeaters = 0;
    summary.ids.forEach((masterId, i) => {
      // The sample ids are 1…2357 in master-id order; Hardie's summary is keyed by sample id.
      const row = hardie.get(String(i + 1))!;
      expect(masterId).toMatch(/^\d{5}$/);
      expect(summary.x[i]).toBe(row[0]);
      // Hardie rounds to two decimals.
      expect(Math.abs(summary.tx[i]! - row[1])).toBeLessThanOrEqual(0.0051);
      expect(Math.abs(summary.T[i]! - row[2])).toBeLessThanOrEqual(0.0051);
      expect(Math.abs(summary.monetary[i]! - row[3])).toBeLessThanOrEqual(0.0051);
      if (row[0] > 0) repeaters++;
    });
    expect(repeaters).toBe(946);
  });

  it('compresses identical (x, t_x, T) into weighted rows without changing the customers', () => {
    expect(data.customers).toBe(2357);
    expect(data.x.length).toBeLessThan(2357);
    expect(data.weight.reduce((s, w) => s + w, 0)).toBe(2357);
    for (let i = 0; i < 2357; i++) {
      const r = data.row[i]!;
      expect([data.x[r], data.tx[r], data.T[r]]).toEqual([summary.x[i], summary.tx[i], summary.T[i]]);
    }
    const keys = new Set(Array.from(data.x, (x, r) => `${x},${data.tx[r]},${data.T[r]}`));
    expect(keys.size).toBe(data.x.length);
  });
});

describe('maximum-likelihood fits on the CDNOW sample match the published values', () => {
  it('BG/NBD: r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259, LL = −9582.43', () => {
    const fit = fitModel('bgnbd', data);
    if (fit.model === 'pareto') throw new Error('expected a BG/NBD fit');
    within(fit.params.r, 0.2426, 0.002);
    within(fit.params.alpha, 4.4136, 0.002);
    within(fit.params.a, 0.7929, 0.002);
    within(fit.params.b, 2.4259, 0.002);
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.05);
    expect(fit.customers).toBe(2357);
  });

  it('MBG/NBD: r = 0.525, α = 6.183, a = 0.891, b = 1.614', () => {
    const fit = fitModel('mbgnbd', data);
    if (fit.model === 'pareto') throw new Error('expected an MBG/NBD fit');
    expect(fit.model).toBe('mbgnbd');
    // Published to three decimals, so the 0.2% band is widened by the rounding (±0.0005).
    within(fit.params.r, 0.525, 0.002 + 0.0005 / 0.525);
    within(fit.params.alpha, 6.183, 0.002);
    within(fit.params.a, 0.891, 0.002);
    within(fit.params.b, 1.614, 0.002);
  });

  it('Pareto/NBD: r = 0.5532, α = 10.576, s = 0.6063, β = 11.672, LL = −9594.98', () => {
    const fit = fitModel('pareto', data);
    if (fit.model !== 'pareto') throw new Error('expected a Pareto/NBD fit');
    within(fit.params.r, 0.5532, 0.002);
    within(fit.params.alpha, 10.576, 0.002);
    within(fit.params.s, 0.6063, 0.002);
    within(fit.params.beta, 11.672, 0.002);
    expect(Math.abs(fit.logLikelihood - -9594.98)).toBeLessThan(0.05);
  });

  it('Gamma-Gamma on the 946 repeat buyers: p = 6.25, q = 3.74, γ = 15.44, LL = −4055.92', () => {
    const spend = spendData(summary.x, summary.monetary);
    expect(spend.x.length).toBe(946);
    const fit = fitSpend(spend);
    // Published to two decimals: the band is 0.2% plus the rounding.
    within(fit.params.p, 6.25, 0.002 + 0.005 / 6.25);
    within(fit.params.q, 3.74, 0.002 + 0.005 / 3.74);
    within(fit.params.gamma, 15.44, 0.002 + 0.005 / 15.44);
    expect(Math.abs(fit.logLikelihood - -4055.92)).toBeLessThan(0.05);
    expect(fit.customers).toBe(946);
  });
});
