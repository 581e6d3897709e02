// String similarity measures: Jaro-Winkler and bounded edit distances.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

let row0 = new Int32Array(64);
let row1 = new Int32Array(64);
let row2 = new Int32Array(64);

/** Optimal-string-alignment distance (Damerau: adjacent transpositions count 1), stopping once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (max <= 1) return withinOne(a, b) ? 1 : 2;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (row0.length <= lb) {
    row0 = new Int32Array(lb * 2 + 2);
    row1 = new Int32Array(lb * 2 + 2);
    row2 = new Int32Array(lb * 2 + 2);
  }
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}

/** True when two different strings are one substitution, insertion, deletion or adjacent swap apart (fast path). */
function withinOne(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * A symmetric measure over one column, memoised by value: values get integer codes and results are cached per
 * code pair, since candidate pairs repeat the same name pairs over and over (a column's vocabulary is small).
 */
export function codedMeasure(values: readonly string[], measure: (a: string, b: string) => number, limit = 500_000): (i: number, j: number) => number {
  const codes = new Int32Array(values.length);
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  // A loop, not a callback: a callback would capture `ids`, and V8 would keep it as long as the measure lives.
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    let id = ids.get(v);
    if (id === undefined) {
      id = vocab.length;
      ids.set(v, id);
      vocab.push(v);
    }
    codes[i] = id;
  }
  const V = vocab.length;
  let cache = new Map<number, number>();
  return (i, j) => {
    const a = codes[i]!;
    const b = codes[j]!;
    const key = a < b ? a * V + b : b * V + a;
    let r = cache.get(key);
    if (r === undefined) {
      r = measure(vocab[a] as string, vocab[b] as string);
      if (cache.size >= limit) cache = new Map();
      cache.set(key, r);
    }
    return r;
  };
}

const bag = new Int32Array(128);

/**
 * A cheap lower bound on the edit distance: how many characters one string has that the other lacks (the larger
 * side; characters are bucketed by their low 7 bits, which can only lower it). Every edit changes it by at most
 * one and a swap not at all, so a bag distance over `max` rules a pair out without the quadratic table.
 */
function bagDistance(a: string, b: string): number {
  for (let x = 0; x < a.length; x++) bag[a.charCodeAt(x) & 127]! += 1;
  for (let x = 0; x < b.length; x++) bag[b.charCodeAt(x) & 127]! -= 1;
  let extra = 0;
  let missing = 0;
  for (let x = 0; x < a.length; x++) {
    const c = a.charCodeAt(x) & 127;
    const d = bag[c]!;
    if (d > 0) extra += d;
    else missing -= d;
    bag[c] = 0;
  }
  for (let x = 0; x < b.length; x++) {
    const c = b.charCodeAt(x) & 127;
    const d = bag[c]!;
    if (d < 0) missing -= d;
    bag[c] = 0;
  }
  return Math.max(extra, missing);
}

/**
 * True when two strings are within `max` typos: equal lengths are compared character by character (an
 * adjacent swap counts one) with no allocation; different lengths fall back on the edit distance.
 */
export function withinTypos(a: string, b: string, max: number): boolean {
  const la = a.length;
  if (Math.abs(la - b.length) > max) return false;
  if (la !== b.length) return (max <= 1 || bagDistance(a, b) <= max) && editDistance(a, b, max) <= max;
  let k = 0;
  for (let x = 0; x < la; x++) {
    if (a.charCodeAt(x) === b.charCodeAt(x)) continue;
    if (x + 1 < la && a.charCodeAt(x) === b.charCodeAt(x + 1) && a.charCodeAt(x + 1) === b.charCodeAt(x)) x++;
    if (++k > max) return false;
  }
  return true;
}

/** Memoises a symmetric string measure by the pair of strings (for rarer paths than codedMeasure's). */
export function memoise<T>(measure: (a: string, b: string) => T, limit = 200_000): (a: string, b: string) => T {
  let cache = new Map<string, T>();
  return (a, b) => {
    const key = a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = a < b ? measure(a, b) : measure(b, a);
      if (cache.size >= limit) cache = new Map();
      cache.set(key, v);
    }
    return v;
  };
}

/** Share of the shorter word set found in the longer one (0 when either is empty). */
export function tokenOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  let hit = 0;
  for (const w of small) if (large.includes(w)) hit++;
  return hit / small.length;
}
