import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import type { CliIO } from '../command';
import { UsageError } from '../command';
import { ClvError, expandSpendRows, fromDistinctRows, headerColumns, readHeaderLine, type ClvSource, type TimeUnit } from '../../../shared/clv';
import { isoFromDay } from '../../../shared/kernel';
import {
  badDateSql,
  negativeDaySql,
  distinctRowsSql,
  distinctSpendSql,
  duckdb,
  firstProblemSql,
  logFactsSql,
  rfmRowsSql,
  type PurchaseColumns,
} from '../../../shared/sql';
import { createCustomerTotals, openDuckDb, partsFor, type DuckDbOptions, type DuckDbSession } from '../../sql';
import { refundRefusal } from './clv-refusals';

/** What `clv fit|score --engine duckdb` asks of the database. */
export interface DuckDbClvRequest {
  /** The file as the user named it (for messages) and its full path. */
  name: string;
  file: string;
  end: number | undefined;
  unit: TimeUnit;
  /** fit: the distinct rows only; score: every customer's summary row. */
  purpose: 'fit' | 'score';
  database: DuckDbOptions;
}

const PARQUET_MAGIC = 'PAR1';

/** The first bytes of the file (enough for its first line), or a refusal naming it. */
function head(file: string, name: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new UsageError(`cannot read ${name}`);
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The read_csv or read_parquet relation of the file, with explicit column types, and where its columns are. */
/** About how many rows a CSV holds: its size over the mean length of the lines in its first bytes. */
function csvRows(file: string, text: string): number {
  const lines = text.split('\n').length - 1;
  if (lines <= 1) return 1;
  return Math.round(statSync(file).size / (Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)) / lines));
}

async function sourceOf(db: DuckDbSession, request: DuckDbClvRequest): Promise<{ source: string; columns: PurchaseColumns; rows: number }> {
  const text = head(request.file, request.name);
  const d = duckdb;
  const mapped = (names: string[]): Extract<ReturnType<typeof headerColumns>, { kind: 'transactions' }> => {
    let found: ReturnType<typeof headerColumns>;
    try {
      found = headerColumns(names);
    } catch (error) {
      if (error instanceof ClvError) throw new UsageError(`${request.name}: ${error.message}`);
      throw error;
    }
    if (found.kind === 'summary') throw new UsageError(`${request.name}: --engine duckdb reads purchase logs; an RFM summary is fitted by --engine memory`);
    return found;
  };
  if (text.startsWith(PARQUET_MAGIC)) {
    const relation = `read_parquet(${d.string(request.file)})`;
    const described = await db.rows(`DESCRIBE SELECT * FROM ${relation}`);
    const names = described.map((row) => String(row.column_name));
    const at = mapped(names);
    // A DATE or TIMESTAMP column is read as it is; text dates are parsed as the memory engine parses them.
    const dateTyped = /^(DATE|TIMESTAMP)/.test(String(described[at.date]!.column_type));
    const [counted] = await db.rows(`SELECT sum(num_rows) AS rows FROM parquet_file_metadata(${d.string(request.file)})`);
    const rows = Number(counted?.rows ?? 0);
    return { source: relation, columns: { customer: names[at.customer]!, date: names[at.date]!, amount: at.amount >= 0 ? names[at.amount] : undefined, dateTyped }, rows };
  }
  const firstLine = text.split('\n').find((line) => line.trim() !== '');
  if (firstLine === undefined) throw new UsageError(`${request.name}: the file is empty`);
  const header = readHeaderLine(firstLine);
  if (!header.hasHeader || header.delimiter === ' ') {
    throw new UsageError(`${request.name}: --engine duckdb needs a CSV header naming the columns (customer_id,date,amount); a headerless or whitespace-separated log is read by --engine memory`);
  }
  const at = mapped(header.fields);
  // Every column named and typed: the customer and date as text (read as the memory engine reads them), the amount a double.
  const names = header.fields.map((_, i) => `c${i}`);
  const types = names.map((name, i) => `${d.string(name)}: ${d.string(i === at.amount ? 'DOUBLE' : 'VARCHAR')}`).join(', ');
  const relation = `read_csv(${d.string(request.file)}, header = true, auto_detect = false, delim = ${d.string(header.delimiter)}, quote = '"', escape = '"', columns = {${types}})`;
  return { source: relation, columns: { customer: names[at.customer]!, date: names[at.date]!, amount: at.amount >= 0 ? names[at.amount] : undefined }, rows: csvRows(request.file, text) };
}

/**
 * The source with its rows numbered in the file's order (log_row), for scores listed in the order the log first
 * names each customer. DuckDB keeps a file's row order through an empty OVER () while preserve_insertion_order
 * is on, which the caller sets for the one statement that reads this.
 */
function numberedRows(source: string): string {
  return `(SELECT *, row_number() OVER () AS log_row FROM ${source}) AS numbered`;
}

/** The reason the in-memory engine would give for the first bad purchase day, or undefined. */
async function problem(db: DuckDbSession, name: string, source: string, columns: PurchaseColumns): Promise<string | undefined> {
  const [row] = await db.rows(firstProblemSql('customer_totals'));
  if (!row) return undefined;
  const customer = String(row.customer ?? '');
  if (row.problem === 'customer') return `${name}: a purchase has a blank customer`;
  if (row.problem === 'date') {
    // The date as written is read again from the file, only now that it is needed.
    const [bad] = await db.rows(badDateSql(duckdb, source, columns, customer));
    return `${name}: customer ${customer}: the date "${String(bad?.date_text ?? '')}" is not YYYY-MM-DD or YYYYMMDD`;
  }
  if (row.problem === 'amount') return `${name}: customer ${customer}: an amount is blank`;
  // Which day, and by how much, is read again for this customer alone.
  const [negative] = await db.rows(negativeDaySql(duckdb, source, columns, customer));
  return refundRefusal(name, customer, Number(negative!.day), Number(negative!.net));
}

/** Reads a result's numeric columns into typed arrays (and the first column as text when `ids`). */
async function columnsOf(db: DuckDbSession, sql: string, count: number, ids: boolean): Promise<{ ids: string[]; values: Float64Array[] }> {
  const out: number[][] = Array.from({ length: count }, () => []);
  const names: string[] = [];
  const offset = ids ? 1 : 0;
  await db.stream(sql, (columns: DuckDBValue[][], rows: number) => {
    if (ids) for (let i = 0; i < rows; i++) names.push(String(columns[0]![i]));
    for (let c = 0; c < count; c++) {
      const column = columns[c + offset]!;
      const target = out[c]!;
      for (let i = 0; i < rows; i++) target.push(column[i] as number);
    }
  });
  return { ids: names, values: out.map((v) => Float64Array.from(v)) };
}

/**
 * The pipeline's source for a purchase log summarised by DuckDB: the log's days grouped once in the database,
 * refused as the memory engine refuses it, summarised per customer by the generated SQL, then for fit compressed
 * to its distinct rows in SQL, for score streamed back per customer in the order the log first names them (as
 * the in-memory engine lists them). Phases are reported on standard error.
 */
export async function duckdbSource(request: DuckDbClvRequest, io: CliIO): Promise<ClvSource> {
  const started = performance.now();
  const phase = (text: string): void => io.stderr(`regulars clv: duckdb: ${text} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  const spill = mkdtempSync(path.join(tmpdir(), 'regulars-duckdb-'));
  const db = await openDuckDb({ ...request.database, tempDirectory: spill });
  try {
    const { source, columns, rows: logRows } = await sourceOf(db, request);
    // A large log is totalled in parts split by customer, each part's GROUP BY in memory (duckdb-customer-totals.ts).
    const parts = partsFor(logRows, request.database.memoryLimit);
    phase(`reading ${request.name}${parts > 1 ? ` (about ${logRows.toLocaleString('en')} rows, in ${parts} parts by customer)` : ''}`);
    const totals = { table: 'customer_totals', end: request.end, parts, folder: spill };
    if (request.purpose === 'score') {
      // Scores follow the log's order, so the rows are numbered as read: only for this statement is insertion
      // order kept (the session turns it off, as nothing else needs it).
      await db.run('SET preserve_insertion_order = true');
      await createCustomerTotals(db, { ...totals, source: numberedRows(source), columns: { ...columns, row: 'log_row' } });
      await db.run('SET preserve_insertion_order = false');
    } else {
      await createCustomerTotals(db, { ...totals, source, columns });
    }
    phase('summarised per customer');
    const reason = await problem(db, request.name, source, columns);
    if (reason !== undefined) throw new UsageError(reason);
    const [facts] = await db.rows(logFactsSql(duckdb, 'customer_totals'));
    if (!facts || facts.last_day === null) throw new UsageError(`${request.name}: the file has no purchases`);
    const end = request.end ?? Number(facts.last_day);
    const firstRow = request.purpose === 'score';
    await db.run(`CREATE TEMP VIEW rfm AS ${rfmRowsSql(duckdb, 'customer_totals', { end, unit: request.unit, netted: facts.netted === true, firstRow })}`);
    if (request.purpose === 'score') {
      // The whole summary, orders and revenue included: without a spend model a customer is valued at their own
      // average order, as the in-memory engine values them. In the order the log first names each customer, as
      // the in-memory engine lists them.
      const read = await columnsOf(db, 'SELECT customer, x, tx, T, monetary, orders, revenue, first_day, last_day FROM rfm ORDER BY first_row', 8, true);
      if (read.ids.length === 0) throw new UsageError(`no customer bought on or before ${isoFromDay(end)}`);
      phase(`scoring ${read.ids.length} customers`);
      const [x, tx, T, monetary, orders, revenue, firstDay, lastDay] = read.values as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
      const summary = { unit: request.unit, ids: read.ids, x, tx, T, monetary, orders, revenue, firstDay, lastDay };
      return { kind: 'rfm', summary, end, hasAmounts: columns.amount !== undefined };
    }
    const rows = await columnsOf(db, distinctRowsSql(duckdb, 'rfm'), 4, false);
    const [x, tx, T, count] = rows.values as [Float64Array, Float64Array, Float64Array, Float64Array];
    if (x.length === 0) throw new UsageError(`no customer bought on or before ${isoFromDay(end)}`);
    let spend: { x: Float64Array; mean: Float64Array } | undefined;
    if (columns.amount !== undefined) {
      const pairs = await columnsOf(db, distinctSpendSql(duckdb, 'rfm'), 3, false);
      spend = expandSpendRows({ x: pairs.values[0]!, mean: pairs.values[1]!, count: pairs.values[2]! });
    }
    phase(`fitting ${x.length} distinct (x, t_x, T) rows`);
    return { kind: 'distinct', data: fromDistinctRows({ x, tx, T, count }), spend, end };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof ClvError) throw new UsageError(`${request.name}: ${error.message}`);
    // DuckDB's own refusals (an amount that is no number, a row with too few columns) name the line: pass them on.
    const message = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    throw new UsageError(`${request.name}: ${message}`);
  } finally {
    db.close();
    rmSync(spill, { recursive: true, force: true });
  }
}
