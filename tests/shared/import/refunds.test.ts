import { describe, expect, it } from 'vitest';
import { summarise } from '../../../shared/clv';

// Imported refunds and returns are negative purchases; the CLV summary must not count them as purchase days.
describe('refunds in the CLV summary', () => {
  it('a refund on a later day lowers spend but is not a repeat purchase', () => {
    const s = summarise({ customer: ['a', 'a', 'a'], day: [0, 7, 10], amount: [100, 60, -60] }, 14, 'day');
    expect(Array.from(s.x)).toEqual([1]);
    expect(Array.from(s.tx)).toEqual([7]);
    expect(Array.from(s.revenue)).toEqual([100]);
    expect(Array.from(s.monetary)).toEqual([0]);
    expect(Array.from(s.orders)).toEqual([2]);
  });

  it('a refund on the purchase day nets against it', () => {
    const s = summarise({ customer: ['a', 'a', 'a'], day: [0, 7, 7], amount: [100, 80, -30] }, 14, 'day');
    expect(Array.from(s.x)).toEqual([1]);
    expect(Array.from(s.monetary)).toEqual([50]);
  });
});
