import * as z from 'zod/mini';
import { BAD_TIME_ZONE_MESSAGE, businessClock, dayNumber, fail, issuesFromZod, lazy, localDateOf, ok, type Result } from '../kernel';
import {
  approvalFingerprint,
  eligibility,
  linkBase,
  summariseWaiting,
  TRIGGER_LABELS,
  type ApprovalSummary,
  type Holiday,
  isDeliverableAddress,
  parseTrigger,
  planGreetings,
  planInputFor,
  previewCampaign,
  readGreetingsData,
  senderOf,
  stableHash,
  TRIGGERS,
  unsubscribeUrl,
  type GreetingsData,
  type OutgoingMessage,
  type PlanIssue,
  type SendResult,
} from '../greetings';
import { appendRecords, campaignsTab, type Settings, OUTBOX_STATUSES, openTable, outboxTab, parseSettings, readTable, saveChanges, segmentsTab, SETTINGS_TAB, type Campaign, type OutboxEntry, type Workbook } from '../workbook';
import type { NoInput } from './result';
import type { ServerDeps } from './deps';

/** Why a Messages request or field was refused. */
export type MessagesFault =
  | 'invalid_input'
  | 'required'
  | 'duplicate_name'
  | 'unknown_trigger'
  | 'unknown_segment'
  | 'not_an_integer'
  | 'not_a_date'
  | 'out_of_range'
  | 'too_long'
  | 'not_found'
  | 'conflict'
  | 'no_mailer'
  | 'no_address'
  | 'not_an_address'
  | 'send_failed'
  | 'not_approver'
  | 'nothing_waiting'
  | 'changed'
  | 'bad_time_zone';

/** A problem shown next to the field its path names ([] for the whole request); never echoes a value. */
export interface MessagesIssue {
  path: string[];
  code: MessagesFault;
  message: string;
}

/** Every Messages answer: the kernel's Result with the Messages issues. */
export type MessagesResult<T> = Result<T, MessagesIssue>;

const MESSAGES: Record<MessagesFault, string> = {
  invalid_input: 'The request was not understood.',
  required: 'This field is required.',
  duplicate_name: 'Another campaign already has this name; campaigns are known by name.',
  unknown_trigger: `Use one of: ${TRIGGERS.filter((t) => t !== 'holiday').join(', ')}, or holiday:NAME, or profile:FIELD (profile:FIELD:yearly for every year).`,
  unknown_segment: 'No segment of this name on the Segments tab.',
  not_an_integer: 'Enter a whole number.',
  not_a_date: 'Enter a date as YYYY-MM-DD.',
  out_of_range: 'This number is outside the allowed range.',
  too_long: 'This text is longer than a cell can hold.',
  not_found: 'Not found: it may have been renamed or deleted in the sheet. Reload.',
  conflict: 'Someone changed this campaign in the sheet after you opened it. Reload to see it.',
  no_mailer: 'Sending is not available here.',
  no_address: 'Type the address the test should go to.',
  not_an_address: 'This is not an e-mail address.',
  send_failed: 'The test message could not be sent.',
  not_approver: 'Only the owner (Settings approvers, else whoever installed the hourly trigger) may approve or hold messages.',
  nothing_waiting: 'Nothing waits for approval any more. Reload.',
  changed: 'What waits for approval changed since it was shown (a run planned more). Look at it again, then decide.',
  bad_time_zone: BAD_TIME_ZONE_MESSAGE,
};

const issue = (path: string[], code: MessagesFault): MessagesIssue => ({ path, code, message: MESSAGES[code] });

/** A campaign as the sidebar shows and edits it (blank numbers as null). */
export interface CampaignView {
  /** Sheet row on the Campaigns tab. */
  row: number;
  name: string;
  trigger: string;
  offset_days: number | null;
  segment: string;
  subject: string;
  body: string;
  active: boolean;
  send_hour: number | null;
  /** A one-off campaign's date, YYYY-MM-DD ('' when blank). */
  send_date: string;
  /** Percent of recipients held out as a control group (campaign results), null when blank. */
  holdout_pct: number | null;
}

/** A holiday of the business's country the picker lists: its code for `holiday:CODE`, its name and next date. */
export interface HolidayOption {
  code: string;
  name: string;
  date: string;
}

/** The Campaigns tab with what the editor offers: the triggers (codes and friendly names), segments and holidays. */
export interface CampaignList {
  campaigns: CampaignView[];
  triggers: string[];
  triggerOptions: { value: string; label: string }[];
  segments: string[];
  /** The country's holidays from today for a year, by date; empty when the host has no holiday table. */
  holidays: HolidayOption[];
  /** Where "Send a test" goes unless the user types another: the address they used last, else their own. */
  testAddress: string;
  /** The mailer test sends use (`file:DIR` in the workbench: .eml files in that folder), '' when none. */
  testTransport: string;
  /** Why nothing that carries a link can be sent ('' when Settings public_url or backend_url is set). */
  linkProblem: string;
}

/** A campaign to save: `original` is the name it was listed under (absent for a new campaign). */
export type SaveCampaignInput = Omit<CampaignView, 'row' | 'send_date' | 'holdout_pct'> & { original?: string; send_date?: string; holdout_pct?: number | null };
export type { ApprovalSummary } from '../greetings';

/** One customer's message for a campaign, with unsaved subject/body edits when given. */
export interface PreviewInput {
  campaign: string;
  customerId: string;
  subject?: string;
  body?: string;
  /** Test sends only: the address to send to (remembered for this user); default the one used last. */
  to?: string;
}

/** What the preview shows: the rendered parts, and why the customer would not get it ('' when they would). */
export interface MessagePreview {
  to: string;
  customerName: string;
  subject: string;
  text: string;
  html: string;
  unknownPlaceholders: string[];
  blockedBy: string;
}

/** What a test send reports. */
export interface TestSendResult {
  to: string;
  transport: string;
  messageId: string;
  /** Where to find it: the folder of .eml files for a local outbox, else ''. */
  folder: string;
}

/** What waits for the owner's yes, what the owner held, and whether the caller may decide. */
export interface ApprovalView {
  waiting: ApprovalSummary;
  held: ApprovalSummary;
  canApprove: boolean;
  /** Settings approve_over, for the sidebar's explanation. */
  approveOver: number;
  linkProblem: string;
}

/** The owner's decision on what was shown: approve or hold the waiting set (or approve the held one). */
export interface DecideApprovalInput {
  decision: 'approve' | 'hold';
  /** The fingerprint of the set shown (ApprovalSummary.fingerprint): a different set is refused as changed. */
  fingerprint: string;
  /** Which set: the messages waiting (default) or those held earlier. */
  from?: 'needs_approval' | 'held';
  /** Only this campaign's messages (the fingerprint is then that campaign's). */
  campaign?: string;
}

/** What a decision changed. */
export interface ApprovalDecision {
  changed: number;
  status: 'planned' | 'held';
}

/** One message due on the plan's date. */
export interface PlanLine {
  key: string;
  campaign: string;
  customer_id: string;
  customerName: string;
  to: string;
  decision: 'send' | 'skip';
  reason: string;
  planned_for: string;
  /** The Outbox status when the message is already recorded there, else ''. */
  outbox: string;
}

export interface TodayPlan {
  date: string;
  timeZone: string;
  /** Why nothing will be sent today although messages are due ('' when links have an address). */
  linkProblem: string;
  messages: PlanLine[];
  issues: PlanIssue[];
}

export interface OutboxInput {
  limit?: number;
  status?: string;
}

/** An Outbox row as the sidebar lists it (newest first). */
export interface OutboxLine {
  row: number;
  key: string;
  campaign: string;
  customer_id: string;
  to: string;
  subject: string;
  status: string;
  reason: string;
  planned_for: string;
  sent_at: string;
  attempts: number | null;
}

export interface OutboxView {
  rows: OutboxLine[];
  total: number;
  counts: Record<string, number>;
}

/** The Messages sidebar's calls. */
export interface MessagesApi {
  listCampaigns: (input: NoInput) => MessagesResult<CampaignList>;
  saveCampaign: (input: SaveCampaignInput) => MessagesResult<CampaignView>;
  previewMessage: (input: PreviewInput) => MessagesResult<MessagePreview>;
  /**
   * Sends one customer's message to the person calling, through the `mailer` dependency. Answers at once
   * when the mailer can (Apps Script), else with a promise (Node).
   */
  sendTestMessage: (input: PreviewInput) => MessagesResult<TestSendResult> | Promise<MessagesResult<TestSendResult>>;
  getTodayPlan: (input: { date?: string }) => MessagesResult<TodayPlan>;
  listOutbox: (input: OutboxInput) => MessagesResult<OutboxView>;
  /** What waits for approval (and what is held), counted per campaign with a sample. */
  getApprovals: (input: NoInput) => MessagesResult<ApprovalView>;
  /** The owner approves (planned: the next run sends exactly these) or holds the set that was shown. */
  decideApproval: (input: DecideApprovalInput) => MessagesResult<ApprovalDecision>;
}

const MAX_TEXT = 50_000;
const text = (max = MAX_TEXT) => z.string().check(z.maxLength(max));
const nullableNumber = lazy(() => z.nullable(z.number()));
const saveSchema = lazy(() => z.object({
  original: z.optional(text(500)),
  name: text(500),
  trigger: text(200),
  offset_days: nullableNumber(),
  segment: text(500),
  subject: text(),
  body: text(),
  active: z.boolean(),
  send_hour: nullableNumber(),
  send_date: z.optional(text(40)),
  holdout_pct: z.optional(nullableNumber()),
}));
const previewSchema = lazy(() => z.object({ campaign: text(500), customerId: text(200), subject: z.optional(text()), body: z.optional(text()), to: z.optional(text(320)) }));
const decideSchema = lazy(() => z.object({ decision: z.enum(['approve', 'hold']), fingerprint: text(100), from: z.optional(z.enum(['needs_approval', 'held'])), campaign: z.optional(text(500)) }));
const planSchema = lazy(() => z.object({ date: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))) }));
const outboxSchema = lazy(() => z.object({ limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(500))), status: z.optional(z.enum(OUTBOX_STATUSES)) }));

const fold = (name: string): string => name.trim().toLowerCase();

/** Test sends made by this process, so two tests in the same millisecond (or under a fixed clock) differ. */
let testSends = 0;

function viewOf(row: number, c: Campaign): CampaignView {
  return { row, name: c.name, trigger: c.trigger, offset_days: c.offset_days ?? null, segment: c.segment, subject: c.subject, body: c.body, active: c.active !== false, send_hour: c.send_hour ?? null, send_date: c.send_date ?? '', holdout_pct: c.holdout_pct ?? null };
}

/** Field checks beyond types: the planner's own rules (trigger, segment, name unique), so a saved campaign runs. */
function checkCampaign(input: z.infer<ReturnType<typeof saveSchema>>, others: readonly Campaign[], segmentNames: readonly string[]): MessagesIssue[] {
  const issues: MessagesIssue[] = [];
  if (input.name.trim() === '') issues.push(issue(['name'], 'required'));
  else if (others.some((c) => fold(c.name) === fold(input.name))) issues.push(issue(['name'], 'duplicate_name'));
  if (input.trigger.trim() === '') issues.push(issue(['trigger'], 'required'));
  else if (!parseTrigger(input.trigger)) issues.push(issue(['trigger'], 'unknown_trigger'));
  const whole = (field: 'offset_days' | 'send_hour' | 'holdout_pct', min: number, max: number): void => {
    const value = input[field];
    if (value === null || value === undefined) return;
    if (!Number.isInteger(value)) issues.push(issue([field], 'not_an_integer'));
    else if (value < min || value > max) issues.push(issue([field], 'out_of_range'));
  };
  whole('offset_days', -366, 366);
  whole('send_hour', 0, 23);
  whole('holdout_pct', 0, 100);
  // A form that sends send_date: a date when given, and required for a one-off campaign.
  const sendDate = input.send_date?.trim();
  if (sendDate !== undefined && sendDate !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(sendDate) || dayNumber(sendDate) === undefined)) issues.push(issue(['send_date'], 'not_a_date'));
  else if (sendDate === '' && parseTrigger(input.trigger)?.trigger === 'once') issues.push(issue(['send_date'], 'required'));
  if (input.segment.trim() !== '' && !segmentNames.some((s) => fold(s) === fold(input.segment))) issues.push(issue(['segment'], 'unknown_segment'));
  if (input.subject.trim() === '') issues.push(issue(['subject'], 'required'));
  if (input.body.trim() === '') issues.push(issue(['body'], 'required'));
  return issues;
}

function displayName(record: { first_name: string; last_name: string; company: string }): string {
  return [record.first_name, record.last_name].filter((s) => s.trim() !== '').join(' ') || record.company;
}

function dateOrder(wb: Workbook): 'dmy' | 'mdy' {
  return parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
}

function segmentNames(wb: Workbook, order: 'dmy' | 'mdy'): string[] {
  return (readTable(wb, segmentsTab, order)?.rows ?? []).map((r) => r.record.name.trim()).filter((s) => s !== '');
}

function outboxLine(row: number, o: OutboxEntry): OutboxLine {
  return { row, key: o.key, campaign: o.campaign, customer_id: o.customer_id, to: o.to, subject: o.subject, status: o.status, reason: o.reason, planned_for: o.planned_for ?? '', sent_at: o.sent_at ?? '', attempts: o.attempts ?? null };
}

/** The date holiday choices start from: the business's today, or UTC's while time_zone is refused (getTodayPlan says why). */
function holidayFrom(deps: ServerDeps, settings: Settings): string {
  const clock = businessClock(deps.now(), settings.time_zone, deps.hostTimeZone);
  return clock.ok ? clock.value.today : localDateOf(Date.parse(deps.now()), 'UTC');
}

function findPreview(deps: ServerDeps, input: z.infer<ReturnType<typeof previewSchema>>): MessagesResult<{ data: GreetingsData; preview: MessagePreview }> {
  const data = readGreetingsData(deps.workbook());
  const campaign = data.campaigns.find((c) => fold(c.name) === fold(input.campaign));
  if (!campaign) return fail([issue(['campaign'], 'not_found')]);
  const customer = data.customers.find((c) => c.record.id.trim() === input.customerId.trim() && input.customerId.trim() !== '');
  if (!customer) return fail([issue(['customerId'], 'not_found')]);
  const draft: Campaign = { ...campaign, subject: input.subject ?? campaign.subject, body: input.body ?? campaign.body };
  const parsed = parseTrigger(draft.trigger);
  const rendered = previewCampaign(draft, customer, data.settings);
  return ok({
    data,
    preview: {
      to: customer.record.email,
      customerName: displayName(customer.record),
      ...rendered,
      blockedBy: eligibility(customer, parsed?.trigger === 'appointment_reminder'),
    },
  });
}

/** Why nothing carrying a link can be sent, in words ('' when links have an address). */
export const LINK_PROBLEM = 'Settings public_url is blank, so no message is sent: every message carries an unsubscribe link, and it needs the address the workbench or the functions answer on (e.g. http://localhost:8080).';

function linkProblem(settings: Settings): string {
  return linkBase(settings) === undefined ? LINK_PROBLEM : '';
}

/** The key of the remembered test address: per user, as the host's preferences are per document. */
const testKey = (user: string): string => `test_to:${user.trim().toLowerCase()}`;

/** The country's holidays from `today` for a year, one per code (the next date), by date. */
function holidayOptions(deps: ServerDeps, country: string, today: string): HolidayOption[] {
  if (!deps.holidays || country === '') return [];
  const year = Number(today.slice(0, 4));
  const all: Holiday[] = [...deps.holidays(country, year), ...deps.holidays(country, year + 1)];
  const byCode = new Map<string, HolidayOption>();
  for (const h of all) {
    if (h.date < today || h.date > `${year + 1}${today.slice(4)}` || byCode.has(h.code)) continue;
    byCode.set(h.code, { code: h.code, name: h.name, date: h.date });
  }
  return [...byCode.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** True when the caller may approve: listed in Settings approvers, else the trigger's installer (anyone when none is known). */
function mayApprove(deps: ServerDeps, approvers: string): boolean {
  const user = deps.user().trim().toLowerCase();
  const listed = approvers.split(/[\s,;]+/).map((a) => a.trim().toLowerCase()).filter((a) => a !== '');
  if (listed.length > 0) return listed.includes(user);
  const owner = deps.owner?.()?.trim().toLowerCase();
  return owner === undefined || owner === '' || owner === user;
}

/** Outbox rows in one status (optionally of one campaign), with the summary the sidebar shows of them. */
function rowsIn(all: readonly { row: number; record: OutboxEntry }[], status: 'needs_approval' | 'held', campaign?: string): { rows: { row: number; record: OutboxEntry }[]; summary: ApprovalSummary } {
  const rows = all.filter((r) => r.record.key !== '' && r.record.status === status && (campaign === undefined || fold(r.record.campaign) === fold(campaign)));
  const summary = summariseWaiting(rows.map((r) => ({ key: r.record.key, campaign: r.record.campaign, customer_id: r.record.customer_id, planned_for: r.record.planned_for ?? '' })));
  return { rows, summary };
}

/** Implements the Messages sidebar's calls over the Workbook port (pure: add-on, workbench and tests share it). */
export function createMessagesApi(deps: ServerDeps): MessagesApi {
  return {
    listCampaigns() {
      const wb = deps.workbook();
      const order = dateOrder(wb);
      const table = readTable(wb, campaignsTab, order);
      const campaigns = (table?.rows ?? []).filter((r) => r.record.name.trim() !== '').map((r) => viewOf(r.row, r.record));
      // Settings only: the list is shown often, and the customers and purchases are not needed for it.
      const settings = parseSettings(wb.read(SETTINGS_TAB)).settings;
      const user = deps.user();
      return ok({
        campaigns,
        triggers: TRIGGERS.map((t) => (t === 'holiday' ? 'holiday:' : t)),
        triggerOptions: TRIGGERS.map((t) => ({ value: t, label: TRIGGER_LABELS[t] })),
        segments: segmentNames(wb, order),
        holidays: holidayOptions(deps, settings.country, holidayFrom(deps, settings)),
        testAddress: deps.prefs?.get(testKey(user)) ?? (isDeliverableAddress(user.trim().toLowerCase()) ? user.trim().toLowerCase() : ''),
        testTransport: deps.mailer?.().name ?? '',
        linkProblem: linkProblem(settings),
      });
    },

    saveCampaign(input) {
      const parsed = saveSchema().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const edit = parsed.data;
      const wb = deps.workbook();
      return wb.withLock(() => {
        const order = dateOrder(wb);
        // Re-read under the lock and find the campaign by the name it was listed under: rows may have moved.
        const listed = readTable(wb, campaignsTab, order)?.rows ?? [];
        const found = edit.original === undefined ? undefined : listed.find((r) => fold(r.record.name) === fold(edit.original ?? ''));
        if (edit.original !== undefined && !found) return fail([issue(['name'], 'not_found')]);
        const others = listed.filter((r) => r !== found).map((r) => r.record);
        const issues = checkCampaign(edit, others, segmentNames(wb, order));
        if (issues.length > 0) return fail(issues);
        // Only a valid save may add the contract's missing columns to the tab.
        const table = openTable(wb, campaignsTab, order);
        const existing = found && table.rows.find((r) => r.row === found.row);
        const values = {
          name: edit.name.trim(),
          trigger: edit.trigger.trim(),
          offset_days: edit.offset_days ?? undefined,
          segment: edit.segment.trim(),
          subject: edit.subject,
          body: edit.body,
          // A campaign created here starts off: the owner switches it on after a preview (and its first run waits for a yes).
          active: existing ? edit.active : false,
          send_hour: edit.send_hour ?? undefined,
          // Only a form that shows these columns changes them; another caller leaves them as they are.
          ...(edit.send_date !== undefined ? { send_date: edit.send_date.trim() || undefined } : {}),
          ...(edit.holdout_pct !== undefined ? { holdout_pct: edit.holdout_pct ?? undefined } : {}),
        };
        if (existing) {
          const after: Campaign = { ...existing.record, ...values };
          saveChanges(wb, table, [{ row: existing.row, before: existing.record, after }]);
          return ok(viewOf(existing.row, after));
        }
        const row = (wb.read(campaignsTab.name)?.rows.length ?? 0) + 2;
        const [added] = appendRecords(wb, table, [values]);
        return ok(viewOf(row, added ?? ({ ...values, id: '', send_date: undefined, survey_scale: '', holdout_pct: undefined })));
      });
    },

    previewMessage(input) {
      const parsed = previewSchema().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const found = findPreview(deps, parsed.data);
      return found.ok ? ok(found.value.preview) : found;
    },

    sendTestMessage(input) {
      const parsed = previewSchema().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const mailer = deps.mailer?.();
      if (!mailer) return fail([issue([], 'no_mailer')]);
      const user = deps.user();
      const typed = parsed.data.to?.trim().toLowerCase() ?? '';
      const to = typed !== '' ? typed : (deps.prefs?.get(testKey(user)) ?? user.trim().toLowerCase());
      if (typed !== '' && !isDeliverableAddress(typed)) return fail([issue(['to'], 'not_an_address')]);
      if (!isDeliverableAddress(to)) return fail([issue(['to'], 'no_address')]);
      const found = findPreview(deps, parsed.data);
      if (!found.ok) return found;
      if (typed !== '') deps.prefs?.set(testKey(user), typed);
      const { data, preview } = found.value;
      const from = senderOf(data.settings) ?? { name: data.settings.business_name, address: to };
      const now = deps.now();
      const message: OutgoingMessage = {
        from,
        to,
        subject: `[Test] ${preview.subject}`,
        text: preview.text,
        html: preview.html,
        messageId: `<test.${stableHash(`${parsed.data.campaign}|${parsed.data.customerId}|${now}|${++testSends}`)}@${from.address.slice(from.address.lastIndexOf('@') + 1)}>`,
        date: new Date(Date.parse(now)).toISOString(),
        // A test carries the headers real messages do, with a token that unsubscribes nobody.
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl(linkBase(data.settings) ?? '', 'preview')}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      };
      // A local outbox (the workbench's `file:DIR`) writes .eml files: the sidebar names the folder.
      const folder = mailer.name.startsWith('file:') ? mailer.name.slice('file:'.length) : '';
      const answer = (result: SendResult): MessagesResult<TestSendResult> =>
        result.ok ? ok({ to, transport: mailer.name, messageId: message.messageId, folder }) : fail([{ ...issue([], 'send_failed'), message: `${MESSAGES.send_failed} (${result.code})` }]);
      if (mailer.sendNow) return answer(mailer.sendNow(message));
      return mailer.send(message).then(answer, () => fail([issue([], 'send_failed')]));
    },

    getTodayPlan(input) {
      const parsed = planSchema().safeParse(input ?? {});
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const data = readGreetingsData(deps.workbook());
      // The sender's own policy: a zone the run would refuse is refused here too, never planned in UTC.
      const clock = businessClock(deps.now(), data.settings.time_zone, deps.hostTimeZone);
      if (!clock.ok) return fail(clock.issues);
      const date = parsed.data.date ?? clock.value.today;
      const zone = clock.value.zone;
      const plan = planGreetings(planInputFor(data, date, { timeZone: zone, holidays: deps.holidays?.(data.settings.country, Number(date.slice(0, 4))) ?? [] }));
      const status = new Map(data.outbox.map((o) => [o.key, o.status]));
      const messages = plan.messages.map((m) => ({
        key: m.key,
        campaign: m.campaign.name.trim(),
        customer_id: m.customer.record.id.trim(),
        customerName: displayName(m.customer.record),
        to: m.to,
        decision: m.decision,
        reason: m.reason,
        planned_for: m.plannedFor,
        outbox: status.get(m.key) ?? '',
      }));
      return ok({ date, timeZone: zone, linkProblem: linkProblem(data.settings), messages, issues: plan.issues }, clock.notes);
    },

    listOutbox(input) {
      const parsed = outboxSchema().safeParse(input ?? {});
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      const rows = readTable(wb, outboxTab, dateOrder(wb))?.rows ?? [];
      const counts: Record<string, number> = {};
      for (const r of rows) if (r.record.key) counts[r.record.status || 'blank'] = (counts[r.record.status || 'blank'] ?? 0) + 1;
      const wanted = rows.filter((r) => r.record.key && (!parsed.data.status || r.record.status === parsed.data.status));
      const lines = wanted
        .slice(-(parsed.data.limit ?? 100))
        .reverse()
        .map((r) => outboxLine(r.row, r.record));
      return ok({ rows: lines, total: wanted.length, counts });
    },

    getApprovals() {
      const wb = deps.workbook();
      const settings = parseSettings(wb.read(SETTINGS_TAB)).settings;
      // The Outbox is read once for both sets.
      const outbox = readTable(wb, outboxTab, settings.date_order)?.rows ?? [];
      return ok({
        waiting: rowsIn(outbox, 'needs_approval').summary,
        held: rowsIn(outbox, 'held').summary,
        canApprove: mayApprove(deps, settings.approvers),
        approveOver: settings.approve_over,
        linkProblem: linkProblem(settings),
      });
    },

    decideApproval(input) {
      const parsed = decideSchema().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const { decision, fingerprint, campaign } = parsed.data;
      const from = parsed.data.from ?? 'needs_approval';
      const wb = deps.workbook();
      return wb.withLock(() => {
        const settings = parseSettings(wb.read(SETTINGS_TAB)).settings;
        if (!mayApprove(deps, settings.approvers)) return fail([issue([], 'not_approver')]);
        const order = settings.date_order;
        const { rows } = rowsIn(readTable(wb, outboxTab, order)?.rows ?? [], from, campaign);
        if (rows.length === 0) return fail([issue([], 'nothing_waiting')]);
        // Exactly the set that was shown, or nothing: a run may have added messages since.
        if (approvalFingerprint(rows.map((r) => r.record.key)) !== fingerprint) return fail([issue([], 'changed')]);
        const status = decision === 'approve' ? 'planned' : 'held';
        if (status === from) return ok({ changed: 0, status });
        const table = openTable(wb, outboxTab, order);
        saveChanges(wb, table, rows.map((r) => ({ row: r.row, before: r.record, after: { ...r.record, status, reason: decision === 'approve' ? '' : 'held by the owner' } })));
        return ok({ changed: rows.length, status });
      });
    },
  };
}
