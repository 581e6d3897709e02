import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { compress, fitModel, fitAndScore } from '../../../shared/clv';
it('probe', () => {
  const logs = JSON.parse(readFileSync('/work/main/tests/fixtures/clv/edge-logs.json', 'utf8')).logs;
  for (const log of logs) {
    const x: number[] = [], tx: number[] = [], T: number[] = [];
    for (const [a, b, c, n] of log.rows) for (let k = 0; k < n; k++) { x.push(a); tx.push(b / 7); T.push(c / 7); }
    const s = { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T) };
    const t0 = Date.now();
    const fit = fitModel('pareto', compress(s.x, s.tx, s.T));
    const run = fitAndScore({ kind: 'summary', ids: x.map((_, i) => `c${i}`), ...s, monetary: undefined }, { model: 'pareto' });
    console.log(log.name, Date.now() - t0, 'ms', fit.logLikelihood - log.scipy.pareto.logLikelihood, JSON.stringify(fit.limit ?? fit.params), run.warnings);
  }
});
