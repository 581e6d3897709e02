import { businessClock, localDateOf } from '../kernel';
import { parseSettings, SETTINGS_TAB, type Workbook } from '../workbook';

/**
 * The business's today at `nowMs` for what a customer does through a link in mail (its age, the date a
 * confirmation is recorded on), by businessClock: the link's issued date is the business-local day the message
 * was planned for, so its age is counted in the same calendar. The link pages run on Node, which knows no
 * spreadsheet zone, so a blank Settings time_zone is UTC. A customer is never turned away for the owner's setting:
 * with time_zone refused the day is UTC's.
 */
export function linkToday(wb: Workbook, nowMs: number): string {
  const clock = businessClock(nowMs, parseSettings(wb.read(SETTINGS_TAB)).settings.time_zone);
  return clock.ok ? clock.value.today : localDateOf(nowMs, 'UTC');
}
