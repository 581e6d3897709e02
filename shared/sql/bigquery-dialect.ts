import { plainPattern, wholeNumber, type SqlDialect } from './dialect';

/** How long a BigQuery work table lives if a run dies before dropping it (BigQuery has no session-less temp table). */
export const BIGQUERY_TABLE_HOURS = 24;

/** The blanks String.prototype.trim removes that a log may hold: space, tab, line feed, vertical tab, form feed, return. */
const BLANKS = String.raw`' \t\n\v\f\r'`;

/** BigQuery Standard SQL (GoogleSQL), as `@google-cloud/bigquery` sends it with useLegacySql false. */
export const bigquery: SqlDialect = {
  name: 'bigquery',
  identifier: (name) => {
    if (/[`\\\r\n]/.test(name)) throw new RangeError(`a BigQuery column name cannot hold a backtick, backslash or line break: ${JSON.stringify(name)}`);
    return `\`${name}\``;
  },
  // BigQuery string literals take backslash escapes: the backslash itself, the quote and line breaks are escaped.
  string: (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`,
  text: (expression) => `CAST(${expression} AS STRING)`,
  trim: (text) => `TRIM(${text}, ${BLANKS})`,
  double: (expression) => `CAST(${expression} AS FLOAT64)`,
  // The same shapes as the DuckDB dialect (and the in-memory reader): four, two and two digits, or eight digits.
  dayNumber: (text) =>
    `DATE_DIFF(CASE WHEN ${text} LIKE '____-__-__%' THEN SAFE_CAST(LEFT(${text}, 10) AS DATE) WHEN REGEXP_CONTAINS(LEFT(${text}, 8), r'^[0-9]{8}$') THEN SAFE.PARSE_DATE('%Y%m%d', LEFT(${text}, 8)) END, DATE '1970-01-01', DAY)`,
  textDay: (text) => bigquery.dayNumber(bigquery.trim(text)),
  dayOfDate: (expression) => `DATE_DIFF(CAST(${expression} AS DATE), DATE '1970-01-01', DAY)`,
  anyOf: (condition) => `LOGICAL_OR(${condition})`,
  valueAtMin: (value, order) => `MIN_BY(${value}, ${order})`,
  measuresAsUdfs: true,
  bind: (value, name, body) => `(SELECT ${body} FROM UNNEST([${value}]) AS ${name})`,
  bindRecord: (values, name, body) => bigquery.bind(`STRUCT(${Object.entries(values).map(([k, v]) => `${v} AS ${k}`).join(', ')})`, name, body),
  split: (text, separator) => `SPLIT(${text}, ${bigquery.string(separator)})`,
  holds: (text, part) => `(STRPOS(${text}, ${part}) > 0)`,
  firstCharacter: (text) => `LEFT(${text}, 1)`,
  matches: (text, pattern) => `REGEXP_CONTAINS(${text}, r'${plainPattern(pattern)}')`,
  listLength: (list) => `ARRAY_LENGTH(${list})`,
  listFirst: (list) => `${list}[SAFE_OFFSET(0)]`,
  listMissing: (list) => `(ARRAY_LENGTH(${list}) = 0)`,
  listsShare: (a, b) => `EXISTS(SELECT 1 FROM UNNEST(${a}) AS shared_item WHERE shared_item IN UNNEST(${b}))`,
  anyPairOf: (a, b, near) => `EXISTS(SELECT 1 FROM UNNEST(${a}) AS ex CROSS JOIN UNNEST(${b}) AS ey WHERE ${near('ex', 'ey')})`,
  levelType: 'INT64',
  integerDivide: (a, b) => `DIV(${a}, ${b})`,
  createTable: (table, query) =>
    `CREATE OR REPLACE TABLE ${table}\nOPTIONS(expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${BIGQUERY_TABLE_HOURS} HOUR)) AS\n${query}`,
  literalRows: (alias, columns, rows) => `UNNEST([${rows.map((r) => `STRUCT(${r.map((x, c) => `${wholeNumber(x)} AS ${columns[c] as string}`).join(', ')})`).join(', ')}]) AS ${alias}`,
};

/** Where a BigQuery table is: project, dataset and table as the console shows them. */
export interface BigQueryTable {
  project: string;
  dataset: string;
  table: string;
}

/**
 * Why a part of a table's address is refused (undefined when it is a valid name), by BigQuery's naming rules;
 * `label` names where the user typed it (the CLI's `--project`, a Settings key).
 */
export function bigqueryNameProblem(part: 'project' | 'dataset' | 'table', name: string, label = `--${part}`): string | undefined {
  const rules = {
    // Project IDs: 6–30 lower-case letters, digits and hyphens (a domain-scoped one has "domain:" first).
    project: [/^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a project ID (6–30 lower-case letters, digits and hyphens, starting with a letter)'],
    dataset: [/^[A-Za-z0-9_]{1,1024}$/, 'a dataset name (letters, digits and underscores)'],
    table: [/^[\p{L}\p{M}\p{N}_ -]{1,1024}$/u, 'a table name (letters, digits, underscores, hyphens and spaces)'],
  } as const;
  const [pattern, rule] = rules[part];
  return pattern.test(name) ? undefined : `${label} must be ${rule}, got "${name}"`;
}

/** The table as a quoted path, `project.dataset.table` (names checked by bigqueryNameProblem first). */
export function bigqueryTable(where: BigQueryTable): string {
  for (const part of ['project', 'dataset', 'table'] as const) {
    const problem = bigqueryNameProblem(part, where[part]);
    if (problem !== undefined) throw new RangeError(problem);
  }
  return `\`${where.project}.${where.dataset}.${where.table}\``;
}

/** The table's columns in order (column_name, data_type), the table named by the query parameter @table. */
export function bigqueryColumnsSql(where: Pick<BigQueryTable, 'project' | 'dataset'>): string {
  const dataset = bigqueryTable({ ...where, table: 'x' }).replace(/\.x`$/, '`');
  return `SELECT column_name, data_type FROM ${dataset}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table ORDER BY ordinal_position`;
}
