import { dayNumber, isoOfDay, isTimeZone, localDateOf, localHourOf, runGreetings, type Holiday, type Mailer, type Signer } from '../../shared/greetings';
import { parseSettings, SETTINGS_TAB, type Workbook } from '../../shared/workbook';
import { withRowIds } from '../../shared/api';
import { greetingsDepsFromEnv } from '../greetings/backend';
import type { AuthConfig } from './auth';
import type { Handler } from './handler';
import { serve, type ServedFunction } from './serve';

/** What the Scheduler's greetings run needs; production wiring is in functions/greetings/backend.ts. */
export interface GreetingsDeps {
  /** The business's sheet, read once; commit() sends the buffered writes. */
  openWorkbook: () => Promise<{ wb: Workbook; commit: () => Promise<void> }>;
  mailer: () => Mailer;
  signer: () => Promise<Signer>;
  holidays: (country: string, years: readonly number[]) => Holiday[];
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

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
    if (body.date !== undefined && (typeof body.date !== 'string' || Number.isNaN(dayNumber(body.date)) || isoOfDay(dayNumber(body.date)) !== body.date)) {
      return { status: 400, body: { error: 'date must be YYYY-MM-DD', issues: [{ field: 'date' }] } };
    }
    const { wb, commit } = await d.openWorkbook();
    const { settings } = parseSettings(wb.read(SETTINGS_TAB));
    if (!isTimeZone(settings.time_zone)) return { status: 400, body: { error: 'Settings time_zone is not a time zone', issues: [{ tab: 'Settings', key: 'time_zone' }] } };
    const date = typeof body.date === 'string' ? body.date : localDateOf(started, settings.time_zone);
    const year = Number(date.slice(0, 4));
    const mailer = d.mailer();
    try {
      const report = await runGreetings({
        // Rows typed or pasted into the sheet by hand get their ids on the first read, as in the add-on.
        wb: withRowIds(wb, []),
        date,
        mailer,
        signer: await d.signer(),
        now: d.now,
        holidays: d.holidays(settings.country, [year - 1, year, year + 1]),
        commit,
        sleep: d.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        role: 'scheduler',
        upToHour: body.date === undefined ? localHourOf(started, settings.time_zone) : undefined,
        deadline: started + Math.max(request.deadlineMs / 2, request.deadlineMs - RESERVE_MS),
      });
      await commit();
      const { messages, ...summary } = report;
      // A transport outage is worth the Scheduler's retry (nothing is sent twice); a settings problem such as no
      // public_url is not (retrying cannot fix it), so everything else is a 200.
      const retry = report.stopped !== undefined && !['not_the_sender', 'deadline', 'quota', 'no_sender', 'no_public_url', 'bad_time_zone'].includes(report.stopped);
      return { status: retry ? 503 : 200, body: { ...summary, messages: messages.length } };
    } finally {
      await mailer.close?.();
    }
  };
}

/** The deployed `greetings` function: Scheduler callers only, 9 minutes (deploy with --timeout=540s). */
export function greetingsRoute(auth: () => AuthConfig): ServedFunction {
  return serve(greetingsHandler(() => greetingsDepsFromEnv(process.env)), { accept: ['scheduler'], timeoutSeconds: 540 }, auth);
}
