import { customersTab, decodeCell, fieldSchema, type DateOrder } from '../workbook';
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
  not_a_date: 'Enter a date as YYYY-MM-DD.',
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
};

/** An issue at this path, with its standard message. */
export function issueAt(path: string[], code: ApiFault): ApiIssue {
  return { path, code, message: FAULT_MESSAGES[code] };
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

/**
 * Reads what the card sent for one Customers field as the record's value, with the contract's own
 * parsing (dates in the business's date order, e-mails lower-cased) and zod schema, plus the card's rules:
 * plausible phone numbers, no birthdays in the future, status only active or archived.
 */
export function parseCustomerEdit(field: string, value: FieldValue, order: DateOrder, today: string): FieldParse {
  const def = (customersTab.columns as Record<string, (typeof customersTab.columns)[keyof typeof customersTab.columns] | undefined>)[field];
  if (!def) return { ok: false, code: 'unknown_field' };
  if (!EDITABLE.has(field)) return { ok: false, code: 'read_only' };
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) return { ok: false, code: 'too_long' };
  const decoded = decodeCell(def, value, order);
  if (!decoded.ok) return { ok: false, code: decoded.fault };
  const parsed = decoded.value ?? (def.kind === 'date' || def.kind === 'boolean' ? undefined : '');
  const checked = fieldSchema(def).safeParse(parsed);
  if (!checked.success) return { ok: false, code: def.kind === 'email' ? 'not_an_email' : 'invalid_input' };
  if (field === 'status' && parsed === 'merged') return { ok: false, code: 'not_a_choice' };
  if (field === 'phone' && parsed !== '' && (typeof parsed !== 'string' || !PHONE.test(parsed) || parsed.replace(/\D/g, '').length < 4)) {
    return { ok: false, code: 'not_a_phone' };
  }
  if ((field === 'birth_date' || field === 'customer_since') && typeof parsed === 'string' && (parsed > today || parsed < '1900-01-01')) {
    return { ok: false, code: 'out_of_range' };
  }
  return { ok: true, value: parsed };
}
