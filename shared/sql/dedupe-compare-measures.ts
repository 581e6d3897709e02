// The string measures of shared/dedupe/similarity.ts written as DuckDB expressions that give the same answers:
// the greedy typo count, withinTypos (bounded optimal-string-alignment distance) and Jaro-Winkler. DuckDB's own
// damerau_levenshtein (unrestricted, on bytes) and jaro_winkler_similarity (on bytes, prefix bonus only above a
// Jaro of 0.7) differ from ours, so these are spelled out with list lambdas. They index characters by code point
// where JavaScript indexes UTF-16 code units: `unitCoder` rewrites the values loaded so the two agree.

/** A value binding: `body` sees `value` as the lambda parameter `name` (DuckDB has no LET in expressions). */
export function letIn(value: string, name: string, body: string): string {
  return `list_transform([${value}], lambda ${name}: ${body})[1]`;
}

/** The k-th character (1-based) of a string expression. */
const at = (s: string, k: string): string => `(${s})[${k}]`;

/**
 * The greedy typo count of digitTypos / withinTypos on equal lengths (`n` characters): each differing position
 * counts one, an adjacent swap counts one for both positions. Each position is first classed (0 equal, 1 differs,
 * 2 starts a swap), then a reduction carries count · 2 + (1 when the next position was used by a swap).
 * The reducing lambda reads nothing but its arguments: DuckDB 1.5's list_reduce gives wrong answers past the
 * first vector of rows when its lambda reads a column of the row (list_transform does not).
 */
export function greedyTyposSql(a: string, b: string, n: string): string {
  const classes =
    `list_transform(range(${n}), lambda gx: CASE WHEN ${at(a, 'gx + 1')} = ${at(b, 'gx + 1')} THEN 0 ` +
    `WHEN gx + 1 < ${n} AND ${at(a, 'gx + 1')} = ${at(b, 'gx + 2')} AND ${at(a, 'gx + 2')} = ${at(b, 'gx + 1')} THEN 2 ELSE 1 END)`;
  return `(list_reduce(${classes}, lambda ga, ge: CASE WHEN ga % 2 = 1 THEN ga - 1 WHEN ge = 0 THEN ga WHEN ge = 2 THEN ga + 3 ELSE ga + 2 END, 0) // 2)`;
}

/** Length of the common prefix of a and b, at most `m` characters. */
function prefixSql(a: string, b: string, m: string): string {
  return `coalesce(list_position(list_transform(range(${m}), lambda px: ${at(a, 'px + 1')} <> ${at(b, 'px + 1')}), true) - 1, ${m})`;
}

/** Length of the common suffix of a (la characters) and b (lb), at most `m` characters. */
function suffixSql(a: string, b: string, la: string, lb: string, m: string): string {
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
  return letIn(prefixSql(a, b, lb), 'cp', letIn(suffixSql(a, b, la, lb, `${lb} - cp`), 'cs', stripped));
}

/** True when a string expression is plain ASCII (as many bytes as characters). */
const ascii = (s: string): string => `strlen(${s}) = length(${s})`;

/**
 * withinTypos(a, b, max) for two different non-empty strings, max 1 or 2. For ASCII strings DuckDB's own
 * measures decide most pairs first: on equal lengths the count of differing positions m bounds the greedy count
 * (m/2 ≤ count ≤ m); on other lengths the Levenshtein distance L bounds the alignment distance (L/2 ≤ d ≤ L).
 */
export function withinTyposSql(a: string, b: string, max: 1 | 2): string {
  const [la, lb] = [`length(${a})`, `length(${b})`];
  const bounded = (measure: string, exact: string): string =>
    `CASE WHEN NOT (${ascii(a)} AND ${ascii(b)}) THEN ${exact} WHEN ${measure} <= ${max} THEN true WHEN ${measure} > ${2 * max} THEN false ELSE ${exact} END`;
  const equal = bounded(`hamming(${a}, ${b})`, `${greedyTyposSql(a, b, la)} <= ${max}`);
  const other = bounded(`levenshtein(${a}, ${b})`, `(CASE WHEN ${la} > ${lb} THEN ${longerWithinSql(a, b, max)} ELSE ${longerWithinSql(b, a, max)} END)`);
  return `(CASE WHEN abs(${la} - ${lb}) > ${max} THEN false WHEN ${la} = ${lb} THEN (${equal}) ELSE (${other}) END)`;
}

/**
 * jaroWinkler(a, b) of two different non-empty strings, as similarity.ts computes it (same matching, same
 * floating-point operations in the same order). `sentinel` is a character no value of the column holds: it
 * marks b's matched characters. The state of the matching pass is b with its matched characters masked,
 * followed by a's matched characters in order.
 */
export function jaroWinklerSql(a: string, b: string, sentinel: string): string {
  const [la, lb] = [`length(${a})`, `length(${b})`];
  const range = `greatest(0, greatest(${la}, ${lb}) // 2 - 1)`;
  // One step per character of a; its element carries the character, then the first index and the length of
  // its window in b, so the reducing lambda reads only its arguments (see greedyTyposSql).
  const lo = `greatest(0, jq - ${range})`;
  const width = `least(${lb} - 1, jq + ${range}) - ${lo} + 1`;
  const elements = `list_transform(range(${la}), lambda jq: ${at(a, 'jq + 1')} || CAST(${lo} AS VARCHAR) || ':' || CAST(${width} AS VARCHAR))`;
  const from = `CAST(split_part(substring(je, 2), ':', 1) AS INTEGER)`;
  const span = `CAST(split_part(substring(je, 2), ':', 2) AS INTEGER)`;
  const found = `(CASE WHEN ${span} <= 0 THEN 0 ELSE instr(substring(js, ${from} + 1, ${span}), left(je, 1)) END)`;
  const masked = `CASE WHEN ${found} = 0 THEN js ELSE left(js, ${from} + ${found} - 1) || ${sentinel} || substring(js, ${from} + ${found} + 1) || left(je, 1) END`;
  const state = `list_reduce(${elements}, lambda js, je: ${masked}, ${b})`;
  // m matches; a's matched characters follow b's masked copy; b's are its masked positions, in order.
  const matchedB = `array_to_string(list_transform(list_filter(range(${lb}), lambda jb: ${at('jst', 'jb + 1')} = ${sentinel}), lambda jb: ${at(b, 'jb + 1')}), '')`;
  const transpositions = `len(list_filter(range(jm), lambda jt: ${at('jst', `${lb} + jt + 1`)} <> ${at('jmb', 'jt + 1')}))`;
  const jaro =
    `CASE WHEN jm = 0 THEN CAST(0 AS DOUBLE) ELSE ((CAST(jm AS DOUBLE) / ${la} + CAST(jm AS DOUBLE) / ${lb}) + ` +
    `(CAST(jm AS DOUBLE) - CAST(${transpositions} AS DOUBLE) / 2) / jm) / 3 END`;
  const prefix = `(CASE WHEN ${at(a, '1')} <> ${at(b, '1')} THEN 0 WHEN ${at(a, '2')} <> ${at(b, '2')} THEN 1 WHEN ${at(a, '3')} <> ${at(b, '3')} THEN 2 WHEN ${at(a, '4')} <> ${at(b, '4')} THEN 3 ELSE 4 END)`;
  const winkler = letIn(jaro, 'jj', `jj + CAST(${prefix} AS DOUBLE) * CAST(0.1 AS DOUBLE) * (1 - jj)`);
  return letIn(state, 'jst', letIn(`length(jst) - ${lb}`, 'jm', letIn(matchedB, 'jmb', winkler)));
}

/** How a column's values are written for the measures above, and a character none of them holds. */
export interface UnitCoder {
  encode: (value: string) => string;
  /** A character in no encoded value (a mask for jaroWinklerSql). */
  unused: string;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Makes one DuckDB character of each UTF-16 code unit: values without surrogates (nearly all) stay as they are;
 * each surrogate unit becomes a private-use character no value of the column holds, so lengths, positions and
 * equality are the ones JavaScript sees.
 */
export function unitCoder(values: Iterable<string>): UnitCoder {
  const used = new Set<number>();
  let surrogates = false;
  for (const v of values) {
    for (let k = 0; k < v.length; k++) used.add(v.charCodeAt(k));
    if (!surrogates && SURROGATE.test(v)) surrogates = true;
  }
  let next = 0xe000;
  const free = (): number => {
    while (used.has(next) || (next >= 0xd800 && next <= 0xdfff)) next++;
    used.add(next);
    return next;
  };
  const unused = String.fromCharCode(free());
  if (!surrogates) return { encode: (v) => v, unused };
  const map = new Map<number, string>();
  for (const unit of [...used].filter((u) => u >= 0xd800 && u <= 0xdfff).sort((x, y) => x - y)) map.set(unit, String.fromCharCode(free()));
  const encode = (v: string): string => {
    if (!SURROGATE.test(v)) return v;
    let out = '';
    for (let k = 0; k < v.length; k++) {
      const u = v.charCodeAt(k);
      out += map.get(u) ?? String.fromCharCode(u);
    }
    return out;
  };
  return { encode, unused };
}
