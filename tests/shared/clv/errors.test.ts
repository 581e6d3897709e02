import { describe, expect, it } from 'vitest';
import { ClvError, compress, fitAndScore, fitModel, fitSpend, scoreCustomerColumns, scoreSummary, summarise, type ClvFault } from '../../../shared/clv';
import { gamma, uniformSource } from './simulate';

function faultOf(run: () => unknown): ClvFault | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ClvError) return error.code;
    throw error;
  }
  return undefined;
}

describe('fits that the data cannot support fail with a clear, typed error', () => {
  it('fits every purchase model to a single repeat buyer (with a warning), and refuses no repeat buyer', () => {
    const x = new Float64Array(40);
    const tx = new Float64Array(40);
    const T = new Float64Array(40).fill(20);
    x[0] = 2;
    tx[0] = 5;
    for (const model of ['bgnbd', 'mbgnbd', 'pareto'] as const) {
      expect(Number.isFinite(fitModel(model, compress(x, tx, T)).logLikelihood)).toBe(true);
      const run = fitAndScore({ kind: 'summary', ids: Array.from({ length: 40 }, (_, i) => `c${i}`), x, tx, T, monetary: undefined }, { model });
      expect(run.warnings).toContain('only 1 customer bought again, so the fit rests on very little');
      for (const v of run.scores!.clv) expect(Number.isFinite(v)).toBe(true);
    }
    x[0] = 0;
    tx[0] = 0;
    expect(() => fitModel('bgnbd', compress(x, tx, T))).toThrow('need at least 1 repeat buyer, got 0');
  });

  it('refuses too few customers and too few spenders', () => {
    expect(faultOf(() => fitModel('bgnbd', compress([1, 2, 3], [1, 2, 3], [5, 5, 5])))).toBe('too_few_customers');
    expect(faultOf(() => fitSpend({ x: Float64Array.of(1, 2), mean: Float64Array.of(10, 20) }))).toBe('too_few_repeat_buyers');
  });

  it('reports q ≤ 1 (no finite mean spend) when spend per customer has a heavy tail', () => {
    // ν ~ Gamma(0.8, 10): the mean spend p/ν then has an infinite mean, and the fit finds q ≈ 0.8.
    const u = uniformSource(7);
    const x = new Float64Array(2000);
    const mean = new Float64Array(2000);
    for (let i = 0; i < 2000; i++) {
      x[i] = 1 + Math.floor(u() * 3);
      const nu = gamma(u, 0.8, 10);
      let sum = 0;
      for (let j = 0; j < x[i]!; j++) sum += gamma(u, 3, nu);
      mean[i] = sum / x[i]!;
    }
    expect(faultOf(() => fitSpend({ x, mean }))).toBe('spend_mean_undefined');
  });

  it('answers a log where everybody buys at the same pace and nobody drops out with the limiting model, not an error', () => {
    // A homogeneous Poisson with no drop-out: r, α → ∞ and a → 0, so the BG/NBD has no finite maximum; its limit
    // (one rate for everybody, no drop-out) is the fit; the Pareto/NBD's is the same Poisson.
    const n = 200;
    const x = new Float64Array(n).fill(4);
    const T = Float64Array.from({ length: n }, (_, i) => 30 + (i % 10));
    const tx = Float64Array.from(T, (t, i) => t - 0.5 - (i % 3) * 0.1);
    for (const model of ['bgnbd', 'mbgnbd'] as const) {
      const fit = fitModel(model, compress(x, tx, T));
      // Poisson without drop-out, whose λ̂ = Σx / ΣT by hand.
      const lambda = (4 * n) / T.reduce((s, t) => s + t, 0);
      expect(fit.model === 'pareto' ? undefined : fit.limit).toEqual({ rate: { lambda: expect.closeTo(lambda, 6) as number }, dropout: { p: 0 } });
    }
    const pareto = fitModel('pareto', compress(x, tx, T));
    expect(pareto.model === 'pareto' ? pareto.limit : undefined).toEqual({ rate: { lambda: expect.closeTo((4 * n) / T.reduce((s, t) => s + t, 0), 6) as number }, lifetime: { mu: 0 } });
  });

  it('names the customer when the summary is impossible', () => {
    expect(() => compress([1, 1.5], [2, 2], [3, 3])).toThrow('customer 2: frequency must be a whole number ≥ 0');
    expect(() => compress([1, 1], [2, 4], [3, 3])).toThrow('customer 2: need 0 ≤ recency ≤ T');
    expect(() => summarise({ customer: ['a', 'b'], day: [1, 2.5], amount: [1, 1] }, 10)).toThrow('row 2: the date is not a whole day');
  });
});

describe('never NaN', () => {
  it('scores every customer with finite numbers even at extreme histories', () => {
    const fit = { model: 'bgnbd' as const, params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, logLikelihood: 0, customers: 4 };
    const scores = scoreSummary(fit, undefined, { x: [0, 300, 1, 50], tx: [0, 1, 0.01, 400], T: [0, 400, 400, 400], monetary: [0, 20, 0, 1e6] }, { horizon: 520, unitDays: 7, discountRate: 0.1 });
    for (const column of [scores.pAlive, scores.expectedPurchases, scores.expectedSpend, scores.clv]) {
      for (const v of column) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('falls back to each customer’s own history when the models cannot be fitted, with blank P(alive)', () => {
    const purchases = [
      { customer_id: 'A', date: '2024-01-05', amount: 40 },
      { customer_id: 'A', date: '2024-03-05', amount: 60 },
      { customer_id: 'B', date: '2024-02-01', amount: 25 },
      { customer_id: 'C', date: '2024-02-10', amount: undefined },
    ];
    const result = scoreCustomerColumns(purchases, { today: '2024-06-30', margin: 0.3, discountRate: 0.1 });
    expect(result.purchaseModel).toBe('history');
    expect(result.spendModel).toBe('average');
    expect(result.faults).toEqual(['too_few_repeat_buyers', 'too_few_customers']);
    const a = result.columns.get('A')!;
    expect(a.p_alive).toBeUndefined();
    expect(a.orders).toBe(2);
    expect(a.revenue).toBe(100);
    expect([a.first_purchase, a.last_purchase]).toEqual(['2024-01-05', '2024-03-05']);
    for (const row of result.columns.values()) {
      expect(Number.isFinite(row.clv_12m) && Number.isFinite(row.expected_purchases_90d)).toBe(true);
      expect(row.clv_12m).toBeGreaterThanOrEqual(0);
    }
    expect(a.clv_tier).toBe('high');
  });
});
