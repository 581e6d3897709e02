// Dedupe scoring as SQL: the candidate pairs kept as a table, each pair's comparison levels from the fields' SQL
// expressions, the level patterns counted by GROUP BY for EM (with the in-memory engine's sampling step), and the
// pairs whose pattern can pass the threshold read back to be weighed exactly in TypeScript.
import { candidatePairsSql, type BlockingSqlOptions, type BlockingTables } from './dedupe-blocking';
import type { FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';

/** The tables the scoring statements read and write (plain names, created by these statements or the loader). */
export interface ScoringTables {
  /** Columns k (0, 1, … in (i, j) order), i, j: the candidate pairs. */
  pairs: string;
  /** Column rec plus every field's columns (functions/sql loadComparisonTable). */
  comparison: string;
  /** Columns k, i, j, g0 … g(F-1): each pair's level per field. */
  levels: string;
}

/** The level column of field f. */
const levelColumn = (d: SqlDialect, f: number): string => d.identifier(`g${f}`);

/** A work table made from a query (`table` quoted), as the dialect makes one. */
export function createTableSql(d: SqlDialect, table: string, query: string): string {
  return d.createTable(table, query);
}

/** A work table made from a query, its plain name quoted. */
const createTemp = (d: SqlDialect, table: string, query: string): string => createTableSql(d, d.identifier(table), query);

/**
 * Creates the pairs table: candidatePairsSql's pairs numbered k = 0, 1, … in (i, j) order, as in memory. The
 * numbering sorts them, so the pairs are not sorted before (a second sort of every pair).
 */
export function candidateTableSql(d: SqlDialect, blocking: BlockingTables, options: BlockingSqlOptions, pairs: string): string {
  return createTemp(d, pairs, `SELECT ROW_NUMBER() OVER (ORDER BY c.i, c.j) - 1 AS k, c.i, c.j FROM (\n${candidatePairsSql(d, blocking, options, false)}\n) AS c`);
}

/** Creates the levels table: per pair, field f's level expression (over `l.` and `r.`, the records i and j) as g<f>. */
export function levelsTableSql(d: SqlDialect, fields: readonly FieldComparisonSql[], t: ScoringTables): string {
  const levels = fields.map((f, k) => `CAST(${f.level} AS ${d.levelType}) AS ${levelColumn(d, k)}`);
  const [pairs, cmp] = [d.identifier(t.pairs), d.identifier(t.comparison)];
  return createTemp(d, t.levels, `SELECT p.k, p.i, p.j${levels.map((x) => `,\n  ${x}`).join('')}\nFROM ${pairs} AS p JOIN ${cmp} AS l ON l.rec = p.i JOIN ${cmp} AS r ON r.rec = p.j`);
}

/**
 * Every distinct level pattern (columns g0 …) with `sampled`, how many of the pairs numbered 0, step, 2·step, …
 * have it, and `first`, the lowest such number (NULL when none): the in-memory pattern counts are `sampled · step`
 * in order of `first`; patterns with no sampled pair still need a weight bound.
 */
export function patternCountsSql(d: SqlDialect, fieldCount: number, levels: string, step: number): string {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`the sampling step must be a whole number of at least 1, got ${step}`);
  const g = Array.from({ length: fieldCount }, (_, f) => levelColumn(d, f));
  const sampled = step === 1 ? 'TRUE' : `MOD(v.k, ${step}) = 0`;
  const cols = g.map((c) => `v.${c}`);
  return [
    `SELECT ${[...cols, `COUNT(CASE WHEN ${sampled} THEN 1 END) AS sampled`, `MIN(CASE WHEN ${sampled} THEN v.k END) AS ${d.identifier('first')}`].join(', ')}`,
    `FROM ${d.identifier(levels)} AS v`,
    ...(cols.length > 0 ? [`GROUP BY ${cols.join(', ')}`] : []),
  ].join('\n');
}

/**
 * The pairs (columns i, j, g0 …, in (i, j) order) whose level pattern is one of `patterns` (the patterns whose
 * weight bound reaches the threshold), joined against them as a small literal table; undefined when none can pass.
 */
export function passingPairsSql(d: SqlDialect, fieldCount: number, levels: string, patterns: readonly (readonly number[])[]): string | undefined {
  if (patterns.length === 0) return undefined;
  const names = Array.from({ length: fieldCount }, (_, f) => `g${f}`);
  for (const p of patterns) if (p.length !== fieldCount) throw new RangeError(`a pattern needs ${fieldCount} levels, got ${p.length}`);
  const on = names.map((c) => `v.${d.identifier(c)} = passing.${d.identifier(c)}`);
  const table = d.literalRows('passing', names.map((c) => d.identifier(c)), patterns);
  return [
    `SELECT v.i, v.j${names.map((c) => `, v.${d.identifier(c)}`).join('')}`,
    `FROM ${d.identifier(levels)} AS v JOIN ${table} ON ${on.length > 0 ? on.join(' AND ') : 'TRUE'}`,
    'ORDER BY v.i, v.j',
  ].join('\n');
}
