// The street field's memo-free comparator (compareOnce, for callers that ask each pair of values once) gives
// exactly the memoised comparator's level, on the candidate pairs and random pairs of a generated SA export.
import { describe, expect, it } from 'vitest';
import { candidatePairs, prepare } from '../../../shared/dedupe';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';

describe('street field', () => {
  it('compares without its memo exactly as with it', () => {
    const records = tableRecords(saExportTable(generateSaExport({ people: 2_000, seed: 9 })), {}, 0, 'generated').records;
    const p = prepare(records, { country: 'ZA' });
    const street = p.fields.find((f) => f.name === 'street');
    expect(street?.compareOnce).toBeDefined();
    const once = street!.compareOnce!;
    const pairs: [number, number][] = [];
    const c = candidatePairs(p, 1000, false);
    for (let k = 0; k < c.count; k++) pairs.push([c.left[k]!, c.right[k]!]);
    let seed = 3;
    for (let s = 0; s < 5_000; s++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const a = seed % p.n;
      seed = (seed * 1103515245 + 12345) % 2147483648;
      pairs.push([a, seed % p.n]);
    }
    const levels = new Set<number>();
    const wrong: string[] = [];
    for (const [i, j] of pairs) {
      const want = street!.compare(i, j);
      levels.add(want);
      if (once(i, j) !== want) wrong.push(`(${i}, ${j}): ${once(i, j)}, memoised ${want}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // Every level of the street ladder is met, so the comparison is not of two trivial answers.
    expect(levels.size).toBe(street!.levels + 1);
  });
});
