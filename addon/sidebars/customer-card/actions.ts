// The card's quick actions as small forms: log a contact, record a purchase, resolve a complaint, archive or
// erase after a confirmation. Each form sends one server call; the server's issues go beside their fields
// (an issue's path names the input field), and the answer's fresh card replaces the old one.
import type { ApiIssue, ApiResult, CustomerCard, LogInteractionInput } from '../../../shared/api';
import { el, replaceChildren } from '../lib/dom';
import type { ClientApi } from '../lib/server';

type Api = Pick<ClientApi, 'logInteraction' | 'recordPurchase' | 'resolveComplaint' | 'archiveCustomer' | 'eraseCustomerData' | 'joinMembership'>;

/** Labels of the one-click contact kinds, in the order the card offers them (QUICK_KINDS on the server). */
export const QUICK_LABELS: readonly (readonly [kind: LogInteractionInput['kind'], label: string])[] = [
  ['call', 'Call'],
  ['visit', 'Visit'],
  ['email', 'E-mail'],
  ['whatsapp', 'WhatsApp'],
  ['sms', 'SMS'],
  ['meeting', 'Meeting'],
  ['complaint', 'Complaint'],
  ['compliment', 'Compliment'],
  ['appointment', 'Appointment'],
];

/** One input of a quick form. */
interface QuickField {
  name: string;
  label: string;
  kind?: 'text' | 'date' | 'time' | 'textarea' | 'number';
  hint?: string;
  value?: string;
}

/** What an action form needs from the card around it. */
export interface ActionHost {
  card: CustomerCard;
  /** Shows a new card after a successful action, with a status line. */
  done(card: CustomerCard, message: string, notes?: readonly string[]): void;
  status(text: string, kind?: 'info' | 'error' | 'ok'): void;
  failed(error: unknown): void;
}

/** Puts each issue beside the quick-form field its path names, or under the form. */
function showFormIssues(form: HTMLFormElement, issues: readonly ApiIssue[]): void {
  for (const line of Array.from(form.querySelectorAll<HTMLElement>('.issue'))) {
    line.textContent = '';
    line.hidden = true;
  }
  for (const place of Array.from(form.querySelectorAll<HTMLElement>('.field'))) place.classList.remove('invalid');
  for (const issue of issues) {
    const place = form.querySelector<HTMLElement>(`[data-place="q:${issue.path[0] ?? ''}"]`) ?? form.querySelector<HTMLElement>('[data-place="q:"]');
    const line = place?.querySelector<HTMLElement>('.issue') ?? place;
    if (!place || !line) continue;
    line.textContent = [line.textContent, issue.message].filter((t) => t).join(' ');
    line.hidden = false;
    place.classList.add('invalid');
  }
}

/** A small form of labelled inputs with Save and Cancel; `send` gets the values by name. */
function quickForm<T>(host: ActionHost, holder: HTMLElement, title: string, fields: readonly QuickField[], submit: string, send: (values: Record<string, string>) => Promise<ApiResult<T>>, after: (value: T, notes?: readonly string[]) => void): void {
  const pattern = host.card.settings.datePattern;
  const rows = fields.map((f) => {
    const id = `qa-${f.name}`;
    const control =
      f.kind === 'textarea'
        ? el('textarea', { attrs: { id, name: f.name, rows: '2' } })
        : el('input', { attrs: { id, name: f.name, type: 'text', autocomplete: 'off', placeholder: f.kind === 'date' ? pattern : f.kind === 'time' ? 'HH:MM' : undefined, inputmode: f.kind === 'number' ? 'decimal' : undefined } });
    control.value = f.value ?? '';
    control.setAttribute('aria-describedby', `${id}-issue`);
    const issue = el('p', { class: 'issue error', attrs: { id: `${id}-issue`, 'aria-live': 'polite' } });
    issue.hidden = true;
    return el('div', { class: 'field', attrs: { 'data-place': `q:${f.name}` } }, [el('label', { text: f.hint ? `${f.label} (${f.hint})` : f.label, attrs: { for: id } }), control, issue]);
  });
  const general = el('p', { class: 'issue error', attrs: { 'data-place': 'q:' } });
  general.hidden = true;
  const form = el('form', { class: 'quick', attrs: { novalidate: '', 'aria-label': title } }, [
    el('h3', { text: title }),
    ...rows,
    general,
    el('div', { class: 'actions' }, [el('button', { text: submit, attrs: { type: 'submit', class: 'quick-save' } }), el('button', { text: 'Cancel', class: 'secondary', attrs: { type: 'button' } })]),
  ]);
  form.querySelector('button.secondary')?.addEventListener('click', () => replaceChildren(holder, []));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const f of fields) values[f.name] = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${f.name}"]`)?.value ?? '';
    const button = form.querySelector<HTMLButtonElement>('.quick-save');
    if (button) button.disabled = true;
    send(values)
      .then((answer) => {
        if (!answer.ok) {
          showFormIssues(form, answer.issues);
          host.status('Not saved: see the form.', 'error');
          return;
        }
        replaceChildren(holder, []);
        after(answer.value, answer.notes);
      })
      .catch((error: unknown) => host.failed(error))
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
  replaceChildren(holder, [form]);
  form.querySelector<HTMLElement>('input, textarea')?.focus();
}

/** Opens the form that logs one contact of this kind. */
export function openLogForm(api: Api, host: ActionHost, holder: HTMLElement, kind: LogInteractionInput['kind'], label: string): void {
  const id = host.card.id;
  quickForm(
    host,
    holder,
    `Log: ${label}`,
    [
      { name: 'date', label: 'Date', kind: 'date', hint: kind === 'appointment' ? 'of the appointment' : 'blank: now' },
      { name: 'time', label: 'Time', kind: 'time', hint: 'optional' },
      { name: 'subject', label: 'Subject' },
      { name: 'notes', label: 'Notes', kind: 'textarea' },
      { name: 'follow_up_date', label: 'Follow up on', kind: 'date', hint: 'optional' },
    ],
    `Log ${label.toLowerCase()}`,
    (v) => api.logInteraction({ id, kind, date: v.date ?? '', time: v.time ?? '', subject: v.subject ?? '', notes: v.notes ?? '', follow_up_date: v.follow_up_date ?? '' }),
    (value, notes) => host.done(value.card, `Logged: ${label} (${value.ref}).`, notes),
  );
}

/** Opens the form that records one purchase. */
export function openPurchaseForm(api: Api, host: ActionHost, holder: HTMLElement): void {
  const id = host.card.id;
  quickForm(
    host,
    holder,
    'Record a purchase',
    [
      { name: 'date', label: 'Date', kind: 'date', hint: 'blank: today' },
      { name: 'amount', label: `Amount${host.card.settings.currency ? ` (${host.card.settings.currency})` : ''}`, kind: 'number' },
      { name: 'description', label: 'Description' },
    ],
    'Record purchase',
    (v) => api.recordPurchase({ id, date: v.date ?? '', amount: v.amount ?? '', description: v.description ?? '' }),
    (value, notes) => host.done(value.card, `Purchase recorded (${value.ref}).`, notes),
  );
}

/** Opens the form that resolves one open complaint. */
export function openResolveForm(api: Api, host: ActionHost, holder: HTMLElement, ref: string, subject: string): void {
  const id = host.card.id;
  quickForm(
    host,
    holder,
    `Resolve: ${subject || ref}`,
    [
      { name: 'resolved_by', label: 'Resolved by', hint: 'blank: you' },
      { name: 'resolved_at', label: 'Resolved on', kind: 'date', hint: 'blank: today' },
      { name: 'resolution', label: 'How it was resolved', kind: 'textarea' },
    ],
    'Resolve complaint',
    (v) => api.resolveComplaint({ id, ref, resolved_by: v.resolved_by ?? '', resolved_at: v.resolved_at ?? '', resolution: v.resolution ?? '' }),
    (value, notes) => host.done(value.card, 'Complaint resolved.', notes),
  );
}

/** Join: the server issues the next membership number (nothing to type, nothing to confirm: it can be cleared). */
export function joinMembership(api: Api, host: ActionHost, button: HTMLButtonElement): void {
  button.disabled = true;
  api
    .joinMembership({ id: host.card.id })
    .then((answer) => {
      button.disabled = false;
      if (!answer.ok) return host.status(answer.issues[0]?.message ?? 'Not done.', 'error');
      host.done(answer.value.card, answer.value.issued ? `Joined: membership no. ${answer.value.membershipNo}.` : `Already a member: no. ${answer.value.membershipNo}.`, answer.notes);
    })
    .catch((error: unknown) => host.failed(error));
}

/** Asks before archiving or erasing; only "Yes" sends the call. */
export function openConfirm(api: Api, host: ActionHost, holder: HTMLElement, action: 'archive' | 'erase', name: string): void {
  const id = host.card.id;
  const text =
    action === 'archive'
      ? `Archive ${name}? They stay in the sheet with status "archived" and get no more messages; set the status back to active to undo.`
      : `Erase ${name}'s personal data everywhere (name, contact details, notes, message addresses)? Their id, purchases and the opt-out stay. This cannot be undone.`;
  const yes = el('button', { text: action === 'archive' ? 'Yes, archive' : 'Yes, erase', class: action === 'erase' ? 'danger' : '', attrs: { type: 'button', id: `confirm-${action}` } });
  const no = el('button', { text: 'Cancel', class: 'secondary', attrs: { type: 'button' } });
  no.addEventListener('click', () => replaceChildren(holder, []));
  yes.addEventListener('click', () => {
    yes.disabled = true;
    const call: Promise<ApiResult<{ card: CustomerCard }>> = action === 'archive' ? api.archiveCustomer({ id, confirm: true }) : api.eraseCustomerData({ id, confirm: true });
    call
      .then((answer) => {
        replaceChildren(holder, []);
        if (!answer.ok) return host.status(answer.issues[0]?.message ?? 'Not done.', 'error');
        host.done(answer.value.card, action === 'archive' ? 'Archived.' : 'Personal data erased; the Consent log records it.', answer.notes);
      })
      .catch((error: unknown) => host.failed(error));
  });
  replaceChildren(holder, [el('div', { class: 'confirm', attrs: { role: 'alertdialog', 'aria-label': action } }, [el('p', { text }), el('div', { class: 'actions' }, [yes, no])])]);
}
