import { businessClock, fail, localDateOf, ok } from '../kernel';
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
  type ApiIssue,
  issueAt,
  mergeMentions,
  referralPeople,
  referralSummary,
  profileFieldDefs,
  type CardSettings,
  type CustomerCard,
  type PhoneRules,
  type ProfileFieldDef,
  type TimelineSources,
} from '../customers';
import type { ServerDeps } from './deps';
import type { ApiResult } from './result';

/** Everything one card call reads besides the customer's row: Settings, Profile fields, the clock. */
export interface CardContext {
  wb: Workbook;
  settings: CardSettings;
  defs: ProfileFieldDef[];
  phone: PhoneRules;
  /** Now, as an ISO date-time (UTC), and the business-local day. */
  now: string;
  today: string;
  /** Settings time_zone refused by the kernel's policy: the card still opens, in UTC, and shows why. */
  clockWarnings: ApiIssue[];
}

/** Reads Settings and Profile fields once for a call. */
export function cardContext(wb: Workbook, deps: ServerDeps): CardContext {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  const order = settings.date_order;
  const profile = readTable(wb, profileFieldsTab, order);
  const now = deps.now();
  const clock = businessClock(now, settings.time_zone, deps.hostTimeZone);
  // A card only shows: when time_zone is refused it opens in UTC with the refusal among its warnings.
  const zone = clock.ok ? clock.value.zone : 'UTC';
  const today = clock.ok ? clock.value.today : localDateOf(Date.parse(now), 'UTC');
  return {
    wb,
    settings: { dateOrder: order, datePattern: datePattern(order), timeZone: zone, country: settings.country, currency: settings.currency },
    defs: profileFieldDefs(profile?.rows.map((r) => r.record) ?? []),
    phone: { normalise: deps.normalisePhone ?? e164Phone, country: settings.country },
    now,
    today,
    clockWarnings: clock.ok ? [] : clock.issues,
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
  const card = buildCard({ table, row, cells, header, defs: ctx.defs, history: customerHistory(ctx, row.record.id), settings: ctx.settings, phone: ctx.phone, today: ctx.today, loyalty: readTable(ctx.wb, loyaltyTab, ctx.settings.dateOrder)?.rows.map((r) => r.record) ?? [], referrals: referralSummary(referralPeople(ctx.wb.read(customersTab.name)), row.record.id) });
  return ctx.clockWarnings.length === 0 ? card : { ...card, warnings: [...card.warnings, ...ctx.clockWarnings] };
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

/** A field value as text; edits carry only primitives, anything else is shown as JSON rather than '[object Object]'. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
