// The card's quick actions: a new customer, one row logged per call, visit, message or purchase, a complaint
// resolved, a customer archived or erased. Each runs under the document lock and writes in a constant number of
// batched calls; problems come back as data at the path of the input field they are about.
import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok } from '../kernel';
import {
  appendRecords,
  blankRecord,
  customersTab,
  diffRecord,
  encodeRow,
  interactionsTab,
  openTable,
  parseNumber,
  purchasesTab,
  readTable,
  type CellUpdate,
  type Customer,
  type DecodedTable,
  type Interaction,
  type Row,
} from '../workbook';
import { eraseCustomer } from '../privacy';
import { buildTimeline, issueAt, MAX_CELL_CHARS, parseCardDate, profileColumn, type ApiIssue, type CustomerCard, type TimelinePage } from '../customers';
import { cardContext, cardOf, customerHistory, type CardContext } from './customer-context';
import type { ServerDeps } from './deps';
import { checkEdits, ensureProfileColumns, logConsent } from './server-api';
import type { ApiResult } from './result';

/** The kinds of contact the card logs in one click (a subset of INTERACTION_KINDS). */
export const QUICK_KINDS = ['call', 'visit', 'email', 'whatsapp', 'sms', 'meeting', 'complaint', 'compliment', 'appointment'] as const;

const fieldValue = lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null()]));
const valueMap = lazy(() => z.record(z.string(), fieldValue()));
const id = lazy(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(64)));
const text = lazy(() => z.string().check(z.maxLength(MAX_CELL_CHARS)));
const shortText = lazy(() => z.string().check(z.maxLength(500)));
const time = lazy(() => z.string().check(z.regex(/^$|^([01]?\d|2[0-3]):[0-5]\d$/)));

const createInput = lazy(() => z.object({ changes: z._default(valueMap(), {}), profile: z._default(valueMap(), {}) }));
const logInput = lazy(() => z.object({
  id: id(),
  kind: z.enum(QUICK_KINDS),
  date: z._default(shortText(), ''),
  time: z._default(time(), ''),
  subject: z._default(text(), ''),
  notes: z._default(text(), ''),
  follow_up_date: z._default(shortText(), ''),
}));
const purchaseInput = lazy(() => z.object({ id: id(), date: z._default(shortText(), ''), amount: z.union([z.string().check(z.maxLength(64)), z.number()]), description: z._default(text(), ''), currency: z._default(shortText(), '') }));
const resolveInput = lazy(() => z.object({ id: id(), ref: id(), resolved_by: z._default(shortText(), ''), resolved_at: z._default(shortText(), ''), resolution: text() }));
const confirmInput = lazy(() => z.object({ id: id(), confirm: z.literal(true) }));
const timelineInput = lazy(() => z.object({ id: id(), offset: z._default(z.number().check(z.int(), z.gte(0)), 0), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 20) }));

/** A new customer: the card's fields and Profile fields, as typed. */
export type CreateCustomerInput = z.input<ReturnType<typeof createInput>>;
/** One contact logged: kind, a date in the business's order (blank: now) and optional time, subject, notes, a follow-up date. */
export type LogInteractionInput = z.input<ReturnType<typeof logInput>>;
/** One purchase: date (blank: today), amount as typed, description, currency (blank: Settings). */
export type RecordPurchaseInput = z.input<ReturnType<typeof purchaseInput>>;
/** A complaint resolved: its interaction id (`ref`), who resolved it, when (blank: today) and how. */
export type ResolveComplaintInput = z.input<ReturnType<typeof resolveInput>>;
/** A destructive action on a customer, which the sidebar sends only after the person confirmed it. */
export type ConfirmedInput = { id: string; confirm: true };
/** A page of a customer's timeline. */
export type TimelineInput = z.input<ReturnType<typeof timelineInput>>;

/** The customer card's actions beyond editing. */
export interface CustomerActionsApi {
  createCustomer: (input: CreateCustomerInput) => ApiResult<{ card: CustomerCard; written: number }>;
  logInteraction: (input: LogInteractionInput) => ApiResult<{ card: CustomerCard; ref: string }>;
  recordPurchase: (input: RecordPurchaseInput) => ApiResult<{ card: CustomerCard; ref: string }>;
  resolveComplaint: (input: ResolveComplaintInput) => ApiResult<{ card: CustomerCard; ref: string }>;
  archiveCustomer: (input: ConfirmedInput) => ApiResult<{ card: CustomerCard }>;
  /** Erases the customer's personal data everywhere (privacy law); the id, the opt-out and the Consent log stay. */
  eraseCustomerData: (input: ConfirmedInput) => ApiResult<{ card: CustomerCard; cleared: Record<string, number> }>;
  getCustomerTimeline: (input: TimelineInput) => ApiResult<TimelinePage>;
}

/** A customer found under the lock, with its table, or the issue why not (unknown or merged). */
function customerRow(ctx: CardContext, customerId: string): { issue: ApiIssue } | { table: DecodedTable<typeof customersTab.columns>; row: Row<Customer> } {
  const table = openTable(ctx.wb, customersTab, ctx.settings.dateOrder);
  const row = table.rows.find((r) => r.record.id === customerId);
  if (!row) return { issue: issueAt(['id'], 'not_found') };
  if (row.record.status === 'merged') return { issue: issueAt(['id'], 'merged') };
  return { table, row };
}

/** The card after an action, read from the workbook as it now is. */
function freshCard(ctx: CardContext, customerId: string): CustomerCard {
  const table = openTable(ctx.wb, customersTab, ctx.settings.dateOrder);
  const row = table.rows.find((r) => r.record.id === customerId) as Row<Customer>;
  const cells = ctx.wb.read(customersTab.name)?.rows[row.row - 2] ?? [];
  return cardOf(ctx, table, row, cells, table.header);
}

/** A date typed in an action's field: the business's order, blank allowed or not, never after `latest`. */
function actionDate(ctx: CardContext, value: string, path: string, issues: ApiIssue[], latest?: string): string | null {
  const parsed = parseCardDate(value, ctx.settings.dateOrder);
  if (!parsed.ok) {
    issues.push(issueAt([path], 'not_a_date', ctx.settings.dateOrder));
    return null;
  }
  if (parsed.value !== null && ((latest !== undefined && parsed.value > latest) || parsed.value < '1900-01-01')) issues.push(issueAt([path], 'out_of_range'));
  return parsed.value;
}

/** The card's actions over the Workbook port. */
export function createCustomerActionsApi(deps: ServerDeps): CustomerActionsApi {
  const locked = <T>(fn: (ctx: CardContext) => ApiResult<T>): ApiResult<T> => {
    const wb = deps.workbook();
    return wb.withLock(() => fn(cardContext(wb, deps)));
  };
  return {
    createCustomer(input) {
      const parsed = createInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      return locked((ctx) => {
        const table = openTable(ctx.wb, customersTab, ctx.settings.dateOrder);
        let grid = ctx.wb.read(customersTab.name) ?? { header: table.header, rows: [] };
        const claimed = new Set(table.map.indexOf.values());
        const blank = blankRecord(customersTab);
        const { after, profileWrites, issues } = checkEdits(ctx, blank, [], grid.header, claimed, parsed.data, true);
        if (issues.length > 0) return fail(issues);
        after.id = '';
        after.created_at = ctx.now;
        after.updated_at = ctx.now;
        after.source ||= 'card';
        after.status ||= 'active';
        after.contact_type ||= 'customer';
        if (after.email_consent === true) after.consent_date ??= ctx.today;
        grid = ensureProfileColumns(ctx.wb, grid, claimed, profileWrites);
        const [created] = appendRecords(ctx.wb, table, [after as Partial<Customer>]);
        const row = table.rows[table.rows.length - 1]!;
        const cells = encodeRow({ map: table.map, header: grid.header }, row.record);
        const updates: CellUpdate[] = [];
        for (const [def, value] of profileWrites) {
          const at = profileColumn(grid.header, claimed, def.field);
          if (at === undefined || value === null) continue;
          updates.push({ row: row.row, col: at + 1, value });
          cells[at] = value;
        }
        if (updates.length > 0) ctx.wb.write(customersTab.name, updates);
        // Consent given at sign-up is logged; a "no" for someone new withdraws nothing.
        if (after.email_consent === true) logConsent(ctx.wb, ctx, created!.id, after, deps.user());
        return ok({ card: cardOf(ctx, table, row, cells, grid.header), written: cells.filter((c) => c !== null && c !== '').length });
      });
    },

    logInteraction(input) {
      const parsed = logInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const data = parsed.data;
      return locked((ctx) => {
        const found = customerRow(ctx, data.id);
        if ('issue' in found) return fail([found.issue]);
        const issues: ApiIssue[] = [];
        // An appointment is booked ahead; everything else has happened.
        const day = actionDate(ctx, data.date, 'date', issues, data.kind === 'appointment' ? undefined : ctx.today);
        const followUp = actionDate(ctx, data.follow_up_date, 'follow_up_date', issues);
        if (data.time !== '' && day === null && issues.length === 0) issues.push(issueAt(['date'], 'required'));
        if (data.kind === 'appointment' && day === null && followUp === null && issues.length === 0) issues.push(issueAt(['date'], 'required'));
        if (issues.length > 0) return fail(issues);
        // A typed day and time are the business's wall clock (stored without a zone); no day is now, in UTC.
        const at = day === null ? ctx.now : data.time === '' ? day : `${day}T${data.time.padStart(5, '0')}:00`;
        const record: Partial<Interaction> = {
          customer_id: data.id,
          date: at,
          kind: data.kind,
          channel: 'card',
          staff: deps.user(),
          subject: data.subject.trim(),
          notes: data.notes,
          status: data.kind === 'complaint' ? 'open' : data.kind === 'appointment' ? 'booked' : '',
          ...(followUp !== null ? { follow_up_date: followUp } : {}),
        };
        const [written] = appendRecords(ctx.wb, openTable(ctx.wb, interactionsTab, ctx.settings.dateOrder), [record]);
        return ok({ card: freshCard(ctx, data.id), ref: written!.id });
      });
    },

    recordPurchase(input) {
      const parsed = purchaseInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const data = parsed.data;
      return locked((ctx) => {
        const found = customerRow(ctx, data.id);
        if ('issue' in found) return fail([found.issue]);
        const issues: ApiIssue[] = [];
        const day = actionDate(ctx, data.date, 'date', issues, ctx.today);
        const amount = parseNumber(data.amount);
        if (!amount.ok) issues.push(issueAt(['amount'], 'not_a_number'));
        else if (amount.value === undefined) issues.push(issueAt(['amount'], 'required'));
        if (issues.length > 0 || !amount.ok) return fail(issues);
        const record = { customer_id: data.id, date: day ?? ctx.today, amount: amount.value, currency: data.currency.trim() || ctx.settings.currency, description: data.description.trim(), channel: 'card', staff: deps.user() };
        const [written] = appendRecords(ctx.wb, openTable(ctx.wb, purchasesTab, ctx.settings.dateOrder), [record]);
        return ok({ card: freshCard(ctx, data.id), ref: written!.id });
      });
    },

    resolveComplaint(input) {
      const parsed = resolveInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const data = parsed.data;
      return locked((ctx) => {
        const found = customerRow(ctx, data.id);
        if ('issue' in found) return fail([found.issue]);
        const table = openTable(ctx.wb, interactionsTab, ctx.settings.dateOrder);
        const complaint = table.rows.find((r) => r.record.id === data.ref && r.record.customer_id === data.id && r.record.kind === 'complaint');
        if (!complaint) return fail([issueAt(['ref'], 'not_a_complaint')]);
        if (complaint.record.resolved_at || ['resolved', 'closed', 'done'].includes(complaint.record.status.trim().toLowerCase())) return fail([issueAt(['ref'], 'not_open')]);
        const issues: ApiIssue[] = [];
        const day = actionDate(ctx, data.resolved_at, 'resolved_at', issues, ctx.today);
        if (data.resolution.trim() === '') issues.push(issueAt(['resolution'], 'required'));
        if (issues.length > 0) return fail(issues);
        const when = day ?? ctx.today;
        const who = data.resolved_by.trim() || deps.user();
        const before = complaint.record;
        const after: Interaction = { ...before, resolved_at: when, status: 'resolved' };
        ctx.wb.write(interactionsTab.name, diffRecord(table, complaint.row, before, after));
        complaint.record = after;
        // The resolution is its own row, so who did what and when stays on the timeline.
        const [logged] = appendRecords(ctx.wb, table, [
          { customer_id: data.id, date: when, kind: 'support', channel: 'card', staff: who, subject: `Resolved: ${before.subject || 'complaint'}`, notes: data.resolution, status: 'done', resolved_at: when },
        ]);
        return ok({ card: freshCard(ctx, data.id), ref: logged!.id });
      });
    },

    archiveCustomer(input) {
      const parsed = confirmInput().safeParse(input);
      if (!parsed.success) return fail([issueAt(['confirm'], 'unconfirmed')]);
      return locked((ctx) => {
        const found = customerRow(ctx, parsed.data.id);
        if ('issue' in found) return fail([found.issue]);
        const { table, row } = found;
        if (row.record.status !== 'archived') {
          const after: Customer = { ...row.record, status: 'archived', updated_at: ctx.now };
          ctx.wb.write(customersTab.name, diffRecord(table, row.row, row.record, after));
        }
        return ok({ card: freshCard(ctx, parsed.data.id) });
      });
    },

    eraseCustomerData(input) {
      const parsed = confirmInput().safeParse(input);
      if (!parsed.success) return fail([issueAt(['confirm'], 'unconfirmed')]);
      return locked((ctx) => {
        const found = customerRow(ctx, parsed.data.id);
        if ('issue' in found) return fail([found.issue]);
        const erased = eraseCustomer(ctx.wb, parsed.data.id, { by: deps.user(), at: ctx.now });
        if (!erased.ok) return fail([issueAt(['id'], 'not_found')]);
        return ok({ card: freshCard(ctx, parsed.data.id), cleared: erased.value.cleared });
      });
    },

    getCustomerTimeline(input) {
      const parsed = timelineInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const ctx = cardContext(deps.workbook(), deps);
      const { id: customerId, offset, limit } = parsed.data;
      const exists = readTable(ctx.wb, customersTab, ctx.settings.dateOrder)?.rows.some((r) => r.record.id === customerId);
      if (!exists) return fail([issueAt(['id'], 'not_found')]);
      return ok(buildTimeline(customerHistory(ctx, customerId), { timeZone: ctx.settings.timeZone, order: ctx.settings.dateOrder }, offset, limit));
    },
  };
}
