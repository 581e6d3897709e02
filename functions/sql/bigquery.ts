import type { Query } from '@google-cloud/bigquery';

/** Named query parameters (@name in the SQL). */
export type QueryParams = Record<string, string | number | boolean>;

/** What the CLV path asks of BigQuery: rows of a query, and the bytes a query would scan (a dry run, free). */
export interface BigQueryPort {
  query(sql: string, params?: QueryParams): Promise<Record<string, unknown>[]>;
  dryRun(sql: string, params?: QueryParams): Promise<number>;
}

/** The request a port sends: the query, its parameters and the job options (the shape `@google-cloud/bigquery` takes). */
export type BigQueryRequest = Pick<Query, 'query' | 'params' | 'location' | 'useLegacySql' | 'labels' | 'dryRun' | 'maximumBytesBilled' | 'jobTimeoutMs'>;

/** One column of a loaded table, as a load job's schema names it (REPEATED: an array of the type). */
export interface BigQueryField {
  name: string;
  type: 'STRING' | 'INT64' | 'FLOAT64';
  mode: 'NULLABLE' | 'REPEATED';
}

/** A load job: a local newline-delimited JSON file appended to dataset.table (created beforehand), as `Table.load` takes it. */
export interface BigQueryLoadRequest {
  dataset: string;
  table: string;
  file: string;
  metadata: {
    sourceFormat: 'NEWLINE_DELIMITED_JSON';
    schema: { fields: BigQueryField[] };
    writeDisposition: 'WRITE_APPEND';
    location?: string;
  };
}

/** The calls of `@google-cloud/bigquery`'s client the port makes (tests pass a fake with the same shapes). */
export interface BigQueryClient {
  query(request: BigQueryRequest): Promise<[Record<string, unknown>[], ...unknown[]]>;
  createQueryJob(request: BigQueryRequest): Promise<[{ metadata?: { statistics?: { totalBytesProcessed?: string | number } } }, ...unknown[]]>;
  /** `bigquery.dataset(d).table(t).load(file, metadata)`, which waits for the job; only the dedupe path loads. */
  load?(request: BigQueryLoadRequest): Promise<unknown>;
}

/** The port of the paths that bring rows in (dedupe): also a load of a local file into a table. */
export interface BigQueryLoadPort extends BigQueryPort {
  load(where: { dataset: string; table: string }, file: string, fields: BigQueryField[]): Promise<void>;
}

/** Where and how the jobs run. */
export interface BigQueryOptions {
  /** The project the jobs run (and are billed) in. */
  projectId: string;
  /** The dataset's location (US, EU, europe-west2…); BigQuery finds it from the table when undefined. */
  location?: string;
  /** A job that would scan more than this many bytes fails instead of running (BigQuery's maximumBytesBilled). */
  maximumBytesBilled?: number;
}

/** A job's time limit: a summary that takes longer has met something wrong, and the user should see it. */
const JOB_TIMEOUT_MS = 10 * 60 * 1000;

/** The port over a client: every job Standard SQL, labelled, located and capped as the options say. */
export function bigQueryPort(client: BigQueryClient, options: BigQueryOptions): BigQueryLoadPort {
  const request = (sql: string, params: QueryParams | undefined): BigQueryRequest => ({
    query: sql,
    ...(params === undefined ? {} : { params }),
    ...(options.location === undefined ? {} : { location: options.location }),
    useLegacySql: false,
    labels: { app: 'regulars' },
    jobTimeoutMs: JOB_TIMEOUT_MS,
    ...(options.maximumBytesBilled === undefined ? {} : { maximumBytesBilled: String(options.maximumBytesBilled) }),
  });
  return {
    query: async (sql, params) => (await client.query(request(sql, params)))[0],
    dryRun: async (sql, params) => {
      const [job] = await client.createQueryJob({ ...request(sql, params), dryRun: true });
      const bytes = Number(job.metadata?.statistics?.totalBytesProcessed);
      if (!Number.isFinite(bytes)) throw new Error('BigQuery gave no byte count for the dry run');
      return bytes;
    },
    load: async (where, file, fields) => {
      if (!client.load) throw new Error('this BigQuery client cannot load tables');
      const metadata: BigQueryLoadRequest['metadata'] = {
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        schema: { fields },
        writeDisposition: 'WRITE_APPEND',
        ...(options.location === undefined ? {} : { location: options.location }),
      };
      await client.load({ ...where, file, metadata });
    },
  };
}

/**
 * Opens a port on BigQuery with Application Default Credentials (`gcloud auth application-default login`, or a
 * service account where the code runs). `@google-cloud/bigquery` is imported here and only here, on first use.
 */
export async function openBigQuery(options: BigQueryOptions): Promise<BigQueryLoadPort> {
  const { BigQuery } = await import('@google-cloud/bigquery');
  const client = new BigQuery({ projectId: options.projectId });
  return bigQueryPort(
    {
      query: async (request) => {
        const [rows, ...rest] = await client.query(request);
        return [rows as Record<string, unknown>[], ...rest];
      },
      createQueryJob: async (request) => client.createQueryJob(request),
      load: async (request) => client.dataset(request.dataset).table(request.table).load(request.file, request.metadata),
    },
    options,
  );
}
