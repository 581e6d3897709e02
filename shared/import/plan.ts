// planImport: files → what an import would do (creates, updates, consent changes, issues, duplicates), writing nothing.
import { foldHeader, cellText, parseSettings, SETTINGS_TAB, type Customer, type Workbook } from '../workbook';
import { indexCustomers, type ExistingCustomer, type MatchKey } from './customers';
import { findPossibleDuplicates, type PossibleDuplicate } from './duplicates';
import { CUSTOMER_ALIASES } from './fields';
import { mapColumns, unmappedColumns, type MappingProblem } from './mapping';
import { detectPreset, type Preset } from './presets';
import { dateOrders, readRow, type Candidate, type CustomerFields, type DateColumnOrder, type ReadContext } from './rows';
import type { DateOrder, ImportIssue, SourceTable } from './types';
import { defaultPhoneNormaliser, type PhoneNormaliser } from './values';

/** What the person chose for this import; every option has a default. */
export interface ImportOptions {
  /** ISO country for national phone numbers and the date-order fallback (default: Settings country). */
  country?: string;
  /** How ambiguous numeric dates are read when a column's values do not tell. */
  dateOrder?: DateOrder;
  /** 'email' (then phone; the default), 'phone', or the header of an external id column. */
  key?: string;
  /** Replace values the workbook already has (default: only empty fields are filled). */
  overwrite?: boolean;
  /** Mapping overrides, target field → file header ('' leaves the field out), for every file. */
  map?: Readonly<Record<string, string>>;
  /** Phone normaliser (the add-on injects its light one). */
  normalisePhone?: PhoneNormaliser;
  /** Look for probable duplicates with the dedupe engine (default true). */
  duplicates?: boolean;
}

/** One mapped target in the preview: the columns feeding it and a few of their values. */
export interface MappedColumn {
  field: string;
  columns: string[];
  samples: string[];
}

/** One file of the plan: how it was read and what its rows became. */
export interface FilePlan {
  file: string;
  format: string;
  preset: Preset;
  mapping: MappedColumn[];
  /** Headers no target took (not imported; map them with an override). */
  unmapped: string[];
  dateOrders: DateColumnOrder[];
  /** Non-blank data rows. */
  rows: number;
  skipped: number;
  issues: ImportIssue[];
  problems: MappingProblem[];
}

/** A row that becomes a new customer. */
export interface PlannedCreate {
  candidate: Candidate;
  record: Partial<Customer>;
}

/** An existing customer a row updates: the cells to change (only fields that differ). */
export interface PlannedUpdate {
  candidate: Candidate;
  id: string;
  row: number;
  changes: Partial<Customer>;
}

/** A consent change the import makes, logged in the Consent log. */
export interface PlannedConsent {
  /** Index into creates, or the id of an updated customer. */
  target: { create: number } | { id: string };
  given: boolean;
  source: string;
}

/** Everything an import would do; applyImport carries it out. */
export interface ImportPlan {
  files: FilePlan[];
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  consents: PlannedConsent[];
  possibleDuplicates: PossibleDuplicate[];
  /** The external key column (`--key COLUMN`), written to Customers so a re-import matches. */
  keyColumn?: string;
}

/** The first three non-blank values of these columns, for the preview (stops reading once it has them). */
function samplesOf(table: SourceTable, cols: readonly number[]): string[] {
  const out: string[] = [];
  for (const r of table.rows) {
    const v = cols.map((i) => (r[i] ?? '').trim()).find((x) => x !== '');
    if (v !== undefined) out.push(v);
    if (out.length === 3) break;
  }
  return out;
}

function matchKey(key: string | undefined): MatchKey {
  const k = (key ?? 'email').trim();
  if (k === '' || k.toLowerCase() === 'email') return { kind: 'email' };
  if (k.toLowerCase() === 'phone') return { kind: 'phone' };
  return { kind: 'column', column: k };
}

/** The date order Settings states explicitly (a default is not a statement). */
function settingsDateOrder(wb: Workbook): DateOrder | undefined {
  const grid = wb.read(SETTINGS_TAB);
  const row = grid?.rows.find((r) => cellText(r[0]).toLowerCase() === 'date_order');
  const v = cellText(row?.[1]).toLowerCase();
  return v === 'dmy' || v === 'mdy' || v === 'ymd' ? v : undefined;
}

const SIMPLE_FIELDS = ['first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'region', 'postcode', 'country', 'birth_date', 'customer_since', 'membership_no', 'account_manager', 'industry', 'contact_type', 'category', 'referred_by'] as const;

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** The changes that bring an existing customer up to a row: empty fields filled, tags joined, notes added, consent withdrawn. */
function updateChanges(existing: Customer, fields: CustomerFields, overwrite: boolean, line: number, issues: ImportIssue[], headerOf: (field: string) => string): Partial<Customer> {
  const changes: Partial<Customer> = {};
  for (const f of SIMPLE_FIELDS) {
    const next = fields[f];
    if (next === undefined || next === '') continue;
    const now = existing[f];
    const same = typeof now === 'string' && now.trim().toLowerCase() === next.toLowerCase();
    if (same) continue;
    if (blank(now) || overwrite) (changes as Record<string, unknown>)[f] = next;
    else issues.push({ row: line, column: headerOf(f), reason: 'differs from the workbook; the workbook value was kept (choose overwrite to replace it)' });
  }
  if (fields.tags) {
    const have = existing.tags.split(',').map((t) => t.trim()).filter((t) => t !== '');
    const add = fields.tags.split(',').map((t) => t.trim()).filter((t) => t !== '' && !have.includes(t));
    if (add.length > 0) changes.tags = [...have, ...add].join(', ');
  }
  if (fields.notes && !existing.notes.includes(fields.notes)) changes.notes = existing.notes.trim() === '' ? fields.notes : `${existing.notes}\n${fields.notes}`;
  return changes;
}

/** Existing customers' ids (folded to upper case → as written) a referred_by may name: merged rows are gone. */
function referrerIds(customers: readonly Customer[]): Map<string, string> {
  return new Map(customers.filter((c) => c.status !== 'merged' && c.id.trim() !== '').map((c) => [c.id.trim().toUpperCase(), c.id.trim()]));
}

/**
 * A referred_by must name a customer already in the workbook (new rows get their ids only when written) and not
 * the row itself; anything else is reported at its row and column and left out, the rest of the row imported.
 */
function checkReferrer(candidate: Candidate, selfId: string | undefined, referrers: ReadonlyMap<string, string>, issues: ImportIssue[], headerOf: (field: string) => string): void {
  const typed = candidate.fields.referred_by?.trim();
  if (!typed) return;
  const id = referrers.get(typed.toUpperCase());
  if (id === undefined || id === selfId) {
    issues.push({ row: candidate.line, column: headerOf('referred_by'), reason: id === undefined ? 'no customer in the workbook has this id; referred_by left blank' : 'a customer cannot refer themself; referred_by left blank' });
    delete candidate.fields.referred_by;
  } else candidate.fields.referred_by = id;
}

/** Where a file's consent statement came from, as the Consent log's `source` says it. */
function consentSource(file: FilePlan, column: string): string {
  return `import of ${file.file} (${file.preset.label}, ${column})`;
}

/**
 * Reads every file, maps its columns, validates its rows and matches them to the customers that existed
 * before: a plan of creates, updates and consent changes with every issue, writing nothing. Two rows of the
 * files never update each other: a second row with the same key is created and listed as a possible duplicate.
 */
export function planImport(wb: Workbook, sources: readonly SourceTable[], options: ImportOptions = {}): ImportPlan {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  const country = (options.country ?? settings.country).toUpperCase();
  const normalisePhone = options.normalisePhone ?? defaultPhoneNormaliser;
  const key = matchKey(options.key);
  const index = indexCustomers(wb, key, country, normalisePhone);
  const files: FilePlan[] = [];
  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  const consents: PlannedConsent[] = [];
  const claimed = new Map<string, PlannedUpdate>();
  const sameKey: [number | string, number][] = [];
  const newByKey = new Map<string, number>();
  const referrers = referrerIds(index.table?.rows.map((r) => r.record) ?? []);

  sources.forEach((table, fileIndex) => {
    const preset = detectPreset(table.header, table.format);
    const { mapping, problems } = mapColumns(table.header, CUSTOMER_ALIASES, options.map ?? {});
    const keyColumn = key.kind === 'column' ? table.header.findIndex((h) => foldHeader(h) === foldHeader(key.column)) : -1;
    const ctx: ReadContext = { country, dateOrder: options.dateOrder, settingsDateOrder: settingsDateOrder(wb), normalisePhone, keyColumn: keyColumn >= 0 ? keyColumn : undefined };
    const orders = dateOrders(table, mapping, preset, ctx);
    const issues: ImportIssue[] = [];
    const plan: FilePlan = {
      file: table.file,
      format: table.format,
      preset,
      mapping: [...mapping.entries()].filter(([, cols]) => cols.length > 0).map(([field, cols]) => ({
        field,
        columns: cols.map((i) => table.header[i] ?? ''),
        samples: samplesOf(table, cols),
      })),
      unmapped: unmappedColumns(table.header, mapping).map((i) => table.header[i] ?? ''),
      dateOrders: [...orders.values()],
      rows: 0,
      skipped: 0,
      issues,
      problems,
    };
    if (key.kind === 'column' && keyColumn < 0) problems.push({ field: 'key', column: key.column, reason: 'no_such_column' });
    const headerOf = (field: string): string => table.header[mapping.get(field)?.[0] ?? -1] ?? field;
    table.rows.forEach((cells, rowIndex) => {
      if (cells.every((c) => (c ?? '').trim() === '')) return;
      plan.rows++;
      const candidate = readRow(table, fileIndex, rowIndex, mapping, preset, orders, ctx, issues);
      if (!candidate) {
        plan.skipped++;
        return;
      }
      const keys = candidateKeys(candidate, key);
      const existing = findExisting(index, key, candidate, keys);
      checkReferrer(candidate, existing?.record.id, referrers, issues, headerOf);
      const consentFrom = candidate.consent ? consentSource(plan, candidate.consent.column) : '';
      if (existing && !claimed.has(existing.record.id)) {
        const changes = updateChanges(existing.record, candidate.fields, options.overwrite === true, candidate.line, issues, headerOf);
        if (candidate.consent) {
          const now = existing.record.email_consent;
          const change = candidate.consent.given ? now === undefined || (options.overwrite === true && now === false) : now !== false;
          if (change) {
            Object.assign(changes, { email_consent: candidate.consent.given, consent_basis: 'import', consent_source: consentFrom });
            consents.push({ target: { id: existing.record.id }, given: candidate.consent.given, source: consentFrom });
          }
        }
        const update: PlannedUpdate = { candidate, id: existing.record.id, row: existing.row, changes };
        claimed.set(existing.record.id, update);
        if (Object.keys(changes).length > 0) updates.push(update);
        return;
      }
      if (existing) sameKey.push([existing.record.id, creates.length]);
      const earlierRows = new Set<number>();
      for (const k of keys) {
        const earlier = newByKey.get(k);
        if (earlier === undefined) newByKey.set(k, creates.length);
        else earlierRows.add(earlier);
      }
      for (const earlier of earlierRows) sameKey.push([earlier, creates.length]);
      const record: Partial<Customer> = { ...candidate.fields, status: 'active', contact_type: candidate.fields.contact_type ?? 'customer', source: `${preset.label} import: ${table.file}` };
      if (candidate.consent) {
        Object.assign(record, { email_consent: candidate.consent.given, consent_basis: 'import', consent_source: consentFrom });
        consents.push({ target: { create: creates.length }, given: candidate.consent.given, source: consentFrom });
      }
      creates.push({ candidate, record });
    });
    files.push(plan);
  });
  const existingRows: ExistingCustomer[] = index.table ? index.table.rows.filter((r) => r.record.status !== 'merged').map((r) => ({ row: r.row, record: r.record })) : [];
  const possibleDuplicates = options.duplicates === false ? keyDuplicates(sameKey) : findPossibleDuplicates(existingRows, creates, sameKey, country, normalisePhone);
  return { files, creates, updates, consents, possibleDuplicates, keyColumn: key.kind === 'column' ? key.column : undefined };
}

function candidateKeys(c: Candidate, key: MatchKey): string[] {
  if (key.kind === 'column') return c.external === undefined ? [] : [`x:${c.external}`];
  const out: string[] = [];
  if (key.kind === 'email' && c.fields.email) out.push(`e:${c.fields.email}`);
  for (const p of c.phones) out.push(`p:${p}`);
  return out;
}

function findExisting(index: ReturnType<typeof indexCustomers>, key: MatchKey, c: Candidate, keys: readonly string[]): ExistingCustomer | undefined {
  if (key.kind === 'column') return c.external === undefined ? undefined : index.byExternal.get(c.external);
  for (const k of keys) {
    const hit = k.startsWith('e:') ? index.byEmail.get(k.slice(2)) : index.byPhone.get(k.slice(2));
    if (hit) return hit;
  }
  return undefined;
}

function keyDuplicates(sameKey: readonly [number | string, number][]): PossibleDuplicate[] {
  return sameKey.map(([a, b]) => ({ members: [typeof a === 'number' ? { create: a } : { id: a }, { create: b }], score: 1, reason: 'same_key' }));
}

