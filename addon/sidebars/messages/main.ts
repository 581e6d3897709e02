// The Messages sidebar: edit campaigns, preview any customer's message, send a test to an address you type,
// approve or hold what waits for a yes, and see today's plan and the Outbox. Status and errors appear next to
// the button that caused them (and in the sticky bar at the top). Every value from the sheet goes in as text (lib/dom's el / textContent); the
// HTML part of a preview is shown in an iframe sandboxed with no permissions (no scripts, no same origin).
import type { ApprovalView, CampaignList, CampaignView, MessagesIssue, MessagesResult } from '../../../shared/api';
import { el, replaceChildren } from '../lib/dom';
import { createClient, ServerCallError } from '../lib/server';
import { decisionText, FORM_FIELDS, formOf, issuesByField, joinTrigger, saveRequest, splitTrigger, type CampaignForm } from './form';
import { refreshAudience } from './audience';
import { loadResults } from './results';

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

/** A note next to the button that caused it; the sticky bar is cleared so the words are not said twice. */
function note(id: string, text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  const box = $(id);
  box.textContent = text;
  box.className = `note ${kind}`;
  status('');
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

const loaders: Record<string, () => Promise<void>> = { campaigns: loadCampaigns, plan: loadPlan, outbox: loadOutbox, results: () => loadResults(status).catch(failed) };

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

const triggerPick = $<HTMLSelectElement>('f-trigger');
const holidayPick = $<HTMLSelectElement>('f-holiday');
const profileFieldBox = $<HTMLInputElement>('f-profile_field');

/** Fills the trigger picker (friendly names) and the holiday picker, keeping a value the sheet holds that neither lists. */
function fillTriggers(trigger: string): void {
  const kinds = (list?.triggerOptions ?? []).map((o) => o.value);
  const holidays = list?.holidays ?? [];
  const { kind, holiday, field } = splitTrigger(trigger, kinds, holidays);
  profileFieldBox.value = field ?? '';
  const options = (list?.triggerOptions ?? []).map((o) => el('option', { text: o.label, attrs: { value: o.value } }));
  if (kind === '') options.unshift(el('option', { text: '— choose —', attrs: { value: '' } }));
  else if (!kinds.includes(kind)) options.push(el('option', { text: `${kind} (not a known trigger)`, attrs: { value: kind } }));
  replaceChildren(triggerPick, options);
  triggerPick.value = kind;
  const dated = holidays.map((h) => el('option', { text: `${h.name} (${h.date})`, attrs: { value: h.code } }));
  if (holiday !== '' && !holidays.some((h) => h.code === holiday)) dated.push(el('option', { text: `${holiday} (not a holiday of this country)`, attrs: { value: holiday } }));
  if (dated.length === 0) dated.push(el('option', { text: 'No holidays known for Settings country', attrs: { value: '' } }));
  replaceChildren(holidayPick, dated);
  if (holiday !== '') holidayPick.value = holiday;
  $('holiday-field').hidden = kind !== 'holiday';
  $('profile-field').hidden = kind !== 'profile';
  $('send-date-field').hidden = kind !== 'once';
}

triggerPick.addEventListener('change', () => {
  $('holiday-field').hidden = triggerPick.value !== 'holiday';
  $('profile-field').hidden = triggerPick.value !== 'profile';
  $('send-date-field').hidden = triggerPick.value !== 'once';
});

function fill(values: CampaignForm): void {
  for (const name of FORM_FIELDS) {
    const field = input(name);
    if (name === 'active') (field as HTMLInputElement).checked = values.active;
    else if (name !== 'trigger') field.value = values[name];
  }
  fillTriggers(values.trigger);
  // A new campaign is saved off; the switch is offered once it exists.
  (input('active') as HTMLInputElement).disabled = editing === undefined;
  $('active-note').hidden = editing !== undefined;
  showIssues([]);
  $('save-status').textContent = '';
}

function read(): CampaignForm {
  const text = (name: string): string => input(name).value;
  return { name: text('name'), trigger: joinTrigger(triggerPick.value, holidayPick.value, profileFieldBox.value), offset_days: text('offset_days'), segment: text('segment'), subject: text('subject'), body: text('body'), active: (input('active') as HTMLInputElement).checked, send_hour: text('send_hour'), send_date: text('send_date'), holdout_pct: text('holdout_pct') };
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
  // The person's eyes go where the first problem is.
  form.querySelector<HTMLElement>('.field.invalid input, .field.invalid select, .field.invalid textarea')?.focus();
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
  refreshAudience(read(), editing);
}

/** The banner that says why nothing is sent while links have no address. */
function showLinkProblem(text: string): void {
  const banner = $('link-problem');
  banner.textContent = text;
  banner.hidden = text === '';
}

async function loadCampaigns(): Promise<void> {
  try {
    const value = valueOf(await api.listCampaigns({}));
    if (!value) return;
    list = value;
    replaceChildren($('segment-list'), value.segments.map((s) => el('option', { attrs: { value: s } })));
    const to = $<HTMLInputElement>('test-to');
    if (to.value === '') to.value = value.testAddress;
    $('test-where').textContent = value.testTransport.startsWith('file:') ? `Here nothing leaves this computer: tests land as .eml files in ${value.testTransport.slice(5)}.` : '';
    showLinkProblem(value.linkProblem);
    const keep = editing !== undefined && value.campaigns.some((c) => c.name === editing) ? editing : value.campaigns[0]?.name;
    edit(keep);
    status(`${value.campaigns.length} campaign${value.campaigns.length === 1 ? '' : 's'}.`);
  } catch (error) {
    failed(error);
  }
}

pick.addEventListener('change', () => edit(pick.value === '' ? undefined : pick.value));

// A field being corrected loses its mark and message at once, so what is still wrong stands out.
for (const type of ['input', 'change']) {
  form.addEventListener(type, (event) => {
    const box = (event.target as HTMLElement).closest<HTMLElement>('.field');
    if (!box?.classList.contains('invalid')) return;
    box.classList.remove('invalid');
    box.querySelector('.issue')?.remove();
  });
}
$('new-campaign').addEventListener('click', () => edit(undefined));
// The live count follows the form as it is typed (who gets it depends on trigger, offset, segment, date, holdout).
for (const type of ['input', 'change']) form.addEventListener(type, () => refreshAudience(read(), editing));
// Back from the sheet (a consent or a segment changed there): count again.
window.addEventListener('focus', () => {
  if (!$('campaigns').hidden) refreshAudience(read(), editing);
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});

async function save(): Promise<void> {
  const built = saveRequest(read(), editing);
  if ('issues' in built) {
    showIssues(built.issues);
    note('save-status', 'Not saved: please correct the marked fields.', 'error');
    return;
  }
  const button = $<HTMLButtonElement>('save');
  button.disabled = true;
  note('save-status', 'Saving…');
  try {
    const answer = await api.saveCampaign(built.request);
    if (!answer.ok) {
      showIssues(answer.issues);
      note('save-status', 'Not saved: please correct the marked fields.', 'error');
      return;
    }
    const created = editing === undefined;
    const saved: CampaignView = answer.value;
    if (list) {
      const at = list.campaigns.findIndex((c) => c.name === editing);
      if (at >= 0) list.campaigns[at] = saved;
      else list.campaigns.push(saved);
    }
    editing = saved.name;
    renderPick(editing);
    fill(formOf(saved));
    note('save-status', created ? `Saved “${saved.name}”, switched off: preview it, then tick Active and save.` : `Saved “${saved.name}”.`, 'ok');
  } catch (error) {
    note('save-status', error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
  } finally {
    button.disabled = false;
  }
}

// ---- preview and test send ---------------------------------------------------------------------------------

/** The campaign in the form, with its unsaved subject and body, for one customer. */
function previewInput(noteId: string): { campaign: string; customerId: string; subject: string; body: string } | undefined {
  const field = $<HTMLInputElement>('preview-customer');
  const customerId = field.value.trim();
  if (editing === undefined) {
    note(noteId, 'Save the campaign first.', 'error');
    $('f-name').focus();
    return undefined;
  }
  if (customerId === '') {
    note(noteId, 'Enter a customer id (the id column of Customers).', 'error');
    field.focus();
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
  const request = previewInput('preview-status');
  if (!request) return;
  try {
    const answer = await api.previewMessage(request);
    if (!answer.ok) {
      note('preview-status', answer.issues[0]?.message ?? 'No preview.', 'error');
      return;
    }
    const value = answer.value;
    note('preview-status', '');
    $('preview-out').hidden = false;
    $('preview-to').textContent = value.customerName ? `${value.customerName} <${value.to}>` : value.to;
    $('preview-blocked').textContent = BLOCKED[value.blockedBy] ?? '';
    $('preview-subject').textContent = value.subject;
    $('preview-unknown').textContent = value.unknownPlaceholders.length > 0 ? `Unknown placeholders (left blank): ${value.unknownPlaceholders.join(', ')}` : '';
    $('preview-text').textContent = value.text;
    // srcdoc of an iframe sandboxed with no permissions: the message's HTML cannot run or reach this page.
    $<HTMLIFrameElement>('preview-html').setAttribute('srcdoc', value.html);
    note('preview-status', 'Preview of the text as it is in the form (saved or not).');
  } catch (error) {
    note('preview-status', error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
  }
}

async function sendTest(): Promise<void> {
  const request = previewInput('test-status');
  const toField = $<HTMLInputElement>('test-to');
  const toBox = toField.closest<HTMLElement>('.field');
  toBox?.classList.remove('invalid');
  if (!request) return;
  const to = toField.value.trim();
  if (to === '') {
    toBox?.classList.add('invalid');
    toField.focus();
    note('test-status', 'Type the address the test should go to.', 'error');
    return;
  }
  const button = $<HTMLButtonElement>('send-test');
  button.disabled = true;
  note('test-status', 'Sending…');
  try {
    const answer = await api.sendTestMessage({ ...request, to });
    if (!answer.ok) {
      const first = answer.issues[0];
      if (first?.path[0] === 'to') {
        toBox?.classList.add('invalid');
        toField.focus();
      }
      note('test-status', first?.message ?? 'The test could not be sent.', 'error');
      return;
    }
    const value = answer.value;
    note('test-status', value.folder ? `Test written for ${value.to}: an .eml file in ${value.folder} (nothing leaves this computer).` : `Test sent to ${value.to}.`, 'ok');
  } catch (error) {
    note('test-status', error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
  } finally {
    button.disabled = false;
  }
}

$('preview').addEventListener('click', () => void preview());
$('send-test').addEventListener('click', () => void sendTest());

// ---- today's plan --------------------------------------------------------------------------------------------

// ---- approval ---------------------------------------------------------------------------------------------------

let approvals: ApprovalView | undefined;

/** Shows what waits for a yes and what is held; the Today tab carries a badge while anything waits. */
function renderApprovals(view: ApprovalView): void {
  approvals = view;
  const waiting = view.waiting;
  const badge = $('approval-badge');
  badge.textContent = String(waiting.total);
  badge.hidden = waiting.total === 0;
  $('approval').hidden = waiting.total === 0;
  $('approval-why').textContent = `${waiting.total} message${waiting.total === 1 ? '' : 's'} wait: a campaign's first run, or a run of more than ${view.approveOver} new messages, is sent only after a yes. Approved messages go with the next run.`;
  replaceChildren($('approval-campaigns'), waiting.campaigns.map((c) => el('tr', { attrs: { 'data-campaign': c.campaign } }, [el('td', { text: c.campaign }), el('td', { text: String(c.count) })])));
  replaceChildren($('approval-sample'), waiting.sample.map((m) => el('li', { text: `${m.campaign} · ${m.customer_id} · ${m.planned_for}` })));
  $('approve').textContent = `Approve ${waiting.total}`;
  for (const id of ['approve', 'hold', 'approve-held']) $<HTMLButtonElement>(id).disabled = !view.canApprove;
  if (!view.canApprove && waiting.total > 0) $('approval-status').textContent = 'Only the owner (Settings approvers) may approve or hold these.';
  $('held').hidden = view.held.total === 0;
  $('held-text').textContent = `${view.held.total} held by the owner (${view.held.campaigns.map((c) => `${c.campaign} ${c.count}`).join(', ')}).`;
  showLinkProblem(view.linkProblem);
}

async function loadApprovals(): Promise<void> {
  const value = valueOf(await api.getApprovals({}));
  if (value) renderApprovals(value);
}

async function decide(decision: 'approve' | 'hold', from: 'needs_approval' | 'held', statusId: string): Promise<void> {
  const shown = from === 'held' ? approvals?.held : approvals?.waiting;
  if (!shown || shown.total === 0) return;
  const buttons = ['approve', 'hold', 'approve-held'].map((id) => $<HTMLButtonElement>(id));
  for (const b of buttons) b.disabled = true;
  note(statusId, decision === 'approve' ? 'Approving…' : 'Holding…');
  try {
    const answer = await api.decideApproval({ decision, fingerprint: shown.fingerprint, from });
    if (!answer.ok) {
      note(statusId, answer.issues[0]?.message ?? 'Not done.', 'error');
    } else {
      const n = answer.value.changed;
      note(statusId, decision === 'approve' ? `Approved ${n} message${n === 1 ? '' : 's'}: the next run sends exactly these.` : `Held ${n} message${n === 1 ? '' : 's'}: nothing of them is sent.`, 'ok');
    }
    const text = $(statusId).textContent ?? '';
    const kind = answer.ok ? 'ok' : 'error';
    await loadPlan();
    // The plan's reload must not wipe the decision's note.
    note(statusId, text, kind);
  } catch (error) {
    note(statusId, error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
  } finally {
    for (const b of buttons) b.disabled = !(approvals?.canApprove ?? false);
  }
}

$('approve').addEventListener('click', () => void decide('approve', 'needs_approval', 'approval-status'));
$('hold').addEventListener('click', () => void decide('hold', 'needs_approval', 'approval-status'));
$('approve-held').addEventListener('click', () => void decide('approve', 'held', 'held-status'));

async function loadPlan(): Promise<void> {
  try {
    await loadApprovals();
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
          el('td', { text: outboxWords(m.outbox), class: 'state' }),
        ]),
      ),
    );
    status(value.messages.length === 0 ? 'Nothing is due today.' : '');
  } catch (error) {
    failed(error);
  }
}

/** An Outbox status in words for the narrow plan table. */
function outboxWords(status: string): string {
  return status === 'needs_approval' ? 'to approve' : status;
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
          el('td', { text: r.reason ? `${outboxWords(r.status)}: ${r.reason}` : outboxWords(r.status) }),
        ]),
      ),
    );
  } catch (error) {
    failed(error);
  }
}

$('outbox-status').addEventListener('change', () => void loadOutbox());
$('outbox-refresh').addEventListener('click', () => void loadOutbox());

void loadCampaigns().then(() => loadApprovals().catch(failed));
