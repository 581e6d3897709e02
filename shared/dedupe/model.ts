// Fellegi-Sunter model: u from random pairs (exact agreement from value frequencies), m and the prior by EM,
// and a term-frequency adjustment so agreeing on a rare value counts for more than on a common one.
import { mulberry32 } from '../kernel';
import type { Field } from './compared-field';
import type { Prepared } from './fields';

/**
 * The learnt model: per field and level the share among matches (m), among related non-matches (h: same
 * household, same family) and among random pairs (u); the share of all pairs in each class; and log2(m/u).
 */
export interface Model {
  prior: number;
  related: number;
  m: Float64Array[];
  h: Float64Array[];
  u: Float64Array[];
  weights: Float64Array[];
}

/**
 * Share of random pairs that agree exactly, from the value counts. A small list cannot show how rare a
 * coincidence is (in three records one shared e-mail is "a third of all pairs"), so the rate is shrunk towards
 * 1 in 1,000 with the weight of 1,000 pairs: negligible for a real list, decisive for a toy one.
 */
function exactAgreementRate(field: Field): number | undefined {
  if (!field.counts) return undefined;
  let s = 0;
  for (const c of field.counts.values()) s += c * (c - 1);
  return (s + 1) / (field.present * (field.present - 1) + 1000);
}

/** Estimates u per field and level from random pairs (cross-source when linking). */
export function estimateU(p: Prepared, link: boolean, samples = 25_000): Float64Array[] {
  const rand = mulberry32(7);
  const F = p.fields.length;
  const tallies = p.fields.map((f) => new Float64Array(f.levels));
  const zero: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < p.n; i++) (p.source[i] === 0 ? zero : one).push(i);
  const doLink = link && zero.length > 0 && one.length > 0;
  const possible = doLink ? zero.length * one.length : (p.n * (p.n - 1)) / 2;
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
    // The sample stands for at most the pairs there are; like the exact rate, it is shrunk towards a prior
    // (near levels rare, 0.5% each; the rest disagreement) with the weight of 1,000 pairs, for small lists.
    const scale = Math.min(1, possible / samples);
    let rest = 1000;
    for (let l = 1; l < L; l++) rest += t[l]! * scale;
    for (let l = 1; l < L; l++) {
      const prior = l < L - 1 ? 0.005 : 1 - 0.005 * (L - 2);
      u[l] = (1 - (u[0] ?? 0)) * ((t[l]! * scale + 1000 * prior) / rest);
    }
    return u;
  });
}

/** Fields on which relatives usually differ (given name, birth date): their "related" class starts at disagreement. */
const PERSONAL = new Set(['first_name', 'birth_date', 'full_name']);

/** Fields that make a list one of people. */
const NAMES = new Set(['first_name', 'last_name', 'full_name']);

function initialShares(levels: number, agree: number): Float64Array {
  const init = new Float64Array(levels);
  init[0] = agree;
  for (let l = 1; l < levels; l++) init[l] = (1 - agree) / (levels - 1);
  return init;
}

/** EM sees every PATTERN_SAMPLE-th candidate pair at most (each counted `step` times): enough for a few thousand patterns. */
export const PATTERN_SAMPLE = 400_000;

/** The sampling step over `pairs` candidate pairs: every pair up to PATTERN_SAMPLE, then every step-th in order. */
export function patternStep(pairs: number): number {
  return Math.max(1, Math.floor(pairs / PATTERN_SAMPLE));
}

/**
 * The distinct level vectors of the candidate pairs (in order of first sampled occurrence) with how many pairs
 * each stands for, and the number of candidate pairs; what EM needs, and what a SQL GROUP BY can compute.
 */
export interface PatternCounts {
  /** One level per field (-1: a value missing). */
  vectors: number[][];
  /** Pairs per vector: sampled occurrences times the sampling step. */
  counts: number[];
  /** Candidate pairs in all. */
  pairs: number;
}

/**
 * Groups identical level vectors (`levels[k * F + f]`) of every patternStep-th pair, so EM runs over a few
 * thousand patterns, not millions of pairs.
 */
export function patternCounts(levels: Int8Array, pairs: number, fields: readonly Field[]): PatternCounts {
  const F = fields.length;
  // A pattern is a mixed-radix integer (digit f = level + 1) when that fits a small integer, so grouping
  // hundreds of thousands of pairs allocates no strings; many extra columns fall back to a string key.
  let radix = 1;
  for (const field of fields) radix *= field.levels + 1;
  const numeric = radix <= 2 ** 30;
  const patterns = new Map<number | string, number>();
  const step = patternStep(pairs);
  for (let k = 0; k < pairs; k += step) {
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let f = F - 1; f >= 0; f--) key = key * ((fields[f] as Field).levels + 1) + levels[k * F + f]! + 1;
    } else {
      key = '';
      for (let f = 0; f < F; f++) key += String.fromCharCode(66 + levels[k * F + f]!);
    }
    patterns.set(key, (patterns.get(key) ?? 0) + 1);
  }
  const keys = [...patterns.keys()];
  const counts = keys.map((key) => (patterns.get(key) as number) * step);
  const vectors = keys.map((key) => {
    if (typeof key === 'string') return Array.from(key, (c) => c.charCodeAt(0) - 66);
    const v: number[] = [];
    for (let f = 0, rest = key; f < F; f++) {
      const base = (fields[f] as Field).levels + 1;
      v.push((rest % base) - 1);
      rest = Math.floor(rest / base);
    }
    return v;
  });
  return { vectors, counts, pairs };
}

/**
 * Learns the model by expectation-maximisation over all pairs, approximated by the candidate pairs (pairs no
 * blocking key brought together are non-matches). Three classes: matches (m), related people (h: a household or
 * family shares surname, address, landline and mailbox but not given name and birth date) and random pairs (u,
 * from random sampling, held fixed since matches are a tiny share of all pairs). Without the related class, EM
 * happily learns "same household" as the match class. λ are class shares of all pairs, so pairs that merely look
 * alike stay non-matches unless the evidence is strong.
 */
export function fitModel(levels: Int8Array, pairs: number, fields: readonly Field[], u: Float64Array[], allPairs: number, records: number, iterations = 60): Model {
  return fitModelOnPatterns(patternCounts(levels, pairs, fields), fields, u, allPairs, records, iterations);
}

/** fitModel's EM on pattern counts already grouped (in memory by patternCounts, or by a SQL GROUP BY). */
export function fitModelOnPatterns(patterns: PatternCounts, fields: readonly Field[], u: Float64Array[], allPairs: number, records: number, iterations = 60): Model {
  const F = fields.length;
  const { vectors: vecs, counts, pairs } = patterns;
  let m = fields.map((field) => initialShares(field.levels, 0.9));
  // A relative is a different person: their given name and birth date agree no more often than a stranger's,
  // so h is u there (held, which also stops the related class turning into a second match class).
  // In a list of companies (no personal names) the related class is the branch: the same firm at another site, so
  // there the site (street) is what relatives do not share.
  const companies = fields.some((f) => f.name === 'company') && !fields.some((f) => NAMES.has(f.name));
  const personal = fields.map((field) => PERSONAL.has(field.name) || (companies && field.name === 'street'));
  let h = fields.map((field, f) => (personal[f] ? Float64Array.from(u[f] as Float64Array) : initialShares(field.levels, 0.7)));
  const total = Math.max(allPairs, pairs);
  // Start at about one duplicate and one relative per two records.
  let lm = Math.min(0.3, Math.max(1e-12, records / 2 / total));
  // The related class starts smaller: on a short list it would otherwise explain the few pairs there are.
  let lh = lm / 10;
  const gm = new Float64Array(vecs.length);
  const gh = new Float64Array(vecs.length);
  const logU = u.map((uf) => uf.map((x) => Math.log(x)));
  const reestimate = (g: Float64Array): Float64Array[] =>
    fields.map((field, f) => {
      const L = field.levels;
      const acc = new Float64Array(L);
      for (let k = 0; k < vecs.length; k++) {
        const level = (vecs[k] as number[])[f] as number;
        if (level >= 0) acc[level]! += g[k]! * (counts[k] as number);
      }
      // A Dirichlet prior of 0.2% of the class mass per level: no level is ever impossible, so a single
      // disagreement weighs at most about -9 bits instead of vetoing everything else.
      const mass = acc.reduce((a, b) => a + b, 0);
      for (let l = 0; l < L; l++) acc[l]! += 0.5 + 0.002 * mass;
      const sum = acc.reduce((a, b) => a + b, 0);
      return acc.map((x) => x / sum);
    });
  for (let it = 0; it < iterations; it++) {
    let sm = 0;
    let sh = 0;
    const logM = m.map((mf) => mf.map((x) => Math.log(x)));
    const logH = h.map((hf) => hf.map((x) => Math.log(x)));
    const a0 = Math.log(lm);
    const b0 = Math.log(lh);
    const c0 = Math.log(1 - lm - lh);
    for (let k = 0; k < vecs.length; k++) {
      const v = vecs[k] as number[];
      let a = a0;
      let b = b0;
      let c = c0;
      for (let f = 0; f < F; f++) {
        const level = v[f] as number;
        if (level < 0) continue;
        a += (logM[f] as Float64Array)[level]!;
        b += (logH[f] as Float64Array)[level]!;
        c += (logU[f] as Float64Array)[level]!;
      }
      const top = Math.max(a, b, c);
      const ea = Math.exp(a - top);
      const eb = Math.exp(b - top);
      const z = ea + eb + Math.exp(c - top);
      gm[k] = ea / z;
      gh[k] = eb / z;
      sm += gm[k]! * (counts[k] as number);
      sh += gh[k]! * (counts[k] as number);
    }
    const nextM = Math.min(0.3, Math.max(1e-12, sm / total));
    const settled = Math.abs(nextM - lm) <= 1e-5 * lm && it > 5;
    lm = nextM;
    lh = Math.min(0.3, Math.max(1e-12, sh / total));
    m = reestimate(gm);
    h = reestimate(gh).map((hf, f) => (personal[f] ? (h[f] as Float64Array) : hf));
    // Stop once the match share no longer moves (usually well before the iteration cap).
    if (settled) break;
  }
  const weights = m.map((mf, f) => mf.map((x, l) => Math.log2(x / (u[f] as Float64Array)[l]!)));
  return { prior: lm, related: lh, m, h, u, weights };
}

/** Conflicts push a pair's weight at least this low: hard evidence of two people outweighs any agreement. */
export const CONFLICT_WEIGHT = -12;

/** Scores pairs with the model: log2 odds of a match (prior included), term-frequency adjusted. */
export class Scorer {
  private readonly logPrior: number;
  private readonly logRelated: number;
  private readonly logRandom: number;
  private readonly logM: Float64Array[];
  private readonly logH: Float64Array[];
  private readonly logU: Float64Array[];
  private readonly tfScale: (Map<string, number> | undefined)[];
  private readonly levels: Int8Array;
  constructor(
    private readonly fields: readonly Field[],
    private readonly model: Model,
  ) {
    this.logPrior = Math.log2(model.prior);
    this.logRelated = Math.log2(Math.max(model.related, 1e-300));
    this.logRandom = Math.log2(1 - model.prior - model.related);
    this.tfScale = fields.map((f) => f.counts);
    this.levels = new Int8Array(fields.length);
    const log2 = (x: Float64Array | undefined): Float64Array => (x ?? new Float64Array(0)).map((v) => Math.log2(v));
    this.logM = fields.map((_, f) => log2(model.m[f]));
    this.logH = fields.map((_, f) => log2(model.h[f]));
    this.logU = fields.map((_, f) => log2(model.u[f]));
    const at = (name: string): number => fields.findIndex((f) => f.name === name);
    this.identity = [at('first_name'), at('birth_date')].filter((f) => f >= 0);
    this.contact = [at('email'), at('phone')].filter((f) => f >= 0);
  }

  /** Fields whose last level says "another person" (given name, another generation's birth date). */
  private readonly identity: number[];
  /** Personal contact fields (their last level: both have one, none shared, none near). */
  private readonly contact: number[];

  /**
   * Two independent signs of two people: the given names (or birth dates a generation apart) differ outright
   * AND each has its own e-mail or phone that the other lacks. Twins and a father and son named alike share a
   * surname, an address, a landline and often a birthday, which all the agreements reward; this rule is what
   * keeps them apart. Records without contacts (FEBRL) are never affected.
   */
  private twoPeople(levels: Int8Array, offset: number): boolean {
    let identity = false;
    for (const f of this.identity) if (levels[offset + f] === (this.fields[f] as Field).levels - 1) identity = true;
    if (!identity) return false;
    for (const f of this.contact) if (levels[offset + f] === (this.fields[f] as Field).levels - 1) return true;
    return false;
  }

  /** Fills `out` (from `offset`) with the pair's level per field. */
  compareInto(i: number, j: number, out: Int8Array, offset: number): void {
    for (let f = 0; f < this.fields.length; f++) out[offset + f] = (this.fields[f] as Field).compare(i, j);
  }

  /**
   * The pair's log2 odds of being one person against being related or unrelated, from computed levels; the
   * term-frequency adjustment replaces u for an exact agreement by the agreed value's own frequency.
   */
  weigh(i: number, j: number, levels: Int8Array, offset: number): { weight: number; conflict: boolean } {
    let a = this.logPrior;
    let b = this.logRelated;
    let c = this.logRandom;
    let conflict = false;
    for (let f = 0; f < this.fields.length; f++) {
      const level = levels[offset + f]!;
      if (level < 0) continue;
      const field = this.fields[f] as Field;
      a += (this.logM[f] as Float64Array)[level]!;
      b += (this.logH[f] as Float64Array)[level]!;
      let lu = (this.logU[f] as Float64Array)[level]!;
      if (level === 0) {
        const counts = this.tfScale[f];
        if (counts) {
          const k = field.ownCounts ? field.ownCounts[i]! : (counts.get(field.agreedValue(i, j)) ?? 2);
          const tf = Math.log2(Math.max(k - 1, 1) / field.present);
          lu = Math.max(lu - 8, Math.min(lu + 6, tf));
        }
      }
      c += lu;
      if (field.conflict?.(i, j, level)) conflict = true;
    }
    if (!conflict && this.contact.length > 0 && this.twoPeople(levels, offset)) conflict = true;
    const top = Math.max(b, c);
    let w = a - (top + Math.log2(Math.pow(2, b - top) + Math.pow(2, c - top)));
    if (conflict) w = Math.min(w, CONFLICT_WEIGHT);
    return { weight: w, conflict };
  }

  /**
   * The highest weight `weigh` can give any pair with these levels: the term-frequency adjustment at its most
   * generous (u lowered by its 8-bit cap on every agreeing field with counts) and no conflict. A SQL engine
   * keeps only the patterns whose bound reaches the threshold, and those pairs are weighed exactly here.
   */
  weightBound(levels: ArrayLike<number>, offset: number): number {
    let a = this.logPrior;
    let b = this.logRelated;
    let c = this.logRandom;
    for (let f = 0; f < this.fields.length; f++) {
      const level = levels[offset + f]!;
      if (level < 0) continue;
      a += (this.logM[f] as Float64Array)[level]!;
      b += (this.logH[f] as Float64Array)[level]!;
      const lu = (this.logU[f] as Float64Array)[level]!;
      c += level === 0 && this.tfScale[f] ? lu - 8 : lu;
    }
    const top = Math.max(b, c);
    return a - (top + Math.log2(Math.pow(2, b - top) + Math.pow(2, c - top)));
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
