import { describe, expect, it } from 'vitest';
import { bgLogLikelihood, compress, expectedPurchases, fitModel, fitSpend, paretoLogLikelihood, spendData, spendLogLikelihood, summarise } from '../../../shared/clv';
import { SIM_START_DAY, simulateBg, simulatePareto, type Simulation } from './simulate';

// 20,000 simulated customers acquired over 12 weeks, calibrated at week 39 and followed to week 78.
// Across seeds the estimates scatter by up to ~10% at this size, so a 20% band catches a wrong model
// (a misplaced drop-out, a biased likelihood) without flaking; the MLE must also beat the true parameters.
const SIM: Simulation = { customers: 20_000, seed: 1, acquisitionWeeks: 12, endWeek: 78, spend: { p: 6, q: 4, gamma: 15 } };
const CAL_END = SIM_START_DAY + 39 * 7;

const near = (actual: number, truth: number): void => expect(Math.abs(actual / truth - 1)).toBeLessThan(0.2);

/** Repeat purchase days in (calibration end, end of log] per customer id. */
function holdoutDays(log: { customer: readonly string[]; day: ArrayLike<number> }): Map<string, number> {
  const seen = new Set<string>();
  const out = new Map<string, number>();
  for (let i = 0; i < log.customer.length; i++) {
    const key = `${log.customer[i]!}|${log.day[i]!}`;
    if (log.day[i]! <= CAL_END || seen.has(key)) continue;
    seen.add(key);
    out.set(log.customer[i]!, (out.get(log.customer[i]!) ?? 0) + 1);
  }
  return out;
}

describe('fits recover the parameters a purchase log was simulated with', () => {
  it('BG/NBD and Gamma-Gamma, and the fit predicts the 39-week holdout', () => {
    const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    const log = simulateBg(truth, SIM);
    const s = summarise(log, CAL_END, 'week');
    const data = compress(s.x, s.tx, s.T);
    const fit = fitModel('bgnbd', data);
    if (fit.model === 'pareto') throw new Error('expected BG/NBD');
    near(fit.params.r, truth.r);
    near(fit.params.alpha, truth.alpha);
    near(fit.params.a, truth.a);
    near(fit.params.b, truth.b);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgLogLikelihood([0.25, 4, 0.8, 2.5], data, false));

    const spend = spendData(s.x, s.monetary);
    const g = fitSpend(spend);
    near(g.params.p, 6);
    near(g.params.q, 4);
    near(g.params.gamma, 15);
    expect(g.logLikelihood).toBeGreaterThanOrEqual(spendLogLikelihood([6, 4, 15], spend));

    // Conditional expectations summed over customers track what they actually did next.
    const actual = holdoutDays(log);
    let predicted = 0;
    let observed = 0;
    s.ids.forEach((id, i) => {
      predicted += expectedPurchases(fit, s.x[i]!, s.tx[i]!, s.T[i]!, 39);
      observed += actual.get(id) ?? 0;
    });
    expect(Math.abs(predicted / observed - 1)).toBeLessThan(0.05);
  });

  it('MBG/NBD', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.9, b: 1.6 };
    const s = summarise(simulateBg(truth, { ...SIM, seed: 1 }, true), CAL_END, 'week');
    const data = compress(s.x, s.tx, s.T);
    const fit = fitModel('mbgnbd', data);
    if (fit.model === 'pareto') throw new Error('expected MBG/NBD');
    near(fit.params.r, truth.r);
    near(fit.params.alpha, truth.alpha);
    near(fit.params.a, truth.a);
    near(fit.params.b, truth.b);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgLogLikelihood([0.5, 6, 0.9, 1.6], data, true));
  });

  it('Pareto/NBD, and the fit predicts the 39-week holdout', () => {
    const truth = { r: 0.55, alpha: 10.5, s: 0.6, beta: 11.7 };
    const log = simulatePareto(truth, { ...SIM, seed: 2 });
    const s = summarise(log, CAL_END, 'week');
    const data = compress(s.x, s.tx, s.T);
    const fit = fitModel('pareto', data);
    if (fit.model !== 'pareto') throw new Error('expected Pareto/NBD');
    near(fit.params.r, truth.r);
    near(fit.params.alpha, truth.alpha);
    near(fit.params.s, truth.s);
    near(fit.params.beta, truth.beta);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(paretoLogLikelihood([0.55, 10.5, 0.6, 11.7], data));
    const actual = holdoutDays(log);
    let predicted = 0;
    let observed = 0;
    s.ids.forEach((id, i) => {
      predicted += expectedPurchases(fit, s.x[i]!, s.tx[i]!, s.T[i]!, 39);
      observed += actual.get(id) ?? 0;
    });
    expect(Math.abs(predicted / observed - 1)).toBeLessThan(0.05);
  });
});
