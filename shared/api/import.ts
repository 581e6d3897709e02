import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok, refuse } from '../kernel';
import { cellText, customersTab, importLogTab, readTable, type ImportLogEntry, type Workbook } from '../workbook';
import { CUSTOMER_TARGETS, PURCHASE_TARGETS, dryRunResult, planImport, planPurchaseImport, purchaseDryRun, undoImport as undoImportOn, type BytesDecoder, type DateColumnOrder, type ImportIssue, type ImportOptions, type ImportResult, type SourceTable, base64Bytes, importEntries, runImportChunk, IMPORT_CHUNK, type ImportKind, baseName, isZip, readTextSource, type XlsxReader } from '../import';
import { LOCAL_DEDUPE_LIMIT } from './duplicates';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

/** What a host gives the import: its text decoder (Utilities in Apps Script) and, on Node, an .xlsx reader. */
export interface ImportHost {
  decode: BytesDecoder;
  readXlsx?: XlsxReader;
  /** Customers plus new rows up to which the dedupe engine looks for possible duplicates (default LOCAL_DEDUPE_LIMIT). */
  duplicatesUpTo?: number;
}

/** A file as the sidebar sends it: its name and its bytes as base64. */
export interface ImportFileInput {
  name: string;
  content: string;
}

/** What to import and how: the person's choices (mapping overrides, date order, match key, overwrite). */
export interface ImportRequest {
  kind: ImportKind;
  file: ImportFileInput;
  /** Target field → file header ('' leaves the field out). */
  map?: Record<string, string>;
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** 'email' (then phone), 'phone', or an id column of the file. */
  key?: string;
  overwrite?: boolean;
}

/** One target in the preview: the columns feeding it and a few of their values. */
export interface PreviewField {
  field: string;
  columns: string[];
  samples: string[];
}

/** At most this many issues and duplicate groups go back to a sidebar (the counts say how many there are). */
export const PREVIEW_LIST_LIMIT = 200;

/** What an import would do, before anything is written. */
export interface ImportPreview {
  kind: ImportKind;
  file: string;
  format: string;
  /** The tool that wrote the file ("Shopify", "Plain headers" …). */
  source: string;
  headers: string[];
  /** Every field a column can be mapped to. */
  targets: string[];
  mapping: PreviewField[];
  unmapped: string[];
  dateOrders: DateColumnOrder[];
  /** Columns whose dates fit both day-first and month-first and that nobody has decided yet: the sidebar asks. */
  askDateOrder: string[];
  rows: number;
  skipped: number;
  creates: number;
  updates: number;
  issues: ImportIssue[];
  issueCount: number;
  /** Mapping choices that could not be applied, by field. */
  problems: { field: string; column: string; reason: string }[];
  possibleDuplicates: { names: string[]; score: number; reason: string }[];
  duplicateCount: number;
}

/** Run (or resume) an import: the same request as the preview, with the id and time of an import under way. */
export interface RunImportInput extends ImportRequest {
  importId?: string;
  at?: string;
}

/** A group of possible duplicates after an import, with the customers' names. */
export interface ImportedDuplicate {
  ids: string[];
  names: string[];
  score: number;
  reason: string;
}

/** Where an import stands after one call; `summary` is there once the last chunk is written. */
export interface ImportProgress {
  importId: string;
  at: string;
  done: boolean;
  applied: number;
  total: number;
  summary?: {
    files: { file: string; rows: number; created: number; updated: number; skipped: number; customersCreated: number; issues: ImportIssue[]; issueCount: number }[];
    possibleDuplicates: ImportedDuplicate[];
  };
}

/** One import in the Import log, newest first in the list. */
export interface ImportLogLine {
  importId: string;
  at: string;
  by: string;
  files: string[];
  created: number;
  updated: number;
  purchases: number;
  undoneAt: string;
}

/** What undo did. */
export interface UndoImportResult {
  importId: string;
  restoredRows: number;
  removedRows: number;
  missing: string[];
}

/** A host may answer asynchronously (the workbench reads .xlsx with ExcelJS). */
type Answer<T> = ApiResult<T> | Promise<ApiResult<T>>;

/** The Import sidebar's calls. */
export interface ImportApi {
  previewImport: (input: ImportRequest) => Answer<ImportPreview>;
  runImport: (input: RunImportInput) => Answer<ImportProgress>;
  listImports: (input: NoInput) => ApiResult<{ imports: ImportLogLine[] }>;
  undoImport: (input: { importId: string }) => ApiResult<UndoImportResult>;
}

/** 40 MB of base64 (30 MB of file): about 200,000 customer rows, under google.script.run's payload limit. */
const MAX_BASE64 = 40 * 1024 * 1024;

const requestShape = lazy(() => ({
  kind: z.enum(['customers', 'purchases']),
  file: z.object({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(255)), content: z.string().check(z.maxLength(MAX_BASE64)) }),
  map: z.optional(z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(255)))),
  dateOrder: z.optional(z.enum(['dmy', 'mdy', 'ymd'])),
  key: z.optional(z.string().check(z.maxLength(255))),
  overwrite: z.optional(z.boolean()),
}));
const requestInput = lazy(() => z.object(requestShape()));
const runInput = lazy(() => z.object({ ...requestShape(), importId: z.optional(z.string().check(z.regex(/^I-[0-9A-Za-z-]{1,40}$/))), at: z.optional(z.string().check(z.maxLength(40))) }));
const undoInput = lazy(() => z.object({ importId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) }));

/** A request zod could not read; a file over what this path carries says where to go instead. */
function unreadable(error: z.core.$ZodError): ApiResult<never> {
  return fail(issuesFromZod(error).map((i) => (i.path[0] === 'file' && i.path[1] === 'content' ? { ...i, message: 'The file is too large to import from here (30 MB at most); use the regulars CLI.' } : i)));
}

/** The file of a request as a table, or why it cannot be read (next to the file picker: path ['file']). */
function readSource(input: ImportRequest, host: ImportHost): ApiResult<SourceTable> | Promise<ApiResult<SourceTable>> {
  const bytes = base64Bytes(input.file.content);
  if (!bytes) return refuse(['file'], `${baseName(input.file.name)} did not arrive whole; choose it again.`);
  if (isZip(bytes)) {
    if (!host.readXlsx) return refuse(['file'], `${baseName(input.file.name)} is an Excel workbook: open it in Sheets or Excel and save it as CSV, then choose the CSV here.`);
    const reader = host.readXlsx;
    const fromXlsx = (table: SourceTable): ApiResult<SourceTable> => ok(table);
    try {
      const table = reader(bytes, baseName(input.file.name));
      return table instanceof Promise ? table.then(fromXlsx, (error: unknown) => refuse(['file'], error instanceof Error ? error.message : String(error))) : fromXlsx(table);
    } catch (error) {
      return refuse(['file'], error instanceof Error ? error.message : String(error));
    }
  }
  const read = readTextSource(input.file.name, bytes, host.decode);
  return read.ok ? ok(read.table) : refuse(['file'], `${read.reason}.`);
}

/** Runs next once the table is read, synchronously when it was (Apps Script), else after the promise. */
function withSource<T>(input: ImportRequest, host: ImportHost, next: (table: SourceTable) => ApiResult<T>): Answer<T> {
  const read = readSource(input, host);
  const go = (r: ApiResult<SourceTable>): ApiResult<T> => (r.ok ? next(r.value) : r);
  return read instanceof Promise ? read.then(go) : go(read);
}

function optionsOf(input: ImportRequest, deps: ServerDeps, duplicates: boolean): ImportOptions {
  return {
    ...(input.map ? { map: input.map } : {}),
    ...(input.dateOrder ? { dateOrder: input.dateOrder } : {}),
    ...(input.key ? { key: input.key } : {}),
    ...(input.overwrite ? { overwrite: true } : {}),
    ...(deps.normalisePhone ? { normalisePhone: deps.normalisePhone } : {}),
    duplicates,
  };
}

/** Duplicates are looked for only while the customers and new rows stay this few (the engine's cost grows fast); above, the Duplicates sidebar finds them. */
function scanDuplicates(wb: Workbook, table: SourceTable, host: ImportHost): boolean {
  return (wb.read(customersTab.name)?.rows.length ?? 0) + table.rows.length <= (host.duplicatesUpTo ?? LOCAL_DEDUPE_LIMIT);
}

const PROBLEM_WORDS: Record<string, string> = {
  unknown_field: 'is not a field that can be imported',
  no_such_column: 'is not a column of this file',
};

function preview(wb: Workbook, table: SourceTable, input: ImportRequest, deps: ServerDeps, host: ImportHost): ImportPreview {
  const options = optionsOf(input, deps, input.kind === 'customers' && scanDuplicates(wb, table, host));
  const customers = input.kind === 'customers' ? planImport(wb, [table], options) : undefined;
  const purchases = input.kind === 'purchases' ? planPurchaseImport(wb, [table], options) : undefined;
  const plan = (customers ?? purchases)!;
  const file = plan.files[0]!;
  const dry = customers ? dryRunResult(customers) : purchaseDryRun(purchases!);
  const names = dry.possibleDuplicates.length > 0 ? customerNames(wb) : new Map<string, string>();
  // New rows are named "file:line" by the dry run; existing customers by id.
  const nameOf = (id: string): string => names.get(id) ?? id.replace(/^(.*):(\d+)$/, 'row $2 of $1');
  return {
    kind: input.kind,
    file: file.file,
    format: file.format,
    source: file.preset.label,
    headers: table.header,
    targets: [...(input.kind === 'customers' ? CUSTOMER_TARGETS : PURCHASE_TARGETS)],
    mapping: file.mapping,
    unmapped: file.unmapped,
    dateOrders: file.dateOrders,
    askDateOrder: file.dateOrders.filter((d) => d.ambiguous && d.decidedBy !== 'option').map((d) => d.column),
    rows: file.rows,
    skipped: file.skipped,
    creates: customers ? customers.creates.length : purchases!.purchases.length,
    updates: customers ? customers.updates.length : purchases!.customers.length,
    issues: file.issues.slice(0, PREVIEW_LIST_LIMIT),
    issueCount: file.issues.length,
    problems: file.problems.map((p) => ({ field: p.field, column: p.column, reason: `"${p.column}" ${PROBLEM_WORDS[p.reason] ?? p.reason}` })),
    possibleDuplicates: dry.possibleDuplicates.slice(0, PREVIEW_LIST_LIMIT).map((d) => ({ names: d.ids.map(nameOf), score: d.score, reason: d.reason })),
    duplicateCount: dry.possibleDuplicates.length,
  };
}

/** A new import id from the time, made unique among the ids already in the Import log. */
function newImportId(wb: Workbook, now: string): string {
  const base = `I-${now.replace(/\.\d+/, '').replace(/[^0-9T]/g, '').replace('T', '-')}`;
  const taken = new Set((readTable(wb, importLogTab)?.rows ?? []).map((r) => r.record.import_id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function customerNames(wb: Workbook): Map<string, string> {
  const table = readTable(wb, customersTab);
  const out = new Map<string, string>();
  for (const r of table?.rows ?? []) {
    const c = r.record;
    out.set(c.id, [c.first_name, c.last_name].filter((s) => s !== '').join(' ') || c.company || c.email || c.phone || c.id);
  }
  return out;
}

function summaryOf(wb: Workbook, result: ImportResult): NonNullable<ImportProgress['summary']> {
  const names = result.possibleDuplicates.length > 0 ? customerNames(wb) : new Map<string, string>();
  return {
    files: result.files.map((f) => ({
      file: f.file,
      rows: f.rows,
      created: f.created,
      updated: f.updated,
      skipped: f.skipped,
      customersCreated: (f as { customersCreated?: number }).customersCreated ?? 0,
      issues: f.issues.slice(0, PREVIEW_LIST_LIMIT),
      issueCount: f.issues.length,
    })),
    possibleDuplicates: result.possibleDuplicates.slice(0, PREVIEW_LIST_LIMIT).map((d) => ({ ...d, names: d.ids.map((id) => names.get(id) ?? id) })),
  };
}

function run(wb: Workbook, table: SourceTable, input: RunImportInput, deps: ServerDeps, host: ImportHost): ApiResult<ImportProgress> {
  return wb.withLock(() => {
    const importId = input.importId ?? newImportId(wb, deps.now());
    const earlier: ImportLogEntry | undefined = input.importId ? importEntries(wb, importId)[0] : undefined;
    const at = input.at ?? earlier?.at ?? deps.now();
    const by = earlier?.by ?? deps.user();
    const options = optionsOf(input, deps, input.kind === 'customers' && scanDuplicates(wb, table, host));
    const progress = runImportChunk(wb, [table], options, { kind: input.kind, importId, at, by, chunk: IMPORT_CHUNK });
    if (!progress.ok) return refuse(['importId'], progress.fault === 'already_undone' ? `Import ${importId} was undone; start a new import.` : `Import ${importId} made no progress; the workbook changed under it.`);
    const answer: ImportProgress = { importId, at, done: progress.done, applied: progress.applied, total: progress.total };
    if (progress.result) answer.summary = summaryOf(wb, progress.result);
    return ok(answer);
  });
}

/** The Import log grouped by import, newest first. */
export function listImportsOn(wb: Workbook): ImportLogLine[] {
  const byId = new Map<string, ImportLogLine>();
  for (const { record: e } of readTable(wb, importLogTab)?.rows ?? []) {
    const line = byId.get(e.import_id) ?? { importId: e.import_id, at: cellText(e.at), by: e.by, files: [], created: 0, updated: 0, purchases: 0, undoneAt: '' };
    byId.set(e.import_id, line);
    if (e.file !== '' && !line.files.includes(e.file)) line.files.push(e.file);
    if (e.tab === customersTab.name) {
      if (e.before === '') line.created++;
      else line.updated++;
    } else if (e.tab === 'Purchases') line.purchases++;
    if (e.undone_at) line.undoneAt = cellText(e.undone_at);
  }
  return [...byId.values()].reverse();
}

/** The Import sidebar's calls over one host's dependencies (Node hosts pass an .xlsx reader). */
export function createImportApi(deps: ServerDeps, host: ImportHost): ImportApi {
  return {
    previewImport(input) {
      const parsed = requestInput().safeParse(input);
      if (!parsed.success) return unreadable(parsed.error);
      return withSource(parsed.data, host, (table) => ok(preview(deps.workbook(), table, parsed.data, deps, host)));
    },
    runImport(input) {
      const parsed = runInput().safeParse(input);
      if (!parsed.success) return unreadable(parsed.error);
      return withSource(parsed.data, host, (table) => run(deps.workbook(), table, parsed.data, deps, host));
    },
    listImports() {
      return ok({ imports: listImportsOn(deps.workbook()).slice(0, 50) });
    },
    undoImport(input) {
      const parsed = undoInput().safeParse(input);
      if (!parsed.success) return unreadable(parsed.error);
      const wb = deps.workbook();
      const result = wb.withLock(() => undoImportOn(wb, parsed.data.importId, { at: deps.now() }));
      if (!result.ok) return fail([{ path: ['importId'], code: 'not_found', message: result.fault === 'already_undone' ? `Import ${result.importId} is already undone.` : `There is no import ${result.importId} in the Import log.` }]);
      return ok({ importId: result.importId, restoredRows: result.restoredRows, removedRows: result.removedRows, missing: result.missing });
    },
  };
}
