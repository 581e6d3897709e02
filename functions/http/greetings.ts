import { dayNumber } from '../../shared/kernel';
import { retryable, runGreetingsAt } from '../../shared/greetings';
import { withRowIds } from '../../shared/api';
import { greetingsDepsFromEnv, type GreetingsDeps } from '../greetings';
import type { AuthConfig } from './auth';
import type { Handler } from './handler';
import { serve, type ServedFunction } from './serve';

// Time kept back from the platform's deadline for the batch in flight to be sent and recorded.
const RESERVE_MS = 60_000;

/**
 * The `greetings` HTTP function, called hourly by Cloud Scheduler: runs the same planner and runner as the
 * add-on's trigger over the sheet (Sheets API), sending only when Settings `delivery` is `scheduler`, and
 * only campaigns whose send_hour has come. It watches its deadline: no new batch is leased once the time
 * left is under the reserve, and what is not sent stays planned for the next call. Body (optional):
 * `{ "date": "YYYY-MM-DD" }` to run for another business-local date, e.g. to catch up.
 */
export function greetingsHandler(deps: () => GreetingsDeps): Handler {
  return async (request) => {
    const d = deps();
    const started = d.now();
    const body = (request.body ?? {}) as { date?: unknown };
    if (body.date !== undefined && (typeof body.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.date) || dayNumber(body.date) === undefined)) {
      return { status: 400, body: { error: 'date must be YYYY-MM-DD', issues: [{ field: 'date' }] } };
    }
    const { wb, commit } = await d.openWorkbook();
    const report = await runGreetingsAt({
      // Rows typed or pasted into the sheet by hand get their ids on the first read, as in the add-on.
      wb: withRowIds(wb, []),
      ...(typeof body.date === 'string' ? { date: body.date } : {}),
      mailer: () => d.mailer(),
      signer: d.signer,
      now: d.now,
      holidays: d.holidays,
      commit,
      sleep: d.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      role: 'scheduler',
      deadline: started + Math.max(request.deadlineMs / 2, request.deadlineMs - RESERVE_MS),
    });
    const { messages, ...summary } = report;
    // The engine's policy: a 503 asks the Scheduler to retry, which only helps when the cause may pass.
    return { status: retryable(report.stopped) ? 503 : 200, body: { ...summary, messages: messages.length } };
  };
}

/** The deployed `greetings` function: Scheduler callers only, 9 minutes (deploy with --timeout=540s). */
export function greetingsRoute(auth: () => AuthConfig): ServedFunction {
  return serve(greetingsHandler(() => greetingsDepsFromEnv(process.env)), { accept: ['scheduler'], timeoutSeconds: 540 }, auth);
}
