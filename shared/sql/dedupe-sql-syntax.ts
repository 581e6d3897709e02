// The few pieces of syntax the dedupe comparison builders write that DuckDB and BigQuery spell differently: value
// bindings, text tests and list operations. DuckDB binds with list lambdas and indexes lists from 1; BigQuery
// binds with a one-row UNNEST subquery, indexes from 0 and stores no NULL lists (a NULL array is written as []).
import type { SqlDialect } from './dialect';

/** `body` with `value` bound to `name` (BigQuery: a one-row subquery; DuckDB: a lambda over a one-item list). */
export function bind(d: SqlDialect, value: string, name: string, body: string): string {
  if (d.name === 'bigquery') return `(SELECT ${body} FROM UNNEST([${value}]) AS ${name})`;
  return `list_transform([${value}], lambda ${name}: ${body})[1]`;
}

/** `body` with a record of named values bound to `name` (read as `name.key`), each value computed once. */
export function bindRecord(d: SqlDialect, values: Readonly<Record<string, string>>, name: string, body: string): string {
  const entries = Object.entries(values);
  if (d.name === 'bigquery') return bind(d, `STRUCT(${entries.map(([k, v]) => `${v} AS ${k}`).join(', ')})`, name, body);
  return bind(d, `{${entries.map(([k, v]) => `'${k}': ${v}`).join(', ')}}`, name, body);
}

/** The pieces of a text between separators, as String.prototype.split gives them for a non-empty text. */
export function splitText(d: SqlDialect, text: string, separator: string): string {
  return d.name === 'bigquery' ? `SPLIT(${text}, ${d.string(separator)})` : `string_split(${text}, ${d.string(separator)})`;
}

/** True when `text` holds `part` (case and accents matter). */
export function holdsText(d: SqlDialect, text: string, part: string): string {
  return d.name === 'bigquery' ? `(STRPOS(${text}, ${part}) > 0)` : `contains(${text}, ${part})`;
}

/** The first character of a text. */
export function firstCharacter(d: SqlDialect, text: string): string {
  return d.name === 'bigquery' ? `LEFT(${text}, 1)` : `${text}[1]`;
}

/** True when a text matches a regular expression somewhere (the pattern is RE2 syntax both engines read). */
export function matchesPattern(d: SqlDialect, text: string, pattern: string): string {
  if (pattern.includes("'") || pattern.includes('\\')) throw new RangeError(`a pattern with a quote or backslash needs escaping: ${pattern}`);
  return d.name === 'bigquery' ? `REGEXP_CONTAINS(${text}, r'${pattern}')` : `regexp_matches(${text}, '${pattern}')`;
}

/** How many items a list has. */
export function listLength(d: SqlDialect, list: string): string {
  return d.name === 'bigquery' ? `ARRAY_LENGTH(${list})` : `len(${list})`;
}

/** The first item of a list. */
export function listFirst(d: SqlDialect, list: string): string {
  return d.name === 'bigquery' ? `${list}[SAFE_OFFSET(0)]` : `${list}[1]`;
}

/** True when a list column holds no value (DuckDB: NULL; BigQuery stores a NULL list as an empty one). */
export function listMissing(d: SqlDialect, list: string): string {
  return d.name === 'bigquery' ? `(ARRAY_LENGTH(${list}) = 0)` : `${list} IS NULL`;
}

/** True when the two lists have an item in common. */
export function listsShare(d: SqlDialect, a: string, b: string): string {
  return d.name === 'bigquery' ? `EXISTS(SELECT 1 FROM UNNEST(${a}) AS shared_item WHERE shared_item IN UNNEST(${b}))` : `list_has_any(${a}, ${b})`;
}

/** True when `near(x, y)` holds for some item x of `a` and y of `b` (the names `ex` and `ey` are taken). */
export function anyPairOf(d: SqlDialect, a: string, b: string, near: (x: string, y: string) => string): string {
  if (d.name === 'bigquery') return `EXISTS(SELECT 1 FROM UNNEST(${a}) AS ex CROSS JOIN UNNEST(${b}) AS ey WHERE ${near('ex', 'ey')})`;
  return `list_bool_or(list_transform(${a}, lambda ex: list_bool_or(list_transform(${b}, lambda ey: ${near('ex', 'ey')}))))`;
}
