// The limiting BG/NBD's analytic gradient (used to fit the limits) against central differences of its
// log-likelihood, for every limit shape, BG/NBD and MBG/NBD, on the CDNOW sample.
import { describe, expect, it } from 'vitest';
import { compress, limitLogLikelihood, type BgLimit } from '../../../shared/clv';
import { cdnowSampleSummary } from './cdnow';

const summary = cdnowSampleSummary();
const data = compress(summary.x, summary.tx, summary.T);

/** The limit's own parameters in the gradient's order, and the limit they make. */
const SHAPES: [string, number[], (t: number[]) => BgLimit][] = [
  ['Gamma rates, one p', [0.25, 4.4, 0.3], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, dropout: { p: t[2]! } })],
  ['Gamma rates, no drop-out', [0.25, 4.4], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, dropout: { p: 0 } })],
  ['Gamma rates, Beta drop-out', [0.25, 4.4, 0.8, 2.4], (t) => ({ rate: { r: t[0]!, alpha: t[1]! }, dropout: { a: t[2]!, b: t[3]! } })],
  ['one rate, one p', [0.05, 0.02], (t) => ({ rate: { lambda: t[0]! }, dropout: { p: t[1]! } })],
  ['one rate, no drop-out', [0.05], (t) => ({ rate: { lambda: t[0]! }, dropout: { p: 0 } })],
  ['one rate, Beta drop-out', [0.05, 1.5, 3], (t) => ({ rate: { lambda: t[0]! }, dropout: { a: t[1]!, b: t[2]! } })],
];

describe('limitLogLikelihood gradient', () => {
  it.each(SHAPES)('%s agrees with central differences (BG/NBD and MBG/NBD)', (_, theta, build) => {
    for (const modified of [false, true]) {
      const gradient = new Float64Array(theta.length);
      const value = limitLogLikelihood(build(theta), data, modified, gradient);
      // The value is the one computed without a gradient.
      expect(value).toBe(limitLogLikelihood(build(theta), data, modified));
      theta.forEach((v, i) => {
        const h = 1e-6 * v;
        const up = theta.slice();
        const down = theta.slice();
        up[i] = v + h;
        down[i] = v - h;
        const numeric = (limitLogLikelihood(build(up), data, modified) - limitLogLikelihood(build(down), data, modified)) / (2 * h);
        expect(Math.abs(gradient[i]! - numeric), `${modified ? 'MBG' : 'BG'} θ${i}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
      });
    }
  });
});
