// The pipeline: normalise → block → compare → learn the model → score → cluster → propose merges.
import { candidatePairs } from './blocking';
import { assignClusters } from './assign-clusters';
import { prepare } from './fields';
import type { Field } from './compared-field';
import { Scorer, estimateU, fitModel } from './model';
import { proposeMerge } from './survivorship';
import { siteRelations } from './branches';
import { dedupeStats } from './stats';
import type { DedupeOptions, DedupeRecord, DedupeResult, MergeProposal } from './types';

/**
 * Finds the clusters of records that are one customer (a person, or a company at one site), proposes a merge for
 * each cluster of two or more, and reports branches (the same company at another site) as related clusters.
 */
export function dedupe(records: readonly DedupeRecord[], options: DedupeOptions = {}): DedupeResult {
  const progress = options.onProgress ?? (() => undefined);
  const link = options.link === true;
  const threshold = options.threshold ?? 0.5;
  progress('normalise', 0);
  const p = prepare(records, options);
  const F = p.fields.length;
  progress('block', 0.15);
  const cand = candidatePairs(p, options.maxBlockSize ?? 1000, link);
  progress('compare', 0.3);
  const levels = new Int8Array(cand.count * F);
  // Field by field rather than pair by pair: each pass calls one comparator over one column's data, which
  // keeps the call site monomorphic and the caches warm (comparators are pure, so the levels are the same).
  const { left, right } = cand;
  for (let f = 0; f < F; f++) {
    const compare = (p.fields[f] as Field).compare;
    for (let k = 0, at = f; k < cand.count; k++, at += F) levels[at] = compare(left[k]!, right[k]!);
  }
  progress('learn', 0.55);
  const u = estimateU(p, link);
  let n0 = 0;
  for (let i = 0; i < p.n; i++) if (p.source[i] === 0) n0++;
  const allPairs = link ? n0 * (p.n - n0) : (p.n * (p.n - 1)) / 2;
  const model = fitModel(levels, cand.count, p.fields, u, allPairs, p.n);
  const scorer = new Scorer(p.fields, model);
  progress('score', 0.65);
  // Every candidate's weight is kept, found again by binary search (candidates come sorted by i·n + j);
  // pairs that were never candidates are scored on demand by the clustering.
  const weight = new Float64Array(cand.count);
  const conflicted = new Uint8Array(cand.count);
  let edgeCount = 0;
  const ei = new Int32Array(cand.count);
  const ej = new Int32Array(cand.count);
  const ew = new Float64Array(cand.count);
  const minWeight = Math.log2(threshold / (1 - threshold));
  for (let k = 0; k < cand.count; k++) {
    const i = cand.left[k]!;
    const j = cand.right[k]!;
    const s = scorer.weigh(i, j, levels, k * F);
    weight[k] = s.weight;
    conflicted[k] = s.conflict ? 1 : 0;
    if (s.weight >= minWeight) {
      ei[edgeCount] = i;
      ej[edgeCount] = j;
      ew[edgeCount] = s.weight;
      edgeCount++;
    }
  }
  const find = (i: number, j: number): number => {
    let lo = 0;
    let hi = cand.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const li = cand.left[mid]!;
      const d = li !== i ? li - i : cand.right[mid]! - j;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const score = (a: number, b: number): { weight: number; conflict: boolean } => {
    const k = a < b ? find(a, b) : find(b, a);
    return k >= 0 ? { weight: weight[k]!, conflict: conflicted[k] === 1 } : scorer.score(a, b);
  };
  const comparable = (a: number, b: number): boolean => !link || p.source[a] !== p.source[b];
  progress('cluster', 0.8);
  const { clusters, groupOf, matchedPairs } = assignClusters(
    p.n,
    { i: ei, j: ej, w: ew, count: edgeCount },
    { score, comparable },
    (i) => (records[i] as DedupeRecord).id,
    { threshold, cohesion: options.cohesion ?? 0.4, maxClusterSize: 100 },
  );
  const proposals: MergeProposal[] = [];
  if (options.proposals !== false) {
    for (const c of clusters) if (c.memberIndexes.length > 1) proposals.push(proposeMerge(c, c.memberIndexes.map((i) => records[i] as DedupeRecord)));
  }
  // Cluster ids follow the renumbered groups (group g is cluster g + 1).
  const related = siteRelations(p.fields, cand, levels, groupOf, records.map((r) => r.id));
  progress('done', 1);
  return {
    clusters,
    proposals,
    related,
    stats: dedupeStats(p, cand, model, clusters, matchedPairs),
  };
}
