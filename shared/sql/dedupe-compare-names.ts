// The name fields' levels as SQL: given name, surname (both with the swapped-name check), generation and full
// name, each the same level as its comparator in shared/dedupe/fields.ts. Nickname canonical forms are computed
// in TypeScript and loaded as columns; the Jaro-Winkler cuts are decided exactly as our jaroWinkler decides them.
import { canonicalFirst, type Prepared } from '../dedupe';
import type { ComparisonColumn, FieldComparisonBuilder, FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';

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

const double = (expression: string): string => `CAST(${expression} AS DOUBLE)`;

/** Code point offset of a matched character's mark: into plane 15 (private use), which no cleaned text holds. */
const MARK = 0xf0000;

/**
 * Our jaroWinkler (shared/dedupe/similarity.ts) of two different non-empty texts (of characters below U+10000,
 * as cleaned names are), computed in SQL step by step. A reduction over a's characters takes, for each, the first
 * unmatched place of b within the window; the state is b with matched characters replaced by their mark (the
 * character moved into plane 15), followed by a's matched characters, marked too. b's matched characters in order
 * are then the marks left in b, and the transpositions the places where they differ from a's. DuckDB's own function
 * differs from ours on two points (it halves transpositions rounding down, and adds the prefix bonus only above
 * 0.7), so it is not used as is. `tag` keeps the lambda names apart from those of an enclosing expression.
 */
function exactJaroWinkler(a: string, b: string, tag: string): string {
  const [acc, ch, at, state, pair, jaro] = ['acc', 'ch', 'at', 'state', 'pair', 'jaro'].map((n) => `${tag}_${n}`) as [string, string, string, string, string, string];
  const la = `length(${a})`;
  const lb = `length(${b})`;
  const range = `greatest(0, (greatest(${la}, ${lb}) // 2) - 1)`;
  // The state starts with two header characters holding the window's half-width + 1 and b's length, so that the
  // reduction's lambda reads no column of the row (DuckDB would copy them in at every step, many times slower).
  const start = `chr(CAST(${range} + 1 AS INTEGER)) || chr(CAST(${lb} AS INTEGER)) || ${b}`;
  const half = `(unicode(left(${acc}, 1)) - 1)`;
  // b's place k is the state's place k + 2.
  const lo = `greatest(1, ${at} - ${half})`;
  const hi = `least(unicode(substring(${acc}, 2, 1)), ${at} + ${half})`;
  const found = `instr(substring(${acc}, ${lo} + 2, greatest(0, ${hi} - ${lo} + 1)), ${ch})`;
  const mark = `chr(CAST(unicode(${ch}) + ${MARK} AS INTEGER))`;
  const next = `CASE WHEN ${found} = 0 THEN ${acc} ELSE left(${acc}, ${lo} + ${found}) || ${mark} || substring(${acc}, ${lo} + ${found} + 2) || ${mark} END`;
  const matched = `substring(list_reduce(string_split(${a}, ''), lambda ${acc}, ${ch}, ${at}: ${next}, ${start}), 3)`;
  const fromA = `substring(${state}, ${lb} + 1)`;
  const fromB = `regexp_replace(left(${state}, ${lb}), '[^\\x{F0000}-\\x{FFFFF}]', '', 'g')`;
  const m = `length(${fromA})`;
  // Characters compared pairwise (DuckDB's hamming counts differing bytes, and marks take four).
  const transposed = `len(list_filter(list_zip(string_split(${fromA}, ''), string_split(${fromB}, '')), lambda ${pair}: ${pair}[1] <> ${pair}[2]))`;
  // The TypeScript's arithmetic in its order: (m / la + m / lb + (m - t / 2) / m) / 3, in doubles.
  const jaroOf = `(CASE WHEN ${m} = 0 THEN ${double('0')} ELSE (${double(m)} / ${double(la)} + ${double(m)} / ${double(lb)} + (${double(m)} - ${double(transposed)} / ${double('2')}) / ${double(m)}) / ${double('3')} END)`;
  const withPrefix = `list_transform([${jaroOf}], lambda ${jaro}: ${withBonus(jaro, commonPrefix(a, b))})[1]`;
  return `list_transform([${matched}], lambda ${state}: ${withPrefix})[1]`;
}

/** Our prefix bonus on a Jaro score: jaro + prefix · 0.1 · (1 − jaro), in the TypeScript's order. */
function withBonus(jaro: string, prefix: string): string {
  return `${jaro} + ${double(prefix)} * ${double('0.1')} * (${double('1')} - ${jaro})`;
}

/** Length of the common prefix of two different non-empty texts, at most 4. */
function commonPrefix(a: string, b: string): string {
  const shorter = `least(length(${a}), length(${b}))`;
  const parts = [4, 3, 2, 1].map((k) => `WHEN ${shorter} >= ${k} AND left(${a}, ${k}) = left(${b}, ${k}) THEN ${k}`);
  return `(CASE ${parts.join(' ')} ELSE 0 END)`;
}

/**
 * A Jaro-Winkler of two non-empty texts that is >= each of `cuts` exactly when our jaroWinkler is. DuckDB's
 * jaro_similarity with our prefix bonus is never below ours and at most 1/18 above (half a transposition in at
 * least three matches), so it decides every cut not within that distance below it; the few pairs near a cut
 * (NULL from the fast form; COALESCE evaluates its second argument for those rows only) are computed exactly.
 */
export function jaroWinklerAtCuts(d: SqlDialect, a: string, b: string, cuts: readonly number[], tag: string): string {
  if (d.name !== 'duckdb') throw new Error('Jaro-Winkler is not yet generated for BigQuery.');
  const near = `${tag}_near`;
  // 1e-9 covers the doubles' rounding on both sides of a cut.
  const close = cuts.map((c) => `(${near} > ${double(String(c - 1e-9))} AND ${near} < ${double(String(c + 1 / 18 + 1e-9))})`).join(' OR ');
  // jaro_similarity walks its second argument, taking for each character the first free one of the first within
  // the window: with (b, a) it matches as our loop over a does.
  const fast = `list_transform([${withBonus(`jaro_similarity(${b}, ${a})`, commonPrefix(a, b))}], lambda ${near}: CASE WHEN ${close} THEN NULL ELSE ${near} END)[1]`;
  return `coalesce(${fast}, CASE WHEN ${a} = ${b} THEN ${double('1')} ELSE ${exactJaroWinkler(a, b, tag)} END)`;
}

/** The cuts of the level ladders (the swap check has its own, 0.9). */
const CUTS = [0.7, 0.85, 0.92];

/** `expression >= cut` as the TypeScript compares (the same double: a DECIMAL literal cast rounds once). */
const atLeast = (expression: string, cut: number): string => `${expression} >= ${double(String(cut))}`;

/** SQL pieces over a dialect: quoted columns of the pair's two rows. */
function columnsOf(d: SqlDialect): { l: (column: string) => string; r: (column: string) => string } {
  return { l: (column) => `l.${d.identifier(column)}`, r: (column) => `r.${d.identifier(column)}` };
}

/** tokenOverlap(words(a), words(b)) === 1: every word of the list with fewer words (a's on a tie) is in the other. */
function allWordsShared(d: SqlDialect, a: string, b: string): string {
  const wa = `string_split(${a}, ${d.string(' ')})`;
  const wb = `string_split(${b}, ${d.string(' ')})`;
  return `(CASE WHEN len(${wa}) <= len(${wb}) THEN list_has_all(${wb}, ${wa}) ELSE list_has_all(${wa}, ${wb}) END)`;
}

/** tokenOverlap(words(a), words(b)) >= 0.5: at least half the words of the shorter list (a's on a tie) are in the other. */
function halfWordsShared(d: SqlDialect, a: string, b: string): string {
  const wa = `string_split(${a}, ${d.string(' ')})`;
  const wb = `string_split(${b}, ${d.string(' ')})`;
  const hits = (small: string, large: string): string => `len(list_filter(${small}, lambda names_w: list_contains(${large}, names_w)))`;
  // hit / n >= 0.5 exactly when 2 · hit >= n (small integers, no rounding).
  return `(CASE WHEN len(${wa}) <= len(${wb}) THEN 2 * ${hits(wa, wb)} >= len(${wa}) ELSE 2 * ${hits(wb, wa)} >= len(${wb}) END)`;
}

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
  return { one: `CASE WHEN contains(${a}, ${space}) OR contains(${b}, ${space}) THEN ${allWordsShared(d, a, b)} ELSE false END`, two: 'false' };
}

/**
 * A level of two non-empty values: 0 equal, else 1 (ladder.one or JW >= 0.92), 2 (ladder.two or JW >= 0.85),
 * `swapLevel` when it is not NULL, 3 (JW >= 0.7) or 4. The JW and the conditions are computed once, into a struct
 * the lambda reads: a lambda that read the row's columns would have DuckDB copy them for it, far slower.
 */
function ladderLevel(d: SqlDialect, a: string, b: string, tag: string, ladder: Ladder, swapLevel = 'NULL'): string {
  const parts = `{'s': ${jaroWinklerAtCuts(d, a, b, CUTS, `${tag}_jw`)}, 'one': ${ladder.one}, 'two': ${ladder.two}, 'swap': ${swapLevel}}`;
  const level = `CASE WHEN ${tag}.one OR ${atLeast(`${tag}.s`, 0.92)} THEN 1 WHEN ${tag}.two OR ${atLeast(`${tag}.s`, 0.85)} THEN 2 WHEN ${tag}.swap IS NOT NULL THEN ${tag}.swap WHEN ${atLeast(`${tag}.s`, 0.7)} THEN 3 ELSE 4 END`;
  return `(CASE WHEN ${a} = ${b} THEN 0 ELSE list_transform([${parts}], lambda ${tag}: ${level})[1] END)`;
}

/** Given name and surname written the other way round in one of the two records (fields.ts `swapped`). */
function swappedSql(d: SqlDialect): string {
  const { l, r } = columnsOf(d);
  const [fi, li, fj, lj] = [l(FIRST), l(LAST), r(FIRST), r(LAST)];
  const close = (x: string, y: string, tag: string): string => `(${x} = ${y} OR ${atLeast(jaroWinklerAtCuts(d, x, y, [0.9], tag), 0.9)})`;
  return `(${fi} IS NOT NULL AND ${li} IS NOT NULL AND ${fj} IS NOT NULL AND ${lj} IS NOT NULL AND left(${fi}, 1) = left(${lj}, 1) AND left(${li}, 1) = left(${fj}, 1) AND ${close(fi, lj, 'swap_fl')} AND ${close(li, fj, 'swap_lf')})`;
}

/** -1 when either value is missing, else `level`. */
const unlessMissing = (a: string, b: string, level: string): string => `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN -1 ELSE ${level} END`;

/** The four name columns both the given-name and surname levels read (the swapped check crosses them). */
function nameColumns(p: Prepared): ComparisonColumn[] {
  return [textColumn(FIRST, p.first), textColumn(FIRST_CANON, p.first, canonicalFirst), textColumn(LAST, p.last), textColumn(LAST_CANON, p.last, canonicalFirst)];
}

function firstNameSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  const [a, b, ca] = [l(FIRST), r(FIRST), l(FIRST_CANON)];
  // On a swap (consulted only for a level of 3 or 4) record i's given name is compared with record j's surname.
  const swapLevel = `CASE WHEN ${swappedSql(d)} THEN ${ladderLevel(d, a, r(LAST), 'given_swap', givenLadder(a, r(LAST), ca, r(LAST_CANON)))} END`;
  return { field: 'first_name', columns: nameColumns(p), level: unlessMissing(a, b, ladderLevel(d, a, b, 'given', givenLadder(a, b, ca, r(FIRST_CANON)), swapLevel)) };
}

function lastNameSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  const [a, b] = [l(LAST), r(LAST)];
  // On a swap record i's surname is compared with record j's given name, the alphabetically smaller first as
  // fields.ts's memoised measure does (it matters only to names with a repeated word).
  const [x, y] = [`least(${a}, ${r(FIRST)})`, `greatest(${a}, ${r(FIRST)})`];
  const swapLevel = `CASE WHEN ${swappedSql(d)} THEN ${ladderLevel(d, x, y, 'surname_swap', surnameLadder(d, x, y))} END`;
  return { field: 'last_name', columns: nameColumns(p), level: unlessMissing(a, b, ladderLevel(d, a, b, 'surname', surnameLadder(d, a, b), swapLevel)) };
}

function generationSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  // Plain SQL: the same in every dialect.
  return { field: 'generation', columns: [textColumn(GENERATION, p.generation)], level: unlessMissing(l(GENERATION), r(GENERATION), `CASE WHEN ${l(GENERATION)} = ${r(GENERATION)} THEN 0 ELSE 1 END`) };
}

function fullNameSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const { l, r } = columnsOf(d);
  const [a, b] = [l(FULL), r(FULL)];
  const one = `${allWordsShared(d, a, b)} OR ${atLeast(jaroWinklerAtCuts(d, a, b, [0.92], 'full_jw'), 0.92)}`;
  return { field: 'full_name', columns: [textColumn(FULL, p.fullName)], level: unlessMissing(a, b, `CASE WHEN ${a} = ${b} THEN 0 WHEN ${one} THEN 1 WHEN ${halfWordsShared(d, a, b)} THEN 2 ELSE 3 END`) };
}

/**
 * The SQL levels of the name fields (first_name, last_name, generation, full_name); undefined for any other
 * field. The Jaro-Winkler ones are DuckDB only for now.
 */
export const nameComparisons: FieldComparisonBuilder = (p, field, d) => {
  if (field === 'generation') return generationSql(p, d);
  if (!['first_name', 'last_name', 'full_name'].includes(field)) return undefined;
  if (d.name !== 'duckdb') throw new Error(`The ${field} comparison is not yet generated for BigQuery (it needs Jaro-Winkler and list functions).`);
  if (field === 'first_name') return firstNameSql(p, d);
  if (field === 'last_name') return lastNameSql(p, d);
  return fullNameSql(p, d);
};
