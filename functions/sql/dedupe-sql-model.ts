// What the SQL dedupe engines (DuckDB, BigQuery) do in TypeScript once the database has counted the level
// patterns: the EM fit on the counts, the patterns that can reach the threshold, the exact weights of the pairs
// read back, and the in-memory engine's clustering — one implementation, so both engines give its clusters.
import {
  assignClusters,
  dedupeStats,
  estimateU,
  fitModelOnPatterns,
  patternStep,
  Scorer,
  type Found,
  type FindOptions,
  type PatternCounts,
  type Prepared,
} from '../../shared/dedupe';

/** One row of patternCountsSql: a level pattern, how many sampled pairs have it, the first sampled pair's number. */
export interface PatternRow {
  vector: number[];
  sampled: number;
  first: number;
}

/** The rows of patternCountsSql (columns g0 …, sampled, first) as pattern rows. */
export function patternRows(rows: readonly Record<string, unknown>[], fieldCount: number): PatternRow[] {
  return rows.map((row) => ({
    vector: Array.from({ length: fieldCount }, (_, f) => Number(row[`g${f}`])),
    sampled: Number(row.sampled),
    first: row.first === null || row.first === undefined ? Infinity : Number(row.first),
  }));
}

/** The fitted model and its scorer. */
export interface Fitted {
  scorer: Scorer;
  model: ReturnType<typeof fitModelOnPatterns>;
  /** The threshold as a match weight. */
  minWeight: number;
}

/** The fitted model, and the patterns whose weight bound reaches the threshold (their pairs are read back). */
export interface Learned extends Fitted {
  passing: number[][];
}

/** Fits the model on the sampled pattern counts exactly as findClusters fits it (patterns in the order of their first sampled pair). */
export function fitFromCounts(p: Prepared, patterns: PatternCounts, link: boolean, threshold: number): Fitted {
  const u = estimateU(p, link);
  let n0 = 0;
  for (let i = 0; i < p.n; i++) if (p.source[i] === 0) n0++;
  const allPairs = link ? n0 * (p.n - n0) : (p.n * (p.n - 1)) / 2;
  const model = fitModelOnPatterns(patterns, p.fields, u, allPairs, p.n);
  return { scorer: new Scorer(p.fields, model), model, minWeight: Math.log2(threshold / (1 - threshold)) };
}

/** Whether a level pattern's weight bound reaches the threshold. A hair of slack: the bound and the weight are the same sums when the adjustment is at its cap. */
const canPass = (fitted: Fitted, levels: ArrayLike<number>, offset: number): boolean => fitted.scorer.weightBound(levels, offset) >= fitted.minWeight - 1e-9;

/** Fits the model on the counted patterns exactly as findClusters fits it, and picks the patterns that can pass. */
export function learnFromPatterns(p: Prepared, all: readonly PatternRow[], pairs: number, link: boolean, threshold: number): Learned {
  const step = patternStep(pairs);
  // In the order the in-memory grouping meets them, so EM adds the same numbers in the same order.
  const seen = all.filter((x) => x.sampled > 0).sort((a, b) => a.first - b.first);
  const fitted = fitFromCounts(p, { vectors: seen.map((x) => x.vector), counts: seen.map((x) => x.sampled * step), pairs }, link, threshold);
  return { ...fitted, passing: all.filter((x) => canPass(fitted, x.vector, 0)).map((x) => x.vector) };
}

/**
 * Weighs, in order, the candidate pairs (`levels[k * F + f]`) whose level pattern can reach the threshold: the
 * pairs passingPairsSql reads back. Each pattern's bound is worked out once.
 */
export function addPassingPairs(p: Prepared, levels: Int8Array, pairs: { left: Int32Array; right: Int32Array; count: number }, fitted: Fitted, edges: PassingEdges): void {
  const F = p.fields.length;
  const radix = p.fields.map((f) => f.levels + 1);
  // A pattern as a mixed-radix number (digit f = level + 1) when that is exact; otherwise every pair's bound.
  const numeric = radix.reduce((a, b) => a * b, 1) <= 2 ** 52;
  const known = new Map<number, boolean>();
  for (let k = 0, at = 0; k < pairs.count; k++, at += F) {
    let pass: boolean | undefined;
    if (numeric) {
      let key = 0;
      for (let f = 0; f < F; f++) key = key * (radix[f] as number) + (levels[at + f] as number) + 1;
      pass = known.get(key);
      if (pass === undefined) known.set(key, (pass = canPass(fitted, levels, at)));
    } else pass = canPass(fitted, levels, at);
    if (pass) edges.add(pairs.left[k] as number, pairs.right[k] as number, levels, at);
  }
}

/** The pairs read back, weighed exactly; those at or above the threshold kept as edges. */
export class PassingEdges {
  readonly i: number[] = [];
  readonly j: number[] = [];
  readonly w: number[] = [];
  weighed = 0;

  constructor(private readonly learned: Fitted) {}

  /** Weighs pair (i, j) with its levels (one per field, from `offset`). */
  add(i: number, j: number, levels: Int8Array, offset = 0): void {
    const s = this.learned.scorer.weigh(i, j, levels, offset);
    this.weighed++;
    if (s.weight >= this.learned.minWeight) {
      this.i.push(i);
      this.j.push(j);
      this.w.push(s.weight);
    }
  }
}

/** findClusters' answer from the edges (`ids`: the records' ids, by record number): the in-memory engine's clustering, assignments and statistics. */
export function clustersFromEdges(
  ids: readonly string[],
  p: Prepared,
  candidates: { count: number; oversizedBlocks: number },
  learned: Fitted,
  edges: PassingEdges,
  options: FindOptions,
): Found {
  const link = options.link === true;
  const threshold = options.threshold ?? 0.5;
  const { scorer } = learned;
  // Pairs are scored on demand, always as (lower, higher) like the candidates: the numbers the in-memory engine caches.
  const score = (a: number, b: number): { weight: number; conflict: boolean } => (a < b ? scorer.score(a, b) : scorer.score(b, a));
  const comparable = (a: number, b: number): boolean => !link || p.source[a] !== p.source[b];
  const { clusters, matchedPairs } = assignClusters(
    p.n,
    { i: Int32Array.from(edges.i), j: Int32Array.from(edges.j), w: Float64Array.from(edges.w), count: edges.i.length },
    { score, comparable },
    (i) => ids[i] as string,
    { threshold, cohesion: options.cohesion ?? 0.4, maxClusterSize: 100 },
  );
  const assignments = new Array<Found['assignments'][number]>(ids.length);
  let duplicates = 0;
  for (const c of clusters) {
    if (c.memberIndexes.length > 1) duplicates += c.memberIndexes.length;
    c.memberIndexes.forEach((k, m) => {
      assignments[k] = { id: ids[k] as string, cluster: c.id, score: c.memberScores[m] ?? 0 };
    });
  }
  return {
    clusters: options.singletons === false ? clusters.filter((c) => c.memberIds.length > 1) : clusters,
    proposals: [],
    related: [],
    assignments,
    duplicates,
    stats: dedupeStats(p, candidates, learned.model, clusters, matchedPairs),
  };
}
