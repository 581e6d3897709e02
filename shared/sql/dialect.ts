/**
 * What differs between the SQL engines the generators write for: quoting, casts, date parsing and the few
 * aggregates that are spelled differently. Everything else the generators write is plain SQL both accept.
 */
export interface SqlDialect {
  name: 'duckdb' | 'bigquery';
  /** A quoted identifier (a column name from the user's file). */
  identifier(name: string): string;
  /** A string literal. */
  string(text: string): string;
  /** An expression as text. */
  text(expression: string): string;
  /** Text without the blanks (spaces, tabs, line breaks) at its ends, as String.prototype.trim leaves it for them. */
  trim(text: string): string;
  /** An expression as a double (a literal number is written so it reads back exactly). */
  double(expression: string): string;
  /**
   * The day number (days since 1970-01-01) of text holding YYYY-MM-DD or YYYYMMDD (a time after the date is
   * ignored, like the in-memory reader), NULL when it is neither.
   */
  dayNumber(text: string): string;
  /** The day number of a text column as the in-memory reader reads it: blanks trimmed, then dayNumber. */
  textDay(text: string): string;
  /** The day number of a DATE or TIMESTAMP expression (a typed column needs no parsing). */
  dayOfDate(expression: string): string;
  /** TRUE when the condition holds for any row of the group. */
  anyOf(condition: string): string;
  /** The value on the group's row with the smallest `order` (orders are distinct within a group). */
  valueAtMin(value: string, order: string): string;

  // What the dedupe comparison builders write, spelled per engine: bindings, text tests and list operations.
  // DuckDB binds with list lambdas and indexes lists from 1; BigQuery binds with a one-row UNNEST subquery, indexes
  // from 0 and stores no NULL lists (a NULL array is written as []).

  /** The string measures (Jaro-Winkler, typos, word overlap) run as JavaScript UDFs of the engine's own code. */
  measuresAsUdfs: boolean;
  /** `body` with `value` bound to `name`. */
  bind(value: string, name: string, body: string): string;
  /** `body` with a record of named values bound to `name` (read as `name.key`), each value computed once. */
  bindRecord(values: Readonly<Record<string, string>>, name: string, body: string): string;
  /** The pieces of a text between separators, as String.prototype.split gives them for a non-empty text. */
  split(text: string, separator: string): string;
  /** True when `text` holds `part` (case and accents matter). */
  holds(text: string, part: string): string;
  /** The first character of a text. */
  firstCharacter(text: string): string;
  /** True when a text matches a regular expression somewhere (RE2 syntax, which both engines read; no quote or backslash). */
  matches(text: string, pattern: string): string;
  /** How many items a list has. */
  listLength(list: string): string;
  /** The first item of a list. */
  listFirst(list: string): string;
  /** True when a list column holds no value (DuckDB: NULL; BigQuery stores a NULL list as an empty one). */
  listMissing(list: string): string;
  /** True when the two lists have an item in common. */
  listsShare(a: string, b: string): string;
  /** True when `near(x, y)` holds for some item x of `a` and y of `b` (the names `ex` and `ey` are taken). */
  anyPairOf(a: string, b: string, near: (x: string, y: string) => string): string;
  /** A small integer type for levels (-1 … 9). */
  levelType: string;
  /** The whole part of a non-negative integer divided by another. */
  integerDivide(a: string, b: string): string;
  /**
   * A work table made from a query (`table` quoted): DuckDB's is temporary; BigQuery's is a table of the dataset
   * (its temporary tables live only as long as one script) that expires by itself should the run not drop it.
   */
  createTable(table: string, query: string): string;
  /** A FROM item `alias` of literal integer rows with the given (quoted) column names. */
  literalRows(alias: string, columns: readonly string[], rows: readonly (readonly number[])[]): string;
}

/** A literal whole number (levels), refused otherwise. */
export function wholeNumber(x: number): string {
  if (!Number.isInteger(x)) throw new RangeError(`a level must be a whole number, got ${x}`);
  return String(x);
}

/** A regular expression pattern the dialects can quote as it is. */
export function plainPattern(pattern: string): string {
  if (pattern.includes("'") || pattern.includes('\\')) throw new RangeError(`a pattern with a quote or backslash needs escaping: ${pattern}`);
  return pattern;
}

/** DuckDB (embedded, `@duckdb/node-api`). */
export const duckdb: SqlDialect = {
  name: 'duckdb',
  identifier: (name) => `"${name.replace(/"/g, '""')}"`,
  string: (text) => `'${text.replace(/'/g, "''")}'`,
  text: (expression) => `CAST(${expression} AS VARCHAR)`,
  // Most values have no blank at either end: two byte looks instead of a trim of every value.
  trim: (text) =>
    `CASE WHEN ascii(${text}) > 32 AND ascii(right(${text}, 1)) > 32 THEN ${text} ELSE trim(${text}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) END`,
  double: (expression) => `CAST(${expression} AS DOUBLE)`,
  // Shapes first, as the in-memory reader checks them (four, two and two digits, or eight digits; only a time,
  // after a space or a T, may follow), then the calendar by a cast of digits alone.
  dayNumber: (text) => {
    const iso = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
    const compact = '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';
    return `CASE WHEN ${text} GLOB '${iso}' OR ${text} GLOB '${iso}[ T]*' THEN try_cast(left(${text}, 10) AS DATE) - DATE '1970-01-01'
    WHEN (${text} GLOB '${compact}' OR ${text} GLOB '${compact}[ T]*') THEN try_cast(concat_ws('-', left(${text}, 4), substr(${text}, 5, 2), substr(${text}, 7, 2)) AS DATE) - DATE '1970-01-01' END`;
  },
  // The common shape (exactly YYYY-MM-DD, digits at both ends so nothing to trim) is cast directly; anything
  // else goes the long way. A GLOB and a cast cost a fraction of trimming and matching every value.
  textDay: (text) =>
    `CASE WHEN ${text} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN try_cast(${text} AS DATE) - DATE '1970-01-01' ELSE ${duckdb.dayNumber(duckdb.trim(text))} END`,
  dayOfDate: (expression) => `date_diff('day', DATE '1970-01-01', CAST(${expression} AS DATE))`,
  anyOf: (condition) => `bool_or(${condition})`,
  valueAtMin: (value, order) => `arg_min(${value}, ${order})`,
  measuresAsUdfs: false,
  bind: (value, name, body) => `list_transform([${value}], lambda ${name}: ${body})[1]`,
  bindRecord: (values, name, body) => duckdb.bind(`{${Object.entries(values).map(([k, v]) => `'${k}': ${v}`).join(', ')}}`, name, body),
  split: (text, separator) => `string_split(${text}, ${duckdb.string(separator)})`,
  holds: (text, part) => `contains(${text}, ${part})`,
  firstCharacter: (text) => `${text}[1]`,
  matches: (text, pattern) => `regexp_matches(${text}, '${plainPattern(pattern)}')`,
  listLength: (list) => `len(${list})`,
  listFirst: (list) => `${list}[1]`,
  listMissing: (list) => `${list} IS NULL`,
  listsShare: (a, b) => `list_has_any(${a}, ${b})`,
  anyPairOf: (a, b, near) => `list_bool_or(list_transform(${a}, lambda ex: list_bool_or(list_transform(${b}, lambda ey: ${near('ex', 'ey')}))))`,
  levelType: 'TINYINT',
  integerDivide: (a, b) => `(${a} // ${b})`,
  createTable: (table, query) => `CREATE OR REPLACE TEMP TABLE ${table} AS\n${query}`,
  literalRows: (alias, columns, rows) => `(VALUES ${rows.map((r) => `(${r.map(wholeNumber).join(', ')})`).join(', ')}) AS ${alias}(${columns.join(', ')})`,
};
