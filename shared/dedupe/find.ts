import { dedupe } from './engine';
import type { Cluster, DedupeOptions, DedupeRecord, DedupeResult } from './types';

/** The options of "find": the engine's, and whether clusters of one record come back in `clusters`. */
export interface FindOptions extends DedupeOptions {
  /** Keep clusters of a single record in `clusters` (default true); `assignments` lists every record either way. */
  singletons?: boolean;
}

/** Where one input record landed: its cluster, and its mean match probability with the rest of it (0 alone). */
export interface Assignment {
  id: string;
  cluster: string;
  score: number;
}

/** What "find" answers: the engine's result, each record's assignment in input order, and how many have a twin. */
export interface Found extends DedupeResult {
  /** One per input record, in input order. */
  assignments: Assignment[];
  /** Records in clusters of two or more. */
  duplicates: number;
}

/**
 * The dedupe pipeline from records to answers, the one every caller runs (the CLI, the `dedupe` function, the
 * Duplicates sidebar): the country read as an ISO code, the engine run when there is anything to compare
 * (two records, or two of each side when linking), each record's cluster and score, and lone records dropped
 * from `clusters` when `singletons` is false.
 */
export function findClusters(records: readonly DedupeRecord[], options: FindOptions = {}): Found {
  const { singletons = true, country, ...rest } = options;
  const code = country?.trim().toUpperCase();
  const engineOptions: DedupeOptions = { ...rest, ...(code ? { country: code } : {}) };
  const result = comparable(records, options.link === true) ? dedupe(records, engineOptions) : alone(records, code);
  const assignments = new Array<Assignment>(records.length);
  let duplicates = 0;
  for (const c of result.clusters) {
    if (c.memberIndexes.length > 1) duplicates += c.memberIndexes.length;
    c.memberIndexes.forEach((k, m) => {
      assignments[k] = { id: (records[k] as DedupeRecord).id, cluster: c.id, score: c.memberScores[m] ?? 0 };
    });
  }
  const clusters = singletons ? result.clusters : result.clusters.filter((c) => c.memberIds.length > 1);
  return { ...result, clusters, assignments, duplicates };
}

/** Each member's mean match probability by record id, from clusters found here or by the `dedupe` function. */
export function memberScoresById(clusters: readonly Pick<Cluster, 'memberIds' | 'memberScores'>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of clusters) c.memberIds.forEach((id, i) => out.set(id, c.memberScores[i] ?? 0));
  return out;
}

/** True when there is a pair to compare: two records, or a record on each side when linking two lists. */
function comparable(records: readonly DedupeRecord[], link: boolean): boolean {
  if (!link) return records.length >= 2;
  const sides = new Set(records.map((r) => r.source ?? 0));
  return sides.size >= 2;
}

/** Every record its own cluster, without running the model (nothing to compare it with). */
function alone(records: readonly DedupeRecord[], country: string | undefined): DedupeResult {
  const clusters: Cluster[] = records.map((r, i) => ({ id: String(i + 1), memberIds: [r.id], memberIndexes: [i], score: 0, memberScores: [0] }));
  return {
    clusters,
    proposals: [],
    related: [],
    stats: { records: records.length, candidatePairs: 0, oversizedBlocks: 0, matchedPairs: 0, clusters: clusters.length, multiClusters: 0, country: country || undefined, prior: 0, fields: [] },
  };
}
