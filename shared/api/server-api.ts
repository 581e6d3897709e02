import * as z from 'zod/mini';
import {
  appendRecords,
  consentLogTab,
  customersTab,
  interactionsTab,
  openTable,
  parseSettings,
  profileFieldsTab,
  purchasesTab,
  readTable,
  SETTINGS_TAB,
  diffRecord,
  foldHeader,
  type CellUpdate,
  type CellValue,
  type Customer,
  type DecodedTable,
  type DateOrder,
  type Row,
  type Workbook,
} from '../workbook';
import {
  appliesTo,
  buildCard,
  categoryKey,
  issueAt,
  parseCustomerEdit,
  parseProfileValue,
  profileColumn,
  profileFieldDefs,
  searchCustomerGrid,
  toFieldValue,
  type ApiIssue,
  type CustomerCard,
  type FieldValue,
  type ProfileFieldDef,
} from '../customers';
import type { ApiResult, CustomerApi } from './index';
import type { Holiday, Mailer, OutgoingMessage, SendResult } from '../greetings';

/** Where the person's cursor is in the sheet. */
export interface Selection {
  tab: string;
  row: number;
}

/** What the server code needs from its host: the workbook of this call, the clock and who is calling. */
export interface ServerDeps {
  /** The workbook for this call (a fresh session per call in Apps Script; one shared file in the workbench). */
  workbook: () => Workbook;
  /** Now, as an ISO date-time. */
  now: () => string;
  /** Who is making the change, for the logs (an e-mail address in the add-on). */
  user: () => string;
  /** The selected row, when the host knows one. */
  selection?: () => Selection | undefined;
  /**
   * Calls one of the project's HTTP functions by name with a JSON body and returns its parsed JSON answer, or
   * throws (with a message safe to show) when the call fails. Absent when no functions URL is configured.
   */
  remote?: (fn: string, body: unknown) => unknown;
  /**
   * The mailer for the Messages sidebar's test send: Gmail (MailApp fallback) in the add-on, the file outbox
   * in the workbench. `sendNow`, when present, answers synchronously (Apps Script), so the sidebar call returns
   * a value rather than a promise. Absent: test sends are refused.
   */
  mailer?: () => Mailer & { sendNow?(message: OutgoingMessage): SendResult };
  /** The holidays of a country for a year (date-holidays on Node); absent: holiday campaigns are not planned in previews. */
  holidays?: (country: string, year: number) => Holiday[];
}

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const valueMap = z.record(z.string(), fieldValue);
const idSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

const searchInput = z.object({ query: z.string().check(z.maxLength(200)), limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))) });
const cardInput = z.union([z.object({ id: idSchema }), z.object({ row: z.number().check(z.int(), z.gte(2)) })]);
const saveInput = z.object({
  id: idSchema,
  changes: z._default(valueMap, {}),
  profile: z._default(valueMap, {}),
  seen: z.optional(z.object({ changes: z.optional(valueMap), profile: z.optional(valueMap) })),
});

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const fail = (issues: ApiIssue[]): ApiResult<never> => ({ ok: false, issues });

function invalid(error: z.core.$ZodError): ApiResult<never> {
  return fail(error.issues.map((i) => ({ path: i.path.map(String), code: 'invalid_input' as const, message: issueAt([], 'invalid_input').message })));
}

/** Everything one call reads besides the customer's row. */
interface Context {
  wb: Workbook;
  order: DateOrder;
  defs: ProfileFieldDef[];
}

function context(wb: Workbook): Context {
  const order = parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
  const profile = readTable(wb, profileFieldsTab, order);
  return { wb, order, defs: profileFieldDefs(profile?.rows.map((r) => r.record) ?? []) };
}

function cardOf(ctx: Context, table: DecodedTable<typeof customersTab.columns>, row: Row<Customer>, cells: readonly CellValue[], header: readonly string[]): CustomerCard {
  const id = row.record.id;
  const purchases = id === '' ? [] : (readTable(ctx.wb, purchasesTab, ctx.order)?.rows.map((r) => r.record).filter((p) => p.customer_id === id) ?? []);
  const interactions = id === '' ? [] : (readTable(ctx.wb, interactionsTab, ctx.order)?.rows.map((r) => r.record).filter((i) => i.customer_id === id) ?? []);
  return buildCard({ table, row, cells, header, defs: ctx.defs, purchases, interactions, order: ctx.order });
}

function loadCard(wb: Workbook, find: (row: Row<Customer>) => boolean): ApiResult<CustomerCard> {
  const ctx = context(wb);
  const table = readTable(wb, customersTab, ctx.order);
  const row = table?.rows.find(find);
  if (!table || !row) return fail([issueAt([], 'not_found')]);
  const cells = wb.read(customersTab.name)?.rows[row.row - 2] ?? [];
  return ok(cardOf(ctx, table, row, cells, table.header));
}

/** The current value of a Profile field in a row, as the card shows it (unreadable counts as blank). */
function currentProfileValue(def: ProfileFieldDef, cells: readonly CellValue[], at: number | undefined, order: DateOrder): FieldValue {
  if (at === undefined) return null;
  const parsed = parseProfileValue(def, cells[at] ?? null, order);
  return parsed.ok ? parsed.value : null;
}

/** Implements ServerApi over the Workbook port; pure, so the add-on, the workbench and tests share it. */
export function createCustomerApi(deps: ServerDeps): CustomerApi {
  return {
    searchCustomers(input) {
      const parsed = searchInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const grid = deps.workbook().read(customersTab.name);
      return ok(grid ? searchCustomerGrid(grid, parsed.data.query, parsed.data.limit ?? 20) : []);
    },

    getCustomerCard(input) {
      const parsed = cardInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const want = parsed.data;
      return loadCard(deps.workbook(), 'id' in want ? (r) => r.record.id === want.id : (r) => r.row === want.row);
    },

    getSelectedCustomer() {
      const selected = deps.selection?.();
      if (!selected || selected.tab !== customersTab.name || selected.row < 2) return fail([issueAt([], 'no_selection')]);
      return loadCard(deps.workbook(), (r) => r.row === selected.row);
    },

    saveCustomer(input) {
      const parsed = saveInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const wb = deps.workbook();
      return wb.withLock(() => saveUnderLock(wb, deps, parsed.data));
    },
  };
}

function saveUnderLock(wb: Workbook, deps: ServerDeps, input: z.infer<typeof saveInput>): ApiResult<{ card: CustomerCard; written: number }> {
  const ctx = context(wb);
  const now = deps.now();
  const today = now.slice(0, 10);
  // Re-read under the lock and find the row by id: rows may have moved since the card was opened.
  const table = openTable(wb, customersTab, ctx.order);
  const row = table.rows.find((r) => r.record.id === input.id);
  if (!row) return fail([issueAt(['id'], 'not_found')]);
  if (row.record.status === 'merged') return fail([issueAt(['id'], 'merged')]);
  const before = row.record;
  const after: Record<string, unknown> = { ...before };
  const issues: ApiIssue[] = [];
  const seenChanges = input.seen?.changes ?? {};
  for (const [field, value] of Object.entries(input.changes)) {
    const edit = parseCustomerEdit(field, value, ctx.order, today);
    if (!edit.ok) {
      issues.push(issueAt(['changes', field], edit.code));
      continue;
    }
    const current = toFieldValue((before as Record<string, unknown>)[field]);
    if (field in seenChanges && seenChanges[field] !== current && current !== toFieldValue(edit.value)) {
      issues.push(issueAt(['changes', field], 'conflict'));
      continue;
    }
    after[field] = edit.value;
  }

  let grid = wb.read(customersTab.name) ?? { header: table.header, rows: [] };
  const claimed = new Set(table.map.indexOf.values());
  const category = categoryKey(textOf(after.category));
  const seenProfile = input.seen?.profile ?? {};
  const profileWrites = new Map<ProfileFieldDef, FieldValue>();
  const cellsNow = grid.rows[row.row - 2] ?? [];
  for (const [name, value] of Object.entries(input.profile)) {
    const def = ctx.defs.find((d) => foldHeader(d.field) === foldHeader(name));
    if (!def) {
      issues.push(issueAt(['profile', name], 'unknown_field'));
      continue;
    }
    if (typeof value === 'string' && value.length > 50_000) {
      issues.push(issueAt(['profile', def.field], 'too_long'));
      continue;
    }
    const next = parseProfileValue(def, value, ctx.order);
    if (!next.ok) {
      issues.push(issueAt(['profile', def.field], next.code));
      continue;
    }
    const current = currentProfileValue(def, cellsNow, profileColumn(grid.header, claimed, def.field), ctx.order);
    if (name in seenProfile && seenProfile[name] !== current && current !== next.value) {
      issues.push(issueAt(['profile', def.field], 'conflict'));
      continue;
    }
    profileWrites.set(def, next.value);
  }
  for (const def of ctx.defs) {
    if (!def.required || !appliesTo(def, category) || issues.some((i) => i.path[0] === 'profile' && i.path[1] === def.field)) continue;
    const value = profileWrites.has(def) ? profileWrites.get(def) : currentProfileValue(def, cellsNow, profileColumn(grid.header, claimed, def.field), ctx.order);
    if (value === null || value === '') issues.push(issueAt(['profile', def.field], 'required'));
  }
  if (issues.length > 0) return fail(issues);

  const consentChanged = after.email_consent !== before.email_consent && after.email_consent !== undefined;
  if (consentChanged && after.email_consent === true && !('consent_date' in input.changes)) after.consent_date = today;
  if (consentChanged && after.email_consent === false && !before.unsubscribed_at) after.unsubscribed_at = now;

  // Profile fields without a column get one (at the end, so the contract columns keep their places).
  const missing = [...profileWrites].filter(([def, value]) => value !== null && profileColumn(grid.header, claimed, def.field) === undefined).map(([def]) => def);
  if (missing.length > 0) {
    wb.ensureTab(customersTab.name, { header: [...grid.header, ...missing.map((d) => d.field)], textColumns: missing.filter((d) => d.type === 'text' || d.type === 'choice').map((d) => d.field) });
    grid = wb.read(customersTab.name) ?? grid;
  }
  const cells = [...(grid.rows[row.row - 2] ?? [])];
  while (cells.length < grid.header.length) cells.push(null);
  const updates: CellUpdate[] = diffRecord(table, row.row, before, after as Customer);
  for (const [def, value] of profileWrites) {
    const at = profileColumn(grid.header, claimed, def.field);
    if (at === undefined || currentProfileValue(def, cells, at, ctx.order) === value) continue;
    updates.push({ row: row.row, col: at + 1, value });
  }
  if (updates.length > 0) {
    after.updated_at = now;
    const at = table.map.indexOf.get('updated_at');
    if (at !== undefined) updates.push({ row: row.row, col: at + 1, value: now });
    wb.write(customersTab.name, updates);
    for (const u of updates) cells[u.col - 1] = u.value;
  }
  if (consentChanged) {
    const log = openTable(wb, consentLogTab, ctx.order);
    appendRecords(wb, log, [{ customer_id: input.id, at: now, change: after.email_consent === true ? 'given' : 'withdrawn', basis: textOf(after.consent_basis), source: 'customer card', by: deps.user() }]);
  }
  const saved: Row<Customer> = { row: row.row, record: after as Customer };
  row.record = saved.record;
  const card = cardOf(ctx, table, saved, cells, grid.header);
  // Warnings about cells this save has just overwritten no longer apply.
  card.warnings = card.warnings.filter((w) => !(w.path[0] === 'changes' && w.path[1] !== undefined && w.path[1] in input.changes));
  return ok({ card, written: updates.length });
}

/** A field value as text; edits carry only primitives, anything else is shown as JSON rather than '[object Object]'. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
