import { describe, expect, it } from 'vitest';
import type { Field } from '../../../shared/dedupe/compared-field';
import { givenNameLevel } from '../../../shared/dedupe/fields';
import { fitModel, Scorer } from '../../../shared/dedupe/model';
import type { Model } from '../../../shared/dedupe/model';
import { editDistance, jaroWinkler } from '../../../shared/dedupe';

function field(name: string, values: string[] = []): Field {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return { name, levels: 2, compare: () => 0, agreedValue: (i) => values[i] ?? '', counts: values.length > 0 ? counts : undefined, present: values.length };
}

describe('comparison measures and levels', () => {
  it('matches published Jaro-Winkler and Damerau values', () => {
    // Winkler's classic examples.
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(editDistance('ca', 'ac')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });

  it('grades given names: exact, nickname, close spelling, initial, different', () => {
    const level = (a: string, b: string, ca = a, cb = b): number => givenNameLevel(a, b, ca, cb);
    expect(level('thandiwe', 'thandiwe')).toBe(0);
    expect(level('bill', 'william', 'william', 'william')).toBe(1);
    expect(level('jonathan', 'jonathon')).toBe(1);
    expect(level('j', 'johan')).toBe(2);
    expect(level('pieter', 'zanele')).toBe(4);
  });
});

describe('Fellegi-Sunter EM', () => {
  it('learns m and the match share on a case computed by hand', () => {
    // 100 candidate pairs agree on both fields, 900 on neither; 2,000 pairs in all; u(agree) = 1%.
    // By hand: the agreeing pattern's posterior is λm²/(λm² + (1-λ)u²) = 0.998, so λ = 99.8/2000 = 0.0499 and,
    // with the 0.5 + 0.2% pseudo-counts per level, m(agree) = (99.81 + 0.7)/(99.81 + 1.4) = 0.9931.
    const F = 2;
    const levels = new Int8Array(1000 * F);
    for (let k = 100; k < 1000; k++) levels.fill(1, k * F, k * F + F);
    const u = [Float64Array.of(0.01, 0.99), Float64Array.of(0.01, 0.99)];
    const model = fitModel(levels, 1000, [field('first_name'), field('birth_date')], u, 2000, 200);
    expect(model.prior).toBeCloseTo(0.0499, 3);
    expect(model.m[0]![0]).toBeCloseTo(0.9931, 3);
    expect(model.m[1]![0]).toBeCloseTo(0.9931, 3);
    expect(model.weights[0]![0]).toBeCloseTo(Math.log2(0.9931 / 0.01), 2);
  });

  it('term frequency: agreeing on a rare surname weighs more than on a common one, by log2 of their frequencies', () => {
    const values = [...Array<string>(50).fill('smith'), 'zyskowski', 'zyskowski', ...Array.from({ length: 48 }, (_, k) => `other${k}`)];
    const model: Model = { prior: 0.001, related: 1e-12, m: [Float64Array.of(0.9, 0.1)], h: [Float64Array.of(0.01, 0.99)], u: [Float64Array.of(0.01, 0.99)], weights: [] };
    const scorer = new Scorer([field('last_name', values)], model);
    const agree = Int8Array.of(0);
    const common = scorer.weigh(0, 1, agree, 0).weight;
    const rare = scorer.weigh(50, 51, agree, 0).weight;
    expect(rare).toBeGreaterThan(common);
    // A random other record shares "smith" with probability 49/100 and "zyskowski" with 1/100.
    expect(rare - common).toBeCloseTo(Math.log2(49), 2);
  });
});
