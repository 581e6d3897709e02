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
};
