import { describe, expect, it } from 'vitest';
import { bgLogLikelihood, compress, paretoLogLikelihood, spendData, spendLogLikelihood } from '../../../shared/clv';
import { cdnowSampleSummary } from './cdnow';

const summary = cdnowSampleSummary();
const data = compress(summary.x, summary.tx, summary.T);
const spend = spendData(summary.x, summary.monetary);

/** Central differences with a step relative to each parameter (LL ~ 1e4, so rounding noise is ~1e-5). */
function numericGradient(f: (theta: number[]) => number, theta: number[]): number[] {
  return theta.map((v, i) => {
    const h = 1e-6 * v;
    const up = theta.slice();
    const down = theta.slice();
    up[i] = v + h;
    down[i] = v - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

function expectGradient(f: (theta: number[], g?: Float64Array) => number, theta: number[]): void {
  const g = new Float64Array(theta.length);
  f(theta, g);
  const numeric = numericGradient((t) => f(t), theta);
  numeric.forEach((n, i) => expect(Math.abs(g[i]! - n)).toBeLessThan(1e-4 * Math.max(1, Math.abs(n))));
}

describe('analytic gradients agree with finite differences on the CDNOW sample', () => {
  it.each([
    [0.2426, 4.4136, 0.7929, 2.4259],
    [1, 10, 1, 1],
    [3, 0.5, 5, 0.3],
  ])('BG/NBD and MBG/NBD at (%s, %s, %s, %s)', (...theta) => {
    expectGradient((t, g) => bgLogLikelihood(t, data, false, g), theta);
    expectGradient((t, g) => bgLogLikelihood(t, data, true, g), theta);
  });

  it.each([
    [0.5532, 10.576, 0.6063, 11.672],
    [1, 2, 1, 30],
    [0.3, 40, 2.5, 5],
  ])('Pareto/NBD at (%s, %s, %s, %s)', (...theta) => {
    expectGradient((t, g) => paretoLogLikelihood(t, data, g), theta);
  });

  it.each([
    [6.25, 3.74, 15.44],
    [1, 2, 35],
    [20, 1.5, 3],
  ])('Gamma-Gamma at (%s, %s, %s)', (...theta) => {
    expectGradient((t, g) => spendLogLikelihood(t, spend, g), theta);
  });
});

describe('compression', () => {
  it('leaves the likelihood unchanged: weighted rows give the same LL as one row per customer', () => {
    const n = summary.x.length;
    const plain = { x: summary.x, tx: summary.tx, T: summary.T, weight: new Float64Array(n).fill(1), row: Int32Array.from({ length: n }, (_, i) => i), maxX: data.maxX, customers: n, repeatBuyers: data.repeatBuyers };
    const theta = [0.3, 5, 0.8, 2];
    expect(bgLogLikelihood(theta, data, false)).toBeCloseTo(bgLogLikelihood(theta, plain, false), 6);
    expect(paretoLogLikelihood([0.5, 10, 0.6, 11], data)).toBeCloseTo(paretoLogLikelihood([0.5, 10, 0.6, 11], plain), 6);
  });
});
