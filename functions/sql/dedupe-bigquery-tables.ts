// The dedupe engine's tables in a BigQuery dataset: each created with its schema and an expiration, then filled by
// a load job from a newline-delimited JSON file written to a temporary folder (rows are made in chunks, so only the
// file grows). BigQuery has no temporary table that outlives one script, so the run names its tables with a
// unique prefix and drops them all at the end.
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Prepared } from '../../shared/dedupe';
import { bigquery, BIGQUERY_TABLE_HOURS, blockingKeyRows, blockingRecordRows, valueGroups, valueIds, withUdfs, type ComparisonColumn, type FieldComparisonSql, type ValueGroup } from '../../shared/sql';
import type { BigQueryField, BigQueryLoadPort } from './bigquery';

/** Where one run's tables live: the dataset, the run's prefix, and a local folder for the load files. */
export interface BigQueryWork {
  port: BigQueryLoadPort;
  project: string;
  dataset: string;
  /** Starts every table name of the run (letters, digits, underscores). */
  prefix: string;
  folder: string;
  /** The quoted tables that exist now (made by a statement that succeeded, not yet dropped): what the run must drop. */
  tables: Set<string>;
}

/**
 * Runs one statement (declaring the UDFs it calls) and keeps `w.tables` up to date: a CREATE … TABLE adds its
 * table once it succeeded, a DROP TABLE script removes its tables.
 */
export async function runWork(w: BigQueryWork, sql: string): Promise<Record<string, unknown>[]> {
  const rows = await w.port.query(withUdfs(sql));
  const created = /^CREATE (?:OR REPLACE )?TABLE (`[^`]+`)/.exec(sql);
  if (created) w.tables.add(created[1] as string);
  for (const m of sql.matchAll(/^DROP TABLE (`[^`]+`)/gm)) w.tables.delete(m[1] as string);
  return rows;
}

/** Drops every table the run made that still exists, in one script; afterwards none is left. */
export async function dropWork(w: BigQueryWork): Promise<void> {
  if (w.tables.size === 0) return;
  await runWork(w, [...w.tables].map((t) => `DROP TABLE ${t}`).join(';\n'));
}

/** The quoted path of the run's table `name` (`project.dataset.prefix_name`). */
export function workTable(w: BigQueryWork, name: string): string {
  return bigquery.identifier(`${w.project}.${w.dataset}.${w.prefix}_${name}`);
}

/** The load-schema column of a comparison column. */
function fieldOf(c: Pick<ComparisonColumn, 'name' | 'type'>): BigQueryField {
  if (c.type === 'VARCHAR[]') return { name: c.name, type: 'STRING', mode: 'REPEATED' };
  return { name: c.name, type: c.type === 'VARCHAR' ? 'STRING' : c.type === 'INTEGER' ? 'INT64' : 'FLOAT64', mode: 'NULLABLE' };
}

/**
 * Creates the run's table `name` with `fields` (expiring after BIGQUERY_TABLE_HOURS should the run die) and loads
 * `count` rows into it; `row(k)` gives row k's values in the fields' order. A list column's missing value is
 * written as an empty list: BigQuery stores no NULL arrays.
 */
export async function loadWorkTable(w: BigQueryWork, name: string, fields: readonly BigQueryField[], count: number, row: (k: number) => readonly unknown[]): Promise<void> {
  const columns = fields.map((f) => `${bigquery.identifier(f.name)} ${f.mode === 'REPEATED' ? `ARRAY<${f.type}>` : f.type}`);
  await runWork(w, `CREATE TABLE ${workTable(w, name)} (${columns.join(', ')})\nOPTIONS(expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${BIGQUERY_TABLE_HOURS} HOUR))`);
  const file = path.join(w.folder, `${name}.json`);
  const fd = openSync(file, 'w');
  try {
    const chunk = 2_000;
    for (let from = 0; from < count; from += chunk) {
      let text = '';
      for (let k = from; k < Math.min(count, from + chunk); k++) {
        const values = row(k);
        const object: Record<string, unknown> = {};
        fields.forEach((f, c) => {
          const v = values[c];
          object[f.name] = f.mode === 'REPEATED' ? (v ?? []) : (v ?? null);
        });
        text += `${JSON.stringify(object)}\n`;
      }
      writeSync(fd, text, null, 'utf8');
    }
  } finally {
    closeSync(fd);
  }
  await w.port.load({ dataset: w.dataset, table: `${w.prefix}_${name}` }, file, [...fields]);
}

/** The blocking tables (blockingKeyRows and blockingRecordRows of every record), named `keys` and `records`. */
export async function loadBlockingTables(w: BigQueryWork, p: Prepared): Promise<void> {
  const keys = blockingKeyRows(p);
  await loadWorkTable(w, 'keys', [fieldOf({ name: 'rec', type: 'INTEGER' }), fieldOf({ name: 'block', type: 'INTEGER' })], keys.length, (k) => {
    const r = keys[k]!;
    return [r.record, r.block];
  });
  const records = blockingRecordRows(p);
  await loadWorkTable(w, 'records', [fieldOf({ name: 'rec', type: 'INTEGER' }), fieldOf({ name: 'source', type: 'INTEGER' }), fieldOf({ name: 'sort_key', type: 'VARCHAR' })], records.length, (k) => {
    const r = records[k]!;
    return [r.record, r.source, r.sortKey];
  });
}

/**
 * The tables of the distinct-value scoring, as loadValueTables loads them for DuckDB: per group of fields
 * `values_<g>` (vid and the group's columns, or rec) and `ids` (rec and each group's value id v<g>).
 */
export async function loadBigQueryValueTables(w: BigQueryWork, n: number, fields: readonly FieldComparisonSql[]): Promise<ValueGroup[]> {
  const groups = valueGroups(fields);
  const { ids, representatives } = valueIds(groups, n);
  for (const [g, group] of groups.entries()) {
    const first = representatives[g] as Int32Array;
    const columns: Pick<ComparisonColumn, 'name' | 'type' | 'value'>[] = group.perRecord ? [{ name: 'rec', type: 'INTEGER', value: (i: number) => i }, ...group.columns] : group.columns;
    await loadWorkTable(w, `values_${g}`, [fieldOf({ name: 'vid', type: 'INTEGER' }), ...columns.map(fieldOf)], first.length, (k) => {
      const i = first[k] as number;
      return [k, ...columns.map((c) => c.value(i))];
    });
  }
  const idFields = [fieldOf({ name: 'rec', type: 'INTEGER' }), ...groups.map((_, g) => fieldOf({ name: `v${g}`, type: 'INTEGER' }))];
  await loadWorkTable(w, 'ids', idFields, n, (i) => [i, ...ids.map((id) => id[i])]);
  return groups;
}
