import type { PhoneNormaliser } from '../dedupe';
import { appendRecords, customersTab, interactionsTab, isEmail, openTable, parseDate, parseSettings, readTable, saveChanges, SETTINGS_TAB, type Customer, type DateOrder, type Workbook } from '../workbook';
import type { ConfirmClaim } from './confirm-token';
import { linkToday } from './link-today';

/** The fields the confirm page shows and may correct. */
export const CONFIRM_FIELDS = ['email', 'phone', 'birth_date'] as const;
/** One field of the confirm form. */
export type ConfirmField = (typeof CONFIRM_FIELDS)[number];

/** What the page shows: the customer's values as they would type them (birthday in the business's date order). */
export interface ConfirmDetails {
  email: string;
  phone: string;
  birth_date: string;
}

/** How the business reads what a customer types: date order, country (for phones) and the injected phone normaliser. */
export interface ConfirmRules {
  order: DateOrder;
  country: string;
  normalise: PhoneNormaliser;
  /** YYYY-MM-DD: a birthday may not be later. */
  today: string;
}

/** A form checked: the values to save, or a reason next to each refused field (and nothing saved). */
export type ConfirmCheck = { ok: true; values: { email: string; phone: string; birth_date: string | undefined } } | { ok: false; errors: Partial<Record<ConfirmField, string>> };

/** How a date is typed in this business (`DD/MM/YYYY` or `MM/DD/YYYY`). */
export function datePattern(order: DateOrder): string {
  return order === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY';
}

/** A stored birthday as the customer would type it: in the business's date order, or `--MM-DD` without a year. */
export function birthdayText(iso: string | undefined, order: DateOrder): string {
  if (!iso) return '';
  if (iso.startsWith('--')) return iso;
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return order === 'mdy' ? `${m}/${d}/${y}` : `${d}/${m}/${y}`;
}

/**
 * Checks what the customer typed: an e-mail address (required: it is how we reached them), a phone that reads as
 * a number in the business's country (stored E.164; blank allowed), and a birthday in the business's date order
 * or `--MM-DD`, not in the future nor more than 120 years ago (blank allowed).
 */
export function checkConfirmForm(form: Readonly<Partial<ConfirmDetails>>, rules: ConfirmRules): ConfirmCheck {
  const errors: Partial<Record<ConfirmField, string>> = {};
  const email = (form.email ?? '').trim().toLowerCase();
  if (email === '') errors.email = 'Please give an e-mail address.';
  else if (!isEmail(email)) errors.email = 'This is not an e-mail address (it should look like name@example.com).';
  const rawPhone = (form.phone ?? '').trim();
  let phone = '';
  if (rawPhone !== '') {
    phone = rules.normalise(rawPhone, rules.country === '' ? undefined : rules.country);
    if (!/^\+\d{7,15}$/.test(phone)) errors.phone = 'This is not a phone number we can read; include the country code if it is not a local number.';
  }
  const rawBirthday = (form.birth_date ?? '').trim();
  let birth_date: string | undefined;
  if (rawBirthday !== '') {
    const parsed = parseDate(rawBirthday, rules.order);
    const value = parsed.ok && typeof parsed.value === 'string' ? parsed.value : undefined;
    const oldest = `${String(Number(rules.today.slice(0, 4)) - 120).padStart(4, '0')}${rules.today.slice(4)}`;
    if (value === undefined) errors.birth_date = `This is not a date: write it as ${datePattern(rules.order)}, or --MM-DD without the year.`;
    else if (!value.startsWith('--') && (value > rules.today || value < oldest)) errors.birth_date = 'This date cannot be a birthday.';
    else birth_date = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: { email, phone, birth_date } };
}

/** Settings the confirm page reads: the date order, the country, and the business-local date at `nowMs`. */
export function confirmRulesOf(wb: Workbook, nowMs = 0): { order: DateOrder; country: string; today: string } {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  // A customer's own confirmation is never refused for the owner's setting: with time_zone refused it is dated in UTC.
  return { order: settings.date_order, country: settings.country, today: linkToday(wb, nowMs) };
}

function survivorOf(wb: Workbook, order: DateOrder, customerId: string): { table: NonNullable<ReturnType<typeof readTable<typeof customersTab.columns>>>; row: number; record: Customer } | undefined {
  const table = readTable(wb, customersTab, order);
  if (!table) return undefined;
  const byId = new Map<string, { row: number; record: Customer }>();
  for (const r of table.rows) if (!byId.has(r.record.id.trim())) byId.set(r.record.id.trim(), r);
  let at = byId.get(customerId.trim());
  // Follow merged_into to the surviving row (bounded, in case of a cycle typed by hand).
  for (let hops = 0; at && hops < 10; hops++) {
    const into = at.record.merged_into.trim();
    const next = into === '' ? undefined : byId.get(into);
    if (!next) break;
    at = next;
  }
  if (!at || at.record.status === 'archived') return undefined;
  return { table, ...at };
}

/** The details the page shows for a verified claim (the surviving row, if merged since); undefined for an unknown or erased customer. Reads only. */
export function readConfirmDetails(wb: Workbook, claim: ConfirmClaim): ConfirmDetails | undefined {
  const { order } = confirmRulesOf(wb);
  const found = survivorOf(wb, order, claim.customerId);
  if (!found) return undefined;
  return { email: found.record.email, phone: found.record.phone, birth_date: birthdayText(found.record.birth_date, order) };
}

/** What saving a confirmation did: which fields changed (none when the customer only confirmed), or `unknown`. */
export interface ConfirmOutcome {
  status: 'confirmed' | 'unknown';
  changed: ConfirmField[];
}

/**
 * Records a confirmation from a verified claim, under the document lock: the changed fields written, and
 * last_verified_at stamped with `actor.today`, on the customer's surviving row; one Interaction of kind `email`
 * logs what changed, old and new values, so a wrong correction can be undone by hand. Consent is not touched.
 */
export function recordConfirmation(wb: Workbook, claim: ConfirmClaim, values: { email: string; phone: string; birth_date: string | undefined }, actor: { at: string; today: string }): ConfirmOutcome {
  return wb.withLock(() => {
    const { order } = confirmRulesOf(wb);
    const found = survivorOf(wb, order, claim.customerId);
    if (!found) return { status: 'unknown', changed: [] };
    const before = found.record;
    const changed = CONFIRM_FIELDS.filter((f) => (before[f] ?? '') !== (values[f] ?? ''));
    const after: Customer = { ...before, email: values.email, phone: values.phone, birth_date: values.birth_date, last_verified_at: actor.today, updated_at: actor.at };
    saveChanges(wb, found.table, [{ row: found.row, before, after }]);
    const what = changed.length === 0 ? 'no change' : changed.map((f) => `${f}: ${before[f] || '(blank)'} → ${values[f] || '(blank)'}`).join('; ');
    appendRecords(wb, openTable(wb, interactionsTab, order), [
      { customer_id: before.id.trim(), date: actor.at, kind: 'email', channel: 'email', subject: 'Confirmed their details (confirm link)', notes: what, status: 'done' },
    ]);
    return { status: 'confirmed', changed };
  });
}
