import type { CliIO } from '../command';
import { UsageError } from '../command';
import { ClvError, expandSpendRows, fromDistinctRows, type ClvSource, type TimeUnit } from '../../../shared/clv';
import { isoFromDay } from '../../../shared/kernel';
import { bigquery, bigqueryTable, clvStatements, type BigQueryTable } from '../../../shared/sql';
import {
  BigQueryRefusal,
  bigqueryFirstProblem,
  bigqueryPurchaseColumns as columnsOf,
  bigqueryTableName as named,
  numberColumns as numbers,
  openBigQuery,
  type BigQueryPort,
} from '../../sql';

/** What `clv fit|score --engine bigquery` asks of BigQuery. */
export interface BigQueryClvRequest {
  where: BigQueryTable;
  /** The dataset's location (US, EU, …); undefined lets BigQuery find it. */
  location: string | undefined;
  end: number | undefined;
  unit: TimeUnit;
  /** fit: the distinct rows only; score: every customer's summary row. */
  purpose: 'fit' | 'score';
}

/** Client failures (no credentials, no access, a bad column) as a refusal naming the table, with the fix for credentials. */
function refusal(error: unknown, where: BigQueryTable): UsageError {
  if (error instanceof UsageError) return error;
  if (error instanceof BigQueryRefusal) return new UsageError(error.message);
  if (error instanceof ClvError) return new UsageError(`${named(where)}: ${error.message}`);
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const hint = /credential|authenticat/i.test(message) ? ' (sign in with "gcloud auth application-default login"; see docs/bigquery.md)' : '';
  return new UsageError(`${named(where)}: BigQuery: ${message}${hint}`);
}

/**
 * The pipeline's source for a purchase log in a BigQuery table: the generated Standard SQL summarises it there
 * (refused as the memory engine refuses it), and only the distinct rows (fit) or the per-customer rows (score)
 * come back to be fitted here. `port` is for tests; the CLI opens one with Application Default Credentials.
 */
export async function bigquerySource(request: BigQueryClvRequest, io: CliIO, port?: BigQueryPort): Promise<ClvSource> {
  const { where } = request;
  const name = named(where);
  const phase = (text: string): void => io.stderr(`regulars clv: bigquery: ${text}\n`);
  try {
    const client = port ?? (await openBigQuery({ projectId: where.project, ...(request.location === undefined ? {} : { location: request.location }) }));
    const columns = await columnsOf(client, where);
    const source = bigqueryTable(where);
    const statements = clvStatements(bigquery, source, columns, request.end);
    phase(`summarising ${name}`);
    const reason = await bigqueryFirstProblem(client, where, statements, columns);
    if (reason !== undefined) throw new UsageError(reason);
    const [facts] = await client.query(statements.facts);
    if (!facts || facts.last_day === null || facts.last_day === undefined) throw new UsageError(`${name}: the table has no purchases`);
    const end = request.end ?? Number(facts.last_day);
    const options = { end, unit: request.unit, netted: facts.netted === true };
    if (request.purpose === 'score') {
      const rows = await client.query(statements.rows(options));
      if (rows.length === 0) throw new UsageError(`no customer bought on or before ${isoFromDay(end)}`);
      phase(`scoring ${rows.length} customers`);
      const [x, tx, T, monetary] = numbers(rows, ['x', 'tx', 'T', 'monetary']) as [Float64Array, Float64Array, Float64Array, Float64Array];
      return { kind: 'summary', ids: rows.map((row) => String(row.customer)), x, tx, T, monetary: columns.amount === undefined ? undefined : monetary };
    }
    const distinct = await client.query(statements.distinct(options));
    if (distinct.length === 0) throw new UsageError(`no customer bought on or before ${isoFromDay(end)}`);
    const [x, tx, T, count] = numbers(distinct, ['x', 'tx', 'T', 'n']) as [Float64Array, Float64Array, Float64Array, Float64Array];
    let spend: { x: Float64Array; mean: Float64Array } | undefined;
    if (columns.amount !== undefined) {
      const [sx, mean, n] = numbers(await client.query(statements.spend(options)), ['x', 'monetary', 'n']) as [Float64Array, Float64Array, Float64Array];
      spend = expandSpendRows({ x: sx, mean, count: n });
    }
    phase(`fitting ${x.length} distinct (x, t_x, T) rows`);
    return { kind: 'distinct', data: fromDistinctRows({ x, tx, T, count }), spend, end };
  } catch (error) {
    throw refusal(error, where);
  }
}

/**
 * `clv fit --engine bigquery --dry-run`: the bytes each query of a fit would scan, by BigQuery's dry runs (free),
 * printed with their total; nothing runs but the column lookup. Returns the exit code.
 */
export async function bigqueryEstimate(request: BigQueryClvRequest, io: CliIO, port?: BigQueryPort): Promise<number> {
  const { where } = request;
  try {
    const client = port ?? (await openBigQuery({ projectId: where.project, ...(request.location === undefined ? {} : { location: request.location }) }));
    const columns = await columnsOf(client, where);
    const statements = clvStatements(bigquery, bigqueryTable(where), columns, request.end);
    // The bytes do not depend on the calibration end or on netting: any day stands in when --end is not given.
    const options = { end: request.end ?? 0, unit: request.unit, netted: false };
    const queries: [string, string][] = [
      ['problem', statements.problem],
      ['facts', statements.facts],
      ['distinct', statements.distinct(options)],
      ...(columns.amount === undefined ? [] : ([['spend', statements.spend(options)]] as [string, string][])),
    ];
    let total = 0;
    for (const [label, sql] of queries) {
      const bytes = await client.dryRun(sql);
      total += bytes;
      io.stdout(`${label}\t${bytes} bytes\n`);
    }
    io.stdout(`total\t${total} bytes (${(total / 2 ** 40).toFixed(6)} TiB) for ${named(where)}\n`);
    return 0;
  } catch (error) {
    throw refusal(error, where);
  }
}
