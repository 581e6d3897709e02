// Clustering without chaining: links are taken strongest first, and two groups join only when the whole of
// each agrees with the whole of the other (mean match probability across them) and no pair across them conflicts.
import { probability } from './model';

/** What the clustering needs to know about pairs. */
export interface PairOracle {
  /** Log2 odds and conflict flag for any two records (cached for candidate pairs, computed otherwise). */
  score: (i: number, j: number) => { weight: number; conflict: boolean };
  /** False for pairs that are never compared (two records of the same list when linking). */
  comparable: (i: number, j: number) => boolean;
}

/** Cluster options: the edge threshold (probability) and the cohesion needed to join two groups. */
export interface ClusterOptions {
  threshold: number;
  cohesion: number;
  maxClusterSize: number;
}

/** Groups records from strong links; returns each record's group index (groups numbered by first member). */
export function cluster(n: number, edges: { i: Int32Array; j: Int32Array; w: Float64Array; count: number }, oracle: PairOracle, options: ClusterOptions): Int32Array {
  const order = Array.from({ length: edges.count }, (_, k) => k).sort((a, b) => edges.w[b]! - edges.w[a]!);
  const groupOf = new Int32Array(n);
  // A group's member list is made when an edge first reaches it: most records never join anything.
  const members: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  for (let i = 0; i < n; i++) groupOf[i] = i;
  for (const k of order) {
    if (probability(edges.w[k]!) < options.threshold) break;
    const a = groupOf[edges.i[k]!]!;
    const b = groupOf[edges.j[k]!]!;
    if (a === b) continue;
    const A = (members[a] ??= [a]);
    const B = (members[b] ??= [b]);
    if (A.length + B.length > options.maxClusterSize) continue;
    let sum = 0;
    let pairs = 0;
    let conflicts = 0;
    for (const x of A) {
      for (const y of B) {
        if (!oracle.comparable(x, y)) continue;
        const s = oracle.score(x, y);
        pairs++;
        sum += probability(s.weight);
        if (s.conflict) conflicts++;
      }
    }
    if (pairs === 0) continue;
    if (conflicts > 0 && (pairs < 10 || conflicts > pairs * 0.1)) continue;
    if (sum / pairs < options.cohesion) continue;
    const [keep, drop] = A.length >= B.length ? [a, b] : [b, a];
    const into = members[keep] as number[];
    for (const x of members[drop] ?? [drop]) {
      groupOf[x] = keep;
      into.push(x);
    }
    members[drop] = [];
  }
  // Renumber groups in order of their first record.
  const renumber = new Int32Array(n).fill(-1);
  const out = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    if (renumber[g] === -1) renumber[g] = next++;
    out[i] = renumber[g]!;
  }
  return out;
}
