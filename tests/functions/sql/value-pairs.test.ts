// The distinct value pairs of the candidate pairs, numbered (value-pairs.ts): worked by hand on a small case, and
// checked against a set of packed keys on a seeded random one.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/kernel';
import { numberingScratch, numberValuePairs } from '../../../functions/sql';

describe('numberValuePairs', () => {
  it('numbers each (left id, right id) pair once, rows by left id, right ids in order of first appearance', async () => {
    // Records 0 … 5 hold value ids 2, 0, 2, 1, 0, 1. Candidates k = 0 … 7: (0,1) (0,3) (1,2) (2,3) (1,4) (3,5) (2,5)
    // (4,5) give the id pairs (2,0) (2,1) (0,2) (2,1) (0,0) (1,1) (2,1) (0,1). By left id, in candidate order:
    // row 0: 2 (k 2), 0 (k 4), 1 (k 7); row 1: 1 (k 5); row 2: 0 (k 0), 1 (k 1, 3, 6). Numbered 0 … 5 in that order.
    const ids = Int32Array.from([2, 0, 2, 1, 0, 1]);
    const left = Int32Array.from([0, 0, 1, 2, 1, 3, 2, 4]);
    const right = Int32Array.from([1, 3, 2, 3, 4, 5, 5, 5]);
    const d = await numberValuePairs(ids, 3, { left, right, count: left.length });
    expect(d.count).toBe(6);
    expect([...d.start]).toEqual([0, 3, 4, 6]);
    expect([...d.right]).toEqual([2, 0, 1, 1, 0, 1]);
    expect([...d.of]).toEqual([4, 5, 0, 5, 1, 3, 5, 2]);
    // Numbered again, the same answer (a caller drops `of` and numbers again).
    const again = await numberValuePairs(ids, 3, { left, right, count: left.length });
    expect([...again.of]).toEqual([...d.of]);
  });

  it('works in scratch arrays reused group after group, the first two in a spare buffer', async () => {
    const left = Int32Array.from([0, 0, 1, 2, 1, 3, 2, 4]);
    const right = Int32Array.from([1, 3, 2, 3, 4, 5, 5, 5]);
    const pairs = { left, right, count: left.length };
    const spare = new ArrayBuffer(8 * pairs.count);
    const scratch = numberingScratch(pairs.count, spare);
    expect(scratch.rights.buffer).toBe(spare);
    expect(scratch.candidate.buffer).toBe(spare);
    // Two groups: the first as in the worked case above, the second with every record its own value.
    const first = await numberValuePairs(Int32Array.from([2, 0, 2, 1, 0, 1]), 3, pairs, scratch);
    expect([...first.of]).toEqual([4, 5, 0, 5, 1, 3, 5, 2]);
    expect([...first.right]).toEqual([2, 0, 1, 1, 0, 1]);
    const own = await numberValuePairs(Int32Array.from([0, 1, 2, 3, 4, 5]), 6, pairs, scratch);
    const fresh = await numberValuePairs(Int32Array.from([0, 1, 2, 3, 4, 5]), 6, pairs);
    expect([...own.of]).toEqual([...fresh.of]);
    expect([...own.right]).toEqual([...fresh.right]);
    // The first group's distinct right ids are its own copy, untouched by the second numbering.
    expect([...first.right]).toEqual([2, 0, 1, 1, 0, 1]);
    await expect(numberValuePairs(Int32Array.from([0, 1, 2, 3, 4, 5]), 6, pairs, numberingScratch(3))).rejects.toThrow(RangeError);
  });

  it('gives every candidate its own pair, and holds exactly the distinct ones (seeded random pairs over few values)', async () => {
    const rand = mulberry32(5);
    const n = 5_000;
    const values = 300;
    // Skewed ids, as names are: a few values held by many records.
    const ids = Int32Array.from({ length: n }, () => Math.floor(values * rand() ** 3));
    const count = 200_000;
    const left = new Int32Array(count);
    const right = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const a = Math.floor(rand() * n);
      const b = Math.floor(rand() * n);
      [left[k], right[k]] = [Math.min(a, b), Math.max(a, b)];
    }
    const d = await numberValuePairs(ids, values, { left, right, count });
    const want = new Set<number>();
    for (let k = 0; k < count; k++) want.add((ids[left[k]!] as number) * values + (ids[right[k]!] as number));
    expect(d.count).toBe(want.size);
    const leftOf = new Int32Array(d.count);
    const held = new Set<number>();
    for (let l = 0; l < values; l++) {
      for (let m = d.start[l]!; m < d.start[l + 1]!; m++) {
        leftOf[m] = l;
        held.add(l * values + d.right[m]!);
      }
    }
    expect(held).toEqual(want);
    let wrong = 0;
    for (let k = 0; k < count; k++) {
      const m = d.of[k]!;
      if (leftOf[m] !== ids[left[k]!] || d.right[m] !== ids[right[k]!]) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
