// Our Jaro-Winkler similarity (shared/dedupe/similarity.ts) as SQL. DuckDB's own jaro_winkler_similarity
// differs from ours (london / loondon: 0.9175 there, 0.8952 here): it halves the transpositions rounding down and
// adds the prefix bonus only above 0.7, so a level with a cut between the two would differ. The exact form below
// follows our loop step by step, which is slow; the threshold test runs it only where DuckDB's fast jaro cannot
// decide.
import type { SqlDialect } from './dialect';

/** A DOUBLE literal that reads back as exactly the number TypeScript compares with. */
export function exactDouble(d: SqlDialect, value: number): string {
  return d.double(d.string(String(value)));
}

/**
 * jaroWinkler(a, b) for two text expressions (lower-case ASCII, so characters and UTF-16 units are one): 1 when
 * equal and non-empty, 0 when one is empty, else the Jaro similarity (each character of a takes the first
 * unmatched equal character of b within the window, in order) with the common prefix (up to 4) bonus, computed
 * with the same floating-point operations in the same order.
 */
export function jaroWinklerSql(d: SqlDialect, a: string, b: string): string {
  // The two texts are named once (jv.a, jv.b), so long expressions are not repeated.
  const [x, y] = ['jv.a', 'jv.b'];
  const window = `greatest(0, greatest(length(${x}), length(${y})) // 2 - 1)`;
  // For each character of a (a fold, since earlier matches block later ones), the position of its match in b or
  // 0. The fold's elements carry the texts and the window themselves: DuckDB's list_reduce misaligns values a
  // lambda captures from outside when the rows' lists differ in length.
  const step = `{'m': [jx], 'a': ${x}, 'b': ${y}, 'w': ${window}}`;
  const matches =
    `list_reduce(list_transform(range(1, length(${x}) + 1), lambda jx: ${step}), lambda jacc, je: {'m': list_append(jacc.m, coalesce(list_filter(` +
    `range(greatest(1, je.m[1] - je.w), least(length(je.b), je.m[1] + je.w) + 1), lambda jy: substr(je.b, jy, 1) = substr(je.a, je.m[1], 1) AND NOT list_contains(jacc.m, jy))[1], 0)), ` +
    `'a': je.a, 'b': je.b, 'w': je.w}, {'m': CAST([] AS BIGINT[]), 'a': ${x}, 'b': ${y}, 'w': ${window}}).m`;
  // Transpositions: matched characters of a in a's order against matched characters of b in b's order.
  const counts =
    `[{'m': len(list_filter(jm, lambda jp: jp > 0)), 't': len(list_filter(list_zip(list_filter(range(1, length(${x}) + 1), lambda jx: jm[jx] > 0), list_sort(list_filter(jm, lambda jp: jp > 0))), ` +
    `lambda jz: substr(${x}, jz[1], 1) <> substr(${y}, jz[2], 1)))} for jm in [${matches}]]`;
  const jaro = `(jc.m / length(${x}) + jc.m / length(${y}) + (jc.m - jc.t / 2) / jc.m) / 3`;
  const prefix = `len(list_filter(range(1, least(4, length(${x}), length(${y})) + 1), lambda jk: substr(${x}, 1, jk) = substr(${y}, 1, jk)))`;
  const winkler = `[CASE WHEN jc.m = 0 THEN CAST(0 AS DOUBLE) ELSE [jj + CAST(${prefix} AS DOUBLE) * ${exactDouble(d, 0.1)} * (1 - jj) for jj in [${jaro}]][1] END for jc in ${counts}][1]`;
  const body = `CASE WHEN ${x} = ${y} THEN CASE WHEN length(${x}) = 0 THEN CAST(0 AS DOUBLE) ELSE CAST(1 AS DOUBLE) END WHEN length(${x}) = 0 OR length(${y}) = 0 THEN CAST(0 AS DOUBLE) ELSE ${winkler} END`;
  return `[${body} for jv in [{'a': ${a}, 'b': ${b}}]][1]`;
}

/** The length (0 … 4) of the common prefix of two texts, as jaroWinkler counts it for its bonus. */
function prefixSql(a: string, b: string): string {
  const agree = (k: number): string => `least(length(${a}), length(${b})) >= ${k} AND left(${a}, ${k}) = left(${b}, ${k})`;
  return `(CASE WHEN ${agree(4)} THEN 4 WHEN ${agree(3)} THEN 3 WHEN ${agree(2)} THEN 2 WHEN ${agree(1)} THEN 1 ELSE 0 END)`;
}

/**
 * jaroWinkler(a, b) ≥ cut (0 < cut ≤ 1) for two text expressions. DuckDB's jaro_similarity(b, a) matches the
 * characters exactly as our loop over a does (it walks its second argument, taking the first free character of the
 * first within the window) and counts the same transpositions T, but takes floor(T / 2) where we take T / 2: it
 * is our Jaro, or 1 / (6m) above it for m matched characters. With our prefix bonus (which only grows with the
 * Jaro) that brackets our similarity, so only pairs within that gap of the cut need the slow exact form.
 */
export function jaroWinklerAtLeastSql(d: SqlDialect, a: string, b: string, cut: number): string {
  if (!(cut > 0 && cut <= 1)) throw new RangeError(`a Jaro-Winkler cut must be in (0, 1], got ${cut}`);
  // Written out rather than bound by comprehensions: a lambda costs more than DuckDB's jaro several times.
  const jaro = `jaro_similarity(${b}, ${a})`;
  const bonus = (j: string): string => `(${j} + CAST(${prefixSql(a, b)} AS DOUBLE) * ${exactDouble(d, 0.1)} * (1 - ${j}))`;
  // Fewest matches that Jaro allows: (m / |a| + m / |b| + 1) / 3 ≥ jaro (a little less, for rounding).
  const fewest = `greatest(1, ceil((3 * ${jaro} - 1) / (1 / length(${a}) + 1 / length(${b})) - ${exactDouble(d, 1e-6)}))`;
  const lowest = `(${jaro} - 1 / (6 * ${fewest}))`;
  // The margins cover rounding (a few units in the last place), far below any difference of two similarities.
  return (
    `(CASE WHEN ${a} = ${b} THEN length(${a}) > 0 WHEN length(${a}) = 0 OR length(${b}) = 0 THEN FALSE ` +
    `WHEN ${bonus(jaro)} < ${exactDouble(d, cut - 1e-9)} THEN FALSE WHEN ${bonus(lowest)} >= ${exactDouble(d, cut + 1e-9)} THEN TRUE ` +
    `ELSE ${jaroWinklerSql(d, a, b)} >= ${exactDouble(d, cut)} END)`
  );
}
