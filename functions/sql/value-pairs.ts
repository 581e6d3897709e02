// The distinct (left value id, right value id) pairs of the candidate pairs, per value group, numbered: rows by left
// id (compressed sparse rows), each row's right ids in the order the candidates first hold them, and each candidate
// pair's number kept, so a distinct pair's level reaches its candidates by one array read. Four bytes a distinct
// pair plus four a value, where a hash table of packed keys takes twenty or more; and no search per candidate (a
// binary search in its row cost 4–6 s a group at a million records, the array read 0.3–0.9 s).

/** Distinct value pairs by left id: row l is right[start[l]] … right[start[l + 1] - 1], each right id once. */
export interface DistinctPairs {
  start: Int32Array;
  right: Int32Array;
  /** Distinct pairs in all (right.length). */
  count: number;
}

/** Candidate pairs (record numbers), the first `count` of each array. */
export interface RecordPairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
}

/** Pairs handled between two turns of the event loop: DuckDB's next queued statement is sent from this thread. */
export const SLICE = 65_536;

/** A turn of the event loop. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The arrays numberValuePairs works in, a pair's worth each: given once and reused group after group, they are not
 * garbage a group (three arrays of 330 MB each at five million records).
 */
export interface NumberingScratch {
  rights: Int32Array;
  candidate: Int32Array;
  /** Where the candidates' numbers are written: the answer's `of` is this array, until the next numbering. */
  of: Int32Array;
}

/** Scratch arrays for `count` pairs. */
export function numberingScratch(count: number, spare?: ArrayBuffer): NumberingScratch {
  // A spare buffer of 8 bytes a pair (the sorted pair numbers, once read) holds the first two.
  const fits = spare !== undefined && spare.byteLength >= count * 8;
  return {
    rights: fits ? new Int32Array(spare, 0, count) : new Int32Array(count),
    candidate: fits ? new Int32Array(spare, count * 4, count) : new Int32Array(count),
    of: new Int32Array(count),
  };
}

/**
 * Numbers the distinct (ids[left[k]], ids[right[k]]) pairs of the candidate pairs, `values` the number of value ids
 * (every id below it): counting sort of the candidates by left id, then each row's right ids numbered in order of
 * first appearance. `of[k]` is candidate k's distinct pair (in the scratch's `of`, valid until its next use). The
 * numbering depends only on the inputs, so a caller may drop `of` and number again later for the same answer.
 */
export async function numberValuePairs(ids: Int32Array, values: number, pairs: RecordPairs, scratch: NumberingScratch = numberingScratch(pairs.count)): Promise<DistinctPairs & { of: Int32Array }> {
  const { left, right, count } = pairs;
  if (scratch.rights.length < count || scratch.candidate.length < count || scratch.of.length < count) throw new RangeError(`the numbering's scratch arrays hold fewer than ${count} pairs`);
  const start = new Int32Array(values + 1);
  for (let from = 0; from < count; from += SLICE) {
    const to = Math.min(count, from + SLICE);
    for (let k = from; k < to; k++) (start[(ids[left[k] as number] as number) + 1] as number)++;
    await turn();
  }
  for (let v = 0; v < values; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  // Each candidate's right id and number at its place in its row (both read in order below).
  const next = start.slice(0, values);
  const { rights, candidate, of } = scratch;
  for (let from = 0; from < count; from += SLICE) {
    const to = Math.min(count, from + SLICE);
    for (let k = from; k < to; k++) {
      const at = (next[ids[left[k] as number] as number] as number)++;
      rights[at] = ids[right[k] as number] as number;
      candidate[at] = k;
    }
    await turn();
  }
  // Row by row, a right id met before in the row (seen[r] = row + 1) takes the number it got then. The distinct
  // right ids are written over `rights` itself: the write position never passes the read position.
  const seen = new Int32Array(values);
  const numberIn = new Int32Array(values);
  let write = 0;
  for (let l = 0, done = 0; l < values; l++) {
    const [from, to] = [start[l] as number, start[l + 1] as number];
    start[l] = write;
    for (let at = from; at < to; at++) {
      const r = rights[at] as number;
      let m: number;
      if (seen[r] === l + 1) m = numberIn[r] as number;
      else {
        m = write++;
        rights[m] = r;
        seen[r] = l + 1;
        numberIn[r] = m;
      }
      of[candidate[at] as number] = m;
    }
    if (to - done >= SLICE) {
      done = to;
      await turn();
    }
  }
  start[values] = write;
  return { start, right: rights.slice(0, write), count: write, of: of.subarray(0, count) };
}
