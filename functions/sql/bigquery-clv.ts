import { ClvError, headerColumns, refundRefusal, type RfmSummary, type TimeUnit } from '../../shared/clv';
import { isoFromDay } from '../../shared/kernel';
import { badDateSql, bigquery, bigqueryColumnsSql, bigqueryTable, clvStatements, negativeDaySql, type BigQueryTable, type ClvStatements, type PurchaseColumns } from '../../shared/sql';
import type { BigQueryPort } from './bigquery';

/** A purchase log in BigQuery that the CLV path refuses (no such table, a bad row), in words naming the table. */
export class BigQueryRefusal extends Error {}

/** The table as the user wrote it, for messages. */
export function bigqueryTableName(where: BigQueryTable): string {
  return `${where.project}.${where.dataset}.${where.table}`;
}

/** The table's purchase columns, found by the names the file reader accepts (customer_id, date, amount …). */
export async function bigqueryPurchaseColumns(port: BigQueryPort, where: BigQueryTable): Promise<PurchaseColumns> {
  const name = bigqueryTableName(where);
  const described = await port.query(bigqueryColumnsSql(where), { table: where.table });
  if (described.length === 0) throw new BigQueryRefusal(`${name}: no such table (or no columns you may read)`);
  const names = described.map((row) => String(row.column_name));
  let found: ReturnType<typeof headerColumns>;
  try {
    found = headerColumns(names);
  } catch (error) {
    if (error instanceof ClvError) throw new BigQueryRefusal(`${name}: ${error.message}`);
    throw error;
  }
  if (found.kind === 'summary') throw new BigQueryRefusal(`${name}: BigQuery reads purchase logs; an RFM summary is fitted by --engine memory`);
  // A DATE, DATETIME or TIMESTAMP column is read as it is; text dates are parsed as the memory engine parses them.
  const dateTyped = /^(DATE|DATETIME|TIMESTAMP)$/.test(String(described[found.date]!.data_type));
  return { customer: names[found.customer]!, date: names[found.date]!, amount: found.amount >= 0 ? names[found.amount] : undefined, dateTyped };
}

/** A text cell of a result ('' when NULL). */
function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : '';
}

/** The reason the in-memory engine would give for the first bad purchase day, or undefined (refusals' detail read only then). */
export async function bigqueryFirstProblem(port: BigQueryPort, where: BigQueryTable, statements: ClvStatements, columns: PurchaseColumns): Promise<string | undefined> {
  const [row] = await port.query(statements.problem);
  if (!row) return undefined;
  const name = bigqueryTableName(where);
  const source = bigqueryTable(where);
  const customer = cell(row.customer);
  if (row.problem === 'customer') return `${name}: a purchase has a blank customer`;
  if (row.problem === 'date') {
    const [bad] = await port.query(badDateSql(bigquery, source, columns, customer));
    return `${name}: customer ${customer}: the date "${cell(bad?.date_text)}" is not YYYY-MM-DD or YYYYMMDD`;
  }
  if (row.problem === 'amount') return `${name}: customer ${customer}: an amount is blank`;
  const [negative] = await port.query(negativeDaySql(bigquery, source, columns, customer));
  return refundRefusal(name, customer, Number(negative!.day), Number(negative!.net));
}

/** A result's numeric columns as typed arrays, in the order named. */
export function numberColumns(rows: readonly Record<string, unknown>[], names: readonly string[]): Float64Array[] {
  return names.map((name) => Float64Array.from(rows, (row) => Number(row[name])));
}

/**
 * Every customer's summary of a BigQuery purchase log up to `end` (inclusive), with the totals the sheet shows:
 * the columns lookup, the first problem (refused as the memory engine refuses it), the log's facts, and one row
 * per customer. The log must hold an amount column, as the sheet's Purchases tab does.
 */
export async function bigqueryCustomerSummary(port: BigQueryPort, where: BigQueryTable, end: number, unit: TimeUnit): Promise<RfmSummary> {
  const name = bigqueryTableName(where);
  const columns = await bigqueryPurchaseColumns(port, where);
  if (columns.amount === undefined) throw new BigQueryRefusal(`${name}: the table has no amount column, which CLV in money needs`);
  const statements = clvStatements(bigquery, bigqueryTable(where), columns, end);
  const reason = await bigqueryFirstProblem(port, where, statements, columns);
  if (reason !== undefined) throw new BigQueryRefusal(reason);
  const [facts] = await port.query(statements.facts);
  const rows = await port.query(statements.customers({ end, unit, netted: facts?.netted === true }));
  if (rows.length === 0) throw new BigQueryRefusal(`${name}: no customer bought on or before ${isoFromDay(end)}`);
  const [x, tx, T, monetary, orders, revenue, firstDay, lastDay] = numberColumns(rows, ['x', 'tx', 'T', 'monetary', 'orders', 'revenue', 'first_day', 'last_day']) as [
    Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
  ];
  return { unit, ids: rows.map((row) => cell(row.customer)), x, tx, T, monetary, orders, revenue, firstDay, lastDay };
}
