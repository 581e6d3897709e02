// `profile:FIELD` campaigns: a message a number of days before or after the date a customer's Profile field holds
// (a contract renewal, a warranty's end), or every year on it with `profile:FIELD:yearly` (a wedding, a shop's
// opening). The occasion is the date the message is about, so each date is greeted once per campaign.
import { annualDate } from '../kernel';
import { foldHeader, parseDate, type DateOrder } from '../workbook';

/** What a `profile:FIELD[:yearly]` trigger names: the Profile field (as typed) and whether the date recurs yearly. */
export interface ProfileTrigger {
  field: string;
  yearly: boolean;
}

const YEARLY = /\s*:\s*(yearly|annual|annually|every[\s_-]*year)\s*$/i;

/** The field and recurrence of a trigger's code (the text after `profile:`); undefined when no field is named. */
export function profileTrigger(code: string): ProfileTrigger | undefined {
  const yearly = YEARLY.test(code);
  const field = code.replace(YEARLY, '').trim();
  return field === '' ? undefined : { field, yearly };
}

/** The date a Profile field holds for one customer (the user's own Customers column of that name), or undefined. */
export function profileDate(extra: Readonly<Record<string, string>>, field: string, order: DateOrder): string | undefined {
  const key = foldHeader(field);
  const name = Object.keys(extra).find((k) => foldHeader(k) === key);
  const text = name === undefined ? '' : (extra[name] ?? '').trim();
  if (text === '') return undefined;
  const parsed = parseDate(text, order);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * The occasion when a Profile date makes `event` (today less the campaign's offset) its day: the date itself,
 * or for a yearly trigger its anniversary in a later year (29 February on the 28th in a common year), with the
 * template's `profile_date` and, yearly, `years`.
 */
export function profileOccasion(date: string | undefined, event: string, yearly: boolean): { occasion: string; context: Record<string, string> } | undefined {
  if (date === undefined) return undefined;
  if (!yearly) return date === event ? { occasion: event, context: { profile_date: date } } : undefined;
  const year = Number(event.slice(0, 4));
  const years = year - Number(date.slice(0, 4));
  if (years < 1 || annualDate(date, year) !== event) return undefined;
  return { occasion: event, context: { profile_date: date, years: String(years) } };
}
