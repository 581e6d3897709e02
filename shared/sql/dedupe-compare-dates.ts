// The birth-date level as SQL, the same as the birth_date comparator of shared/dedupe/fields.ts: the date's
// YYYYMMDD digits, parts and day number are loaded as columns; the digit-typo count is the greedy scan of
// digitTypos written as a list reduction (on BigQuery, withinTypos's UDF: on two 8-digit texts it is digitTypos ≤ max).
import type { Prepared } from '../dedupe';
import type { ComparisonColumn, FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';
import { greedyTyposSql, letIn, withinTyposSql } from './dedupe-compare-similarity';

/** The birth_date field's SQL level over the columns birth_date_ymd, _y, _m, _d and _day (NULL when missing). */
export function birthDateSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const part = (suffix: string, value: (i: number) => string | number | undefined, type: 'VARCHAR' | 'INTEGER'): ComparisonColumn => ({
    name: `birth_date_${suffix}`,
    type,
    value: (i) => (p.dob[i] ? (value(i) as string | number) : null),
  });
  const columns = [
    part('ymd', (i) => p.dob[i]?.ymd, 'VARCHAR'),
    part('y', (i) => p.dob[i]?.y, 'INTEGER'),
    part('m', (i) => p.dob[i]?.m, 'INTEGER'),
    part('d', (i) => p.dob[i]?.d, 'INTEGER'),
    part('day', (i) => p.dobDay[i], 'INTEGER'),
  ];
  const l = (c: string): string => `l.${d.identifier(`birth_date_${c}`)}`;
  const r = (c: string): string => `r.${d.identifier(`birth_date_${c}`)}`;
  const swapped = `(${l('y')} = ${r('y')} AND ${l('m')} = ${r('d')} AND ${l('d')} = ${r('m')})`;
  // The typo count is needed by two levels: bound once (dt), and only for dates that differ. The count of
  // differing digits m decides when it is at most 1 (the count is m) or at least 5 (the count is over 2).
  const typos = (): string => letIn(`hamming(${l('ymd')}, ${r('ymd')})`, 'dm', `CASE WHEN dm <= 1 OR dm >= 5 THEN dm ELSE ${greedyTyposSql(l('ymd'), r('ymd'), '8')} END`);
  const atMost = (max: 1 | 2): string => (d.measuresAsUdfs ? withinTyposSql(d, l('ymd'), r('ymd'), max) : `dt <= ${max}`);
  const ladder =
    `CASE WHEN ${swapped} OR ${atMost(1)} THEN 1 WHEN abs(${l('day')} - ${r('day')}) <= 45 OR ${atMost(2)} THEN 2 ` +
    // Far apart (another generation) is its own level.
    `WHEN abs(${l('y')} - ${r('y')}) >= 5 THEN 4 ELSE 3 END`;
  const level =
    `CASE WHEN ${l('ymd')} IS NULL OR ${r('ymd')} IS NULL THEN -1 WHEN ${l('ymd')} = ${r('ymd')} THEN 0 ` +
    `ELSE ${d.measuresAsUdfs ? ladder : letIn(typos(), 'dt', ladder)} END`;
  return { field: 'birth_date', columns, level };
}
