// The dedupe string measures on BigQuery: JavaScript UDFs whose code is the in-memory engine's own TypeScript,
// bundled (shared/sql/bigquery-udf-library.ts, generated), so BigQuery's V8 gives the same doubles and booleans.
// Strings reach a JavaScript UDF as UTF-16 JavaScript strings, as the engine reads them. The statements that call
// a UDF declare it first (CREATE TEMP FUNCTION lives as long as its script).
import { UDF_LIBRARY } from './bigquery-udf-library';

/** One UDF: its SQL signature and the JavaScript that answers a call (the library is prepended). */
interface Udf {
  params: string;
  returns: string;
  body: string;
}

/** Any NULL argument answers NULL, as a SQL function would (the measures take strings and lists only). */
const NULLS = (names: readonly string[]): string => `if (${names.map((n) => `${n} === null`).join(' || ')}) return null;`;

/** The company words' weights, word → weight, from the two names' word and weight lists (weights are shortest round-trip text). */
const WEIGHTS = 'const w = new Map(); a.forEach((x, k) => w.set(x, Number(wa[k]))); b.forEach((x, k) => w.set(x, Number(wb[k]))); const weightOf = (x) => w.get(x);';

/** The UDFs by name. */
export const DEDUPE_UDFS: Readonly<Record<string, Udf>> = {
  regulars_jaro_winkler: { params: 'a STRING, b STRING', returns: 'FLOAT64', body: `${NULLS(['a', 'b'])} return regulars.jaroWinkler(a, b);` },
  regulars_within_typos: { params: 'a STRING, b STRING, most FLOAT64', returns: 'BOOL', body: `${NULLS(['a', 'b', 'most'])} return regulars.withinTypos(a, b, most);` },
  regulars_token_overlap: { params: 'a ARRAY<STRING>, b ARRAY<STRING>', returns: 'FLOAT64', body: `${NULLS(['a', 'b'])} return regulars.tokenOverlap(a, b);` },
  regulars_company_similarity: {
    params: 'a ARRAY<STRING>, wa ARRAY<STRING>, b ARRAY<STRING>, wb ARRAY<STRING>',
    returns: 'FLOAT64',
    body: `${NULLS(['a', 'wa', 'b', 'wb'])} ${WEIGHTS} return regulars.companySimilarity(a, b, weightOf);`,
  },
  regulars_company_containment: {
    params: 'a ARRAY<STRING>, wa ARRAY<STRING>, b ARRAY<STRING>, wb ARRAY<STRING>',
    returns: 'FLOAT64',
    body: `${NULLS(['a', 'wa', 'b', 'wb'])} ${WEIGHTS} return regulars.companyContainment(a, b, weightOf);`,
  },
};

/** The JavaScript of a UDF: the library, then the call (what BigQuery runs per row, and what tests run in Node). */
export function udfJavaScript(name: string): string {
  const udf = DEDUPE_UDFS[name];
  if (!udf) throw new Error(`no dedupe UDF named ${name}`);
  return `${UDF_LIBRARY}\n${udf.body}`;
}

/** The parameter names of a UDF, in order (what the JavaScript sees). */
export function udfParameters(name: string): string[] {
  const udf = DEDUPE_UDFS[name];
  if (!udf) throw new Error(`no dedupe UDF named ${name}`);
  return udf.params.split(/,\s*(?![^<]*>)/).map((p) => p.trim().split(/\s+/)[0] as string);
}

/** A call of a UDF on SQL expressions. */
export function udfCall(name: string, ...args: string[]): string {
  if (!DEDUPE_UDFS[name]) throw new Error(`no dedupe UDF named ${name}`);
  return `${name}(${args.join(', ')})`;
}

/** The CREATE TEMP FUNCTION statement of a UDF (a raw triple-quoted string holds the JavaScript). */
export function udfDeclaration(name: string): string {
  const udf = DEDUPE_UDFS[name] as Udf;
  const js = udfJavaScript(name);
  if (js.includes('"""')) throw new Error(`the JavaScript of ${name} holds """, which ends BigQuery's raw string`);
  return `CREATE TEMP FUNCTION ${name}(${udf.params}) RETURNS ${udf.returns} LANGUAGE js AS r"""\n${js}\n"""`;
}

/** The UDFs a statement calls. */
export function udfsCalled(sql: string): string[] {
  return Object.keys(DEDUPE_UDFS).filter((name) => new RegExp(`\\b${name}\\(`).test(sql));
}

/** The statement as a script that first declares every UDF it calls (unchanged when it calls none). */
export function withUdfs(sql: string): string {
  const names = udfsCalled(sql);
  return names.length === 0 ? sql : `${names.map(udfDeclaration).join(';\n')};\n${sql}`;
}
