import { BAD_TIME_ZONE_MESSAGE } from '../kernel';
import { customersTab, decodeCell, fieldSchema, type DateOrder } from '../workbook';
import { datePattern, parseCardDate } from './dates';
import { storedPhone, type PhoneRules } from './phone';
import type { ApiFault, ApiIssue, FieldValue } from './types';

/** The Customers fields a person may change on the card; ids, scores, tiers and audit columns are computed. */
export const EDITABLE_FIELDS = [
  'contact_type',
  'category',
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'street',
  'city',
  'region',
  'postcode',
  'country',
  'birth_date',
  'customer_since',
  'account_manager',
  'industry',
  'source',
  'email_consent',
  'consent_basis',
  'referred_by',
  'tags',
  'notes',
  'status',
] as const;

/** One of the fields the card may change. */
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const EDITABLE = new Set<string>(EDITABLE_FIELDS);

/** The message shown for each fault; none carries the value that caused it. */
export const FAULT_MESSAGES: Record<ApiFault, string> = {
  not_a_number: 'Enter a number.',
  not_a_date: 'Enter a real date.',
  not_a_boolean: 'Choose yes or no.',
  not_a_choice: 'Choose one of the listed values.',
  not_an_email: 'Enter a valid e-mail address.',
  required: 'This field is required.',
  invalid_input: 'The request was not understood.',
  not_found: 'No customer with that id or row.',
  no_selection: 'Select a customer row on the Customers tab first.',
  not_a_phone: 'Enter a phone number: digits, spaces, + ( ) - only.',
  out_of_range: 'This date cannot be in the future or before 1900.',
  too_long: 'This text is longer than a cell can hold.',
  unknown_field: 'This field is not on the card.',
  read_only: 'This field is computed and cannot be edited here.',
  conflict: 'Someone changed this in the sheet after you opened the card. Reload to see it.',
  merged: 'This customer was merged into another; edit the surviving customer instead.',
  no_name: 'A customer needs a first name, a last name or a company.',
  phone_needs_country: 'Add the country code (for example +27 82 555 1234), or set the country in Settings.',
  not_open: 'This complaint is already resolved.',
  not_a_complaint: 'That interaction is not a complaint of this customer.',
  unconfirmed: 'Confirm first: this cannot be done by accident.',
  bad_time_zone: BAD_TIME_ZONE_MESSAGE,
};

/** An issue at this path, with its standard message. */
export function issueAt(path: string[], code: ApiFault, order?: DateOrder): ApiIssue {
  // A date message names the business's own pattern, which the card shows as the placeholder.
  const message = code === 'not_a_date' && order ? `Enter a real date as ${datePattern(order)}.` : FAULT_MESSAGES[code];
  return { path, code, message };
}

/** A field value as the card carries it: undefined (a blank date or number) becomes null. */
export function toFieldValue(value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** The most a Sheets cell holds. */
export const MAX_CELL_CHARS = 50_000;

const PHONE = /^\+?[\d\s().\-/]+(\s*(ext\.?|x)\s*\d+)?$/i;

/** A parsed edit of one contract field (the record's value), or why it was refused. */
export type FieldParse = { ok: true; value: unknown } | { ok: false; code: ApiFault };

/** The card's date fields; a birthday may be kept without its year. */
const DATE_FIELDS = new Set(['birth_date', 'customer_since']);

/**
 * Reads what the card sent for one Customers field as the record's value, with the contract's own
 * parsing and zod schema, plus the card's rules: dates strictly in the business's order (an impossible date is
 * refused, never blanked), phones stored as E.164 with the business's country, no birthdays in the future,
 * status only active or archived.
 */
export function parseCustomerEdit(field: string, value: FieldValue, order: DateOrder, today: string, phone: PhoneRules): FieldParse {
  const def = (customersTab.columns as Record<string, (typeof customersTab.columns)[keyof typeof customersTab.columns] | undefined>)[field];
  if (!def) return { ok: false, code: 'unknown_field' };
  if (!EDITABLE.has(field)) return { ok: false, code: 'read_only' };
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) return { ok: false, code: 'too_long' };
  if (DATE_FIELDS.has(field)) {
    if (typeof value !== 'string' && value !== null) return { ok: false, code: 'not_a_date' };
    const date = parseCardDate(value ?? '', order, field === 'birth_date');
    if (!date.ok) return { ok: false, code: 'not_a_date' };
    const year = date.value?.startsWith('--') ? '' : (date.value ?? '');
    if (year !== '' && (year > today || year < '1900-01-01')) return { ok: false, code: 'out_of_range' };
    return { ok: true, value: date.value ?? undefined };
  }
  const decoded = decodeCell(def, value, order);
  if (!decoded.ok) return { ok: false, code: decoded.fault };
  const parsed = decoded.value ?? (def.kind === 'date' || def.kind === 'boolean' ? undefined : '');
  const checked = fieldSchema(def).safeParse(parsed);
  if (!checked.success) return { ok: false, code: def.kind === 'email' ? 'not_an_email' : 'invalid_input' };
  if (field === 'status' && parsed === 'merged') return { ok: false, code: 'not_a_choice' };
  if (field === 'phone' && parsed !== '') {
    if (typeof parsed !== 'string' || !PHONE.test(parsed) || parsed.replace(/\D/g, '').length < 4) return { ok: false, code: 'not_a_phone' };
    const e164 = storedPhone(parsed, phone);
    return e164 === undefined ? { ok: false, code: 'phone_needs_country' } : { ok: true, value: e164 };
  }
  return { ok: true, value: parsed };
}

/** True when a customer has a first name, a last name or a company: what the card needs to name them. */
export function hasName(record: { first_name?: unknown; last_name?: unknown; company?: unknown }): boolean {
  return [record.first_name, record.last_name, record.company].some((v) => typeof v === 'string' && v.trim() !== '');
}
