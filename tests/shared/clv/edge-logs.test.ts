import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bgLogLikelihood, compress, fitAndScore, fitModel, limitLogLikelihood, type BgFit } from '../../../shared/clv';

// Edge logs where the BG/NBD has no finite maximum or almost no data, each with an independent scipy fit made once
// by tests/fixtures/clv/edge-logs.py (numbers in edge-logs.json; CI needs no python). Ours must never be an error
// and its log-likelihood must be at least scipy's.

interface Reference {
  params: { r: number; alpha: number; a: number; b: number };
  logLikelihood: number;
}
interface EdgeLog {
  name: string;
  /** [x, t_x in days, T in days, customers] */
  rows: [number, number, number, number][];
  scipy: { bgnbd: Reference; mbgnbd: Reference };
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
