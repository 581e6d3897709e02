// The contract between the dedupe engine's compared fields and their SQL form: each field's level as one SQL
// expression over two rows of a per-record table whose columns TypeScript computes from the prepared records.
import type { Prepared } from '../dedupe';
import type { SqlDialect } from './dialect';

/** A value of one record in the comparison table (null: missing). */
export type ComparisonValue = string | number | null | readonly string[];

/** One column of the comparison table: one value per record, computed from the prepared records. */
export interface ComparisonColumn {
  /** SQL column name, unique across fields (prefix it with the field's name). */
  name: string;
  type: 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'VARCHAR[]';
  value: (record: number) => ComparisonValue;
  /**
   * Another column of the same field whose value decides this one's (records equal there are equal here, as an
   * e-mail list decides its unshared part): value ids are made without this column, which spares coding it.
   */
  follows?: string;
}

/**
 * One compared field as SQL: the columns it reads and its level as an expression over `l.<column>` and
 * `r.<column>` (the pair's two records, l.rec < r.rec): -1 when a value is missing, else 0 … levels - 1, the same
 * level the field's TypeScript `compare(l, r)` gives.
 */
export interface FieldComparisonSql {
  /** Equals the compared field's `name`. */
  field: string;
  columns: ComparisonColumn[];
  level: string;
}

/** Builds a field's SQL form from the prepared records, or undefined when this builder does not know the field. */
export type FieldComparisonBuilder = (p: Prepared, field: string, d: SqlDialect) => FieldComparisonSql | undefined;
