import { parseSettings, SETTINGS_TAB, type Settings } from '../workbook';
import { businessClock, type HostZone } from '../kernel';
import type { Mailer } from './mailer';
import type { Holiday } from './planner';
import { runGreetings, type RunOptions, type RunReport } from './runner';
import { summariseWaiting } from './approval';
import { STOPS, type StopCode } from './stops';
import type { Signer } from './token';

/** What a caller hands "run at now": the ports, the instant, and how it runs; the engine decides the rest. */
export interface RunAtOptions extends Omit<RunOptions, 'date' | 'timeZone' | 'mailer' | 'signer' | 'holidays' | 'upToHour'> {
  /**
   * A business-local date to run for (catching up, or the CLI's --date): every campaign of that day is due,
   * whatever its send_hour. Without it the run is for `now()`'s date in the business's zone, up to its hour.
   */
  date?: string;
  /**
   * The spreadsheet's own zone, for a blank Settings time_zone: the add-on passes it (as its sidebars do, so the
   * Messages "Today" tab and the run agree); Node hosts pass nothing and a blank setting means UTC, with a note.
   */
  hostZone?: HostZone;
  /** The mail transport for these Settings and day; made only when there is something to try, closed at the end. */
  mailer: (settings: Settings, extra: Readonly<Record<string, string>>, date: string) => Mailer;
  /** The unsubscribe signer; when it cannot be had the run stops (`no_unsubscribe_key`) before planning anything. */
  signer: () => Signer | Promise<Signer>;
  /** The holidays of the business's country in these years (for `holiday:` campaigns). */
  holidays?: (country: string, years: readonly number[]) => readonly Holiday[];
}

/**
 * The whole greetings pipeline at one instant: reads Settings, decides the business's date and hour, checks
 * that this caller is the document's sender and that the time zone is real, then plans, sends through the
 * mailer and records each message exactly once (runGreetings), and closes the mailer. Every early stop is a
 * StopCode whose policy (retry, settings, problem) is STOPS; the CLI, the HTTP function, the add-on's trigger
 * and the workbench only translate what goes in and what comes out.
 */
export async function runGreetingsAt(options: RunAtOptions): Promise<RunReport> {
  const { settings, extra } = parseSettings(options.wb.read(SETTINGS_TAB));
  const started = options.now();
  // Checked before the signer or mailer is touched: a caller that is not the sender costs nothing.
  if (options.role && options.role !== 'local' && settings.delivery !== options.role) return stopped('not_the_sender', options.date ?? '');
  // The business's today and hour, by the one policy every caller shares (shared/kernel).
  const clock = businessClock(started, settings.time_zone, options.hostZone);
  if (!clock.ok) return stopped('bad_time_zone', options.date ?? '');
  const date = options.date ?? clock.value.today;
  let signer: Signer;
  try {
    signer = await options.signer();
  } catch (error) {
    // No key: send nothing rather than mail whose unsubscribe link cannot verify; nothing was planned or leased.
    return stopped('no_unsubscribe_key', date, error instanceof Error ? error.message : String(error));
  }
  const year = Number(date.slice(0, 4));
  const { mailer: makeMailer, holidays, hostZone: _hostZone, ...rest } = options;
  const mailer = makeMailer(settings, extra, date);
  try {
    const report = await runGreetings({
      ...rest,
      date,
      timeZone: clock.value.zone,
      mailer,
      signer,
      ...(holidays ? { holidays: holidays(settings.country, [year - 1, year, year + 1]) } : {}),
      upToHour: options.date === undefined ? clock.value.hour : undefined,
    });
    await options.commit?.();
    return clock.notes ? { ...report, notes: clock.notes } : report;
  } finally {
    await mailer.close?.();
  }
}

/** The report of a run that stopped before planning: nothing touched, the stop's policy decides `problem`. */
function stopped(code: StopCode, date: string, detail?: string): RunReport {
  return {
    date,
    sent: 0,
    failed: 0,
    review: 0,
    skipped: {},
    deferred: 0,
    elsewhere: 0,
    messages: [],
    issues: [],
    inReview: { total: 0, reasons: {} },
    recovered: 0,
    recoveredSent: 0,
    needsApproval: summariseWaiting([]),
    capped: 0,
    stopped: code,
    ...(detail === undefined ? {} : { detail }),
    problem: STOPS[code].problem,
  };
}
