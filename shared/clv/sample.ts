// Samples of large fitting data for a warm start (fit.ts maximiseOpen): a fit on a few tens of thousands of rows
// lands near the whole data's optimum, so the costly whole-data evaluations are few.
import { fromDistinctRows } from './distinct';
import type { CompressedRfm } from './rfm';

/** Rows (distinct RFM rows, or spenders) above which a fit first runs on a sample. */
export const SAMPLE_ABOVE = 200_000;

/** Rows a sample aims at. */
const SAMPLE_ROWS = 50_000;

const words = new Uint32Array(2);
const bits = new Float64Array(words.buffer);

/** A 32-bit hash of some doubles' bits (murmur3's finaliser over each word): the same rows, the same sample. */
function hashOf(values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    bits[0] = v;
    for (const w of words) {
      h = Math.imul(h ^ w, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
      h = Math.imul(h, 0x1b873593);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** When a sample is taken, and how large (tests take small ones of small data). */
export interface SampleSizes {
  above: number;
  rows: number;
}

const SIZES: SampleSizes = { above: SAMPLE_ABOVE, rows: SAMPLE_ROWS };

/** Positions kept in a sample of `n` rows: picked by the rows' values, so the order the rows come in does not matter. */
function picked(n: number, values: (i: number) => readonly number[], sizes: SampleSizes): number[] | undefined {
  if (n <= sizes.above) return undefined;
  const every = Math.ceil(n / sizes.rows);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (hashOf(values(i)) % every === 0) keep.push(i);
  return keep;
}

/** About 50,000 of the compressed rows, with their weights, or undefined when there are too few rows to bother. */
export function sampleRfm(data: CompressedRfm, sizes: SampleSizes = SIZES): CompressedRfm | undefined {
  const keep = picked(data.x.length, (i) => [data.x[i]!, data.tx[i]!, data.T[i]!], sizes);
  if (keep === undefined) return undefined;
  const column = (values: Float64Array): Float64Array => Float64Array.from(keep, (i) => values[i]!);
  const sample = fromDistinctRows({ x: column(data.x), tx: column(data.tx), T: column(data.T), count: column(data.weight) });
  // A sample without a repeat buyer cannot be fitted; the whole data then start cold.
  return sample.repeatBuyers > 0 && sample.customers >= 10 ? sample : undefined;
}

/** About 50,000 of the spenders, or undefined when there are too few to bother. */
export function sampleSpend(data: { x: Float64Array; mean: Float64Array }, sizes: SampleSizes = SIZES): { x: Float64Array; mean: Float64Array } | undefined {
  const keep = picked(data.x.length, (i) => [data.x[i]!, data.mean[i]!], sizes);
  if (keep === undefined) return undefined;
  return { x: Float64Array.from(keep, (i) => data.x[i]!), mean: Float64Array.from(keep, (i) => data.mean[i]!) };
}
