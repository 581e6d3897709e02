// The contact fields' levels as SQL, each the same as its comparator in shared/dedupe/fields.ts: e-mails and
// phones (lists per record: a value both share, a shared household value or switchboard, a near value, none),
// the birth date, and the extra columns (numbers: one edit apart; text: Jaro-Winkler cuts 0.9 and 0.75).
// Which values are shared, which phones are local numbers and the digits they may end are TypeScript's work,
// loaded as columns.
import { isLocalNumber, type Prepared } from '../dedupe';
import type { ComparisonColumn, FieldComparisonBuilder, FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';
import { birthDateSql } from './dedupe-compare-dates';
import { allAscii, exactDouble, jaroWinklerAtCutsSql, unitCoder, withinTyposSql } from './dedupe-compare-similarity';

/** The 7- and 8-digit endings a local number (7 or 8 bare digits) must equal to agree with this full number (localNumberOf). */
function localEndings(full: string): string[] {
  const digits = full.replace(/\D/g, '');
  return [7, 8].filter((k) => digits.length > k).map((k) => digits.slice(-k));
}

/**
 * A list column whose lists are made when read (`listOf(i)`), so a million records' coded copies are never held at
 * once; an empty list is stored as NULL (a missing value) when `emptyIsNull`.
 */
function listColumn(name: string, listOf: (i: number) => readonly string[], emptyIsNull: boolean, follows?: string): ComparisonColumn {
  return {
    name,
    type: 'VARCHAR[]',
    value: (i) => {
      const list = listOf(i);
      return emptyIsNull && list.length === 0 ? null : list;
    },
    ...(follows === undefined ? {} : { follows }),
  };
}

/**
 * listField of fields.ts: 0 when a value of the left record that no household shares is in the right record's
 * list (or, for phones, a local number and the full number it ends), 1 when a shared one is, 2 when two values are
 * near, 3 otherwise. `local` is given for phones, whose local numbers agree with the full numbers they end.
 */
function listSql(d: SqlDialect, field: string, lists: readonly string[][], shared: ReadonlySet<string>, near: (x: string, y: string) => string, local: boolean): FieldComparisonSql {
  const coder = unitCoder(lists.flat());
  const coded = (i: number): readonly string[] => (lists[i] as string[]).map(coder.encode);
  const unshared = (i: number): readonly string[] => (lists[i] as string[]).filter((v) => !shared.has(v)).map(coder.encode);
  const name = (suffix: string): string => `${field}_${suffix}`;
  // Every other column is made from the record's list alone (and the field's shared values): it follows the list.
  const columns = [listColumn(name('values'), coded, true), listColumn(name('unshared'), unshared, false, name('values'))];
  const l = (suffix: string): string => `l.${d.identifier(name(suffix))}`;
  const r = (suffix: string): string => `r.${d.identifier(name(suffix))}`;
  let sameUnshared = d.listsShare(l('unshared'), r('values'));
  let same = d.listsShare(l('values'), r('values'));
  // Local numbers (digits only, so untouched by the coder): only when some record has one.
  if (local && lists.some((list) => list.some(isLocalNumber))) {
    const locals = (keep: (v: string) => boolean) => (i: number): readonly string[] => (lists[i] as string[]).filter((v) => isLocalNumber(v) && keep(v));
    const endings = (keep: (v: string) => boolean) => (i: number): readonly string[] => [...new Set((lists[i] as string[]).filter((v) => !isLocalNumber(v) && keep(v)).flatMap(localEndings))];
    const all = (): boolean => true;
    const own = (v: string): boolean => !shared.has(v);
    columns.push(
      listColumn(name('local'), locals(all), false, name('values')),
      listColumn(name('local_unshared'), locals(own), false, name('values')),
      listColumn(name('endings'), endings(all), false, name('values')),
      listColumn(name('endings_unshared'), endings(own), false, name('values')),
    );
    // The agreed value is the left record's: unshared is asked of the left side only, as agreedCode does.
    sameUnshared += ` OR ${d.listsShare(l('local_unshared'), r('endings'))} OR ${d.listsShare(l('endings_unshared'), r('local'))}`;
    same += ` OR ${d.listsShare(l('local'), r('endings'))} OR ${d.listsShare(l('endings'), r('local'))}`;
  }
  // Most records have one value: that pair is compared without the loops.
  const anyNear =
    `CASE WHEN ${d.listLength(l('values'))} = 1 AND ${d.listLength(r('values'))} = 1 THEN ${near(d.listFirst(l('values')), d.listFirst(r('values')))} ` +
    `ELSE ${d.anyPairOf(l('values'), r('values'), near)} END`;
  const level =
    `CASE WHEN ${d.listMissing(l('values'))} OR ${d.listMissing(r('values'))} THEN -1 WHEN ${sameUnshared} THEN 0 WHEN ${same} THEN 1 ` +
    `WHEN ${anyNear} THEN 2 ELSE 3 END`;
  return { field, columns, level };
}

function emailSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  // Near: the same first character and at most two typos (a CASE, so the costly test runs only when needed).
  return listSql(d, 'email', p.email, p.shared.email, (x, y) => `(CASE WHEN ${d.firstCharacter(x)} = ${d.firstCharacter(y)} THEN ${withinTyposSql(d, x, y, 2)} ELSE false END)`, false);
}

function phoneSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  // Near: the same length and one typo.
  return listSql(d, 'phone', p.phone, p.shared.phone, (x, y) => `(CASE WHEN length(${x}) = length(${y}) THEN ${withinTyposSql(d, x, y, 1)} ELSE false END)`, true);
}

/** An extra column's values as one VARCHAR column ('' stored as NULL), written for the measures. */
function genericColumn(field: string, values: readonly string[]): ComparisonColumn {
  const coder = unitCoder(values);
  return { name: `${field}_value`, type: 'VARCHAR', value: (i) => (values[i] === '' ? null : coder.encode(values[i] as string)) };
}

/** numberField: 0 equal, 1 one edit apart (a substitution, insertion, deletion or adjacent swap), 2 otherwise. */
function numberSql(d: SqlDialect, field: string, values: readonly string[]): FieldComparisonSql {
  const column = genericColumn(field, values);
  const [a, b] = [`l.${d.identifier(column.name)}`, `r.${d.identifier(column.name)}`];
  const level = `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN -1 WHEN ${a} = ${b} THEN 0 WHEN ${withinTyposSql(d, a, b, 1)} THEN 1 ELSE 2 END`;
  return { field, columns: [column], level };
}

/** simpleField with cuts 0.9 and 0.75: 0 equal, 1 and 2 by Jaro-Winkler, 3 otherwise. */
function textSql(d: SqlDialect, field: string, values: readonly string[]): FieldComparisonSql {
  const column = genericColumn(field, values);
  const [a, b] = [`l.${d.identifier(column.name)}`, `r.${d.identifier(column.name)}`];
  const cuts = `CASE WHEN gw >= ${exactDouble(d, 0.9)} THEN 1 WHEN gw >= ${exactDouble(d, 0.75)} THEN 2 ELSE 3 END`;
  const similarity = jaroWinklerAtCutsSql(d, a, b, [0.9, 0.75], { ascii: allAscii(values), tag: 'gw' });
  const level = `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN -1 WHEN ${a} = ${b} THEN 0 ELSE ${d.bind(similarity, 'gw', cuts)} END`;
  return { field, columns: [column], level };
}

/** An extra column compared by prepare(): a number field has 3 levels, a text field 4. */
function genericSql(p: Prepared, field: string, d: SqlDialect): FieldComparisonSql | undefined {
  const values = p.generic.find((g) => g.name === field)?.values;
  const compared = p.fields.find((f) => f.name === field);
  if (values === undefined || compared === undefined) return undefined;
  if (compared.levels === 3) return numberSql(d, field, values);
  if (compared.levels === 4) return textSql(d, field, values);
  return undefined;
}

/** The SQL levels of birth_date, email, phone and the extra columns; undefined for any other field. */
export const contactComparisons: FieldComparisonBuilder = (p, field, d) => {
  if (field === 'birth_date') return birthDateSql(p, d);
  if (field === 'email') return emailSql(p, d);
  if (field === 'phone') return phoneSql(p, d);
  return genericSql(p, field, d);
};
