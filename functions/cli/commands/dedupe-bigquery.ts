// `regulars dedupe --engine bigquery`: opens BigQuery with Application Default Credentials and runs the dedupe
// engine's generated SQL on tables of the given dataset; client failures come back as a refusal naming the
// dataset, with the fix for missing credentials.
import type { CliIO } from '../command';
import { UsageError } from '../command';
import type { DedupeRecord, FindOptions } from '../../../shared/dedupe';
import { bigQueryFindClusters, openBigQuery, type BigQueryFound } from '../../sql';

/** Where `dedupe --engine bigquery` keeps its work tables. */
export interface BigQueryDedupeRequest {
  project: string;
  dataset: string;
  /** The dataset's location (US, EU, …); undefined lets BigQuery find it. */
  location: string | undefined;
}

/** A client failure as a refusal naming the dataset (with the sign-in command when credentials are the trouble). */
function refusal(error: unknown, where: BigQueryDedupeRequest): UsageError {
  if (error instanceof UsageError) return error;
  const message = error instanceof Error ? (error.message.split('\n')[0] as string) : String(error);
  const hint = /credential|authenticat/i.test(message) ? ' (sign in with "gcloud auth application-default login"; see docs/bigquery.md)' : '';
  return new UsageError(`${where.project}.${where.dataset}: BigQuery: ${message}${hint}`);
}

/** findClusters on BigQuery: the work tables are made in the dataset and dropped by the end. */
export async function findOnBigQuery(records: readonly DedupeRecord[], options: FindOptions, where: BigQueryDedupeRequest, io: CliIO): Promise<BigQueryFound> {
  try {
    const port = await openBigQuery({ projectId: where.project, ...(where.location === undefined ? {} : { location: where.location }) });
    io.stderr(`regulars dedupe: bigquery: working in ${where.project}.${where.dataset} (tables regulars_dedupe_…, dropped at the end)\n`);
    return await bigQueryFindClusters(records, { ...options, port, project: where.project, dataset: where.dataset });
  } catch (error) {
    throw refusal(error, where);
  }
}
