// The card's pure rules (no DOM): how values show in inputs, which Profile fields apply, what a save sends,
// and where the server's issues go. Unit-tested in tests/addon/sidebars/customer-card/form.test.ts.
import type { ApiIssue, CustomerCard, FieldValue, ProfileFieldType, ProfileFieldView, SaveCustomerInput } from '../../../shared/api';
import { formatDate, categoryKey } from '../../../shared/customers';
import type { InputKind } from './layout';

/** What the inputs hold now: contract fields by name, Profile fields by their field name, as typed text. */
export interface FormValues {
  fields: Record<string, string>;
  profile: Record<string, string>;
}

/** A value as an input shows it: blank for null, yes/no for booleans. */
export function inputText(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/**
 * A value as the card's input shows it: dates in the business's order (31/01/2026), the phone in the national
 * form the server sent; what an input shows when the card is drawn is never sent back unless it is edited.
 */
export function displayText(card: Pick<CustomerCard, 'display' | 'settings'>, field: string, kind: InputKind, value: FieldValue): string {
  if (field === 'phone' && card.display.phone !== undefined) return card.display.phone;
  if (kind === 'date' && typeof value === 'string') return formatDate(value, card.settings.dateOrder);
  return inputText(value);
}

/**
 * What an input's text sends to the server: blank is null, yes/no become booleans, a number field's text a
 * number when it reads as one. Anything else goes as typed, so the server (the one place with the rules)
 * answers with the field's error rather than the sidebar guessing.
 */
export function inputValue(text: string, kind: InputKind): FieldValue {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (kind === 'yes/no') {
    if (trimmed === 'yes') return true;
    if (trimmed === 'no') return false;
  }
  if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return kind === 'textarea' ? text : trimmed;
}

/** The input of a Profile field type. */
export function profileInput(type: ProfileFieldType): InputKind {
  return type;
}

/** The Profile fields for a customer of this category, in sheet order (a field with no categories applies to all). */
export function applicableProfile(profile: readonly ProfileFieldView[], category: string): ProfileFieldView[] {
  const key = categoryKey(category);
  return profile.filter((p) => p.categories.length === 0 || p.categories.includes(key));
}

/**
 * The save request: only fields whose input differs from the card, each with the value the card showed
 * (`seen`), so the server refuses a change to a field someone else changed meanwhile. Profile fields that do
 * not apply to the category being saved are left alone. `shown` is what the inputs held when the card was
 * drawn: an input left as shown is never sent, even where the browser could not show the value (a date input
 * given a date it cannot read shows blank, and must not clear the cell). Undefined when nothing changed.
 */
export function saveRequest(card: CustomerCard, form: FormValues, kinds: Readonly<Record<string, InputKind>>, shown?: FormValues): SaveCustomerInput | undefined {
  const changes: Record<string, FieldValue> = {};
  const seenChanges: Record<string, FieldValue> = {};
  for (const [field, text] of Object.entries(form.fields)) {
    const before = card.fields[field] ?? null;
    const after = inputValue(text, kinds[field] ?? 'text');
    if (shown?.fields[field] === text || inputValue(inputText(before), kinds[field] ?? 'text') === after) continue;
    changes[field] = after;
    seenChanges[field] = before;
  }
  const profile: Record<string, FieldValue> = {};
  const seenProfile: Record<string, FieldValue> = {};
  const category = form.fields.category ?? inputText(card.fields.category ?? null);
  for (const view of applicableProfile(card.profile, category)) {
    const text = form.profile[view.field];
    if (text === undefined) continue;
    const kind = profileInput(view.type);
    const after = inputValue(text, kind);
    if (shown?.profile[view.field] === text || inputValue(inputText(view.value), kind) === after) continue;
    profile[view.field] = after;
    seenProfile[view.field] = view.value;
  }
  if (Object.keys(changes).length === 0 && Object.keys(profile).length === 0) return undefined;
  return { id: card.id, changes, profile, seen: { changes: seenChanges, profile: seenProfile } };
}

/** Where an issue is shown: beside a contract field, beside a Profile field, or at the top of the card. */
export type IssuePlace = { kind: 'field'; name: string } | { kind: 'profile'; name: string } | { kind: 'card' };

export function issuePlace(issue: ApiIssue): IssuePlace {
  const [section, name] = issue.path;
  if (section === 'changes' && name !== undefined) return { kind: 'field', name };
  if (section === 'profile' && name !== undefined) return { kind: 'profile', name };
  return { kind: 'card' };
}

/** Groups issues by place key ('field:email', 'profile:VAT number', 'card'), messages in order, no repeats. */
export function groupIssues(issues: readonly ApiIssue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const issue of issues) {
    const place = issuePlace(issue);
    const key = place.kind === 'card' ? 'card' : `${place.kind}:${place.name}`;
    const list = out.get(key) ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    out.set(key, list);
  }
  return out;
}

/** A money amount as the card shows it: the currency code, then two decimals with thousands separators. */
export function money(amount: number | null, currency: string): string {
  if (amount === null) return '';
  const text = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency === '' ? text : `${currency} ${text}`;
}
