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
  const groups: number[][] = [];
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    (groups[g] ??= []).push(i);
  }
  const clusters: Cluster[] = [];
  let matchedPairs = 0;
  for (let g = 0; g < groups.length; g++) {
    const idx = groups[g] as number[];
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
