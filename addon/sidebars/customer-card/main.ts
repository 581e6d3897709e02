// The customer card sidebar: search, open, edit and save one customer, create one, log what happened, and read
// their timeline. Every value from the sheet goes into the page as text (lib/dom's el), never as markup. One
// server call per action; a save is one saveCustomer (or createCustomer for a new customer).
import type { ApiIssue, CustomerCard, CustomerSummary, FieldValue, ProfileFieldView } from '../../../shared/api';
import type { TimelineItem } from '../../../shared/customers';
import { el, replaceChildren } from '../lib/dom';
import { createClient, ServerCallError } from '../lib/server';
import { joinMembership, openConfirm, openLogForm, openPurchaseForm, openResolveForm, QUICK_LABELS, type ActionHost } from './actions';
import { applicableProfile, displayText, groupIssues, inputText, money, profileInput, saveRequest, type FormValues } from './form';
import { SECTIONS, type FieldSpec, type InputKind } from './layout';

const api = createClient();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const query = $<HTMLInputElement>('q');
const results = $<HTMLUListElement>('results');
const statusLine = $<HTMLParagraphElement>('status');
const cardView = $<HTMLElement>('card');

const KINDS: Record<string, InputKind> = Object.fromEntries(SECTIONS.flatMap((s) => s.fields.map((f) => [f.name, f.input])));

let card: CustomerCard | undefined;
/** True while the card is a new customer not yet saved. */
let creating = false;
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
    status([answer.value.length === 0 ? 'No customer matches.' : `${answer.value.length} found${answer.value.length === 20 ? ' (first 20)' : ''}.`, ...(answer.notes ?? [])].join(' '));
    if (answer.value.length === 0) {
      const offer = el('button', { text: `New customer "${text.trim()}"`, class: 'secondary', attrs: { type: 'button', id: 'new-from-search' } });
      offer.addEventListener('click', () => void newCustomer(text));
      replaceChildren(results, [el('li', {}, [offer])]);
    }
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
$<HTMLButtonElement>('new').addEventListener('click', () => void newCustomer(''));

/** What a search that found nothing already says about the customer: an e-mail, a phone, or a name. */
function prefill(text: string): Record<string, string> {
  const t = text.trim();
  if (t === '') return {};
  if (t.includes('@')) return { email: t };
  if (/^[\d\s+().-]+$/.test(t)) return { phone: t };
  const words = t.split(/\s+/);
  return words.length === 1 ? { first_name: t } : { first_name: words[0] ?? '', last_name: words.slice(1).join(' ') };
}

async function newCustomer(text: string): Promise<void> {
  try {
    const answer = await api.getCustomerCard({ blank: true });
    if (!answer.ok) return status(firstMessage(answer.issues), 'error');
    showCard(answer.value, true);
    renderResults([]);
    // Typed into the inputs (not the card), so a save sends them.
    for (const [field, value] of Object.entries(prefill(text))) {
      const input = cardView.querySelector<HTMLInputElement>(`#f-${field}`);
      if (input) input.value = value;
    }
    status('New customer: fill in a first name, last name or company, then Save.');
    cardView.querySelector<HTMLElement>('#f-first_name')?.focus();
  } catch (error) {
    failed(error);
  }
}

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
    status((answer.notes ?? []).join(' '));
  } catch (error) {
    if (!quiet) failed(error);
  }
}

function inputFor(current: CustomerCard, id: string, kind: InputKind, value: FieldValue, choices: readonly string[], name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const text = id.startsWith('f-') ? displayText(current, name, kind, value) : kind === 'date' ? displayText(current, '', kind, value) : inputText(value);
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
  // Dates are text in the business's order: a browser date input shows the browser's order and blanks what it cannot read.
  const type = kind === 'email' ? 'email' : kind === 'tel' ? 'tel' : 'text';
  const placeholder = kind === 'date' ? current.settings.datePattern : undefined;
  const input = el('input', { attrs: { id, name, type, placeholder, inputmode: kind === 'number' ? 'decimal' : undefined, list: kind === 'category' ? 'categories' : undefined, autocomplete: 'off' } });
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
  return fieldRow(`field:${spec.name}`, `f-${spec.name}`, spec.label, inputFor(current, `f-${spec.name}`, spec.input, current.fields[spec.name] ?? null, spec.choices ?? [], spec.name));
}

function profileFields(current: CustomerCard, category: string): HTMLElement[] {
  return applicableProfile(current.profile, category).map((view: ProfileFieldView, i) => {
    const id = `p-${i}`;
    const control = inputFor(current, id, profileInput(view.type), view.value, view.choices, view.field);
    control.setAttribute('data-profile', view.field);
    const typed = profileTyped[view.field];
    if (typed !== undefined) control.value = typed;
    return fieldRow(`profile:${view.field}`, id, view.field, control, view.required);
  });
}

/** Tier, value, churn risk in words, and open complaints (each with Resolve). */
function insight(current: CustomerCard, host: ActionHost, holder: HTMLElement): HTMLElement {
  const i = current.insight;
  const { purchases } = current;
  const currency = current.settings.currency;
  const facts: [string, string][] = [
    ['Membership', [i.tier, i.memberNo ? `no. ${i.memberNo}` : ''].filter(Boolean).join(', ') || 'none'],
    ['Value next 12 months', i.clv === null ? 'not scored yet' : money(i.clv, currency)],
    ['Purchases', purchases.count === 0 ? 'none yet' : `${purchases.count}, total ${money(purchases.total, currency)}`],
    ['Churn risk', i.churnLevel === '' ? 'not scored yet' : `${i.churnLevel} (${Math.round((i.churnRisk ?? 0) * 100)} %)`],
  ];
  // Customers who name this one in referred_by: the referral count, with the first few names.
  const { referrals } = current;
  facts.push(['Referrals', referrals.count === 0 ? 'none yet' : `${referrals.count}: ${referrals.referred.map((r) => r.name).join(', ')}${referrals.count > referrals.referred.length ? ', …' : ''}`]);
  // Today's standing by the Loyalty tab: the discount that applies now and what the next tier still needs.
  if (i.loyalty) {
    facts.push(['Discount now', `${i.loyalty.discountPct} %${i.loyalty.tier ? ` (${i.loyalty.tier})` : ''}`]);
    if (i.loyalty.nextTier) facts.push([`To ${i.loyalty.nextTier}`, i.loyalty.nextTierGap || 'reached at the next scoring']);
  }
  const complaints = i.openComplaints.map((c) => {
    const resolve = el('button', { text: 'Resolve', class: 'secondary small', attrs: { type: 'button', 'data-resolve': c.ref } });
    resolve.addEventListener('click', () => openResolveForm(api, host, holder, c.ref, c.subject));
    return el('li', {}, [el('span', { text: c.subject || c.ref }), resolve]);
  });
  // Join: customers (a blank type is one) without a number get the next one from the server.
  const type = String(current.fields.contact_type ?? '').trim();
  const canJoin = !i.memberNo && current.fields.status !== 'merged' && current.fields.status !== 'archived' && (type === '' || type === 'customer');
  const join = canJoin ? el('button', { text: 'Join membership', class: 'secondary small', attrs: { type: 'button', id: 'join-membership' } }) : null;
  join?.addEventListener('click', () => joinMembership(api, host, join));
  return el('section', { class: 'insight', attrs: { id: 'insight', 'aria-label': 'Summary' } }, [
    el('dl', {}, facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
    join,
    el('p', { class: 'reason', attrs: { id: 'churn-reason' }, text: i.churnReason }),
    complaints.length > 0 ? el('h3', { text: `Open complaints (${complaints.length})` }) : null,
    complaints.length > 0 ? el('ul', { class: 'complaints' }, complaints) : null,
  ]);
}

const KIND_LABELS: Record<string, string> = { purchase: 'Purchase', message: 'Message', consent: 'Consent', merge: 'Merge', ...Object.fromEntries(QUICK_LABELS), support: 'Support', survey: 'Survey' };

function timelineLine(item: TimelineItem, currency: string): HTMLElement {
  const label = item.kind === 'interaction' ? (KIND_LABELS[item.type] ?? item.type) : (KIND_LABELS[item.kind] ?? item.kind);
  return el('li', { class: `tl-${item.kind}${item.open ? ' open' : ''}`, attrs: { 'data-ref': item.ref } }, [
    el('span', { class: 'when', text: item.when }),
    el('span', { class: 'what' }, [el('b', { text: `${label}${item.open ? ' (open)' : ''}: ` }), item.title, item.detail ? el('span', { class: 'detail', text: ` · ${item.detail}` }) : null]),
    item.amount !== undefined ? el('span', { class: 'num', text: money(item.amount, item.currency || currency) }) : null,
  ]);
}

/** The timeline, newest first; "Show more" fetches the next page. */
function timeline(current: CustomerCard): HTMLElement {
  const list = el('ul', { class: 'lines timeline', attrs: { id: 'timeline-items' } }, current.timeline.items.map((t) => timelineLine(t, current.settings.currency)));
  const count = el('p', { class: 'summary', attrs: { id: 'timeline-count' } });
  const more = el('button', { text: 'Show more', class: 'secondary', attrs: { type: 'button', id: 'timeline-more' } });
  let shownCount = current.timeline.items.length;
  const update = (total: number): void => {
    count.textContent = total === 0 ? 'Nothing yet.' : `Showing ${shownCount} of ${total}, newest first (times in ${current.settings.timeZone}).`;
    more.hidden = shownCount >= total;
  };
  update(current.timeline.total);
  more.addEventListener('click', () => {
    more.disabled = true;
    api
      .getCustomerTimeline({ id: current.id, offset: shownCount, limit: 20 })
      .then((answer) => {
        if (!answer.ok) return status(firstMessage(answer.issues), 'error');
        for (const item of answer.value.items) list.append(timelineLine(item, current.settings.currency));
        shownCount += answer.value.items.length;
        update(answer.value.total);
      })
      .catch(failed)
      .finally(() => (more.disabled = false));
  });
  return el('section', { class: 'history', attrs: { 'aria-label': 'Timeline' } }, [el('h3', { text: 'Timeline' }), count, list, more]);
}

function cardName(next: CustomerCard): string {
  return [next.fields.first_name, next.fields.last_name].map((v) => inputText(v ?? null)).join(' ').trim() || inputText(next.fields.company ?? null) || next.id;
}

function showCard(next: CustomerCard, isNew = false): void {
  card = next;
  creating = isNew;
  profileTyped = {};
  const name = isNew ? 'New customer' : cardName(next);
  const form = el('form', { attrs: { id: 'edit', novalidate: '' } }, [
    el('datalist', { attrs: { id: 'categories' } }, next.categories.map((c) => el('option', { attrs: { value: c } }))),
    ...SECTIONS.map((section) => el('fieldset', {}, [el('legend', { text: section.title }), ...section.fields.map((f) => contractField(f, next))])),
    el('fieldset', { attrs: { id: 'profile' } }, [el('legend', { text: 'Profile' }), ...profileFields(next, inputText(next.fields.category ?? null))]),
    el('p', { class: 'issue card-issue', attrs: { 'data-place': 'card' } }),
    el('div', { class: 'actions' }, [el('button', { text: isNew ? 'Create customer' : 'Save', attrs: { type: 'submit', id: 'save' } }), el('button', { text: 'Close', class: 'secondary', attrs: { type: 'button', id: 'close' } })]),
  ]);
  const holder = el('div', { attrs: { id: 'quick' } });
  const host: ActionHost = {
    card: next,
    done: (fresh, message, notes) => {
      showCard(fresh);
      status([message, ...(notes ?? [])].join(' '), 'ok');
    },
    status,
    failed,
  };
  const buttons = QUICK_LABELS.map(([kind, label]) => {
    const b = el('button', { text: label, class: 'secondary small', attrs: { type: 'button', 'data-kind': kind } });
    b.addEventListener('click', () => openLogForm(api, host, holder, kind, label));
    return b;
  });
  const purchase = el('button', { text: 'Purchase', class: 'secondary small', attrs: { type: 'button', 'data-kind': 'purchase' } });
  purchase.addEventListener('click', () => openPurchaseForm(api, host, holder));
  const archive = el('button', { text: 'Archive…', class: 'secondary small', attrs: { type: 'button', id: 'archive' } });
  archive.addEventListener('click', () => openConfirm(api, host, holder, 'archive', name));
  const erase = el('button', { text: 'Erase personal data…', class: 'secondary small danger-text', attrs: { type: 'button', id: 'erase' } });
  erase.addEventListener('click', () => openConfirm(api, host, holder, 'erase', name));
  const merged = next.fields.status === 'merged';
  replaceChildren(cardView, [
    el('h2', { text: name }, [isNew ? null : el('span', { class: 'id', text: ` ${next.id} · row ${next.row}` })]),
    isNew ? null : insight(next, host, holder),
    isNew || merged ? null : el('section', { class: 'quick-actions', attrs: { 'aria-label': 'Log' } }, [el('h3', { text: 'Log' }), el('div', { class: 'buttons' }, [...buttons, purchase])]),
    isNew ? null : holder,
    form,
    isNew ? null : timeline(next),
    isNew || merged ? null : el('section', { class: 'danger-zone', attrs: { 'aria-label': 'Archive or erase' } }, [el('div', { class: 'buttons' }, [archive, erase])]),
  ]);
  cardView.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(form);
  });
  form.querySelector('#close')?.addEventListener('click', () => {
    card = undefined;
    creating = false;
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
  const request = saveRequest(card, formValues(form), KINDS, creating ? undefined : shown);
  if (!request && creating) return showIssues(form, [{ path: ['changes', 'first_name'], code: 'no_name', message: 'A customer needs a first name, a last name or a company.' }], 'error');
  if (!request) return status('Nothing to save.');
  const button = form.querySelector<HTMLButtonElement>('#save');
  if (button) button.disabled = true;
  status('Saving…');
  try {
    const answer = creating ? await api.createCustomer({ changes: request.changes, profile: request.profile }) : await api.saveCustomer(request);
    if (!answer.ok) {
      showIssues(form, answer.issues, 'error');
      status(answer.issues.length === 1 ? 'Not saved: 1 field needs attention.' : `Not saved: ${answer.issues.length} fields need attention.`, 'error');
      return;
    }
    const created = creating;
    showCard(answer.value.card);
    status([created ? `Customer ${answer.value.card.id} created.` : answer.value.written === 0 ? 'Nothing had changed.' : 'Saved.', ...(answer.notes ?? [])].join(' '), 'ok');
  } catch (error) {
    failed(error);
  } finally {
    if (button) button.disabled = false;
  }
}

// Opened from the menu on a Customers row: show that customer straight away (quietly, if there is none).
void openCard('selected', true);
