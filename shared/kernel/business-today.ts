import { dayNumber } from './days';
import { fail, ok, type CodedIssue, type Result } from './result';
import { isTimeZone, localDateOf, localHourOf } from './zones';

/** The zone the business's dates are read in, and today and this hour there. */
export interface BusinessClock {
  zone: string;
  /** Today in the business's zone, YYYY-MM-DD. */
  today: string;
  /** Today as a day number. */
  day: number;
  /** The hour (0–23) there now. */
  hour: number;
}

/** What the owner reads when Settings time_zone is not a time zone; the greetings sender stops with the same words. */
export const BAD_TIME_ZONE_MESSAGE = 'Settings time_zone is not a time zone (use an IANA name such as Africa/Johannesburg)';

/** The spreadsheet's own zone as the host knows it: a name, or a function asked only when Settings is blank. */
export type HostZone = string | (() => string | undefined);

/** Why the business's today could not be decided. */
export type ClockIssue = CodedIssue<'bad_time_zone'>;

/**
 * The business's zone and today at the instant `now` (ms since the epoch or an ISO date-time; a plain YYYY-MM-DD,
 * as the CLI's --date gives, is that business-local day at hour 0), decided once for every caller. The policy: Settings time_zone when it names a zone; an unknown name is refused (path
 * ['Settings', 'time_zone']), so nothing plans in a zone the sender would refuse; a blank one falls back to the
 * spreadsheet's own zone when the host passes it (a value, or a function asked only then), else UTC, each with a
 * note the caller shows.
 */
export function businessClock(now: number | string, settingZone: string | undefined, hostZone?: HostZone): Result<BusinessClock, ClockIssue> {
  const plainDay = typeof now === 'string' && now.length === 10 ? dayNumber(now) : undefined;
  const ms = typeof now === 'number' ? now : Date.parse(now);
  if (Number.isNaN(ms)) throw new RangeError('businessClock needs an instant');
  const setting = (settingZone ?? '').trim();
  if (setting !== '' && !isTimeZone(setting)) return fail([{ path: ['Settings', 'time_zone'], code: 'bad_time_zone', message: BAD_TIME_ZONE_MESSAGE }]);
  const notes: string[] = [];
  let zone = setting;
  if (zone === '') {
    // Asked only here, so a host whose zone costs a call pays it only for a blank setting.
    const host = typeof hostZone === 'function' ? hostZone() : hostZone;
    zone = host !== undefined && isTimeZone(host) ? host : 'UTC';
    notes.push(zone === 'UTC' ? 'Settings time_zone is blank, so dates are in UTC: set it to your time zone (for example Africa/Johannesburg).' : `Settings time_zone is blank, so dates are in the spreadsheet's time zone, ${zone}.`);
  }
  if (plainDay !== undefined) return ok({ zone, today: now as string, day: plainDay, hour: 0 }, notes);
  const today = localDateOf(ms, zone);
  return ok({ zone, today, day: dayNumber(today)!, hour: localHourOf(ms, zone) }, notes);
}
