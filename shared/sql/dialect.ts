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
  /** The day number of a DATE or TIMESTAMP expression (a typed column needs no parsing). */
  dayOfDate(expression: string): string;
  /** TRUE when the condition holds for any row of the group. */
  anyOf(condition: string): string;
  /** The value on the group's row with the smallest `order` (orders are distinct within a group). */
  valueAtMin(value: string, order: string): string;
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
  // Shapes first (as the in-memory reader: four, two and two digits), then the calendar; a cast is the fast path.
  dayNumber: (text) =>
    `date_diff('day', DATE '1970-01-01', CASE WHEN ${text} LIKE '____-__-__%' THEN try_cast(left(${text}, 10) AS DATE) WHEN regexp_full_match(left(${text}, 8), '[0-9]{8}') THEN CAST(try_strptime(left(${text}, 8), '%Y%m%d') AS DATE) END)`,
  dayOfDate: (expression) => `date_diff('day', DATE '1970-01-01', CAST(${expression} AS DATE))`,
  anyOf: (condition) => `bool_or(${condition})`,
  valueAtMin: (value, order) => `arg_min(${value}, ${order})`,
};
