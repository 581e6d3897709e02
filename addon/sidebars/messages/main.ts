// The Messages sidebar: edit campaigns, preview any customer's message, send a test to yourself, and see
// today's plan and the Outbox. Every value from the sheet goes in as text (lib/dom's el / textContent); the
// HTML part of a preview is shown in an iframe sandboxed with no permissions (no scripts, no same origin).
import type { CampaignList, CampaignView, MessagesIssue, MessagesResult } from '../../../shared/api/messages';
import { el, replaceChildren } from '../lib/dom';
import { createClient, ServerCallError } from '../lib/server';
import { decisionText, FORM_FIELDS, formOf, issuesByField, saveRequest, type CampaignForm } from './form';

const api = createClient();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusLine = $<HTMLParagraphElement>('status');
const pick = $<HTMLSelectElement>('campaign-pick');
const form = $<HTMLFormElement>('campaign-form');
const formIssue = $<HTMLParagraphElement>('form-issue');

let list: CampaignList | undefined;
/** The name the campaign in the form was listed under; undefined for a new campaign. */
let editing: string | undefined;

function status(text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  statusLine.textContent = text;
  statusLine.className = kind;
}

function failed(error: unknown): void {
  status(error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
}

/** The value of an answer, or undefined after showing its first issue. */
function valueOf<T>(answer: MessagesResult<T>): T | undefined {
  if (answer.ok) return answer.value;
  status(answer.issues[0]?.message ?? 'Something went wrong.', 'error');
  return undefined;
}

// ---- views -----------------------------------------------------------------------------------------------

const loaders: Record<string, () => Promise<void>> = { campaigns: loadCampaigns, plan: loadPlan, outbox: loadOutbox };

function show(view: string): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('#views button')) tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== view;
  status('');
  void loaders[view]?.();
}

for (const tab of document.querySelectorAll<HTMLButtonElement>('#views button')) tab.addEventListener('click', () => show(tab.dataset.view ?? 'campaigns'));

// ---- campaigns ---------------------------------------------------------------------------------------------

function input(name: string): HTMLInputElement | HTMLTextAreaElement {
  return form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement;
}

function fill(values: CampaignForm): void {
  for (const name of FORM_FIELDS) {
    const field = input(name);
    if (name === 'active') (field as HTMLInputElement).checked = values.active;
    else field.value = values[name];
  }
  showIssues([]);
}

function read(): CampaignForm {
  const text = (name: string): string => input(name).value;
  return { name: text('name'), trigger: text('trigger'), offset_days: text('offset_days'), segment: text('segment'), subject: text('subject'), body: text('body'), active: (input('active') as HTMLInputElement).checked, send_hour: text('send_hour') };
}

/** Puts each issue under its field (and marks the field), the rest under the form. */
function showIssues(issues: readonly MessagesIssue[]): void {
  const grouped = issuesByField(issues);
  for (const box of form.querySelectorAll<HTMLElement>('.field')) {
    const field = box.dataset.field ?? '';
    box.querySelector('.issue')?.remove();
    const messages = grouped.get(field);
    box.classList.toggle('invalid', messages !== undefined);
    if (messages) box.append(el('p', { class: 'issue', text: messages.join(' '), attrs: { 'data-issue': field } }));
  }
  formIssue.textContent = (grouped.get('') ?? []).join(' ');
}

function renderPick(selected: string | undefined): void {
  const campaigns = list?.campaigns ?? [];
  replaceChildren(pick, [
    ...campaigns.map((c) => el('option', { text: `${c.name}${c.active ? '' : ' (off)'}`, attrs: { value: c.name } })),
    el('option', { text: '— new campaign —', attrs: { value: '' } }),
  ]);
  pick.value = selected ?? '';
}

function edit(name: string | undefined): void {
  const campaign = name === undefined ? undefined : list?.campaigns.find((c) => c.name === name);
  editing = campaign?.name;
  renderPick(editing);
  fill(formOf(campaign));
}

async function loadCampaigns(): Promise<void> {
  try {
    const value = valueOf(await api.listCampaigns({}));
    if (!value) return;
    list = value;
    replaceChildren($('trigger-list'), value.triggers.map((t) => el('option', { attrs: { value: t } })));
    replaceChildren($('segment-list'), value.segments.map((s) => el('option', { attrs: { value: s } })));
    const keep = editing !== undefined && value.campaigns.some((c) => c.name === editing) ? editing : value.campaigns[0]?.name;
    edit(keep);
    status(`${value.campaigns.length} campaign${value.campaigns.length === 1 ? '' : 's'}.`);
  } catch (error) {
    failed(error);
  }
}

pick.addEventListener('change', () => edit(pick.value === '' ? undefined : pick.value));
$('new-campaign').addEventListener('click', () => edit(undefined));

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});

async function save(): Promise<void> {
  const built = saveRequest(read(), editing);
  if ('issues' in built) {
    showIssues(built.issues);
    status('Please correct the marked fields.', 'error');
    return;
  }
  const button = $<HTMLButtonElement>('save');
  button.disabled = true;
  status('Saving…');
  try {
    const answer = await api.saveCampaign(built.request);
    if (!answer.ok) {
      showIssues(answer.issues);
      status('Not saved: please correct the marked fields.', 'error');
      return;
    }
    const saved: CampaignView = answer.value;
    if (list) {
      const at = list.campaigns.findIndex((c) => c.name === editing);
      if (at >= 0) list.campaigns[at] = saved;
      else list.campaigns.push(saved);
    }
    editing = saved.name;
    renderPick(editing);
    showIssues([]);
    status(`Saved “${saved.name}”.`, 'ok');
  } catch (error) {
    failed(error);
  } finally {
    button.disabled = false;
  }
}

// ---- preview and test send ---------------------------------------------------------------------------------

/** The campaign in the form, with its unsaved subject and body, for one customer. */
function previewInput(): { campaign: string; customerId: string; subject: string; body: string } | undefined {
  const customerId = $<HTMLInputElement>('preview-customer').value.trim();
  if (editing === undefined) {
    status('Save the campaign first.', 'error');
    return undefined;
  }
  if (customerId === '') {
    status('Enter a customer id (the id column of Customers).', 'error');
    return undefined;
  }
  return { campaign: editing, customerId, subject: input('subject').value, body: input('body').value };
}

const BLOCKED: Record<string, string> = {
  no_consent: '— not sent: no e-mail consent',
  unsubscribed: '— not sent: unsubscribed',
  no_address: '— not sent: no e-mail address',
  invalid_address: '— not sent: the e-mail address is not valid',
};

async function preview(): Promise<void> {
  const request = previewInput();
  if (!request) return;
  try {
    const value = valueOf(await api.previewMessage(request));
    if (!value) return;
    $('preview-out').hidden = false;
    $('preview-to').textContent = value.customerName ? `${value.customerName} <${value.to}>` : value.to;
    $('preview-blocked').textContent = BLOCKED[value.blockedBy] ?? '';
    $('preview-subject').textContent = value.subject;
    $('preview-unknown').textContent = value.unknownPlaceholders.length > 0 ? `Unknown placeholders (left blank): ${value.unknownPlaceholders.join(', ')}` : '';
    $('preview-text').textContent = value.text;
    // srcdoc of an iframe sandboxed with no permissions: the message's HTML cannot run or reach this page.
    $<HTMLIFrameElement>('preview-html').setAttribute('srcdoc', value.html);
    status('Preview of the unsaved text.', 'info');
  } catch (error) {
    failed(error);
  }
}

async function sendTest(): Promise<void> {
  const request = previewInput();
  if (!request) return;
  const button = $<HTMLButtonElement>('send-test');
  button.disabled = true;
  try {
    const value = valueOf(await api.sendTestMessage(request));
    if (value) status(`Test sent to ${value.to} (${value.transport}).`, 'ok');
  } catch (error) {
    failed(error);
  } finally {
    button.disabled = false;
  }
}

$('preview').addEventListener('click', () => void preview());
$('send-test').addEventListener('click', () => void sendTest());

// ---- today's plan --------------------------------------------------------------------------------------------

async function loadPlan(): Promise<void> {
  try {
    const value = valueOf(await api.getTodayPlan({}));
    if (!value) return;
    const sending = value.messages.filter((m) => m.decision === 'send').length;
    $('plan-date').textContent = `${value.date} (${value.timeZone}): ${sending} to send, ${value.messages.length - sending} skipped.`;
    replaceChildren($('plan-issues'), value.issues.map((i) => el('li', { text: `${i.campaign ?? `row ${i.row ?? '?'}`}: ${i.code.replace(/_/g, ' ')}` })));
    replaceChildren(
      $('plan-lines'),
      value.messages.map((m) =>
        el('tr', { class: m.decision, attrs: { 'data-key': m.key, 'data-customer': m.customer_id } }, [
          el('td', { text: m.campaign }),
          el('td', { text: m.customerName || m.customer_id, attrs: { title: m.to } }),
          el('td', { text: decisionText(m.decision, m.reason) }),
          el('td', { text: m.outbox }),
        ]),
      ),
    );
    status(value.messages.length === 0 ? 'Nothing is due today.' : '');
  } catch (error) {
    failed(error);
  }
}

// ---- outbox ----------------------------------------------------------------------------------------------------

async function loadOutbox(): Promise<void> {
  const chosen = $<HTMLSelectElement>('outbox-status').value;
  try {
    const value = valueOf(await api.listOutbox(chosen ? { status: chosen, limit: 200 } : { limit: 200 }));
    if (!value) return;
    $('outbox-counts').textContent = Object.entries(value.counts).map(([s, n]) => `${s} ${n}`).join(' · ') || 'The Outbox is empty.';
    replaceChildren(
      $('outbox-lines'),
      value.rows.map((r) =>
        el('tr', { attrs: { 'data-row': String(r.row) } }, [
          el('td', { text: r.planned_for }),
          el('td', { text: r.campaign }),
          el('td', { text: r.to }),
          el('td', { text: r.reason ? `${r.status}: ${r.reason}` : r.status }),
        ]),
      ),
    );
  } catch (error) {
    failed(error);
  }
}

$('outbox-status').addEventListener('change', () => void loadOutbox());
$('outbox-refresh').addEventListener('click', () => void loadOutbox());

void loadCampaigns();
