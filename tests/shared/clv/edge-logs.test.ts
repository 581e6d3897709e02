import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bgLogLikelihood, compress, fitAndScore, fitModel, limitLogLikelihood, paretoLimitLogLikelihood, paretoLogLikelihood, type BgFit, type ParetoFit } from '../../../shared/clv';

// Edge logs where the BG/NBD or Pareto/NBD has no finite maximum or almost no data, each with an independent scipy
// fit made once by tests/fixtures/clv/edge-logs.py (numbers in edge-logs.json; CI needs no python). Ours must never
// be an error and its log-likelihood must be at least scipy's.

interface Reference {
  params: { r: number; alpha: number; a: number; b: number };
  logLikelihood: number;
}
interface ParetoReference {
  params: { r: number; alpha: number; s: number; beta: number };
  logLikelihood: number;
}
interface EdgeLog {
  name: string;
  /** [x, t_x in days, T in days, customers] */
  rows: [number, number, number, number][];
  scipy: { bgnbd: Reference; mbgnbd: Reference; pareto: ParetoReference };
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv/edge-logs.json');
const logs = (JSON.parse(readFileSync(file, 'utf8')) as { logs: EdgeLog[] }).logs;

/** The log as per-customer weekly summaries, the way the CLI reads a summary file. */
function summary(log: EdgeLog): { ids: string[]; x: Float64Array; tx: Float64Array; T: Float64Array } {
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (const [rx, rtx, rT, count] of log.rows) {
    for (let k = 0; k < count; k++) {
      x.push(rx);
      tx.push(rtx / 7);
      T.push(rT / 7);
    }
  }
  return { ids: x.map((_, i) => `c${i + 1}`), x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T) };
}

/** A point far along the ridge towards a limit, where the full model's own likelihood should be close to the limit's. */
function farAlong(fit: BgFit): number[] {
  const limit = fit.limit!;
  const K = 1e7;
  const [r, alpha] = 'r' in limit.rate ? [limit.rate.r, limit.rate.alpha] : [limit.rate.lambda * K, K];
  const [a, b] = 'a' in limit.dropout ? [limit.dropout.a, limit.dropout.b] : limit.dropout.p === 0 ? [1e-9, 1] : [limit.dropout.p * K, (1 - limit.dropout.p) * K];
  return [r, alpha, a, b];
}

const WARNINGS: Record<string, RegExp | undefined> = {
  'no-dropout': /almost nobody seems to stop buying/,
  'rare-dropout': /almost nobody seems to stop buying/,
  'same-pace': /same pace/,
  'same-pace-no-dropout': /same pace/,
  'one-repeat-buyer': /only 1 customer bought again/,
  ordinary: undefined,
};

describe('edge logs: the BG/NBD family answers with the best fit or its limit, never an error', () => {
  for (const log of logs) {
    for (const model of ['bgnbd', 'mbgnbd'] as const) {
      it(`${log.name}, ${model}: log-likelihood at least scipy's (${log.scipy[model].logLikelihood.toFixed(3)})`, () => {
        const s = summary(log);
        const data = compress(s.x, s.tx, s.T);
        const fit = fitModel(model, data) as BgFit;
        // Log-likelihood units: a shortfall of 1e-3 is noise in scipy's sums at extreme parameters, not a worse fit.
        expect(fit.logLikelihood).toBeGreaterThanOrEqual(log.scipy[model].logLikelihood - 1e-3);
        if (fit.limit) {
          // The limit's likelihood is what the full model approaches along the ridge (its own formula, independently).
          expect(limitLogLikelihood(fit.limit, data, model === 'mbgnbd')).toBeCloseTo(fit.logLikelihood, 6);
          expect(bgLogLikelihood(farAlong(fit), data, model === 'mbgnbd')).toBeCloseTo(fit.logLikelihood, 0);
        } else {
          expect(bgLogLikelihood([fit.params.r, fit.params.alpha, fit.params.a, fit.params.b], data, model === 'mbgnbd')).toBeCloseTo(fit.logLikelihood, 6);
        }
        const run = fitAndScore({ kind: 'summary', ...s, monetary: undefined }, { model });
        const warning = WARNINGS[log.name];
        if (model === 'bgnbd' && warning) expect(run.warnings.join('; ')).toMatch(warning);
        if (log.name === 'ordinary') expect(run.warnings).toEqual([]);
        for (const column of [run.scores!.pAlive!, run.scores!.expectedPurchases]) {
          for (const v of column) expect(Number.isFinite(v) && v >= 0).toBe(true);
        }
      });
    }
  }
});

/** A point far along the Pareto/NBD ridge towards its limit. */
function paretoFarAlong(fit: ParetoFit): number[] {
  const limit = fit.limit!;
  const K = 1e6;
  const [r, alpha] = 'r' in limit.rate ? [limit.rate.r, limit.rate.alpha] : [limit.rate.lambda * K, K];
  // β of α's size keeps the series' argument (α − β)/(α + t) away from 1, where it would need millions of terms.
  const scale = 'r' in limit.rate ? 1e3 : K;
  const [s, beta] = 's' in limit.lifetime ? [limit.lifetime.s, limit.lifetime.beta] : limit.lifetime.mu === 0 ? [1e-9, alpha] : [limit.lifetime.mu * scale, scale];
  return [r, alpha, s, beta];
}

const PARETO_WARNINGS: Record<string, RegExp | undefined> = {
  'no-dropout': /almost nobody seems to stop buying, so the fit is the model without drop-out/,
  'same-pace': /same pace/,
  'same-pace-no-dropout': /one purchase rate for everyone/,
  'one-repeat-buyer': /only 1 customer bought again/,
};

describe('edge logs: the Pareto/NBD answers with the best fit or its limit, never an error', () => {
  for (const log of logs) {
    const reference = log.scipy.pareto;
    it(`${log.name}, pareto: log-likelihood at least scipy's (${reference.logLikelihood.toFixed(3)})`, () => {
      const s = summary(log);
      // One fit, through the whole pipeline (the full Pareto/NBD fit on the Poisson-like logs takes seconds).
      const run = fitAndScore({ kind: 'summary', ...s, monetary: undefined }, { model: 'pareto' });
      const data = run.data;
      const fit = run.fit as ParetoFit;
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(reference.logLikelihood - 1e-3);
      // scipy's optimum, in our own full likelihood: the closed form with 2F1 and our series agree there.
      const p = reference.params;
      expect(Math.abs(paretoLogLikelihood([p.r, p.alpha, p.s, p.beta], data) - reference.logLikelihood)).toBeLessThan(0.01);
      if (fit.limit) {
        expect(paretoLimitLogLikelihood(fit.limit, data)).toBeCloseTo(fit.logLikelihood, 6);
        // The full model far along the ridge comes close to the limit (within 1/K of a unit per customer).
        expect(Math.abs(paretoLogLikelihood(paretoFarAlong(fit), data) - fit.logLikelihood)).toBeLessThan(0.05 + 2e-3 * data.customers * ('mu' in fit.limit.lifetime && fit.limit.lifetime.mu > 0 ? 1 : 0));
      } else {
        expect(paretoLogLikelihood([fit.params.r, fit.params.alpha, fit.params.s, fit.params.beta], data)).toBeCloseTo(fit.logLikelihood, 6);
      }
      const warning = PARETO_WARNINGS[log.name];
      if (warning) expect(run.warnings.join('; ')).toMatch(warning);
      if (log.name === 'ordinary') expect(run.warnings).toEqual([]);
      for (const column of [run.scores!.pAlive!, run.scores!.expectedPurchases]) {
        for (const v of column) expect(Number.isFinite(v) && v >= 0).toBe(true);
      }
    }, 120_000);
  }
});
