// The string measures of shared/dedupe/similarity.ts as DuckDB expressions that give exactly its answers, one of
// each for every comparison builder: Jaro-Winkler (exact, and at level cuts), withinTypos and its greedy typo
// count, tokenOverlap. DuckDB's own functions differ from ours: jaro_winkler_similarity halves transpositions
// rounding down and adds the prefix bonus only above a Jaro of 0.7 (london / loondon: 0.9175 there, 0.8952 here),
// and jaro_similarity, hamming, levenshtein and damerau_levenshtein count bytes. They serve as proven bounds on
// ASCII text; what they cannot decide is computed step by step with list lambdas. JavaScript indexes UTF-16 code
// units where DuckDB indexes code points: `unitCoder` rewrites a column's values so that the two agree.
// On BigQuery every measure is a JavaScript UDF running this engine's own TypeScript (bigquery-udfs.ts): the
// dialect is chosen here, once, and the builders write each field's level once for both engines.
import { udfCall } from './bigquery-udfs';
import type { SqlDialect } from './dialect';

/** Throws for dialects an expression is not written for (the DuckDB-only bounds and step-by-step forms). */
export function requireDuckDb(d: SqlDialect, what: string): void {
  if (d.measuresAsUdfs) throw new Error(`The ${what} expression is written for DuckDB only (BigQuery calls the measure's UDF instead).`);
}

/** A DOUBLE literal that reads back as exactly the number TypeScript compares with (a decimal text, parsed once). */
export function exactDouble(d: SqlDialect, value: number): string {
  return d.double(d.string(String(value)));
}

/** A value binding: `body` sees `value` as the lambda parameter `name` (DuckDB has no LET in expressions). */
export function letIn(value: string, name: string, body: string): string {
  return `list_transform([${value}], lambda ${name}: ${body})[1]`;
}

/** True when a text expression is plain ASCII (as many bytes as characters): DuckDB's byte measures then count characters. */
const ascii = (s: string): string => `strlen(${s}) = length(${s})`;

/** The k-th character (1-based) of a text expression. */
const at = (s: string, k: string): string => `(${s})[${k}]`;

// ---------------------------------------------------------------------------------------------------------------
// Jaro-Winkler

/** Code point offset of a matched character's mark: into plane 15 (private use), which no coded text holds. */
const MARK = 0xf0000;

/** Our prefix bonus on a Jaro score: jaro + prefix · 0.1 · (1 − jaro), in the TypeScript's order. */
function withBonus(d: SqlDialect, jaro: string, prefix: string): string {
  return `(${jaro} + ${d.double(prefix)} * ${exactDouble(d, 0.1)} * (${d.double('1')} - ${jaro}))`;
}

/** Length of the common prefix of two texts, at most 4, as jaroWinkler counts it for its bonus. */
function commonPrefix(a: string, b: string): string {
  const shorter = `least(length(${a}), length(${b}))`;
  const parts = [4, 3, 2, 1].map((k) => `WHEN ${shorter} >= ${k} AND left(${a}, ${k}) = left(${b}, ${k}) THEN ${k}`);
  return `(CASE ${parts.join(' ')} ELSE 0 END)`;
}

/**
 * Our jaroWinkler of two different non-empty texts whose characters are all below U+10000 (coded by unitCoder,
 * or cleaned), computed step by step. A reduction over a's characters takes, for each, the first unmatched place of
 * b within the window; the state is b with matched characters replaced by their mark (the character moved into
 * plane 15), followed by a's matched characters, marked too. b's matched characters in order are then the marks
 * left in b, and the transpositions the places where they differ from a's. The state starts with two header
 * characters (the window's half-width + 1 and b's length), so that the reducing lambda reads nothing but its
 * arguments: DuckDB would copy a column it read in at every step, many times slower (and its list_reduce has given
 * wrong answers past the first vector of rows when the lambda read a column). The header's code points are no
 * surrogates for texts under 55,296 characters. `tag` names the lambdas' parameters apart from those of an
 * enclosing expression.
 */
function stepByStep(d: SqlDialect, a: string, b: string, tag: string): string {
  const [acc, ch, pos, state, pair, jaro] = ['acc', 'ch', 'at', 'state', 'pair', 'jaro'].map((n) => `${tag}_${n}`) as [string, string, string, string, string, string];
  const [la, lb] = [`length(${a})`, `length(${b})`];
  const range = `greatest(0, (greatest(${la}, ${lb}) // 2) - 1)`;
  const start = `chr(CAST(${range} + 1 AS INTEGER)) || chr(CAST(${lb} AS INTEGER)) || ${b}`;
  const half = `(unicode(left(${acc}, 1)) - 1)`;
  // b's place k is the state's place k + 2.
  const lo = `greatest(1, ${pos} - ${half})`;
  const hi = `least(unicode(substring(${acc}, 2, 1)), ${pos} + ${half})`;
  const found = `instr(substring(${acc}, ${lo} + 2, greatest(0, ${hi} - ${lo} + 1)), ${ch})`;
  const mark = `chr(CAST(unicode(${ch}) + ${MARK} AS INTEGER))`;
  const next = `CASE WHEN ${found} = 0 THEN ${acc} ELSE left(${acc}, ${lo} + ${found}) || ${mark} || substring(${acc}, ${lo} + ${found} + 2) || ${mark} END`;
  const matched = `substring(list_reduce(string_split(${a}, ''), lambda ${acc}, ${ch}, ${pos}: ${next}, ${start}), 3)`;
  const fromA = `substring(${state}, ${lb} + 1)`;
  const fromB = `regexp_replace(left(${state}, ${lb}), '[^\\x{F0000}-\\x{FFFFF}]', '', 'g')`;
  const m = `length(${fromA})`;
  // Characters compared pairwise (hamming would count differing bytes, and marks take four).
  const transposed = `len(list_filter(list_zip(string_split(${fromA}, ''), string_split(${fromB}, '')), lambda ${pair}: ${pair}[1] <> ${pair}[2]))`;
  // The TypeScript's arithmetic in its order: (m / la + m / lb + (m − t / 2) / m) / 3, in doubles.
  const jaroOf =
    `(CASE WHEN ${m} = 0 THEN ${d.double('0')} ELSE (${d.double(m)} / ${d.double(la)} + ${d.double(m)} / ${d.double(lb)} + ` +
    `(${d.double(m)} - ${d.double(transposed)} / ${d.double('2')}) / ${d.double(m)}) / ${d.double('3')} END)`;
  return letIn(matched, state, letIn(jaroOf, jaro, withBonus(d, jaro, commonPrefix(a, b))));
}

/** jaroWinkler's answer before any matching: 1 for equal non-empty texts, 0 for equal empty ones or one empty, else `rest`. */
function unlessTrivial(d: SqlDialect, a: string, b: string, rest: string): string {
  return `(CASE WHEN ${a} = ${b} THEN CASE WHEN length(${a}) = 0 THEN ${d.double('0')} ELSE ${d.double('1')} END WHEN length(${a}) = 0 OR length(${b}) = 0 THEN ${d.double('0')} ELSE ${rest} END)`;
}

/**
 * jaroWinkler(a, b) to the last bit, as a DOUBLE, for two text expressions whose characters are below U+10000
 * (unitCoder's encoding, or cleaned text). Computed step by step for every pair: where only cuts matter,
 * jaroWinklerAtCutsSql is many times faster.
 */
export function jaroWinklerSql(d: SqlDialect, a: string, b: string, tag = 'jw'): string {
  if (d.measuresAsUdfs) return udfCall('regulars_jaro_winkler', a, b);
  requireDuckDb(d, 'Jaro-Winkler');
  return unlessTrivial(d, a, b, stepByStep(d, a, b, tag));
}

/** The inputs of the bounds, computed once per row: a lambda over them reads no column of the row. */
function boundInputs(a: string, b: string): string {
  return `{'jaro': jaro_similarity(${b}, ${a}), 'prefix': ${commonPrefix(a, b)}, 'inverses': 1 / length(${a}) + 1 / length(${b})}`;
}

/** lo and hi of jaroWinklerBoundsSql over the struct parameter `s` of boundInputs. */
function boundsOf(d: SqlDialect, s: string): { lo: string; hi: string } {
  // The fewest matches the Jaro allows (a little fewer, for rounding), and never under 3.
  const fewest = `greatest(3, ceil((3 * ${s}.jaro - 1) / ${s}.inverses - ${exactDouble(d, 1e-6)}))`;
  return { lo: withBonus(d, `(${s}.jaro - 1 / (6 * ${fewest}))`, `${s}.prefix`), hi: withBonus(d, `${s}.jaro`, `${s}.prefix`) };
}

/**
 * Bounds on jaroWinkler(a, b) from DuckDB's jaro_similarity, for two different non-empty ASCII texts: a struct
 * {lo, hi} with lo ≤ ours ≤ hi (up to rounding). jaro_similarity(b, a) walks its second argument, taking for each
 * character the first free equal one of the first within the window: it matches as our loop over a does, counts
 * the same transpositions T, but takes floor(T / 2) where we take T / 2. So its Jaro is ours when T is even and
 * 1 / (6m) above it when T is odd, for m matched characters. T odd means T ≥ 3 (the matched characters of a and of
 * b are one multiset, so they cannot differ in one place only), hence m ≥ 3; and m is at least what that Jaro
 * allows, (m / |a| + m / |b| + 1) / 3 ≥ jaro. Our prefix bonus only grows with the Jaro, so it keeps the bracket.
 */
export function jaroWinklerBoundsSql(d: SqlDialect, a: string, b: string, tag = 'jw'): string {
  requireDuckDb(d, 'Jaro-Winkler');
  const { lo, hi } = boundsOf(d, `${tag}_in`);
  return letIn(boundInputs(a, b), `${tag}_in`, `{'lo': ${lo}, 'hi': ${hi}}`);
}

/** Rounding margin around a cut: a few units in the last place matter, far below any gap between two similarities. */
const MARGIN = 1e-9;

/** How the Jaro-Winkler expressions may treat their texts. */
export interface JaroWinklerOptions {
  /**
   * Every value the two expressions can take is ASCII (the caller checked its columns with allAscii): DuckDB's
   * byte-wise jaro then bounds ours without a per-row check. Otherwise each row is checked (that costs about as
   * much as the bounds).
   */
  ascii?: boolean;
  /** Prefix of the lambdas' parameter names, apart from those of an enclosing expression (default "jw"). */
  tag?: string;
}

/** True when every value is plain ASCII (what JaroWinklerOptions.ascii asks of a column). */
export function allAscii(values: Iterable<string>): boolean {
  // eslint-disable-next-line no-control-regex
  for (const v of values) if (!/^[\x00-\x7f]*$/.test(v)) return false;
  return true;
}

/**
 * A DOUBLE that is ≥ each of `cuts` exactly when our jaroWinkler(a, b) is (characters below U+10000, as for
 * jaroWinklerSql). For ASCII texts DuckDB's bounds decide every cut not between them, and then the upper bound is
 * returned; the few pairs with a cut within the bracket (or with other characters) are computed step by step.
 */
export function jaroWinklerAtCutsSql(d: SqlDialect, a: string, b: string, cuts: readonly number[], options: JaroWinklerOptions = {}): string {
  for (const cut of cuts) if (!(cut > 0 && cut <= 1)) throw new RangeError(`a Jaro-Winkler cut must be in (0, 1], got ${cut}`);
  // BigQuery computes the exact similarity, which is ≥ each cut exactly when ours is.
  if (d.measuresAsUdfs) return jaroWinklerSql(d, a, b);
  const tag = options.tag ?? 'jw';
  const { lo, hi } = boundsOf(d, `${tag}_in`);
  const decided = cuts.map((c) => `(${hi} < ${exactDouble(d, c - MARGIN)} OR ${lo} >= ${exactDouble(d, c + MARGIN)})`).join(' AND ');
  // The bounds' inputs bound once (measured: faster than DuckDB's jaro written out at each use); NULL where the
  // bounds do not decide, and COALESCE computes the step-by-step form for those rows only.
  const fast = letIn(boundInputs(a, b), `${tag}_in`, `CASE WHEN ${decided} THEN ${hi} END`);
  const checked = options.ascii ? fast : `CASE WHEN ${ascii(a)} AND ${ascii(b)} THEN ${fast} END`;
  return unlessTrivial(d, a, b, `coalesce(${checked}, ${stepByStep(d, a, b, tag)})`);
}

/** jaroWinkler(a, b) ≥ cut, as the TypeScript compares (the same double), for texts as jaroWinklerAtCutsSql takes. */
export function jaroWinklerAtLeastSql(d: SqlDialect, a: string, b: string, cut: number, options: JaroWinklerOptions = {}): string {
  return `(${jaroWinklerAtCutsSql(d, a, b, [cut], options)} >= ${exactDouble(d, cut)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Typos and edit distance

/**
 * The greedy typo count of digitTypos / withinTypos on equal lengths (`n` characters): each differing position
 * counts one, an adjacent swap counts one for both positions. Each position is first classed (0 equal, 1 differs,
 * 2 starts a swap), then a reduction carries count · 2 + (1 when the next position was used by a swap); the
 * reducing lambda reads nothing but its arguments (see stepByStep).
 */
export function greedyTyposSql(a: string, b: string, n: string): string {
  const classes =
    `list_transform(range(${n}), lambda gx: CASE WHEN ${at(a, 'gx + 1')} = ${at(b, 'gx + 1')} THEN 0 ` +
    `WHEN gx + 1 < ${n} AND ${at(a, 'gx + 1')} = ${at(b, 'gx + 2')} AND ${at(a, 'gx + 2')} = ${at(b, 'gx + 1')} THEN 2 ELSE 1 END)`;
  return `(list_reduce(${classes}, lambda ga, ge: CASE WHEN ga % 2 = 1 THEN ga - 1 WHEN ge = 0 THEN ga WHEN ge = 2 THEN ga + 3 ELSE ga + 2 END, 0) // 2)`;
}

/** Length of the common prefix of a and b, at most `m` characters. */
function prefixLength(a: string, b: string, m: string): string {
  return `coalesce(list_position(list_transform(range(${m}), lambda px: ${at(a, 'px + 1')} <> ${at(b, 'px + 1')}), true) - 1, ${m})`;
}

/** Length of the common suffix of a (la characters) and b (lb), at most `m` characters. */
function suffixLength(a: string, b: string, la: string, lb: string, m: string): string {
  return `coalesce(list_position(list_transform(range(${m}), lambda sx: ${at(a, `${la} - sx`)} <> ${at(b, `${lb} - sx`)}), true) - 1, ${m})`;
}

/**
 * The optimal-string-alignment distance of a (longer by 1 or 2) and b is at most `max` (1 or 2). With the common
 * prefix and suffix stripped (the ends then differ), one deletion from a's ends plus at most one substitution or
 * swap at the other end is all `max` allows; checked against editDistance on every pair of strings over four
 * letters up to six long.
 */
function longerWithinSql(a: string, b: string, max: 1 | 2): string {
  const [la, lb] = [`length(${a})`, `length(${b})`];
  // cp, cs: common prefix and suffix; sa, sb: the stripped lengths; a's stripped part starts at cp + 1.
  const sub = (s: string, from: string, len: string): string => `substring(${s}, cp + ${from}, ${len})`;
  const one = `sb = 0`;
  const two =
    `(sa - sb = 2 AND ${sub(a, '2', 'sa - 2')} = ${sub(b, '1', 'sb')}) OR (sa - sb = 1 AND (sb = 0` +
    // delete a's first character, substitute or swap at the end
    ` OR ${sub(a, '2', 'sa - 2')} = ${sub(b, '1', 'sb - 1')}` +
    ` OR (sb >= 2 AND ${sub(a, '2', 'sa - 3')} = ${sub(b, '1', 'sb - 2')} AND ${at(a, 'cp + sa - 1')} = ${at(b, 'cp + sb')} AND ${at(a, 'cp + sa')} = ${at(b, 'cp + sb - 1')})` +
    // delete a's last character, substitute or swap at the start
    ` OR ${sub(a, '2', 'sa - 2')} = ${sub(b, '2', 'sb - 1')}` +
    ` OR (sb >= 2 AND ${at(a, 'cp + 1')} = ${at(b, 'cp + 2')} AND ${at(a, 'cp + 2')} = ${at(b, 'cp + 1')} AND ${sub(a, '3', 'sa - 3')} = ${sub(b, '3', 'sb - 2')})))`;
  const stripped = letIn(`${la} - cp - cs`, 'sa', letIn(`${lb} - cp - cs`, 'sb', max === 1 ? one : two));
  return letIn(prefixLength(a, b, lb), 'cp', letIn(suffixLength(a, b, la, lb, `${lb} - cp`), 'cs', stripped));
}

/**
 * withinTypos(a, b, max) for two text expressions, max 1 or 2 (for max 1 also editDistance(a, b, 1) ≤ 1: one
 * substitution, insertion, deletion or adjacent swap). For ASCII texts DuckDB's own measures decide first: on
 * equal lengths the count of differing positions h bounds the greedy count (h / 2 ≤ count ≤ h), on other lengths
 * the Levenshtein distance L bounds the alignment distance (L / 2 ≤ d ≤ L); measured several times faster than
 * damerau_levenshtein. The rest is computed step by step, by character (values coded by unitCoder).
 */
export function withinTyposSql(d: SqlDialect, a: string, b: string, max: 1 | 2): string {
  if (d.measuresAsUdfs) return udfCall('regulars_within_typos', a, b, exactDouble(d, max));
  requireDuckDb(d, 'typo');
  const [la, lb] = [`length(${a})`, `length(${b})`];
  const bounded = (measure: string, exact: string): string =>
    `CASE WHEN NOT (${ascii(a)} AND ${ascii(b)}) THEN ${exact} WHEN ${measure} <= ${max} THEN true WHEN ${measure} > ${2 * max} THEN false ELSE ${exact} END`;
  const equal = bounded(`hamming(${a}, ${b})`, `${greedyTyposSql(a, b, la)} <= ${max}`);
  const other = bounded(`levenshtein(${a}, ${b})`, `(CASE WHEN ${la} > ${lb} THEN ${longerWithinSql(a, b, max)} ELSE ${longerWithinSql(b, a, max)} END)`);
  return `(CASE WHEN abs(${la} - ${lb}) > ${max} THEN false WHEN ${la} = ${lb} THEN (${equal}) ELSE (${other}) END)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Word overlap

/**
 * tokenOverlap(a, b) of two word lists against `share` ('all': = 1, 'half': ≥ 0.5): 0 when either is empty, else
 * the share of the words of the list with fewer words (a's on a tie), repeats counted, that are in the other.
 */
export function wordOverlapSql(d: SqlDialect, a: string, b: string, share: 'all' | 'half'): string {
  if (d.measuresAsUdfs) return `(${udfCall('regulars_token_overlap', a, b)} ${share === 'all' ? '=' : '>='} ${exactDouble(d, share === 'all' ? 1 : 0.5)})`;
  // hits / n ≥ 0.5 exactly when 2 · hits ≥ n (small integers, no rounding).
  const covers = (small: string, large: string): string =>
    share === 'all' ? `list_has_all(${large}, ${small})` : `2 * len(list_filter(${small}, lambda ow: list_contains(${large}, ow))) >= len(${small})`;
  return `(len(${a}) > 0 AND len(${b}) > 0 AND CASE WHEN len(${a}) <= len(${b}) THEN ${covers(a, b)} ELSE ${covers(b, a)} END)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Characters

/** How a column's values are written for the measures above. */
export interface UnitCoder {
  encode: (value: string) => string;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Makes one DuckDB character of each UTF-16 code unit: values without surrogates (nearly all) stay as they are;
 * each surrogate unit becomes a private-use character no value of the column holds, so lengths, positions and
 * equality are the ones JavaScript sees (and every character is below U+10000, as jaroWinklerSql asks).
 */
export function unitCoder(values: Iterable<string>): UnitCoder {
  // The surrogates are looked for first: a column without any (nearly every one) needs no census of its code units,
  // which at five million e-mail addresses was a hundred million set insertions.
  const all = Array.isArray(values) ? (values as readonly string[]) : [...values];
  if (!all.some((v) => SURROGATE.test(v))) return { encode: (v) => v };
  const used = new Uint8Array(0x10000);
  for (const v of all) for (let k = 0; k < v.length; k++) used[v.charCodeAt(k)] = 1;
  let next = 0xe000;
  const free = (): number => {
    while (used[next] === 1 || (next >= 0xd800 && next <= 0xdfff)) next++;
    used[next] = 1;
    return next;
  };
  const map = new Map<number, string>();
  for (let unit = 0xd800; unit <= 0xdfff; unit++) if (used[unit] === 1) map.set(unit, String.fromCharCode(free()));
  const encode = (v: string): string => {
    if (!SURROGATE.test(v)) return v;
    let out = '';
    for (let k = 0; k < v.length; k++) {
      const u = v.charCodeAt(k);
      out += map.get(u) ?? String.fromCharCode(u);
    }
    return out;
  };
  return { encode };
}
