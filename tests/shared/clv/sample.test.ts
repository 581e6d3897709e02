// Warm starts for large fits: a sample of the rows picked by their values (so in any order the same sample), a
// fit on it, and the whole data's BFGS from there. The answer must be the cold start's optimum, reached with a
// handful of whole-data evaluations.
import { describe, expect, it } from 'vitest';
import {
  bgLogLikelihood,
  compress,
  maximiseOpen,
  sampleRfm,
  sampleSpend,
  spendData,
  spendLogLikelihood,
  summarise,
  type CompressedRfm,
} from '../../../shared/clv';
import { SIM_START_DAY, simulateBg } from './simulate';

const END_WEEK = 78;
const log = simulateBg({ r: 0.8, alpha: 6, a: 0.6, b: 3 }, { customers: 12_000, seed: 41, acquisitionWeeks: 39, endWeek: END_WEEK, spend: { p: 6, q: 4, gamma: 15 } });
const summary = summarise(log, SIM_START_DAY + END_WEEK * 7, 'day');
const data = compress(summary.x, summary.tx, summary.T);
const SMALL = { above: 2_000, rows: 1_000 };

/** The rows as (x, t_x, T, weight) texts, in a canonical order. */
function rowsOf(d: CompressedRfm): string[] {
  return Array.from(d.x, (x, i) => `${x}|${d.tx[i]}|${d.T[i]}|${d.weight[i]}`).sort();
}

/** The rows of d in the order `order` gives. */
function reordered(d: CompressedRfm, order: number[]): CompressedRfm {
  const pick = (v: Float64Array): Float64Array => Float64Array.from(order, (i) => v[i]!);
  return { ...d, x: pick(d.x), tx: pick(d.tx), T: pick(d.T), weight: pick(d.weight), times: undefined };
}

describe('sampleRfm', () => {
  it('leaves data at or below the threshold alone', () => {
    expect(data.x.length).toBeGreaterThan(SMALL.above);
    expect(sampleRfm(data, { above: data.x.length, rows: 10 })).toBeUndefined();
    expect(sampleRfm(data)).toBeUndefined();
  });

  it('keeps about the asked number of rows, each with its own weight, and counts their customers', () => {
    const sample = sampleRfm(data, SMALL)!;
    expect(sample.x.length).toBeGreaterThan(SMALL.rows * 0.7);
    expect(sample.x.length).toBeLessThan(SMALL.rows * 1.3);
    const whole = new Set(rowsOf(data));
    for (const row of rowsOf(sample)) expect(whole.has(row)).toBe(true);
    expect(sample.customers).toBe(sample.weight.reduce((s, w) => s + w, 0));
    let repeat = 0;
    sample.x.forEach((x, i) => (repeat += x > 0 ? sample.weight[i]! : 0));
    expect(sample.repeatBuyers).toBe(repeat);
  });

  it('picks the same rows whatever order they come in (DuckDB groups them in any order)', () => {
    const order = Array.from(data.x, (_, i) => i).reverse();
    for (let i = 0; i < order.length; i += 3) [order[i], order[order.length - 1 - i]] = [order[order.length - 1 - i]!, order[i]!];
    expect(rowsOf(sampleRfm(reordered(data, order), SMALL)!)).toEqual(rowsOf(sampleRfm(data, SMALL)!));
  });
});

describe('maximiseOpen with a sample', () => {
  it('reaches the cold start’s BG/NBD optimum with a handful of whole-data evaluations', () => {
    const sample = sampleRfm(data, SMALL)!;
    let cold = 0;
    let warm = 0;
    const start = [0.5, 2, 1, 1];
    const coldFit = maximiseOpen((t, g) => (cold++, bgLogLikelihood(t, data, false, g)), start, data.customers, [0, 2, 3]);
    const warmFit = maximiseOpen((t, g) => (warm++, bgLogLikelihood(t, data, false, g)), start, data.customers, [0, 2, 3], {
      ll: (t, g) => bgLogLikelihood(t, sample, false, g),
      customers: sample.customers,
    });
    expect(coldFit.settled && warmFit.settled).toBe(true);
    for (let i = 0; i < 4; i++) expect(Math.abs(warmFit.theta[i]! / coldFit.theta[i]! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(warmFit.logLikelihood - coldFit.logLikelihood)).toBeLessThan(1e-6 * Math.abs(coldFit.logLikelihood));
    expect(warm).toBeLessThan(cold / 3);
  });

  it('does the same for the Gamma-Gamma spend model', () => {
    const spend = spendData(summary.x, summary.monetary);
    const sample = sampleSpend(spend, { above: 1_000, rows: 500 })!;
    expect(sample.x.length).toBeLessThan(spend.x.length / 2);
    let cold = 0;
    let warm = 0;
    const start = [1, 3, 20];
    const coldFit = maximiseOpen((t, g) => (cold++, spendLogLikelihood(t, spend, g)), start, spend.x.length, [0, 1]);
    const warmFit = maximiseOpen((t, g) => (warm++, spendLogLikelihood(t, spend, g)), start, spend.x.length, [0, 1], {
      ll: (t, g) => spendLogLikelihood(t, sample, g),
      customers: sample.x.length,
    });
    for (let i = 0; i < 3; i++) expect(Math.abs(warmFit.theta[i]! / coldFit.theta[i]! - 1)).toBeLessThan(1e-5);
    expect(warm).toBeLessThan(cold);
  });

  it('falls back to the cold start when the sample cannot be fitted', () => {
    let cold = 0;
    let warm = 0;
    const start = [0.5, 2, 1, 1];
    const coldFit = maximiseOpen((t, g) => (cold++, bgLogLikelihood(t, data, false, g)), start, data.customers, [0, 2, 3]);
    const warmFit = maximiseOpen((t, g) => (warm++, bgLogLikelihood(t, data, false, g)), start, data.customers, [0, 2, 3], {
      ll: () => Number.NaN,
      customers: 10,
    });
    expect(Array.from(warmFit.theta)).toEqual(Array.from(coldFit.theta));
    expect(warm).toBe(cold);
  });
});
