// The company and domain fields' levels as SQL. Company names are compared as weighted word sets: each record's
// words and their rarity weights are computed in TypeScript (the weights are column statistics), the greedy word
// matching and the ordered weight sums that decide the level are SQL, so the level is exactly companyField's. On
// BigQuery the similarity and containment are UDFs running companySimilarity and companyContainment themselves.
import { wordWeights, type Prepared } from '../dedupe';
import type { SqlDialect } from './dialect';
import type { FieldComparisonSql } from './dedupe-comparison-sql';
import { udfCall } from './bigquery-udfs';
import { allAscii, exactDouble, jaroWinklerAtLeastSql, type JaroWinklerOptions } from './dedupe-compare-similarity';

/** The sum of a DOUBLE list added left to right from 0, as a TypeScript `+=` loop adds it (the order rounds). */
function orderedSum(list: string): string {
  return `list_reduce(${list}, lambda acc, v: acc + v, CAST(0 AS DOUBLE))`;
}

/**
 * wordsAgree over two text expressions (`x` from the first name, `y` from the second): equal, the shorter (3+
 * letters) starts the longer, or both 5+ letters and our Jaro-Winkler at least 0.92.
 */
function wordsAgreeSql(d: SqlDialect, x: string, y: string, text: JaroWinklerOptions): string {
  return (
    `(${x} = ${y}` +
    ` OR (CASE WHEN length(${x}) <= length(${y}) THEN length(${x}) >= 3 AND starts_with(${y}, ${x}) ELSE length(${y}) >= 3 AND starts_with(${x}, ${y}) END)` +
    ` OR (least(length(${x}), length(${y})) >= 5 AND ${jaroWinklerAtLeastSql(d, x, y, 0.92, text)}))`
  );
}

/** The weight at a 1-based position of a weight list (text, see companyComparisonSql) as a DOUBLE. */
const weightAt = (weights: string, index: string): string => `CAST(${weights}[${index}] AS DOUBLE)`;

/**
 * companySimilarity over the agreement matrix `agree` (agree[x][y]: word x of a and word y of b agree): each word
 * of a (in order) takes the first unused word of b it agrees with; shared weight (both sides of each match) over
 * the weight of all words, summed in the TypeScript loop's order. `wa`/`wb` are the words' weight lists.
 */
function similaritySql(agree: string, a: string, wa: string, b: string, wb: string): string {
  // The greedy matching as a fold: the accumulator lists, per word of a, the index of its match in b (0: none).
  // The fold's elements carry their matrix row themselves: DuckDB's list_reduce misaligns values a lambda
  // captures from outside when the rows' lists differ in length (and wants the accumulator of the elements' type).
  const matches =
    `list_reduce(list_transform(range(1, len(${a}) + 1), lambda cx: {'m': [cx], 'row': ${agree}[cx]}), ` +
    `lambda cacc, ce: {'m': list_append(cacc.m, coalesce(list_filter(range(1, len(ce.row) + 1), lambda cy: ce.row[cy] AND NOT list_contains(cacc.m, cy))[1], 0)), 'row': ce.row}, ` +
    `{'m': CAST([] AS BIGINT[]), 'row': CAST([] AS BOOLEAN[])}).m`;
  // total: each word of a, then its match, as the loop adds them; then the unmatched words of b in order.
  const totalTerms =
    `list_concat(flatten(list_transform(range(1, len(${a}) + 1), lambda cx: CASE WHEN cm[cx] > 0 THEN [${weightAt(wa, 'cx')}, ${weightAt(wb, 'cm[cx]')}] ELSE [${weightAt(wa, 'cx')}] END)), ` +
    `list_transform(list_filter(range(1, len(${b}) + 1), lambda cy: NOT list_contains(cm, cy)), lambda cy: ${weightAt(wb, 'cy')}))`;
  const sharedTerms = `list_transform(list_filter(range(1, len(${a}) + 1), lambda cx: cm[cx] > 0), lambda cx: ${weightAt(wa, 'cx')} + ${weightAt(wb, 'cm[cx]')})`;
  // Comprehensions over one-element lists name the matching and the two sums, so each is computed once.
  const sums = `[{'shared': ${orderedSum(sharedTerms)}, 'total': ${orderedSum(totalTerms)}} for cm in [${matches}]]`;
  return `[CASE WHEN cp.total = 0 THEN CAST(0 AS DOUBLE) ELSE cp.shared / cp.total END for cp in ${sums}][1]`;
}

/** companyContainment: the weighted share of the words of `s` (indexes 1 … count) for which `hit(index)` holds. */
function containedSql(count: string, ws: string, hit: (index: string) => string): string {
  const part = orderedSum(`list_transform(list_filter(range(1, ${count} + 1), lambda cx: ${hit('cx')}), lambda cx: ${weightAt(ws, 'cx')})`);
  const whole = orderedSum(`list_transform(${ws}, lambda cw: CAST(cw AS DOUBLE))`);
  return `[CASE WHEN cq.whole = 0 THEN CAST(0 AS DOUBLE) ELSE cq.part / cq.whole END for cq in [{'part': ${part}, 'whole': ${whole}}]][1]`;
}

/**
 * The company field (companyField in shared/dedupe/company.ts): -1 a name missing, 0 the same normalised name,
 * else 1 weighted similarity ≥ 0.9, 2 one name within the other (containment ≥ 0.9), 3 similarity ≥ 0.5, 4 different.
 */
export function companyComparisonSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const tokens = p.company.map((v) => (v === '' ? [] : v.split(' ')));
  const weightOf = wordWeights(tokens);
  // Weights travel as their shortest round-trip text (the column types have no DOUBLE list): DuckDB reads it back exactly.
  const weights = tokens.map((ws) => ws.map((w) => String(weightOf(w))));
  const [name, words, wts] = ['company_name', 'company_words', 'company_weights'].map((c) => d.identifier(c)) as [string, string, string];
  const [a, b] = [`l.${words}`, `r.${words}`];
  // companyField's ladder over the similarity (bound as cs) and the containment (computed only when needed).
  const ladder = (containment: string): string =>
    `CASE WHEN cs >= ${exactDouble(d, 0.9)} THEN 1 WHEN ${containment} >= ${exactDouble(d, 0.9)} THEN 2 WHEN cs >= ${exactDouble(d, 0.5)} THEN 3 ELSE 4 END`;
  const known = `CASE WHEN l.${name} IS NULL OR r.${name} IS NULL THEN -1 WHEN l.${name} = r.${name} THEN 0 ELSE `;
  const columns: FieldComparisonSql['columns'] = [
    { name: 'company_name', type: 'VARCHAR', value: (i) => (p.company[i] === '' ? null : (p.company[i] as string)) },
    { name: 'company_words', type: 'VARCHAR[]', value: (i) => tokens[i] as string[] },
    { name: 'company_weights', type: 'VARCHAR[]', value: (i) => weights[i] as string[] },
  ];
  if (d.measuresAsUdfs) {
    const args = [a, `l.${wts}`, b, `r.${wts}`];
    const level = `${known}${d.bind(udfCall('regulars_company_similarity', ...args), 'cs', ladder(udfCall('regulars_company_containment', ...args)))} END`;
    return { field: 'company', columns, level };
  }
  // Every word of a against every word of b, once: the similarity and the containment both read it. wordsAgree
  // is symmetric (so is our Jaro-Winkler), so b's words contained in a read the same matrix by column.
  const agree = `list_transform(${a}, lambda wx: list_transform(${b}, lambda wy: ${wordsAgreeSql(d, 'wx', 'wy', { ascii: allAscii(tokens.flat()) })}))`;
  const sim = similaritySql('cg', a, `l.${wts}`, b, `r.${wts}`);
  const contained =
    `CASE WHEN len(${a}) <= len(${b}) THEN ${containedSql(`len(${a})`, `l.${wts}`, (x) => `list_contains(cg[${x}], TRUE)`)} ` +
    `ELSE ${containedSql(`len(${b})`, `r.${wts}`, (y) => `len(list_filter(cg, lambda crow: crow[${y}])) > 0`)} END`;
  const level = `${known}[[${ladder(contained)} for cs in [${sim}]][1] for cg in [${agree}]][1] END`;
  return { field: 'company', columns, level };
}

/** The domain field (domainField in shared/dedupe/domain.ts): -1 a record without domains, 0 one shared, 1 none shared. */
export function domainComparisonSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const list = d.identifier('domain_list');
  return {
    field: 'domain',
    columns: [{ name: 'domain_list', type: 'VARCHAR[]', value: (i) => p.domains[i] as string[] }],
    level: `CASE WHEN ${d.listLength(`l.${list}`)} = 0 OR ${d.listLength(`r.${list}`)} = 0 THEN -1 WHEN ${d.listsShare(`l.${list}`, `r.${list}`)} THEN 0 ELSE 1 END`,
  };
}
