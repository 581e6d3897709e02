import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok } from '../kernel';
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
  checkReferrer,
  hasName,
  issueAt,
  MAX_CELL_CHARS,
  parseCardDate,
  parseCustomerEdit,
  parseProfileValue,
  profileColumn,
  referralPeople,
  searchCustomerGrid,
  storedPhone,
  toFieldValue,
  type ApiIssue,
  type CustomerCard,
  type CustomerSummary,
  type FieldValue,
  type ProfileFieldDef,
} from '../customers';
import { blankCard, cardContext, cardOf, loadCard, textOf, type CardContext } from './customer-context';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

const fieldValue = lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null()]));
const valueMap = lazy(() => z.record(z.string(), fieldValue()));
const idSchema = lazy(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(64)));

const searchInput = lazy(() => z.object({ query: z.string().check(z.maxLength(200)), limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))) }));
const cardInput = lazy(() => z.union([z.object({ id: idSchema() }), z.object({ row: z.number().check(z.int(), z.gte(2)) }), z.object({ blank: z.literal(true) })]));
const saveInput = lazy(() => z.object({
  id: idSchema(),
  changes: z._default(valueMap(), {}),
  profile: z._default(valueMap(), {}),
  seen: z.optional(z.object({ changes: z.optional(valueMap()), profile: z.optional(valueMap()) })),
}));

/** The current value of a Profile field in a row, as the card shows it (unreadable counts as blank). */
function currentProfileValue(def: ProfileFieldDef, cells: readonly CellValue[], at: number | undefined, order: DateOrder): FieldValue {
  if (at === undefined) return null;
  const parsed = parseProfileValue(def, cells[at] ?? null, order);
  return parsed.ok ? parsed.value : null;
}

/** Search by name, company, e-mail or phone; limit defaults to 20 (at most 100). */
export interface SearchInput {
  query: string;
  limit?: number;
}

/** Open a card by customer id, or by sheet row on the Customers tab; `blank` is the empty card "New customer" fills in. */
export type CardRequest = { id: string } | { row: number } | { blank: true };


/**
 * What the card saves: changed contract fields and changed Profile fields (by name), each blank as null.
 * `seen` holds the values the card showed for those fields; a field someone else changed since is refused.
 */
export interface SaveCustomerInput {
  id: string;
  changes: Record<string, FieldValue>;
  profile: Record<string, FieldValue>;
  seen?: { changes?: Record<string, FieldValue>; profile?: Record<string, FieldValue> };
}

/** The card as saved, and how many cells the save wrote (0 when nothing had changed). */
export interface SaveCustomerResult {
  card: CustomerCard;
  written: number;
}

/** The customer card's calls. */
export interface CustomerApi {
  searchCustomers: (input: SearchInput) => ApiResult<CustomerSummary[]>;
  getCustomerCard: (input: CardRequest) => ApiResult<CustomerCard>;
  /** The card of the customer on the row selected in the sheet (needs the `selection` dependency). */
  getSelectedCustomer: (input: NoInput) => ApiResult<CustomerCard>;
  saveCustomer: (input: SaveCustomerInput) => ApiResult<SaveCustomerResult>;
}

/** Implements ServerApi over the Workbook port; pure, so the add-on, the workbench and tests share it. */
export function createCustomerApi(deps: ServerDeps): CustomerApi {
  return {
    searchCustomers(input) {
      const parsed = searchInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      const grid = wb.read(customersTab.name);
      const country = parseSettings(wb.read(SETTINGS_TAB)).settings.country;
      const phone = { normalise: deps.normalisePhone ?? e164Phone, country };
      return ok(grid ? searchCustomerGrid(grid, parsed.data.query, parsed.data.limit ?? 20, phone) : []);
    },

    getCustomerCard(input) {
      const parsed = cardInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
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
      const parsed = saveInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      return wb.withLock(() => saveUnderLock(cardContext(wb, deps), deps, parsed.data));
    },
  };
}

/** What a save or a new customer asks for: contract fields and Profile fields by name, and what the card showed. */
export type EditRequest = Pick<z.infer<ReturnType<typeof saveInput>>, 'changes' | 'profile' | 'seen'>;

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
  // A referrer must be a customer of this workbook (by id), not the customer themself, not a merged row.
  if ('referred_by' in input.changes && typeof after.referred_by === 'string' && after.referred_by !== before.referred_by && !issues.some((i) => i.path[1] === 'referred_by')) {
    const referrer = checkReferrer(after.referred_by, isNew ? '' : before.id, referralPeople(ctx.wb.read(customersTab.name)));
    if (referrer.ok) after.referred_by = referrer.value;
    else issues.push(referrer.issue);
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

function saveUnderLock(ctx: CardContext, deps: ServerDeps, input: z.infer<ReturnType<typeof saveInput>>): ApiResult<{ card: CustomerCard; written: number }> {
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
