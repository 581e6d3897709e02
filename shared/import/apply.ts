// applyImport: carries out a plan in a few batched writes and logs every created row and overwritten cell for undo.
import {
  appendRecords,
  consentLogTab,
  customersTab,
  diffRecord,
  ensureTable,
  foldHeader,
  importLogTab,
  openTable,
  type CellUpdate,
  type Customer,
  type TypedCell,
  type Workbook,
} from '../workbook';
import type { DuplicateMember } from './duplicates';
import type { ImportPlan } from './plan';
import type { ImportIssue } from './types';

/** Who runs the import and when (the engine reads no clock); `importId` names it in the Import log. */
export interface ApplyContext {
  importId: string;
  at: string;
  by: string;
}

/** What one file of an import did (the CLI's --json shape). */
export interface FileResult {
  file: string;
  format: string;
  preset: string;
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  issues: ImportIssue[];
}

/** A group of probable duplicates by customer id (new and existing), for the Duplicates sidebar. */
export interface DuplicateGroup {
  ids: string[];
  score: number;
  reason: string;
}

/** The outcome of an import. */
export interface ImportResult {
  importId: string;
  files: FileResult[];
  possibleDuplicates: DuplicateGroup[];
  createdIds: string[];
}

/** The outcome of a plan before it is applied (dry run): groups name new rows as "file:row". */
export function dryRunResult(plan: ImportPlan, importId = ''): ImportResult {
  const created = plan.files.map(() => 0);
  const updated = plan.files.map(() => 0);
  for (const c of plan.creates) created[c.candidate.file]!++;
  for (const u of plan.updates) updated[u.candidate.file]!++;
  const name = (m: DuplicateMember): string => ('id' in m ? m.id : rowName(plan, m.create));
  return { importId, files: fileResults(plan, created, updated), possibleDuplicates: plan.possibleDuplicates.map((d) => ({ ids: d.members.map(name), score: d.score, reason: d.reason })), createdIds: [] };
}

function rowName(plan: ImportPlan, create: number): string {
  const c = plan.creates[create]?.candidate;
  return c ? `${plan.files[c.file]?.file ?? ''}:${c.line}` : '';
}

function fileResults(plan: ImportPlan, created: readonly number[], updated: readonly number[]): FileResult[] {
  return plan.files.map((f, i) => ({
    file: f.file,
    format: f.format,
    preset: f.preset.name,
    rows: f.rows,
    created: created[i] ?? 0,
    updated: updated[i] ?? 0,
    skipped: f.skipped,
    issues: f.issues,
  }));
}

/** A cell as the log keeps it: typed when the adapter can read types, else the plain value. */
function beforeImage(header: readonly string[], updates: readonly CellUpdate[], plain: (u: CellUpdate) => unknown, typed: ((u: CellUpdate) => TypedCell | undefined) | undefined): string {
  const image: Record<string, unknown> = {};
  for (const u of updates) image[header[u.col - 1] ?? String(u.col)] = typed?.(u) ?? plain(u);
  return JSON.stringify(image);
}

/**
 * Carries out a plan made by planImport on the same workbook (call both inside one wb.withLock): updates in one
 * write, new customers in one append with new never-reused ids, Consent log rows, and one Import log row per
 * created or changed row — `before` holds every overwritten cell (typed where the adapter can), so undo is exact.
 */
export function applyImport(wb: Workbook, plan: ImportPlan, ctx: ApplyContext): ImportResult {
  let customers = openTable(wb, customersTab);
  if (plan.keyColumn && !customers.header.some((h) => foldHeader(h) === foldHeader(plan.keyColumn ?? ''))) {
    wb.ensureTab(customersTab.name, { header: [...customers.header, plan.keyColumn], textColumns: [plan.keyColumn] });
    customers = openTable(wb, customersTab);
  }
  const header = customers.header;
  const keyAt = plan.keyColumn ? header.findIndex((h) => foldHeader(h) === foldHeader(plan.keyColumn ?? '')) : -1;
  const grid = wb.read(customersTab.name);
  const logRows: Record<string, unknown>[] = [];
  const fileOf = (i: number): { file: string; format: string } => ({ file: plan.files[i]?.file ?? '', format: plan.files[i]?.preset.label ?? '' });
  const created = plan.files.map(() => 0);
  const updated = plan.files.map(() => 0);

  // Updates: the cells that change, their before-images, one write.
  const cellUpdates: CellUpdate[] = [];
  const perRow: { update: ImportPlan['updates'][number]; cells: CellUpdate[] }[] = [];
  const byRow = new Map(customers.rows.map((r) => [r.row, r.record]));
  for (const u of plan.updates) {
    const before = byRow.get(u.row);
    if (!before) continue;
    const after: Customer = { ...before, ...u.changes, updated_at: ctx.at };
    const cells = diffRecord(customers, u.row, before, after);
    perRow.push({ update: u, cells });
    cellUpdates.push(...cells);
    updated[u.candidate.file]!++;
  }
  const typedRows = perRow.length > 0 ? wb.readTyped?.(customersTab.name, perRow.map((p) => p.update.row)) : undefined;
  perRow.forEach(({ update, cells }, i) => {
    const typed = typedRows?.[i];
    const image = beforeImage(header, cells, (c) => grid?.rows[c.row - 2]?.[c.col - 1] ?? null, typed ? (c) => typed[c.col - 1] : undefined);
    logRows.push({ import_id: ctx.importId, ...fileOf(update.candidate.file), tab: customersTab.name, row_id: update.id, before: image, by: ctx.by, at: ctx.at });
  });
  if (cellUpdates.length > 0) wb.write(customersTab.name, cellUpdates);

  // Creates: one append; the external key (if any) written beside in one more write.
  const records = plan.creates.map((c) => ({ ...c.record, created_at: ctx.at, updated_at: ctx.at }));
  const firstNewRow = customers.rows.length;
  const written = appendRecords(wb, customers, records);
  const createdIds = written.map((r) => r.id);
  if (keyAt >= 0) {
    const keyCells: CellUpdate[] = [];
    plan.creates.forEach((c, i) => {
      const row = customers.rows[firstNewRow + i]?.row;
      if (row !== undefined && c.candidate.external !== undefined) keyCells.push({ row, col: keyAt + 1, value: c.candidate.external });
    });
    if (keyCells.length > 0) wb.write(customersTab.name, keyCells);
  }
  plan.creates.forEach((c, i) => {
    created[c.candidate.file]!++;
    logRows.push({ import_id: ctx.importId, ...fileOf(c.candidate.file), tab: customersTab.name, row_id: createdIds[i], before: '', by: ctx.by, at: ctx.at });
  });

  // Consent: one Consent log row per change, saying where it came from.
  if (plan.consents.length > 0) {
    const consentLog = openTable(wb, consentLogTab);
    const rows = plan.consents.map((c) => ({
      customer_id: 'id' in c.target ? c.target.id : (createdIds[c.target.create] ?? ''),
      at: ctx.at,
      change: c.given ? 'given' : 'withdrawn',
      basis: 'import',
      source: c.source,
      by: ctx.by,
    }));
    const consentRows = appendRecords(wb, consentLog, rows);
    for (const r of consentRows) logRows.push({ import_id: ctx.importId, file: '', format: '', tab: consentLogTab.name, row_id: r.id, before: '', by: ctx.by, at: ctx.at });
  }

  ensureTable(wb, importLogTab);
  appendRecords(wb, openTable(wb, importLogTab), logRows);
  const idOf = (m: DuplicateMember): string => ('id' in m ? m.id : (createdIds[m.create] ?? ''));
  return {
    importId: ctx.importId,
    files: fileResults(plan, created, updated),
    possibleDuplicates: plan.possibleDuplicates.map((d) => ({ ids: d.members.map(idOf), score: d.score, reason: d.reason })),
    createdIds,
  };
}
