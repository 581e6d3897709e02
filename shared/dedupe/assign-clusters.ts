// From the pairs above the threshold to clusters: the cohesion-checked clustering, then each cluster's members and
// their mean match probability with the rest of it. Both engines (in memory, and SQL) end here.
import { cluster, type PairOracle } from './cluster';
import { probability } from './model';
import type { Cluster } from './types';

/** Pairs whose weight passed the threshold (log2 odds), `count` of them used. */
export interface Edges {
  i: Int32Array;
  j: Int32Array;
  w: Float64Array;
  count: number;
}

/** The clustering's knobs: the edge threshold (probability), the cohesion two groups need, the largest cluster. */
export interface AssignOptions {
  threshold: number;
  cohesion: number;
  maxClusterSize: number;
}

/** The clusters (every record in one, numbered by first member), each record's group, and the pairs inside clusters. */
export interface Assigned {
  clusters: Cluster[];
  /** Record → group index (cluster id is group + 1). */
  groupOf: Int32Array;
  /** Pairs of records within the same cluster, comparable or not. */
  matchedPairs: number;
}

/**
 * Clusters `n` records from the edges (strongest first, groups joined only when they cohere; see cluster.ts) and
 * builds the Cluster objects: member ids from `idOf`, and per member the mean match probability with the other
 * comparable members, from the same `score` oracle the clustering asks.
 */
export function assignClusters(n: number, edges: Edges, oracle: PairOracle, idOf: (i: number) => string, options: AssignOptions): Assigned {
  const groupOf = cluster(n, edges, oracle, options);
  // Members by group in one array (group g's at starts[g] … starts[g + 1]): a pushed array per group would cost
  // 192 bytes for each of a million singletons.
  let groupCount = 0;
  for (let i = 0; i < n; i++) groupCount = Math.max(groupCount, groupOf[i]! + 1);
  const starts = new Int32Array(groupCount + 1);
  for (let i = 0; i < n; i++) starts[groupOf[i]! + 1]! += 1;
  for (let g = 0; g < groupCount; g++) starts[g + 1]! += starts[g]!;
  const members = new Int32Array(n);
  const filled = starts.slice(0, groupCount);
  for (let i = 0; i < n; i++) members[filled[groupOf[i]!]!++] = i;
  const clusters: Cluster[] = [];
  let matchedPairs = 0;
  for (let g = 0; g < groupCount; g++) {
    if (starts[g + 1]! - starts[g]! === 1) {
      // A record alone: nothing to average.
      const i = members[starts[g]!]!;
      clusters.push({ id: String(g + 1), memberIds: [idOf(i)], memberIndexes: [i], score: 0, memberScores: [0] });
      continue;
    }
    const idx = Array.from(members.subarray(starts[g], starts[g + 1]));
    const memberScores = new Float64Array(idx.length);
    const counts = new Float64Array(idx.length);
    let total = 0;
    let pairs = 0;
    for (let x = 0; x < idx.length; x++) {
      for (let y = x + 1; y < idx.length; y++) {
        if (!oracle.comparable(idx[x]!, idx[y]!)) continue;
        const pr = probability(oracle.score(idx[x]!, idx[y]!).weight);
        memberScores[x]! += pr;
        memberScores[y]! += pr;
        counts[x]! += 1;
        counts[y]! += 1;
        total += pr;
        pairs++;
      }
    }
    matchedPairs += (idx.length * (idx.length - 1)) / 2;
    clusters.push({
      id: String(g + 1),
      memberIds: idx.map(idOf),
      memberIndexes: [...idx],
      score: pairs > 0 ? total / pairs : 0,
      memberScores: Array.from(memberScores, (s, x) => (counts[x]! > 0 ? s / counts[x]! : 0)),
    });
  }
  return { clusters, groupOf, matchedPairs };
}
