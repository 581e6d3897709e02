// The customer card sidebar: search, open, edit and save one customer. Every value from the sheet goes into
// the page as text (lib/dom's el), never as markup. One server call per action; a save is one saveCustomer.
import type { ApiIssue, CustomerCard, CustomerSummary, FieldValue, ProfileFieldView } from '../../../shared/api';
import { el, replaceChildren } from '../lib/dom';
import { createClient, ServerCallError } from '../lib/server';
import { applicableProfile, groupIssues, inputText, money, profileInput, saveRequest, type FormValues } from './form';
import { SECTIONS, type FieldSpec, type InputKind } from './layout';

const api = createClient();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const query = $<HTMLInputElement>('q');
const results = $<HTMLUListElement>('results');
const statusLine = $<HTMLParagraphElement>('status');
const cardView = $<HTMLElement>('card');

const KINDS: Record<string, InputKind> = Object.fromEntries(SECTIONS.flatMap((s) => s.fields.map((f) => [f.name, f.input])));

let card: CustomerCard | undefined;
/** What the inputs held when the card was drawn; only inputs changed since are saved. */
let shown: FormValues | undefined;
/** Profile inputs typed so far, kept when a category change redraws the Profile section. */
let profileTyped: Record<string, string> = {};
let searchSeq = 0;

function status(text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  statusLine.textContent = text;
  statusLine.className = kind;
}

function failed(error: unknown): void {
  status(error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
}

function firstMessage(issues: readonly ApiIssue[]): string {
  return issues[0]?.message ?? 'Something went wrong.';
}

// ---- search ----------------------------------------------------------------------------------------------

function renderResults(hits: readonly CustomerSummary[]): void {
  replaceChildren(
    results,
    hits.map((hit) => {
      const button = el('button', { attrs: { type: 'button', 'data-id': hit.id } }, [
        el('span', { class: 'name', text: hit.name || hit.company || hit.id }),
        el('span', { class: 'meta', text: [hit.email, hit.phone, hit.city].filter((t) => t !== '').join(' · ') }),
      ]);
      button.addEventListener('click', () => void openCard({ id: hit.id }));
      return el('li', {}, [button]);
    }),
  );
}

async function search(text: string): Promise<void> {
  const seq = ++searchSeq;
  if (text.trim().length < 2) {
    renderResults([]);
    return;
  }
  try {
    const answer = await api.searchCustomers({ query: text, limit: 20 });
    if (seq !== searchSeq) return; // a newer search has been typed
    if (!answer.ok) return status(firstMessage(answer.issues), 'error');
    renderResults(answer.value);
    status(answer.value.length === 0 ? 'No customer matches.' : `${answer.value.length} found${answer.value.length === 20 ? ' (first 20)' : ''}.`);
  } catch (error) {
    failed(error);
  }
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
query.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void search(query.value), 200);
});
$<HTMLFormElement>('search').addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(searchTimer);
  void search(query.value);
});
$<HTMLButtonElement>('selected').addEventListener('click', () => void openCard('selected'));

// ---- the card ----------------------------------------------------------------------------------------------

async function openCard(which: { id: string } | 'selected', quiet = false): Promise<void> {
  try {
    const answer = which === 'selected' ? await api.getSelectedCustomer({}) : await api.getCustomerCard(which);
    if (!answer.ok) {
      if (!quiet) status(firstMessage(answer.issues), 'error');
      return;
    }
    showCard(answer.value);
    renderResults([]);
    status('');
  } catch (error) {
    if (!quiet) failed(error);
  }
}

function inputFor(id: string, kind: InputKind, value: FieldValue, choices: readonly string[], name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const text = inputText(value);
  if (kind === 'choice' || kind === 'yes/no') {
    const options = kind === 'yes/no' ? ['yes', 'no'] : [...choices];
    // A value the list does not hold stays visible, so saving does not silently change it.
    if (text !== '' && !options.includes(text)) options.push(text);
    const select = el('select', { attrs: { id, name } }, [el('option', { text: '', attrs: { value: '' } }), ...options.map((o) => el('option', { text: o, attrs: { value: o } }))]);
    select.value = text;
    return select;
  }
  if (kind === 'textarea') {
    const area = el('textarea', { attrs: { id, name, rows: '3' } });
    area.value = text;
    return area;
  }
  const type = kind === 'email' ? 'email' : kind === 'tel' ? 'tel' : kind === 'date' ? 'date' : 'text';
  const input = el('input', { attrs: { id, name, type, inputmode: kind === 'number' ? 'decimal' : undefined, list: kind === 'category' ? 'categories' : undefined, autocomplete: 'off' } });
  input.value = text;
  return input;
}

/** One labelled input with its message line; data-place ties server issues to it. */
function fieldRow(place: string, id: string, label: string, control: HTMLElement, required = false): HTMLElement {
  const message = el('p', { class: 'issue', attrs: { id: `${id}-issue`, 'aria-live': 'polite' } });
  message.hidden = true;
  control.setAttribute('aria-describedby', `${id}-issue`);
  return el('div', { class: 'field', attrs: { 'data-place': place } }, [el('label', { text: required ? `${label} *` : label, attrs: { for: id } }), control, message]);
}

function contractField(spec: FieldSpec, current: CustomerCard): HTMLElement {
  return fieldRow(`field:${spec.name}`, `f-${spec.name}`, spec.label, inputFor(`f-${spec.name}`, spec.input, current.fields[spec.name] ?? null, spec.choices ?? [], spec.name));
}

function profileFields(current: CustomerCard, category: string): HTMLElement[] {
  return applicableProfile(current.profile, category).map((view: ProfileFieldView, i) => {
    const id = `p-${i}`;
    const control = inputFor(id, profileInput(view.type), view.value, view.choices, view.field);
    control.setAttribute('data-profile', view.field);
    const typed = profileTyped[view.field];
    if (typed !== undefined) control.value = typed;
    return fieldRow(`profile:${view.field}`, id, view.field, control, view.required);
  });
}

function history(current: CustomerCard): HTMLElement {
  const { purchases, interactions } = current;
  const currency = purchases.recent[0]?.currency ?? '';
  return el('section', { class: 'history', attrs: { 'aria-label': 'History' } }, [
    el('h3', { text: 'Purchases' }),
    el('p', {
      class: 'summary',
      text: purchases.count === 0 ? 'No purchases yet.' : `${purchases.count} since ${purchases.first ?? '?'}, total ${money(purchases.total, currency)}, last ${purchases.last ?? '?'}`,
    }),
    el('ul', { class: 'lines' }, purchases.recent.map((p) => el('li', {}, [el('span', { text: p.date }), el('span', { text: p.description }), el('span', { class: 'num', text: money(p.amount, p.currency) })]))),
    el('h3', { text: 'Interactions' }),
    el('p', {
      class: 'summary',
      text: interactions.count === 0 ? 'No interactions yet.' : `${interactions.count}, last ${interactions.last ?? '?'}${interactions.openComplaints > 0 ? `, ${interactions.openComplaints} open complaint${interactions.openComplaints === 1 ? '' : 's'}` : ''}`,
    }),
    el('ul', { class: 'lines' }, interactions.recent.map((i) => el('li', {}, [el('span', { text: i.date }), el('span', { text: `${i.kind}: ${i.subject}` }), el('span', { text: i.status })]))),
  ]);
}

function showCard(next: CustomerCard): void {
  card = next;
  profileTyped = {};
  const name = [next.fields.first_name, next.fields.last_name].map((v) => inputText(v ?? null)).join(' ').trim() || inputText(next.fields.company ?? null) || next.id;
  const form = el('form', { attrs: { id: 'edit', novalidate: '' } }, [
    el('datalist', { attrs: { id: 'categories' } }, next.categories.map((c) => el('option', { attrs: { value: c } }))),
    ...SECTIONS.map((section) => el('fieldset', {}, [el('legend', { text: section.title }), ...section.fields.map((f) => contractField(f, next))])),
    el('fieldset', { attrs: { id: 'profile' } }, [el('legend', { text: 'Profile' }), ...profileFields(next, inputText(next.fields.category ?? null))]),
    el('p', { class: 'issue card-issue', attrs: { 'data-place': 'card' } }),
    el('div', { class: 'actions' }, [el('button', { text: 'Save', attrs: { type: 'submit', id: 'save' } }), el('button', { text: 'Close', class: 'secondary', attrs: { type: 'button', id: 'close' } })]),
  ]);
  replaceChildren(cardView, [el('h2', { text: name }, [el('span', { class: 'id', text: ` ${next.id} · row ${next.row}` })]), form, history(next)]);
  cardView.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(form);
  });
  form.querySelector('#close')?.addEventListener('click', () => {
    card = undefined;
    cardView.hidden = true;
    replaceChildren(cardView, []);
  });
  // The Profile fields depend on the category being edited, not the saved one.
  form.querySelector('#f-category')?.addEventListener('change', () => redrawProfile(form));
  showIssues(form, next.warnings, 'warning');
  shown = formValues(form);
}

function formValues(form: HTMLFormElement): FormValues {
  const values: FormValues = { fields: {}, profile: { ...profileTyped } };
  for (const control of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'))) {
    const profile = control.getAttribute('data-profile');
    if (profile !== null) values.profile[profile] = control.value;
    else if (control.name in KINDS) values.fields[control.name] = control.value;
  }
  return values;
}

function redrawProfile(form: HTMLFormElement): void {
  if (!card) return;
  profileTyped = formValues(form).profile;
  const fieldset = form.querySelector('#profile');
  const category = form.querySelector<HTMLInputElement>('#f-category')?.value ?? '';
  if (fieldset) replaceChildren(fieldset, [el('legend', { text: 'Profile' }), ...profileFields(card, category)]);
}

/** Puts each issue's message beside its field (or at the top), clearing the old ones. */
function showIssues(form: HTMLFormElement, issues: readonly ApiIssue[], kind: 'error' | 'warning'): void {
  const grouped = groupIssues(issues);
  for (const place of Array.from(form.querySelectorAll<HTMLElement>('[data-place]'))) {
    const key = place.getAttribute('data-place') ?? '';
    const messages = grouped.get(key);
    const line = key === 'card' ? place : place.querySelector<HTMLElement>('.issue');
    if (!line) continue;
    line.textContent = messages?.join(' ') ?? '';
    line.hidden = messages === undefined;
    line.className = `issue ${kind}${key === 'card' ? ' card-issue' : ''}`;
    place.classList.toggle('invalid', messages !== undefined && kind === 'error');
    grouped.delete(key);
  }
  // Issues about fields the card does not show (say, a Profile field of another category) go at the top.
  const rest = [...grouped.values()].flat();
  const top = form.querySelector<HTMLElement>('[data-place="card"]');
  if (top && rest.length > 0) {
    top.textContent = [top.textContent, ...rest].filter((t) => t).join(' ');
    top.hidden = false;
  }
}

async function save(form: HTMLFormElement): Promise<void> {
  if (!card) return;
  const request = saveRequest(card, formValues(form), KINDS, shown);
  if (!request) return status('Nothing to save.');
  const button = form.querySelector<HTMLButtonElement>('#save');
  if (button) button.disabled = true;
  status('Saving…');
  try {
    const answer = await api.saveCustomer(request);
    if (!answer.ok) {
      showIssues(form, answer.issues, 'error');
      status(answer.issues.length === 1 ? 'Not saved: 1 field needs attention.' : `Not saved: ${answer.issues.length} fields need attention.`, 'error');
      return;
    }
    showCard(answer.value.card);
    status(answer.value.written === 0 ? 'Nothing had changed.' : 'Saved.', 'ok');
  } catch (error) {
    failed(error);
  } finally {
    if (button) button.disabled = false;
  }
}

// Opened from the menu on a Customers row: show that customer straight away (quietly, if there is none).
void openCard('selected', true);
