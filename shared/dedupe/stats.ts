import type { Candidates } from './blocking';
import type { Prepared } from './fields';
import type { Model } from './model';
import type { Cluster, DedupeStats } from './types';

/** The figures a dedupe run reports, the same for every engine. */
export function dedupeStats(p: Prepared, candidates: Pick<Candidates, 'count' | 'oversizedBlocks'>, model: Pick<Model, 'prior'>, clusters: readonly Cluster[], matchedPairs: number): DedupeStats {
  return {
    records: p.n,
    candidatePairs: candidates.count,
    oversizedBlocks: candidates.oversizedBlocks,
    matchedPairs,
    clusters: clusters.length,
    multiClusters: clusters.reduce((k, c) => k + (c.memberIds.length > 1 ? 1 : 0), 0),
    country: p.country,
    prior: model.prior,
    fields: p.fields.map((f) => f.name),
  };
}
