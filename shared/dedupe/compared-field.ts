// The contract between the field builders (one per kind of column) and the scorer that combines their levels.

/** A compared field: level 0 is exact agreement, the last level is disagreement, -1 means a value is missing. */
export interface Field {
  name: string;
  levels: number;
  compare: (i: number, j: number) => number;
  /**
   * `compare` without its memo, for a caller that asks each pair of values once (the DuckDB engine's distinct value
   * pairs): a cache that never hits only costs its upkeep and garbage.
   */
  compareOnce?: (i: number, j: number) => number;
  /** The value both records agreed on at level 0, for the term-frequency adjustment. */
  agreedValue: (i: number, j: number) => string;
  /** How often each value occurs, for the term-frequency adjustment (undefined: no adjustment). */
  counts: Map<string, number> | undefined;
  /**
   * When the agreed value is always record i's own: per record, `counts` of its value (2 if absent, as the
   * scorer's default), so scoring a pair needs no string lookup.
   */
  ownCounts?: Int32Array;
  /** Records with a value. */
  present: number;
  /** True when this level for this pair is hard evidence of two different people (twins, father and son). */
  conflict?: (i: number, j: number, level: number) => boolean;
}
