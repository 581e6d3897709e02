import * as z from 'zod';
import { findClusters } from '../../shared/dedupe';
import { fromRow, type DedupeResponseBody, type DedupeRow } from '../../shared/merge';
import type { Handler, HandlerResponse } from './handler';
import { invalidRequest } from './invalid-request';

/** Most rows one request may carry (the engine's 200,000-record target, with room). */
export const MAX_ROWS = 250_000;
/** Most columns per row, characters per value and per id: a customer list, not a document store. */
export const MAX_COLUMNS = 100;
export const MAX_VALUE_CHARS = 2_000;
export const MAX_ID_CHARS = 200;
/** Seconds the platform gives this function (routes.ts registers it with this timeout). */
export const DEDUPE_TIMEOUT_SECONDS = 300;

/** Why one row cannot be used, or undefined; rows are checked by hand (faster than a schema on 200,000 objects). */
function rowProblem(row: unknown, i: number): string | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return `rows[${i}]: expected an object of column: value`;
  const entries = Object.entries(row);
  if (entries.length > MAX_COLUMNS) return `rows[${i}]: at most ${MAX_COLUMNS} columns (found ${entries.length})`;
  for (const [key, v] of entries) {
    if (key.trim() === '') return `rows[${i}]: column names may not be blank`;
    if (v !== null && typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) return `rows[${i}].${key}: expected text, a number or null`;
    if (typeof v === 'string' && v.length > MAX_VALUE_CHARS) return `rows[${i}].${key}: at most ${MAX_VALUE_CHARS} characters (found ${v.length})`;
  }
  const id = (row as Record<string, unknown>).id;
  const text = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
  if (text === '') return `rows[${i}].id: required`;
  if (text.length > MAX_ID_CHARS) return `rows[${i}].id: at most ${MAX_ID_CHARS} characters`;
  return undefined;
}

const body = z.object({
  rows: z.array(z.unknown()).min(1, 'at least one row is needed').max(MAX_ROWS, `at most ${MAX_ROWS} rows per request`),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO country code such as ZA').optional(),
  threshold: z.number().min(0.05).max(0.999).optional(),
  link: z.boolean().optional(),
  singletons: z.boolean().optional(),
});

/** Raised from the engine's progress callback once the deadline has passed, so the function stops cleanly. */
class DeadlineError extends Error {}

function badRequest(error: string, issues: string[] = []): HandlerResponse {
  return { status: 400, body: { error, issues } };
}

/**
 * The `dedupe` function: JSON rows in (optionally gzip, which serve() inflates within its limits), clusters and merge
 * proposals out. Bad input is a 400 naming the row and field; a run that would outlast the deadline is a 503.
 */
export const handleDedupe: Handler = (request) => {
  const started = Date.now();
  const parsed = body.safeParse(request.body);
  if (!parsed.success) return Promise.resolve(invalidRequest(parsed.error));
  const { country, threshold, link, singletons } = parsed.data;
  const rows = parsed.data.rows as DedupeRow[];
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const problem = rowProblem(rows[i], i);
    if (problem) return Promise.resolve(badRequest(`invalid request: ${problem}`, [problem]));
    const id = String(rows[i]!.id).trim();
    const first = seen.get(id);
    if (first !== undefined) return Promise.resolve(badRequest(`invalid request: rows[${i}].id: "${id.slice(0, 40)}" repeats rows[${first}].id; ids must be unique`));
    seen.set(id, i);
  }
  if (link && !rows.some((r) => Number(r.source) === 1)) return Promise.resolve(badRequest('invalid request: link needs rows with source 1 as well as source 0'));
  const records = rows.map(fromRow);
  try {
    const result = findClusters(records, {
      country,
      singletons: singletons === true,
      ...(threshold === undefined ? {} : { threshold }),
      ...(link ? { link } : {}),
      onProgress: () => {
        if (Date.now() - started > request.deadlineMs) throw new DeadlineError();
      },
    });
    const answer: DedupeResponseBody = { clusters: result.clusters, proposals: result.proposals, stats: result.stats };
    return Promise.resolve({ status: 200, body: answer });
  } catch (error) {
    if (error instanceof DeadlineError) {
      return Promise.resolve({ status: 503, body: { error: `deadline: ${rows.length} rows could not be compared in the time this function has; send fewer rows` } });
    }
    throw error;
  }
};
