// Pairwise precision, recall and F1 of a clustering against the true entities (for benchmarks and tests).

/** Pairwise figures: pairs predicted, true, and both; precision, recall and F1 over record pairs. */
export interface PairScores {
  predicted: number;
  truePairs: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Scores predicted clusters against true entities, both given per record (same order). With `source`
 * (linkage), only pairs of records from different sources count.
 */
export function pairScores(predicted: readonly string[], truth: readonly string[], source?: ArrayLike<number>): PairScores {
  if (predicted.length !== truth.length) throw new Error('predicted and truth must have one entry per record');
  // Pairs are counted per group as c·(c−1)/2, or as a·b across the two sources when linking.
  const countPairs = (groups: Map<string, [number, number]>): number => {
    let k = 0;
    for (const [a, b] of groups.values()) k += source ? a * b : ((a + b) * (a + b - 1)) / 2;
    return k;
  };
  const tally = (keyOf: (i: number) => string): Map<string, [number, number]> => {
    const m = new Map<string, [number, number]>();
    for (let i = 0; i < predicted.length; i++) {
      const key = keyOf(i);
      let t = m.get(key);
      if (!t) m.set(key, (t = [0, 0]));
      t[source && source[i] === 1 ? 1 : 0]++;
    }
    return m;
  };
  const p = countPairs(tally((i) => predicted[i] as string));
  const t = countPairs(tally((i) => truth[i] as string));
  const c = countPairs(tally((i) => `${predicted[i] as string}\u0000${truth[i] as string}`));
  const precision = p === 0 ? 1 : c / p;
  const recall = t === 0 ? 1 : c / t;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { predicted: p, truePairs: t, correct: c, precision, recall, f1 };
}

/** The entity of a FEBRL record id: `rec-12-dup-0` → '12'. */
export function febrlEntity(id: string): string {
  const m = /^rec-(\d+)-/.exec(id.trim());
  if (!m) throw new Error(`not a FEBRL record id: "${id}"`);
  return m[1] as string;
}
