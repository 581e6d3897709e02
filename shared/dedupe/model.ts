// Fellegi-Sunter model: u from random pairs (exact agreement from value frequencies), m and the prior by EM,
// and a term-frequency adjustment so agreeing on a rare value counts for more than on a common one.
import type { Field, Prepared } from './fields';

/** The learnt model: per field and level, m, u and the log2 Bayes factor; plus the prior match share of candidates. */
export interface Model {
  prior: number;
  m: Float64Array[];
  u: Float64Array[];
  weights: Float64Array[];
}

/** Small deterministic generator so runs are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exactAgreementRate(field: Field): number | undefined {
  if (!field.counts || field.present < 2) return undefined;
  let s = 0;
  for (const c of field.counts.values()) s += c * (c - 1);
  return s / (field.present * (field.present - 1));
}

/** Estimates u per field and level from random pairs (cross-source when linking). */
export function estimateU(p: Prepared, link: boolean, samples = 100_000): Float64Array[] {
  const rand = mulberry32(7);
  const F = p.fields.length;
  const tallies = p.fields.map((f) => new Float64Array(f.levels));
  const zero: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < p.n; i++) (p.source[i] === 0 ? zero : one).push(i);
  const doLink = link && zero.length > 0 && one.length > 0;
  for (let s = 0; s < samples; s++) {
    let i: number;
    let j: number;
    if (doLink) {
      i = zero[Math.floor(rand() * zero.length)] as number;
      j = one[Math.floor(rand() * one.length)] as number;
    } else {
      i = Math.floor(rand() * p.n);
      j = Math.floor(rand() * p.n);
      if (i === j) continue;
    }
    for (let f = 0; f < F; f++) {
      const level = (p.fields[f] as Field).compare(i, j);
      if (level >= 0) (tallies[f] as Float64Array)[level]! += 1;
    }
  }
  return p.fields.map((field, f) => {
    const t = tallies[f] as Float64Array;
    const L = field.levels;
    const u = new Float64Array(L);
    const exact = exactAgreementRate(field);
    const u0 = exact !== undefined ? Math.max(exact, 1e-7) : (t[0]! + 0.5) / (t.reduce((a, b) => a + b, 0) + 0.5 * L);
    u[0] = Math.min(u0, 0.999);
    let rest = 0;
    for (let l = 1; l < L; l++) rest += t[l]!;
    for (let l = 1; l < L; l++) u[l] = (1 - (u[0] ?? 0)) * ((t[l]! + 0.5) / (rest + 0.5 * (L - 1)));
    return u;
  });
}

/** Learns m and the prior by expectation-maximisation on the candidate pairs' level vectors, with u held fixed. */
export function fitModel(levels: Int8Array, pairs: number, fields: readonly Field[], u: Float64Array[], iterations = 40): Model {
  const F = fields.length;
  // Identical level vectors are grouped so EM runs over a few thousand patterns, not millions of pairs.
  const patterns = new Map<string, number>();
  const step = Math.max(1, Math.floor(pairs / 400_000));
  for (let k = 0; k < pairs; k += step) {
    let key = '';
    for (let f = 0; f < F; f++) key += String.fromCharCode(66 + levels[k * F + f]!);
    patterns.set(key, (patterns.get(key) ?? 0) + 1);
  }
  const keys = [...patterns.keys()];
  const counts = keys.map((key) => patterns.get(key) as number);
  const vecs = keys.map((key) => Array.from(key, (c) => c.charCodeAt(0) - 66));
  const m = fields.map((field) => {
    const L = field.levels;
    const init = new Float64Array(L);
    init[0] = 0.85;
    for (let l = 1; l < L; l++) init[l] = 0.15 / (L - 1);
    init[L - 1] = 0.15 / (L - 1) / 3;
    const s = init.reduce((a, b) => a + b, 0);
    return init.map((x) => x / s);
  });
  let prior = 0.2;
  const g = new Float64Array(keys.length);
  for (let it = 0; it < iterations; it++) {
    let total = 0;
    let matched = 0;
    for (let k = 0; k < keys.length; k++) {
      const v = vecs[k] as number[];
      let lm = Math.log(prior);
      let lu = Math.log(1 - prior);
      for (let f = 0; f < F; f++) {
        const level = v[f] as number;
        if (level < 0) continue;
        lm += Math.log((m[f] as Float64Array)[level]!);
        lu += Math.log((u[f] as Float64Array)[level]!);
      }
      const post = 1 / (1 + Math.exp(lu - lm));
      g[k] = post;
      total += counts[k] as number;
      matched += post * (counts[k] as number);
    }
    prior = Math.min(0.999, Math.max(1e-6, matched / total));
    for (let f = 0; f < F; f++) {
      const L = (fields[f] as Field).levels;
      const acc = new Float64Array(L).fill(0.01);
      for (let k = 0; k < keys.length; k++) {
        const level = (vecs[k] as number[])[f] as number;
        if (level >= 0) acc[level]! += g[k]! * (counts[k] as number);
      }
      const s = acc.reduce((a, b) => a + b, 0);
      m[f] = acc.map((x) => x / s);
    }
  }
  const weights = m.map((mf, f) => mf.map((x, l) => Math.log2(x / (u[f] as Float64Array)[l]!)));
  return { prior, m, u, weights };
}

/** Conflicts push a pair's weight at least this low: hard evidence of two people outweighs any agreement. */
export const CONFLICT_WEIGHT = -12;

/** Scores pairs with the model: log2 odds of a match (prior included), term-frequency adjusted. */
export class Scorer {
  private readonly logPrior: number;
  private readonly tfScale: (Map<string, number> | undefined)[];
  private readonly levels: Int8Array;
  constructor(
    private readonly fields: readonly Field[],
    private readonly model: Model,
  ) {
    this.logPrior = Math.log2(model.prior / (1 - model.prior));
    this.tfScale = fields.map((f) => f.counts);
    this.levels = new Int8Array(fields.length);
  }

  /** Fills `out` (from `offset`) with the pair's level per field. */
  compareInto(i: number, j: number, out: Int8Array, offset: number): void {
    for (let f = 0; f < this.fields.length; f++) out[offset + f] = (this.fields[f] as Field).compare(i, j);
  }

  /** The pair's weight from already computed levels, and whether a field reports a conflict. */
  weigh(i: number, j: number, levels: Int8Array, offset: number): { weight: number; conflict: boolean } {
    let w = this.logPrior;
    let conflict = false;
    for (let f = 0; f < this.fields.length; f++) {
      const level = levels[offset + f]!;
      if (level < 0) continue;
      const field = this.fields[f] as Field;
      w += (this.model.weights[f] as Float64Array)[level]!;
      if (level === 0) {
        const counts = this.tfScale[f];
        if (counts) {
          const c = counts.get(field.agreedValue(i, j)) ?? 2;
          const tf = c / field.present;
          const adj = Math.log2((this.model.u[f] as Float64Array)[0]! / tf);
          w += Math.max(-6, Math.min(8, adj));
        }
      }
      if (field.conflict?.(i, j, level)) conflict = true;
    }
    if (conflict) w = Math.min(w, CONFLICT_WEIGHT);
    return { weight: w, conflict };
  }

  /** Compares and weighs one pair. */
  score(i: number, j: number): { weight: number; conflict: boolean } {
    this.compareInto(i, j, this.levels, 0);
    return this.weigh(i, j, this.levels, 0);
  }
}

/** Match probability from a log2-odds weight. */
export function probability(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}
