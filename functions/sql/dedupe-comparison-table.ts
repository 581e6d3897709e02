// Loads the per-record comparison table (the columns the fields' SQL levels read) into DuckDB with an appender,
// and computes the levels of given pairs with the generated expressions.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ComparisonColumn, FieldComparisonSql } from '../../shared/sql';
import type { DuckDbSession } from './duckdb';

/** The columns of several fields, each once (two fields may read the same column). */
export function comparisonColumns(fields: readonly FieldComparisonSql[]): ComparisonColumn[] {
  const seen = new Map<string, ComparisonColumn>();
  for (const f of fields) for (const c of f.columns) if (!seen.has(c.name)) seen.set(c.name, c);
  return [...seen.values()];
}

/** Creates `table` (rec INTEGER plus every field's columns) and fills it with records 0 … n - 1. */
export async function loadComparisonTable(session: DuckDbSession, n: number, fields: readonly FieldComparisonSql[], table = 'dedupe_cmp'): Promise<void> {
  const columns = comparisonColumns(fields);
  const defs = ['rec INTEGER', ...columns.map((c) => `"${c.name}" ${c.type}`)].join(', ');
  await session.run(`CREATE OR REPLACE TEMP TABLE ${table} (${defs})`);
  await session.withConnection(async (connection: DuckDBConnection) => {
    const { listValue, LIST, VARCHAR } = await import('@duckdb/node-api');
    const textList = LIST(VARCHAR);
    const appender = await connection.createAppender(table);
    for (let i = 0; i < n; i++) {
      appender.appendInteger(i);
      for (const c of columns) {
        const v = c.value(i);
        if (v === null) appender.appendNull();
        else if (c.type === 'VARCHAR') appender.appendVarchar(v as string);
        else if (c.type === 'INTEGER') appender.appendInteger(v as number);
        else if (c.type === 'DOUBLE') appender.appendDouble(v as number);
        else appender.appendList(listValue([...(v as readonly string[])]), textList);
      }
      appender.endRow();
    }
    appender.closeSync();
  });
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
