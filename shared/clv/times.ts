import { distinctValues, type CompressedRfm, type TimeIndex } from './rfm';

export type { TimeIndex } from './rfm';

const cache = new WeakMap<CompressedRfm, TimeIndex>();

function distinct(values: Float64Array): { values: Float64Array; index: Int32Array } {
  const { values: out, index } = distinctValues(values);
  return { values: Float64Array.from(out), index };
}

/**
 * Purchase logs have whole-day times, so T and t_x take a few hundred values however many customers there
 * are: likelihoods take ln(α + T) once per value instead of once per row. Cached per (unchanging) data set.
 */
export function timeIndex(data: CompressedRfm): TimeIndex {
  if (data.times) return data.times;
  let index = cache.get(data);
  if (!index) {
    const t = distinct(data.T);
    const tx = distinct(data.tx);
    index = { tValues: t.values, tIndex: t.index, txValues: tx.values, txIndex: tx.index };
    cache.set(data, index);
  }
  return index;
}

/** ln(α + v) and 1/(α + v) for each value. */
export function shiftedLogs(alpha: number, values: Float64Array, logs: Float64Array, inverses: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const s = alpha + values[i]!;
    logs[i] = Math.log(s);
    inverses[i] = 1 / s;
  }
}
