import { describe, expect, it } from 'vitest';
import { buildHistory, cohortMatrix, periodRates } from '../../../shared/retention';
import { AS_OF, customer, customers, purchase, purchases } from './fixture';

const history = buildHistory(purchases, AS_OF, customers);

describe('buildHistory', () => {
  it('nets refunds per customer and day: a sale refunded the same day is no visit, a later return is a refund', () => {
    const rows = [
      purchase('R1', '2025-01-05', 100),
      purchase('R1', '2025-01-05', -100),
      purchase('R1', '2025-02-10', 50),
      purchase('R1', '2025-02-10', -20),
      purchase('R1', '2025-03-20', -30),
      purchase('R1', '2025-04-01', 0),
    ];
    const r1 = buildHistory(rows, AS_OF).customers.get('R1')!;
    // By hand: 5 Jan nets 0 with a refund (no visit); 10 Feb nets 30 (a visit, one order); 20 Mar nets -30
    // (a return, in March); 1 Apr is a visit with no amount. Revenue 100 - 100 + 50 - 20 - 30 + 0 = 0.
    expect(r1.spend).toEqual([30, 0]);
    expect(r1.orders).toEqual([1, 1]);
    expect(r1.orderCount).toBe(2);
    expect(r1.refunds).toEqual([{ month: 2025 * 12 + 2, amount: -30 }]);
    expect(r1.revenue).toBe(0);
  });

  it('collapses rows to purchase days, keeps refunds apart and leaves out rows after the analysis date', () => {
    expect(history.customers.size).toBe(5);
    expect(history.future).toBe(1);
    const c3 = history.customers.get('C3')!;
    expect(c3.spend).toEqual([300, 300]);
    expect(c3.revenue).toBe(500);
    expect(c3.orderCount).toBe(2);
    const c5 = history.customers.get('C5')!;
    expect(c5.days).toHaveLength(1);
    expect(c5.orders).toEqual([2]);
    expect(c5.revenue).toBe(30);
  });

  it('counts a merged customer\'s purchases for the survivor at the end of the chain', () => {
    const list = [customer('A'), customer('B', { status: 'merged', merged_into: 'C' }), customer('C', { status: 'merged', merged_into: 'A' })];
    const h = buildHistory([purchase('A', '2025-01-01', 10), purchase('B', '2025-01-02', 5), purchase('C', '2025-01-03', 1)], '2025-02-01', list);
    expect([...h.customers.keys()]).toEqual(['A']);
    expect(h.customers.get('A')!.revenue).toBe(16);
    expect(h.customers.get('A')!.days).toHaveLength(3);
  });

  it('skips rows without a customer or a real date', () => {
    const h = buildHistory([purchase('', '2025-01-01', 1), purchase('A', '2025-02-30', 1), purchase('A', '2025-02-28', 1)], '2025-03-01');
    expect(h.skipped).toBe(2);
    expect(h.customers.get('A')!.revenue).toBe(1);
  });

  it('rejects an analysis date that is not a date', () => {
    expect(() => buildHistory([], '30/06/2025')).toThrow(RangeError);
  });
});

describe('periodRates', () => {
  it('gives retention and repeat-purchase rates per month, quiet months included', () => {
    const rows = periodRates(history, 'month');
    expect(rows.map((r) => r.period)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(rows.map((r) => [r.active, r.new, r.returning, r.retained])).toEqual([
      [2, 2, 0, 0],
      [2, 1, 1, 1],
      [3, 1, 2, 2],
      [1, 0, 1, 1],
      [0, 0, 0, 0],
      [1, 1, 0, 0],
    ]);
    expect(rows.map((r) => r.retentionRate)).toEqual([null, 0.5, 1, 1 / 3, 0, null]);
    expect(rows.map((r) => r.repeatBuyers)).toEqual([1, 1, 2, 1, 0, 0]);
    expect(rows.map((r) => r.repeatRate)).toEqual([0.5, 0.5, 2 / 3, 1, null, 0]);
    expect(rows.map((r) => r.revenue)).toEqual([400, 350, 290, 100, 0, 30]);
    expect(rows.map((r) => r.orders)).toEqual([3, 2, 3, 1, 0, 2]);
    expect(rows[2]!.start).toBe('2025-03-01');
  });

  it('groups by quarter and by year', () => {
    const quarters = periodRates(history, 'quarter');
    expect(quarters.map((r) => [r.period, r.start, r.active, r.new, r.retained, r.retentionRate, r.repeatBuyers, r.revenue])).toEqual([
      ['2025-Q1', '2025-01-01', 4, 4, 0, null, 3, 1040],
      ['2025-Q2', '2025-04-01', 2, 1, 1, 0.25, 1, 130],
    ]);
    const years = periodRates(buildHistory([purchase('A', '2023-12-31', 1), purchase('A', '2025-01-01', 1), purchase('B', '2024-06-01', 1)], '2025-03-01'), 'year');
    expect(years.map((r) => [r.period, r.active, r.retained, r.retentionRate, r.repeatBuyers])).toEqual([
      ['2023', 1, 0, null, 0],
      ['2024', 1, 0, 0, 0],
      ['2025', 1, 0, 0, 1],
    ]);
  });

  it('is empty without purchases', () => {
    expect(periodRates(buildHistory([], AS_OF))).toEqual([]);
  });
});

describe('cohortMatrix', () => {
  it('counts each first-purchase month\'s customers buying in each later month, up to the analysis month', () => {
    const rows = cohortMatrix(history);
    expect(rows.map((r) => [r.cohort, r.size, r.counts])).toEqual([
      ['2025-01', 2, [2, 1, 1, 1, 0, 0]],
      ['2025-02', 1, [1, 1, 0, 0, 0]],
      ['2025-03', 1, [1, 0, 0, 0]],
      ['2025-06', 1, [1]],
    ]);
    expect(rows[0]!.rates).toEqual([1, 0.5, 0.5, 0.5, 0, 0]);
  });

  it('groups cohorts by quarter', () => {
    expect(cohortMatrix(history, 'quarter').map((r) => [r.cohort, r.counts])).toEqual([
      ['2025-Q1', [4, 1]],
      ['2025-Q2', [1]],
    ]);
  });
});
