import type { Request, Response } from '@google-cloud/functions-framework';
import { verifyCaller, type AuthConfig } from './auth';
import type { Caller, Handler } from './handler';

/** Which callers a route accepts: 'public' routes trust only what they verify themselves (signed links). */
export interface RouteOptions {
  accept: readonly Caller['kind'][];
  /** Seconds the platform gives the function; handlers get the rest of it as a deadline. */
  timeoutSeconds?: number;
}

/** An HTTP function that also says how long the platform must give it (scripts/deploy-functions.sh reads it). */
export type ServedFunction = ((req: Request, res: Response) => Promise<void>) & { timeoutSeconds: number };

/** Adapts a Handler to functions-framework: verifies the caller, passes the parsed body, writes JSON. */
export function serve(handler: Handler, options: RouteOptions, config: () => AuthConfig): ServedFunction {
  const served = async (req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    let caller: Caller = { kind: 'public' };
    if (!options.accept.includes('public')) {
      const verdict = await verifyCaller(req.get('authorization'), config(), options.accept);
      if (!verdict.ok) {
        res.status(verdict.status).json({ error: verdict.reason });
        return;
      }
      caller = verdict.caller;
    }
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') query[key] = value;
    const budgetMs = (options.timeoutSeconds ?? 60) * 1000 - 5000;
    try {
      const result = await handler({ body: req.body as unknown, query, caller, deadlineMs: budgetMs - (Date.now() - started) });
      for (const [name, value] of Object.entries(result.headers ?? {})) res.set(name, value);
      if (typeof result.body === 'string') res.status(result.status).send(result.body);
      else res.status(result.status).json(result.body);
    } catch (error) {
      // The reason goes to the log, not to the caller: it may hold row data.
      console.error(error);
      res.status(500).json({ error: 'internal error' });
    }
  };
  return Object.assign(served, { timeoutSeconds: options.timeoutSeconds ?? 60 });
}
