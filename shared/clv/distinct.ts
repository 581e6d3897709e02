import { ClvError } from './errors';
import { compress, type CompressedRfm } from './rfm';

/** An RFM summary already folded to its distinct (x, t_x, T) rows, each with how many customers share it. */
export interface DistinctRfm {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  count: ArrayLike<number>;
}

/**
 * The fitting data of rows a database compressed (GROUP BY x, t_x, T): compress() checks the rows and indexes
 * their times as for per-customer data, then each row weighs its count. `row` is empty: there are no customers here.
 */
export function fromDistinctRows(rows: DistinctRfm): CompressedRfm {
  const n = rows.x.length;
  if (rows.count.length !== n) throw new ClvError('invalid_input', 'x and count differ in length');
  const data = compress(rows.x, rows.tx, rows.T);
  if (data.x.length !== n) throw new ClvError('invalid_input', 'the distinct rows repeat an (x, t_x, T)');
  const weight = new Float64Array(n);
  let customers = 0;
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) {
    const count = rows.count[i]!;
    if (!(Number.isInteger(count) && count > 0)) throw new ClvError('invalid_input', `row ${i + 1}: the count must be a whole number above 0`);
    // compress keeps first-appearance order, and every row is new: output row i is input row i.
    weight[i] = count;
    customers += count;
    if (rows.x[i]! > 0) repeatBuyers += count;
  }
  return { ...data, weight, row: new Int32Array(0), customers, repeatBuyers };
}

/** Per-customer (x, mean spend) columns from distinct (x, mean) rows with counts, for spendData. */
export function expandSpendRows(rows: { x: ArrayLike<number>; mean: ArrayLike<number>; count: ArrayLike<number> }): { x: Float64Array; mean: Float64Array } {
  let total = 0;
  for (let i = 0; i < rows.count.length; i++) total += rows.count[i]!;
  const x = new Float64Array(total);
  const mean = new Float64Array(total);
  let at = 0;
  for (let i = 0; i < rows.count.length; i++) {
    x.fill(rows.x[i]!, at, at + rows.count[i]!);
    mean.fill(rows.mean[i]!, at, at + rows.count[i]!);
    at += rows.count[i]!;
  }
  return { x, mean };
}
