// The name fields' levels as SQL: given name, surname (both with the swapped-name check), generation and full
// name, each the same level as its comparator in shared/dedupe/fields.ts. Nickname canonical forms are computed
// in TypeScript and loaded as columns; the string measures are dedupe-compare-similarity.ts's.
import { canonicalFirst, type Prepared } from '../dedupe';
import type { ComparisonColumn, FieldComparisonBuilder, FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';
import { allAscii, exactDouble, jaroWinklerAtCutsSql, wordOverlapSql, type JaroWinklerOptions } from './dedupe-compare-similarity';

/** Column names (prefixed with the field that owns them; the given name and surname fields read each other's). */
const FIRST = 'first_name_value';
const FIRST_CANON = 'first_name_canon';
const LAST = 'last_name_value';
const LAST_CANON = 'last_name_canon';
const GENERATION = 'generation_value';
const FULL = 'full_name_value';

/** A text column from one value per record, '' stored as NULL (missing). */
function textColumn(name: string, values: readonly string[], map: (v: string) => string = (v) => v): ComparisonColumn {
  return {
    name,
    type: 'VARCHAR',
    value: (i) => {
      const v = values[i] ?? '';
      return v === '' ? null : map(v);
    },
  };
}

/** The cuts of the level ladders (the swap check has its own, 0.9). */
const CUTS = [0.7, 0.85, 0.92];

/** `expression >= cut` as the TypeScript compares (the same double). */
const atLeast = (d: SqlDialect, expression: string, cut: number): string => `${expression} >= ${exactDouble(d, cut)}`;

/** SQL pieces over a dialect: quoted columns of the pair's two rows. */
function columnsOf(d: SqlDialect): { l: (column: string) => string; r: (column: string) => string } {
  return { l: (column) => `l.${d.identifier(column)}`, r: (column) => `r.${d.identifier(column)}` };
}

/** The words of a name (tokenOverlap's lists of fields.ts). */
const words = (d: SqlDialect, name: string): string => d.split(name, ' ');

/** What besides the Jaro-Winkler cuts (0.92, 0.85) gives levels 1 and 2 of two different non-empty values. */
interface Ladder {
  one: string;
  two: string;
}

/**
 * givenNameLevel of fields.ts. Its same-first-word test is left out: the canonical forms are those of the first
 * words, so equal first words already gave level 1.
 */
function givenLadder(a: string, b: string, ca: string, cb: string): Ladder {
  const initial = `((length(${a}) = 1 OR length(${b}) = 1) AND left(${a}, 1) = left(${b}, 1))`;
  const prefix = `(length(${a}) >= 3 AND length(${b}) >= 3 AND (starts_with(${a}, ${b}) OR starts_with(${b}, ${a})))`;
  return { one: `${ca} = ${cb}`, two: `${initial} OR ${prefix}` };
}

/** surnameOf of fields.ts (the words are split only for a name of several). */
function surnameLadder(d: SqlDialect, a: string, b: string): Ladder {
  const space = d.string(' ');
  return { one: `CASE WHEN ${d.holds(a, space)} OR ${d.holds(b, space)} THEN ${wordOverlapSql(d, words(d, a), words(d, b), 'all')} ELSE false END`, two: 'false' };
}

/**
 * A level of two non-empty values: 0 equal, else 1 (ladder.one or JW >= 0.92), 2 (ladder.two or JW >= 0.85),
 * `swapLevel` when it is not NULL, 3 (JW >= 0.7) or 4. The JW and the conditions are computed once, into a record
 * the level reads: on DuckDB a lambda that read the row's columns would have DuckDB copy them for it, far slower.
 */
function ladderLevel(d: SqlDialect, a: string, b: string, tag: string, text: JaroWinklerOptions, ladder: Ladder, swapLevel = 'NULL'): string {
  const parts = { s: jaroWinklerAtCutsSql(d, a, b, CUTS, { ...text, tag: `${tag}_jw` }), one: ladder.one, two: ladder.two, swap: swapLevel };
  const level = `CASE WHEN ${tag}.one OR ${atLeast(d, `${tag}.s`, 0.92)} THEN 1 WHEN ${tag}.two OR ${atLeast(d, `${tag}.s`, 0.85)} THEN 2 WHEN ${tag}.swap IS NOT NULL THEN ${tag}.swap WHEN ${atLeast(d, `${tag}.s`, 0.7)} THEN 3 ELSE 4 END`;
  return `(CASE WHEN ${a} = ${b} THEN 0 ELSE ${d.bindRecord(parts, tag, level)} END)`;
}

/** Given name and surname written the other way round in one of the two records (fields.ts `swapped`). */
function swappedSql(d: SqlDialect, text: JaroWinklerOptions): string {
  const { l, r } = columnsOf(d);
  const [fi, li, fj, lj] = [l(FIRST), l(LAST), r(FIRST), r(LAST)];
  const close = (x: string, y: string, tag: string): string => `(${x} = ${y} OR ${atLeast(d, jaroWinklerAtCutsSql(d, x, y, [0.9], { ...text, tag }), 0.9)})`;
  return `(${fi} IS NOT NULL AND ${li} IS NOT NULL AND ${fj} IS NOT NULL AND ${lj} IS NOT NULL AND left(${fi}, 1) = left(${lj}, 1) AND left(${li}, 1) = left(${fj}, 1) AND ${close(fi, lj, 'swap_fl')} AND ${close(li, fj, 'swap_lf')})`;
}

/** -1 when either value is missing, else `level`. */
const unlessMissing = (a: string, b: string, level: string): string => `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN -1 ELSE ${level} END`;

/** The four name columns both the given-name and surname levels read (the swapped check crosses them). */
function nameColumns(p: Prepared): ComparisonColumn[] {
  return [textColumn(FIRST, p.first), textColumn(FIRST_CANON, p.first, canonicalFirst), textColumn(LAST, p.last), textColumn(LAST_CANON, p.last, canonicalFirst)];
}

/** How the Jaro-Winkler measures may read the given names and surnames (both, as the swap check crosses them). */
const nameText = (p: Prepared): JaroWinklerOptions => ({ ascii: allAscii(p.first) && allAscii(p.last) });

function firstNameSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  const [a, b, ca] = [l(FIRST), r(FIRST), l(FIRST_CANON)];
  const text = nameText(p);
  // On a swap (consulted only for a level of 3 or 4) record i's given name is compared with record j's surname.
  const swapLevel = `CASE WHEN ${swappedSql(d, text)} THEN ${ladderLevel(d, a, r(LAST), 'given_swap', text, givenLadder(a, r(LAST), ca, r(LAST_CANON)))} END`;
  return { field: 'first_name', columns: nameColumns(p), level: unlessMissing(a, b, ladderLevel(d, a, b, 'given', text, givenLadder(a, b, ca, r(FIRST_CANON)), swapLevel)) };
}

function lastNameSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  const [a, b] = [l(LAST), r(LAST)];
  // On a swap record i's surname is compared with record j's given name, the alphabetically smaller first as
  // fields.ts's memoised measure does (it matters only to names with a repeated word).
  const [x, y] = [`least(${a}, ${r(FIRST)})`, `greatest(${a}, ${r(FIRST)})`];
  const text = nameText(p);
  const swapLevel = `CASE WHEN ${swappedSql(d, text)} THEN ${ladderLevel(d, x, y, 'surname_swap', text, surnameLadder(d, x, y))} END`;
  return { field: 'last_name', columns: nameColumns(p), level: unlessMissing(a, b, ladderLevel(d, a, b, 'surname', text, surnameLadder(d, a, b), swapLevel)) };
}

function generationSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  // Plain SQL: the same in every dialect.
  return { field: 'generation', columns: [textColumn(GENERATION, p.generation)], level: unlessMissing(l(GENERATION), r(GENERATION), `CASE WHEN ${l(GENERATION)} = ${r(GENERATION)} THEN 0 ELSE 1 END`) };
}

function fullNameSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  const [a, b] = [l(FULL), r(FULL)];
  const [wa, wb] = [words(d, a), words(d, b)];
  const one = `${wordOverlapSql(d, wa, wb, 'all')} OR ${atLeast(d, jaroWinklerAtCutsSql(d, a, b, [0.92], { ascii: allAscii(p.fullName), tag: 'full_jw' }), 0.92)}`;
  return { field: 'full_name', columns: [textColumn(FULL, p.fullName)], level: unlessMissing(a, b, `CASE WHEN ${a} = ${b} THEN 0 WHEN ${one} THEN 1 WHEN ${wordOverlapSql(d, wa, wb, 'half')} THEN 2 ELSE 3 END`) };
}

/** The SQL levels of the name fields (first_name, last_name, generation, full_name); undefined for any other field. */
export const nameComparisons: FieldComparisonBuilder = (p, field, d) => {
  if (field === 'generation') return generationSql(p, d);
  if (!['first_name', 'last_name', 'full_name'].includes(field)) return undefined;
  if (field === 'first_name') return firstNameSql(p, d);
  if (field === 'last_name') return lastNameSql(p, d);
  return fullNameSql(p, d);
};
