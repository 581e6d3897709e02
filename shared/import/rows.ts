// One file row → the customer fields it carries, every rejected or corrected cell reported by row and column.
import type { Customer } from '../workbook';
import { countryDateOrder, dependsOnOrder, detectDateOrder, readDate } from './dates';
import type { ColumnMapping } from './mapping';
import { splitName } from './names';
import type { Preset } from './presets';
import type { DateOrder, ImportIssue, SourceTable } from './types';
import { cleanCell, readConsent, readEmail, readPhone, readTags, splitAddress, splitMulti, type PhoneNormaliser } from './values';

/** The customer fields a row sets (only those it has a value for). */
export type CustomerFields = Partial<Pick<Customer, 'first_name' | 'last_name' | 'company' | 'email' | 'phone' | 'street' | 'city' | 'region' | 'postcode' | 'country' | 'birth_date' | 'customer_since' | 'notes' | 'tags' | 'membership_no' | 'account_manager' | 'industry' | 'contact_type' | 'category' | 'referred_by'>>;

/** One file row read: where it is, its fields, the consent it states (and from which column), its external key. */
export interface Candidate {
  file: number;
  line: number;
  fields: CustomerFields;
  consent?: { given: boolean; column: string };
  external?: string;
  /** Phones the row had, normalised, for matching (the first is `fields.phone`). */
  phones: string[];
}

/** How a date column is read, and what decided it. */
export interface DateColumnOrder {
  column: string;
  order: DateOrder;
  decidedBy: 'values' | 'option' | 'settings' | 'format' | 'country';
  /** True when the column's values fit both day-first and month-first, so the choice was not the file's own. */
  ambiguous: boolean;
}

/** What reading rows needs to know beyond the file. */
export interface ReadContext {
  country: string;
  dateOrder?: DateOrder;
  settingsDateOrder?: DateOrder;
  normalisePhone: PhoneNormaliser;
  /** The header text of the external key column (`--key COLUMN`), when matching on one. */
  keyColumn?: number;
}

const TEXT_FIELDS = ['company', 'street', 'city', 'region', 'postcode', 'country', 'membership_no', 'account_manager', 'industry', 'contact_type', 'category', 'referred_by'] as const;
const EMPTY_DATES = new Set(['0/0/00', '0/0/0000', '00/00/0000', '0000-00-00']);

/** The order each date column is read in: its own values first, then --date-order, Settings, the format, the country. */
export function dateOrders(table: SourceTable, mapping: ColumnMapping, preset: Preset, ctx: ReadContext): Map<number, DateColumnOrder> {
  const out = new Map<number, DateColumnOrder>();
  for (const field of ['birth_date', 'customer_since']) {
    for (const index of mapping.get(field) ?? []) {
      const column = table.header[index] ?? field;
      const values = table.rows.map((r) => cleanCell(r[index]));
      const seen = detectDateOrder(values);
      // ISO dates, yearless --MM-DD and 25/12 read the same either way: nobody needs to be asked about them.
      const ambiguous = values.some(dependsOnOrder);
      if (seen === 'dmy' || seen === 'mdy') out.set(index, { column, order: seen, decidedBy: 'values', ambiguous: false });
      else if (ctx.dateOrder) out.set(index, { column, order: ctx.dateOrder, decidedBy: 'option', ambiguous });
      else if (table.dateOrder) out.set(index, { column, order: table.dateOrder, decidedBy: 'format', ambiguous: false });
      else if (preset.monthFirst) out.set(index, { column, order: 'mdy', decidedBy: 'format', ambiguous });
      else if (ctx.settingsDateOrder) out.set(index, { column, order: ctx.settingsDateOrder, decidedBy: 'settings', ambiguous });
      else out.set(index, { column, order: countryDateOrder(ctx.country), decidedBy: 'country', ambiguous });
    }
  }
  return out;
}

/** Reads one row. Returns undefined (with an issue) when it has no name, company, e-mail or phone. */
export function readRow(
  table: SourceTable,
  fileIndex: number,
  rowIndex: number,
  mapping: ColumnMapping,
  preset: Preset,
  orders: ReadonlyMap<number, DateColumnOrder>,
  ctx: ReadContext,
  issues: ImportIssue[],
): Candidate | undefined {
  const cells = table.rows[rowIndex] ?? [];
  const line = table.lines[rowIndex] ?? rowIndex + 2;
  const col = (i: number): string => table.header[i] ?? `column ${i + 1}`;
  const first = (field: string): { value: string; index: number } | undefined => {
    for (const i of mapping.get(field) ?? []) {
      const value = cleanCell(cells[i]);
      if (value !== '') return { value, index: i };
    }
    return undefined;
  };
  const fields: CustomerFields = {};
  const extraNotes: string[] = [];
  const issue = (index: number, reason: string): void => {
    issues.push({ row: line, column: col(index), reason });
  };

  const given = first('first_name');
  const family = first('last_name');
  if (given) fields.first_name = given.value.replace(/\s+/g, ' ');
  if (family) fields.last_name = family.value.replace(/\s+/g, ' ');
  const full = first('full_name');
  if (full && !given && !family) {
    const { first: f, last: l } = splitName(full.value);
    if (f !== '') fields.first_name = f;
    if (l !== '') fields.last_name = l;
  }
  for (const field of TEXT_FIELDS) {
    const v = first(field);
    if (v) fields[field] = v.value;
  }
  const street2 = first('street2');
  if (street2) fields.street = [fields.street, street2.value].filter((s) => s !== undefined && s !== '').join(', ');
  const address = first('address');
  if (address && !fields.street && !fields.city) {
    const parts = splitAddress(address.value);
    for (const [k, v] of Object.entries(parts) as [keyof typeof parts, string][]) if (v !== '') fields[k] = v;
  }

  const emails: string[] = [];
  for (const i of mapping.get('email') ?? []) {
    for (const raw of splitMulti(cleanCell(cells[i]))) {
      const email = readEmail(raw);
      if (email === undefined) {
        issue(i, 'not a valid e-mail address; kept in notes');
        extraNotes.push(`${col(i)}: ${raw}`);
      } else if (!emails.includes(email)) emails.push(email);
    }
  }
  if (emails[0]) fields.email = emails[0];
  for (const e of emails.slice(1)) extraNotes.push(`Other e-mail: ${e}`);

  const phones: string[] = [];
  const phoneTexts: string[] = [];
  for (const i of mapping.get('phone') ?? []) {
    for (const raw of splitMulti(cleanCell(cells[i]))) {
      const e164 = readPhone(raw, ctx.country, ctx.normalisePhone);
      if (e164 === undefined) {
        issue(i, 'not a phone number that can be dialled; kept as written');
        if (!phoneTexts.includes(raw)) phoneTexts.push(raw);
      } else if (!phones.includes(e164)) {
        phones.push(e164);
        phoneTexts.push(e164);
      }
    }
  }
  if (phoneTexts[0]) fields.phone = phoneTexts[0];
  for (const p of phoneTexts.slice(1)) extraNotes.push(`Other phone: ${p}`);

  for (const field of ['birth_date', 'customer_since'] as const) {
    const v = first(field);
    if (!v || EMPTY_DATES.has(v.value)) continue;
    const order = orders.get(v.index)?.order ?? countryDateOrder(ctx.country);
    const iso = readDate(v.value, order);
    if (iso === undefined || (field === 'customer_since' && iso.startsWith('--'))) {
      issue(v.index, `not a date (read as ${order.toUpperCase()}); kept in notes`);
      extraNotes.push(`${col(v.index)}: ${v.value}`);
    } else fields[field] = iso;
  }

  const tags = first('tags');
  if (tags) {
    const t = readTags(tags.value);
    if (t !== '') fields.tags = t;
  }
  const notes = first('notes');
  const allNotes = [notes?.value ?? '', ...extraNotes].filter((s) => s !== '');
  if (allNotes.length > 0) fields.notes = allNotes.join('\n');

  let consent: Candidate['consent'];
  const consentCell = first('consent');
  if (consentCell) {
    const given = readConsent(consentCell.value);
    if (given === undefined) issue(consentCell.index, 'not a consent answer (yes/no, subscribed/unsubscribed); consent left as it was');
    else consent = { given, column: col(consentCell.index) };
  } else if (preset.impliedConsent !== undefined && fields.email) {
    consent = { given: preset.impliedConsent, column: preset.impliedConsent ? 'subscribed members export' : 'unsubscribed members export' };
  }

  const external = ctx.keyColumn === undefined ? undefined : cleanCell(cells[ctx.keyColumn]);
  if (!fields.first_name && !fields.last_name && !fields.company && !fields.email && !fields.phone) {
    if (cells.some((c) => cleanCell(c) !== '')) issues.push({ row: line, column: '', reason: 'no name, company, e-mail or phone; row skipped' });
    return undefined;
  }
  return { file: fileIndex, line, fields, consent, external: external === '' ? undefined : external, phones };
}
