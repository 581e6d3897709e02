import * as z from 'zod/mini';
import {
  consentLogTab,
  customersTab,
  interactionsTab,
  loyaltyTab,
  mergeLogTab,
  outboxTab,
  parseSettings,
  profileFieldsTab,
  purchasesTab,
  readTable,
  SETTINGS_TAB,
  blankRecord,
  decodeTable,
  layoutOf,
  type CellValue,
  type Customer,
  type DecodedTable,
  type Row,
  type Workbook,
} from '../workbook';
import { e164Phone } from '../dedupe';
import {
  buildCard,
  datePattern,
  issueAt,
  localStamp,
  mergeMentions,
  profileFieldDefs,
  type ApiIssue,
  type CardSettings,
  type CustomerCard,
  type PhoneRules,
  type ProfileFieldDef,
  type TimelineSources,
} from '../customers';
import type { ApiResult } from './index';
import type { ServerDeps } from './server-api';

/** Everything one card call reads besides the customer's row: Settings, Profile fields, the clock. */
export interface CardContext {
  wb: Workbook;
  settings: CardSettings;
  defs: ProfileFieldDef[];
  phone: PhoneRules;
  /** Now, as an ISO date-time (UTC), and the business-local day. */
  now: string;
  today: string;
}

/** Reads Settings and Profile fields once for a call. */
export function cardContext(wb: Workbook, deps: ServerDeps): CardContext {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  const order = settings.date_order;
  const profile = readTable(wb, profileFieldsTab, order);
  const now = deps.now();
  const today = (localStamp(now, settings.time_zone) ?? now).slice(0, 10);
  return {
    wb,
    settings: { dateOrder: order, datePattern: datePattern(order), timeZone: settings.time_zone, country: settings.country, currency: settings.currency },
    defs: profileFieldDefs(profile?.rows.map((r) => r.record) ?? []),
    phone: { normalise: deps.normalisePhone ?? e164Phone, country: settings.country },
    now,
    today,
  };
}

/** The customer's rows in every tab the timeline shows (one read per tab). */
export function customerHistory(ctx: CardContext, id: string): TimelineSources {
  const order = ctx.settings.dateOrder;
  const of = <R extends { customer_id: string }>(rows: readonly { record: R }[] | undefined): R[] => (id === '' ? [] : (rows ?? []).map((r) => r.record).filter((r) => r.customer_id === id));
  // Only this customer's rows are decoded: the history tabs of a large sheet hold everyone's.
  const mine = { field: 'customer_id', equals: id };
  return {
    purchases: of(readTable(ctx.wb, purchasesTab, order, mine)?.rows),
    interactions: of(readTable(ctx.wb, interactionsTab, order, mine)?.rows),
    outbox: of(readTable(ctx.wb, outboxTab, order, mine)?.rows),
    consent: of(readTable(ctx.wb, consentLogTab, order, mine)?.rows),
    merges: id === '' ? [] : (readTable(ctx.wb, mergeLogTab, order)?.rows.map((r) => r.record).filter((m) => mergeMentions(m, id)) ?? []),
  };
}

/** The card of one decoded row. */
export function cardOf(ctx: CardContext, table: DecodedTable<typeof customersTab.columns>, row: Row<Customer>, cells: readonly CellValue[], header: readonly string[]): CustomerCard {
  return buildCard({ table, row, cells, header, defs: ctx.defs, history: customerHistory(ctx, row.record.id), settings: ctx.settings, phone: ctx.phone, today: ctx.today, loyalty: readTable(ctx.wb, loyaltyTab, ctx.settings.dateOrder)?.rows.map((r) => r.record) ?? [] });
}

/** The card of the first Customers row `find` accepts, or not_found. */
export function loadCard(ctx: CardContext, find: (row: Row<Customer>) => boolean): ApiResult<CustomerCard> {
  const table = readTable(ctx.wb, customersTab, ctx.settings.dateOrder);
  const row = table?.rows.find(find);
  if (!table || !row) return fail([issueAt([], 'not_found')]);
  const cells = ctx.wb.read(customersTab.name)?.rows[row.row - 2] ?? [];
  return ok(cardOf(ctx, table, row, cells, table.header));
}

/** The card of a customer not yet saved: blank fields, the Profile fields and Settings, for "New customer". */
export function blankCard(ctx: CardContext): CustomerCard {
  const grid = ctx.wb.read(customersTab.name) ?? { header: layoutOf(customersTab).header, rows: [] };
  const table = decodeTable(customersTab, { header: grid.header, rows: [] }, ctx.settings.dateOrder);
  const record = { ...blankRecord(customersTab), status: 'active' as const, contact_type: 'customer' as const };
  return cardOf(ctx, table, { row: 0, record }, [], grid.header);
}

/** A successful answer. */
export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

/** A refusal with its problems. */
export const fail = (issues: ApiIssue[]): ApiResult<never> => ({ ok: false, issues });

/** A request zod could not read, each problem at its input path. */
export function invalid(error: z.core.$ZodError): ApiResult<never> {
  return fail(error.issues.map((i) => ({ path: i.path.map(String), code: 'invalid_input' as const, message: issueAt([], 'invalid_input').message })));
}

/** A field value as text; edits carry only primitives, anything else is shown as JSON rather than '[object Object]'. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
