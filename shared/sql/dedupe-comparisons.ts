// Every compared field's SQL level, from whichever builder knows the field (names, places, contacts …); the fields
// no builder knows yet are listed so the engine can compute them another way (DuckDB: a function calling compare).
import type { Prepared } from '../dedupe';
import { contactComparisons } from './dedupe-compare-contact';
import { nameComparisons } from './dedupe-compare-names';
import { placeComparisons } from './dedupe-compare-place';
import type { FieldComparisonBuilder, FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';

/** The builders tried, in order, for each field; the first that returns a definition wins. */
export const COMPARISON_BUILDERS: readonly FieldComparisonBuilder[] = [nameComparisons, contactComparisons, placeComparisons];

/** Each field's SQL, in the prepared fields' order (undefined: no builder knows it), and the names of both kinds. */
export interface FieldComparisons {
  byField: (FieldComparisonSql | undefined)[];
  /** Fields whose level is a SQL expression. */
  sql: string[];
  /** Fields no builder knows. */
  missing: string[];
}

/** Asks the builders for every field of `p`, in order. */
export function fieldComparisons(p: Prepared, d: SqlDialect, builders: readonly FieldComparisonBuilder[] = COMPARISON_BUILDERS): FieldComparisons {
  const byField = p.fields.map((field) => {
    for (const build of builders) {
      const sql = build(p, field.name, d);
      if (sql) {
        if (sql.field !== field.name) throw new Error(`a comparison builder asked for ${field.name} answered for ${sql.field}`);
        return sql;
      }
    }
    return undefined;
  });
  return {
    byField,
    sql: p.fields.filter((_, f) => byField[f] !== undefined).map((f) => f.name),
    missing: p.fields.filter((_, f) => byField[f] === undefined).map((f) => f.name),
  };
}
