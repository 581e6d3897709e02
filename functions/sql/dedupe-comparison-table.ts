// Loads the per-record comparison table (the columns the fields' SQL levels read) into DuckDB with an appender, or
// the distinct-value tables (each distinct value of a field's columns once), and computes the levels of given
// pairs with the generated expressions.
import type { DuckDBConnection } from '@duckdb/node-api';
import { valueGroups, valueIds, type ComparisonColumn, type DistinctTables, type FieldComparisonSql, type ValueGroup, type ValueIds } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';

/** The columns of several fields, each once (two fields may read the same column). */
export function comparisonColumns(fields: readonly FieldComparisonSql[]): ComparisonColumn[] {
  const seen = new Map<string, ComparisonColumn>();
  for (const f of fields) for (const c of f.columns) if (!seen.has(c.name)) seen.set(c.name, c);
  return [...seen.values()];
}

/** Separates (and starts) the items of a list column while it is loaded as text. */
const ITEM = '\u0001';

/**
 * Creates `table` (`key` INTEGER plus `columns`) and appends one row per entry of `records`: the key is the entry's
 * position, the values those of the record it names. List columns are appended as text (each item after a U+0001)
 * and split into lists by DuckDB: the appender's own lists cost about a kilobyte of native memory each, which for
 * a million records and several list columns is gigabytes.
 */
async function loadRows(session: DuckDbSession, table: string, key: string, columns: readonly ComparisonColumn[], count: number, recordOf: (k: number) => number): Promise<void> {
  const lists = columns.some((c) => c.type === 'VARCHAR[]');
  const staging = lists ? `${table}_load` : table;
  const defs = [`${key} INTEGER`, ...columns.map((c) => `"${c.name}" ${c.type === 'VARCHAR[]' ? 'VARCHAR' : c.type}`)].join(', ');
  await session.run(`CREATE OR REPLACE TEMP TABLE ${staging} (${defs})`);
  await session.withConnection(async (connection: DuckDBConnection) => {
    const appender = await connection.createAppender(staging);
    for (let k = 0; k < count; k++) {
      const i = recordOf(k);
      appender.appendInteger(k);
      for (const c of columns) {
        const v = c.value(i);
        if (v === null) appender.appendNull();
        else if (c.type === 'VARCHAR') appender.appendVarchar(v as string);
        else if (c.type === 'INTEGER') appender.appendInteger(v as number);
        else if (c.type === 'DOUBLE') appender.appendDouble(v as number);
        else {
          let text = '';
          for (const item of v as readonly string[]) {
            if (item.includes(ITEM)) throw new Error(`column ${c.name} of record ${i}: a list item holds U+0001, which the loader uses to separate items`);
            text += ITEM + item;
          }
          appender.appendVarchar(text);
        }
      }
      appender.endRow();
    }
    appender.closeSync();
  });
  if (!lists) return;
  const select = columns.map((c) =>
    c.type === 'VARCHAR[]' ? `CASE WHEN "${c.name}" = '' THEN CAST([] AS VARCHAR[]) ELSE string_split(substr("${c.name}", 2), chr(1)) END AS "${c.name}"` : `"${c.name}"`,
  );
  await session.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ${key}, ${select.join(', ')} FROM ${staging}; DROP TABLE ${staging}`);
}

/** Creates `table` (rec INTEGER plus every field's columns) and fills it with records 0 … n - 1. */
export async function loadComparisonTable(session: DuckDbSession, n: number, fields: readonly FieldComparisonSql[], table = 'dedupe_cmp'): Promise<void> {
  await loadRows(session, table, 'rec', comparisonColumns(fields), n, (i) => i);
}

/** The fields grouped by the columns they read, and each record's value id per group (what loadValueTables loads). */
export interface CodedValues extends ValueIds {
  groups: ValueGroup[];
}

/** Groups the fields and numbers the values of records 0 … n - 1 (TypeScript only: no DuckDB call). */
export function codeValues(fields: readonly FieldComparisonSql[], n: number): CodedValues {
  const groups = valueGroups(fields);
  return { groups, ...valueIds(groups, n) };
}

/** Creates `table` (vid, then the group's columns, or rec for a group compared per record) with one row per value id, from the record `first[vid]`. */
export async function loadValueTable(session: DuckDbSession, table: string, group: ValueGroup, first: Int32Array): Promise<void> {
  const columns = group.perRecord ? [{ name: 'rec', type: 'INTEGER' as const, value: (i: number) => i }, ...group.columns] : group.columns;
  await loadRows(session, table, 'vid', columns, first.length, (k) => first[k] as number);
}

/**
 * Loads the tables of the distinct-value scoring (shared/sql distinctLevelsSql): the fields grouped by the columns
 * they read, each record's value id per group (table `tables.ids`: rec, v0 …) and per group one row per distinct
 * value (table `tables.values` + g: vid, the group's columns, or rec for a group compared per record).
 */
export async function loadValueTables(
  session: DuckDbSession,
  n: number,
  fields: readonly FieldComparisonSql[],
  tables: Pick<DistinctTables, 'ids' | 'values'>,
  coded: CodedValues = codeValues(fields, n),
): Promise<ValueGroup[]> {
  const { groups, ids, representatives } = coded;
  for (const [g, group] of groups.entries()) await loadValueTable(session, `${tables.values}${g}`, group, representatives[g] as Int32Array);
  await session.run(`CREATE OR REPLACE TEMP TABLE ${tables.ids} (rec INTEGER${groups.map((_, g) => `, v${g} INTEGER`).join('')})`);
  await session.withConnection(async (connection: DuckDBConnection) => {
    const appender = await connection.createAppender(tables.ids);
    for (let i = 0; i < n; i++) {
      appender.appendInteger(i);
      for (const id of ids) appender.appendInteger(id[i] as number);
      appender.endRow();
    }
    appender.closeSync();
  });
  return groups;
}

/**
 * The level of each field for each pair (i < j), pairs read from `pairsTable` (columns i, j), in the pairs' order:
 * levels[k * fields.length + f].
 */
export async function pairLevels(session: DuckDbSession, fields: readonly FieldComparisonSql[], pairsTable: string, table = 'dedupe_cmp'): Promise<{ i: number[]; j: number[]; levels: Int8Array }> {
  const select = fields.map((f, k) => `CAST(${f.level} AS INTEGER) AS g${k}`).join(', ');
  const sql = `SELECT p.i, p.j${select ? `, ${select}` : ''} FROM ${pairsTable} AS p JOIN ${table} AS l ON l.rec = p.i JOIN ${table} AS r ON r.rec = p.j ORDER BY p.i, p.j`;
  const is: number[] = [];
  const js: number[] = [];
  const out: number[] = [];
  await session.stream(sql, (columns, rows) => {
    for (let k = 0; k < rows; k++) {
      is.push(Number(columns[0]![k]));
      js.push(Number(columns[1]![k]));
      for (let f = 0; f < fields.length; f++) out.push(Number(columns[2 + f]![k]));
    }
  });
  return { i: is, j: js, levels: Int8Array.from(out) };
}
