import { describe, expect, it } from 'vitest';
import type { Field } from '../../../shared/dedupe/compared-field';
import { fitModel, fitModelOnPatterns, PATTERN_SAMPLE, patternCounts, patternStep, Scorer, type Model } from '../../../shared/dedupe/model';

/** A field with `levels` levels whose values (for the term-frequency adjustment) are `values`, one per record. */
function field(name: string, levels: number, values: string[] = [], conflict?: Field['conflict']): Field {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return { name, levels, compare: () => 0, agreedValue: (i) => values[i] ?? '', counts: values.length > 0 ? counts : undefined, present: values.length, ...(conflict ? { conflict } : {}) };
}

describe('pattern counts', () => {
  it('groups level vectors in order of first occurrence, -1 included', () => {
    const fields = [field('last_name', 2), field('city', 3)];
    // Pairs: (0,2) (1,-1) (0,2) (-1,0) (1,-1) (0,2)
    const levels = Int8Array.of(0, 2, 1, -1, 0, 2, -1, 0, 1, -1, 0, 2);
    const p = patternCounts(levels, 6, fields);
    expect(p.vectors).toEqual([
      [0, 2],
      [1, -1],
      [-1, 0],
    ]);
    expect(p.counts).toEqual([3, 2, 1]);
    expect(p.pairs).toBe(6);
  });

  it('samples every step-th pair beyond PATTERN_SAMPLE and counts each sample step times', () => {
    expect(PATTERN_SAMPLE).toBe(400_000);
    expect(patternStep(799_999)).toBe(1);
    expect(patternStep(800_001)).toBe(2);
    // 800,001 pairs, step 2: pairs 0, 2, … 800,000 are read (400,001 of them), all at level 0; odd pairs are never seen.
    const n = 800_001;
    const levels = new Int8Array(n);
    for (let k = 1; k < n; k += 2) levels[k] = 1;
    const p = patternCounts(levels, n, [field('email', 2)]);
    expect(p.vectors).toEqual([[0]]);
    expect(p.counts).toEqual([800_002]);
  });

  it('EM on counts grouped elsewhere gives the hand-computed fit (as fitModel on the pairs)', () => {
    // As in model.test.ts: 100 pairs agree on both fields, 900 on neither; u(agree) = 1%; λ = 0.0499 by hand.
    const fields = [field('first_name', 2), field('birth_date', 2)];
    const u = [Float64Array.of(0.01, 0.99), Float64Array.of(0.01, 0.99)];
    const model = fitModelOnPatterns({ vectors: [[1, 1], [0, 0]], counts: [900, 100], pairs: 1000 }, fields, u, 2000, 200);
    expect(model.prior).toBeCloseTo(0.0499, 3);
    expect(model.m[0]![0]).toBeCloseTo(0.9931, 3);
    const levels = new Int8Array(2000);
    levels.fill(1, 200);
    expect(fitModel(levels, 1000, fields, u, 2000, 200).prior).toBeCloseTo(model.prior, 12);
  });
});

describe('weight bound', () => {
  // One match in a thousand pairs, relatives negligible: weight = log2 λ + Σ log2 m − log2(1 − λ) − Σ log2 u.
  const model = (m: number[][], u: number[][]): Model => ({ prior: 0.001, related: 1e-300, m: m.map((x) => Float64Array.from(x)), h: m.map((x) => Float64Array.from(x)), u: u.map((x) => Float64Array.from(x)), weights: [] });
  // 1,000 records: "smith" 501 times, "zyskowski" twice, the rest unique.
  const surnames = [...Array<string>(501).fill('smith'), 'zyskowski', 'zyskowski', ...Array.from({ length: 497 }, (_, k) => `other${k}`)];

  it('equals the weight when no term frequency applies, and ignores missing values', () => {
    const fields = [field('city', 3), field('email', 2)];
    const scorer = new Scorer(fields, model([[0.8, 0.15, 0.05], [0.9, 0.1]], [[0.1, 0.2, 0.7], [0.001, 0.999]]));
    for (const levels of [Int8Array.of(0, 0), Int8Array.of(1, -1), Int8Array.of(2, 1), Int8Array.of(-1, 0)]) {
      expect(scorer.weightBound(levels, 0)).toBe(scorer.weigh(0, 1, levels, 0).weight);
    }
    // By hand for (1, -1): log2(0.001/0.999) + log2(0.15/0.2).
    expect(scorer.weightBound(Int8Array.of(1, -1), 0)).toBeCloseTo(Math.log2(0.001 / 0.999) + Math.log2(0.15 / 0.2), 9);
  });

  it('is the weight of the rarest agreed value (u lowered by 8 bits) and 8 bits above a common one', () => {
    // u(agree) = 0.5: log2 u = -1, lowered at most to -9. "zyskowski" (2 of 1,000) gives log2(1/1000) = -9.97 → -9;
    // "smith" (501 of 1,000) gives log2(500/1000) = -1, no change.
    const scorer = new Scorer([field('last_name', 2, surnames)], model([[0.9, 0.1]], [[0.5, 0.5]]));
    const agree = Int8Array.of(0);
    const bound = scorer.weightBound(agree, 0);
    expect(bound).toBeCloseTo(Math.log2(0.001 / 0.999) + Math.log2(0.9) + 9, 9);
    expect(scorer.weigh(501, 502, agree, 0).weight).toBeCloseTo(bound, 9);
    expect(bound - scorer.weigh(0, 1, agree, 0).weight).toBeCloseTo(8, 9);
    // Disagreement has no adjustment: bound and weight agree.
    expect(scorer.weightBound(Int8Array.of(1), 0)).toBe(scorer.weigh(0, 501, Int8Array.of(1), 0).weight);
  });

  it('ignores conflicts, which only lower a weight', () => {
    const fields = [field('first_name', 2, [], () => true)];
    const scorer = new Scorer(fields, model([[0.99, 0.01]], [[0.001, 0.999]]));
    const agree = Int8Array.of(0);
    expect(scorer.weigh(0, 1, agree, 0).weight).toBe(-12);
    expect(scorer.weightBound(agree, 0)).toBeCloseTo(Math.log2(0.001 / 0.999) + Math.log2(0.99 / 0.001), 9);
  });
});
