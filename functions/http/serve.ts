import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyCaller, type AuthConfig } from './auth';
import { parseJsonBody, readBody, SMALL_BODY, type BodyFault, type BodyLimits } from './body';
import type { Caller, Handler } from './handler';

/** Which callers a route accepts: 'public' routes trust only what they verify themselves (signed links). */
export interface RouteOptions {
  accept: readonly Caller['kind'][];
  /** Seconds the platform gives the function; handlers get the rest of it as a deadline. */
  timeoutSeconds?: number;
  /** How large a body may be, as sent and once inflated (default SMALL_BODY). */
  body?: BodyLimits;
}

/** An HTTP function on plain node:http types, so our own server and functions-framework's Express both run it. */
export type HttpFunction = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** An HTTP function that also says how long the platform must give it (scripts/deploy-functions.sh reads it). */
export type ServedFunction = HttpFunction & { timeoutSeconds: number };

/** Writes a JSON answer; refusals before the body was read close the connection so no unread bytes linger. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, close = false): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (close) res.setHeader('Connection', 'close');
  res.end(JSON.stringify(body));
}

/** The request's query string as its first value per name (percent-decoding never throws here). */
export function queryOf(req: IncomingMessage): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(`http://localhost${(req.url ?? '/').startsWith('/') ? req.url : '/'}`).searchParams) if (!(key in query)) query[key] = value;
  return query;
}

function refuse(res: ServerResponse, fault: BodyFault): void {
  sendJson(res, fault.status, { error: fault.error }, fault.status === 503 ? { 'Retry-After': '60' } : {}, true);
}

/**
 * Adapts a Handler to HTTP: verifies the caller from the headers first, and only then reads the body (bounded
 * as sent and once inflated) and parses it as JSON; every answer, refusals and failures included, is JSON
 * without a stack or a path.
 */
export function serve(handler: Handler, options: RouteOptions, config: () => AuthConfig): ServedFunction {
  const served = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    try {
      let caller: Caller = { kind: 'public' };
      if (!options.accept.includes('public')) {
        const verdict = await verifyCaller(req.headers.authorization, config(), options.accept);
        if (!verdict.ok) {
          // The body is never inflated for a stranger: a declared, allowed length is discarded as it arrives (so
          // the client reads its 401 without a broken pipe); anything else is cut off with the connection.
          const declared = Number(req.headers['content-length'] ?? 0);
          const drain = Number.isFinite(declared) && declared <= (options.body ?? SMALL_BODY).maxSentBytes;
          if (drain) req.resume();
          return sendJson(res, verdict.status, { error: verdict.reason }, {}, !drain);
        }
        caller = verdict.caller;
      }
      const read = await readBody(req, options.body ?? SMALL_BODY);
      if (!read.ok) return refuse(res, read.fault);
      const parsed = parseJsonBody(req, read.bytes);
      if (!parsed.ok) return refuse(res, parsed.fault);
      const budgetMs = (options.timeoutSeconds ?? 60) * 1000 - 5000;
      const result = await handler({ body: parsed.body, query: queryOf(req), caller, deadlineMs: budgetMs - (Date.now() - started) });
      if (typeof result.body === 'string') {
        if (res.headersSent) return;
        res.statusCode = result.status;
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
        res.end(result.body);
      } else sendJson(res, result.status, result.body, result.headers);
    } catch (error) {
      // The reason goes to the log, not to the caller: it may hold row data.
      console.error(error);
      sendJson(res, 500, { error: 'internal error' });
    }
  };
  return Object.assign(served, { timeoutSeconds: options.timeoutSeconds ?? 60 });
}
