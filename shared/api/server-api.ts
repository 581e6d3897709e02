import * as z from 'zod/mini';
import {
  appendRecords,
  consentLogTab,
  customersTab,
  openTable,
  parseSettings,
  SETTINGS_TAB,
  diffRecord,
  foldHeader,
  type CellUpdate,
  type CellValue,
  type Customer,
  type DateOrder,
  type Grid,
  type Row,
  type Workbook,
} from '../workbook';
import { e164Phone } from '../dedupe';
import {
  appliesTo,
  categoryKey,
  hasName,
  issueAt,
  MAX_CELL_CHARS,
  parseCardDate,
  parseCustomerEdit,
  parseProfileValue,
  profileColumn,
  searchCustomerGrid,
  storedPhone,
  toFieldValue,
  type ApiIssue,
  type CustomerCard,
  type FieldValue,
  type PhoneNormaliser,
  type ProfileFieldDef,
} from '../customers';
import { blankCard, cardContext, cardOf, fail, invalid, loadCard, ok, textOf, type CardContext } from './customer-context';
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
  /** Phones to E.164 (libphonenumber-js on Node, addon/server/phone-lite.ts in the add-on); default shared/dedupe's e164Phone. */
  normalisePhone?: PhoneNormaliser;
  /** The holidays of a country for a year (date-holidays on Node); absent: holiday campaigns are not planned in previews. */
  holidays?: (country: string, year: number) => Holiday[];
  /** Per-user preferences kept out of the sheet (document properties in the add-on, a local file in the workbench). */
  prefs?: { get(key: string): string | undefined; set(key: string, value: string): void };
  /** Who installed the sending trigger: the one who approves runs when Settings approvers is blank. */
  owner?: () => string | undefined;
}

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const valueMap = z.record(z.string(), fieldValue);
const idSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

const searchInput = z.object({ query: z.string().check(z.maxLength(200)), limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))) });
const cardInput = z.union([z.object({ id: idSchema }), z.object({ row: z.number().check(z.int(), z.gte(2)) }), z.object({ blank: z.literal(true) })]);
const saveInput = z.object({
  id: idSchema,
  changes: z._default(valueMap, {}),
  profile: z._default(valueMap, {}),
  seen: z.optional(z.object({ changes: z.optional(valueMap), profile: z.optional(valueMap) })),
});

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
      const wb = deps.workbook();
      const grid = wb.read(customersTab.name);
      const country = parseSettings(wb.read(SETTINGS_TAB)).settings.country;
      const phone = { normalise: deps.normalisePhone ?? e164Phone, country };
      return ok(grid ? searchCustomerGrid(grid, parsed.data.query, parsed.data.limit ?? 20, phone) : []);
    },

    getCustomerCard(input) {
      const parsed = cardInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const want = parsed.data;
      const ctx = cardContext(deps.workbook(), deps);
      if ('blank' in want) return ok(blankCard(ctx));
      return loadCard(ctx, 'id' in want ? (r) => r.record.id === want.id : (r) => r.row === want.row);
    },

    getSelectedCustomer() {
      const selected = deps.selection?.();
      if (!selected || selected.tab !== customersTab.name || selected.row < 2) return fail([issueAt([], 'no_selection')]);
      return loadCard(cardContext(deps.workbook(), deps), (r) => r.row === selected.row);
    },

    saveCustomer(input) {
      const parsed = saveInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const wb = deps.workbook();
      return wb.withLock(() => saveUnderLock(cardContext(wb, deps), deps, parsed.data));
    },
  };
}

/** What a save or a new customer asks for: contract fields and Profile fields by name, and what the card showed. */
export type EditRequest = Pick<z.infer<typeof saveInput>, 'changes' | 'profile' | 'seen'>;

/** The edits read and checked against a customer as it is now: the record after, the Profile values to write, the problems. */
export interface CheckedEdits {
  after: Record<string, unknown>;
  profileWrites: Map<ProfileFieldDef, FieldValue>;
  issues: ApiIssue[];
}

/**
 * Reads and checks only the fields a request changes (problems elsewhere are the card's warnings, not a refusal),
 * plus what the change makes necessary: a name if a name field changed (always, for a new customer), and the
 * required Profile fields of a category the request sets.
 */
export function checkEdits(ctx: CardContext, before: Customer, cellsNow: readonly CellValue[], header: readonly string[], claimed: ReadonlySet<number>, input: EditRequest, isNew: boolean): CheckedEdits {
  const order = ctx.settings.dateOrder;
  const after: Record<string, unknown> = { ...before };
  const issues: ApiIssue[] = [];
  const seenChanges = input.seen?.changes ?? {};
  for (const [field, value] of Object.entries(input.changes)) {
    const current = toFieldValue((before as Record<string, unknown>)[field]);
    // Sent as it stands: nothing to change, and nothing to refuse (the card's warnings cover old problems).
    if (!isNew && typeof value === 'string' && typeof current === 'string' && value.trim() === current.trim()) continue;
    const edit = parseCustomerEdit(field, value, order, ctx.today, ctx.phone);
    if (!edit.ok) {
      issues.push(issueAt(['changes', field], edit.code, order));
      continue;
    }
    // The same number written another way is no change.
    if (field === 'phone' && typeof current === 'string' && current !== '' && storedPhone(current, ctx.phone) === edit.value) continue;
    if (field in seenChanges && seenChanges[field] !== current && current !== toFieldValue(edit.value)) {
      issues.push(issueAt(['changes', field], 'conflict'));
      continue;
    }
    after[field] = edit.value;
  }
  const nameTouched = isNew || ['first_name', 'last_name', 'company'].some((f) => f in input.changes);
  if (nameTouched && !hasName(after) && !issues.some((i) => ['first_name', 'last_name', 'company'].includes(i.path[1] ?? ''))) {
    issues.push(issueAt(['changes', 'first_name'], 'no_name'));
  }

  const category = categoryKey(textOf(after.category));
  const seenProfile = input.seen?.profile ?? {};
  const profileWrites = new Map<ProfileFieldDef, FieldValue>();
  for (const [name, value] of Object.entries(input.profile)) {
    const def = ctx.defs.find((d) => foldHeader(d.field) === foldHeader(name));
    if (!def) {
      issues.push(issueAt(['profile', name], 'unknown_field'));
      continue;
    }
    if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
      issues.push(issueAt(['profile', def.field], 'too_long'));
      continue;
    }
    // A date typed on the card is read strictly in the business's order, as the contract's dates are.
    const typedDate = def.type === 'date' && typeof value === 'string' ? parseCardDate(value, order) : undefined;
    const next = typedDate ? (typedDate.ok ? ({ ok: true, value: typedDate.value } as const) : ({ ok: false, code: 'not_a_date' } as const)) : parseProfileValue(def, value, order);
    if (!next.ok) {
      issues.push(issueAt(['profile', def.field], next.code, order));
      continue;
    }
    const current = currentProfileValue(def, cellsNow, profileColumn(header, claimed, def.field), order);
    if (name in seenProfile && seenProfile[name] !== current && current !== next.value) {
      issues.push(issueAt(['profile', def.field], 'conflict'));
      continue;
    }
    profileWrites.set(def, next.value);
  }
  const categoryChanged = isNew || ('category' in input.changes && categoryKey(textOf(before.category)) !== category);
  for (const def of ctx.defs) {
    if (!def.required || !appliesTo(def, category) || issues.some((i) => i.path[0] === 'profile' && i.path[1] === def.field)) continue;
    if (!categoryChanged && !profileWrites.has(def)) continue;
    const value = profileWrites.has(def) ? profileWrites.get(def) : currentProfileValue(def, cellsNow, profileColumn(header, claimed, def.field), order);
    if (value === null || value === '') issues.push(issueAt(['profile', def.field], 'required'));
  }
  return { after, profileWrites, issues };
}

/** Adds a column for each Profile field that gets a value but has none yet (at the end, so contract columns keep their places). */
export function ensureProfileColumns(wb: Workbook, grid: Grid, claimed: ReadonlySet<number>, writes: ReadonlyMap<ProfileFieldDef, FieldValue>): Grid {
  const missing = [...writes].filter(([def, value]) => value !== null && profileColumn(grid.header, claimed, def.field) === undefined).map(([def]) => def);
  if (missing.length === 0) return grid;
  wb.ensureTab(customersTab.name, { header: [...grid.header, ...missing.map((d) => d.field)], textColumns: missing.filter((d) => d.type === 'text' || d.type === 'choice').map((d) => d.field) });
  return wb.read(customersTab.name) ?? grid;
}

/** Appends a Consent log row when a save or a new customer changes e-mail consent. */
export function logConsent(wb: Workbook, ctx: CardContext, id: string, after: Record<string, unknown>, by: string): void {
  const log = openTable(wb, consentLogTab, ctx.settings.dateOrder);
  appendRecords(wb, log, [{ customer_id: id, at: ctx.now, change: after.email_consent === true ? 'given' : 'withdrawn', basis: textOf(after.consent_basis), source: 'customer card', by }]);
}

function saveUnderLock(ctx: CardContext, deps: ServerDeps, input: z.infer<typeof saveInput>): ApiResult<{ card: CustomerCard; written: number }> {
  const { wb, now, today } = ctx;
  // Re-read under the lock and find the row by id: rows may have moved since the card was opened.
  const table = openTable(wb, customersTab, ctx.settings.dateOrder, { field: 'id', equals: input.id });
  const row = table.rows.find((r) => r.record.id === input.id);
  if (!row) return fail([issueAt(['id'], 'not_found')]);
  if (row.record.status === 'merged') return fail([issueAt(['id'], 'merged')]);
  const before = row.record;
  let grid = wb.read(customersTab.name) ?? { header: table.header, rows: [] };
  const claimed = new Set(table.map.indexOf.values());
  const cellsNow = grid.rows[row.row - 2] ?? [];
  const { after, profileWrites, issues } = checkEdits(ctx, before, cellsNow, grid.header, claimed, input, false);
  if (issues.length > 0) return fail(issues);

  const consentChanged = after.email_consent !== before.email_consent && after.email_consent !== undefined;
  if (consentChanged && after.email_consent === true && !('consent_date' in input.changes)) after.consent_date = today;
  if (consentChanged && after.email_consent === false && !before.unsubscribed_at) after.unsubscribed_at = now;

  grid = ensureProfileColumns(wb, grid, claimed, profileWrites);
  const cells = [...(grid.rows[row.row - 2] ?? [])];
  while (cells.length < grid.header.length) cells.push(null);
  const updates: CellUpdate[] = diffRecord(table, row.row, before, after as Customer);
  for (const [def, value] of profileWrites) {
    const at = profileColumn(grid.header, claimed, def.field);
    if (at === undefined || currentProfileValue(def, cells, at, ctx.settings.dateOrder) === value) continue;
    updates.push({ row: row.row, col: at + 1, value });
  }
  if (updates.length > 0) {
    after.updated_at = now;
    const at = table.map.indexOf.get('updated_at');
    if (at !== undefined) updates.push({ row: row.row, col: at + 1, value: now });
    wb.write(customersTab.name, updates);
    for (const u of updates) cells[u.col - 1] = u.value;
  }
  if (consentChanged) logConsent(wb, ctx, input.id, after, deps.user());
  const saved: Row<Customer> = { row: row.row, record: after as Customer };
  row.record = saved.record;
  const card = cardOf(ctx, table, saved, cells, grid.header);
  // Warnings about cells this save has just overwritten no longer apply.
  card.warnings = card.warnings.filter((w) => !(w.path[0] === 'changes' && w.path[1] !== undefined && w.path[1] in input.changes));
  return ok({ card, written: updates.length });
}
