// Fitting rows a database compressed: the same data, hence the same fit, as compressing the customers here.
import { describe, expect, it } from 'vitest';
import { ClvError, compress, expandSpendRows, fitModel, fromDistinctRows, spendData } from '../../../shared/clv';

describe('fromDistinctRows', () => {
  it('weighs each distinct row by its count: the BG/NBD fit equals the fit of the customers one by one', () => {
    // 40 customers over 6 distinct (x, t_x, T), counted by hand.
    const distinct = { x: [0, 0, 1, 2, 3, 1], tx: [0, 0, 2, 5, 8, 6], T: [10, 12, 10, 12, 12, 9], count: [12, 9, 7, 5, 4, 3] };
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    distinct.count.forEach((n, i) => {
      for (let k = 0; k < n; k++) {
        x.push(distinct.x[i]!);
        tx.push(distinct.tx[i]!);
        T.push(distinct.T[i]!);
      }
    });
    const data = fromDistinctRows(distinct);
    expect(data.customers).toBe(40);
    expect(data.repeatBuyers).toBe(7 + 5 + 4 + 3);
    expect(Array.from(data.weight)).toEqual(distinct.count);
    const ours = fitModel('bgnbd', data);
    const theirs = fitModel('bgnbd', compress(x, tx, T));
    expect(ours.logLikelihood).toBeCloseTo(theirs.logLikelihood, 8);
  });

  it('refuses repeated rows and counts that are no whole number above 0', () => {
    expect(() => fromDistinctRows({ x: [0, 0], tx: [0, 0], T: [5, 5], count: [1, 2] })).toThrow(ClvError);
    expect(() => fromDistinctRows({ x: [0, 1], tx: [0, 1], T: [5, 5], count: [1, 0] })).toThrow(/row 2: the count must be a whole number above 0/);
  });

  it('expands (x, mean spend) pairs with counts into the per-customer columns spendData keeps', () => {
    const spend = expandSpendRows({ x: [0, 1, 2], mean: [0, 4.5, 20], count: [2, 1, 3] });
    expect(Array.from(spend.x)).toEqual([0, 0, 1, 2, 2, 2]);
    expect(Array.from(spendData(spend.x, spend.mean).mean)).toEqual([4.5, 20, 20, 20]);
  });
});
