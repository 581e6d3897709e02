// A large import applied in chunks (Apps Script stops a call at 6 minutes): each call plans the whole file against
// the workbook as it was before the import — rebuilt from the Import log — and applies the next slice of that plan.
// The Import log is the checkpoint, so a call that never came back is resumed by calling again with the same id.
import { SETTINGS_TAB, TABS, cellText, consentLogTab, counterKey, customersTab, foldHeader, importLogTab, mapHeader, parseSettings, purchasesTab, readTable, writeSettings, type CellValue, type Grid, type ImportLogEntry, type TypedCell, type Workbook } from '../workbook';
import { applyImport, dryRunResult, type ApplyContext, type ImportResult } from './apply';
import type { DuplicateMember } from './duplicates';
import { planImport, type ImportOptions, type ImportPlan } from './plan';
import { applyPurchaseImport, planPurchaseImport, purchaseDryRun, type PurchasePlan } from './purchases';
import type { SourceTable } from './types';

/** Rows applied per call by default: a few seconds of Sheets writes, far inside Apps Script's 6 minutes. */
export const IMPORT_CHUNK = 2_000;

/** What is imported: customers, or purchases (with the customers they need). */
export type ImportKind = 'customers' | 'purchases';

/** One chunked import: the id and time every chunk logs under (the same in every call), and the chunk size. */
export interface ChunkJob extends ApplyContext {
  kind: ImportKind;
  chunk?: number;
}

/** Where a chunked import stands after a call; `result` is the whole import's outcome once `done`. */
export type ChunkProgress =
  | { ok: true; importId: string; done: boolean; applied: number; total: number; result?: ImportResult }
  | { ok: false; importId: string; fault: 'already_undone' | 'no_progress' };

/** A typed cell as a plain value, as read() gives it. */
function plainOf(cell: TypedCell): CellValue {
  if (cell === null || typeof cell !== 'object') return cell;
  if (cell.kind === 'date') return cell.iso;
  if (cell.kind === 'formula') return cell.value;
  return cell.text;
}

function idColumn(tab: string, header: readonly string[]): number | undefined {
  const def = TABS.find((t) => t.name === tab);
  if (def) return mapHeader(def.columns, header).indexOf.get('id');
  const at = header.findIndex((h) => foldHeader(h) === 'id');
  return at >= 0 ? at : undefined;
}

/** This import's log rows, in the order they were written. */
export function importEntries(wb: Workbook, importId: string): ImportLogEntry[] {
  return (readTable(wb, importLogTab)?.rows ?? []).map((r) => r.record).filter((r) => r.import_id === importId);
}

/**
 * The workbook as it was before an import's logged chunks, for planning only: rows they created are left out
 * and cells they overwrote read as their logged before-images. Writes go to the real workbook.
 */
export function beforeImportView(wb: Workbook, entries: readonly ImportLogEntry[]): Workbook {
  if (entries.length === 0) return wb;
  const byTab = new Map<string, { removed: Set<string>; restored: Map<string, Record<string, TypedCell>> }>();
  for (const e of entries) {
    const t = byTab.get(e.tab) ?? { removed: new Set<string>(), restored: new Map<string, Record<string, TypedCell>>() };
    byTab.set(e.tab, t);
    if (e.before === '') t.removed.add(e.row_id);
    else t.restored.set(e.row_id, JSON.parse(e.before) as Record<string, TypedCell>);
  }
  const read = (tab: string): Grid | undefined => {
    const grid = wb.read(tab);
    const t = byTab.get(tab);
    const idAt = grid && t ? idColumn(tab, grid.header) : undefined;
    if (!grid || !t || idAt === undefined) return grid;
    const rows = grid.rows
      .filter((cells) => !t.removed.has(cellText(cells[idAt])))
      .map((cells) => {
        const image = t.restored.get(cellText(cells[idAt]));
        if (!image) return cells;
        const copy = [...cells];
        for (const [column, value] of Object.entries(image)) {
          const at = grid.header.indexOf(column);
          if (at >= 0) copy[at] = plainOf(value);
        }
        return copy;
      });
    return { header: grid.header, rows };
  };
  return {
    tabNames: () => wb.tabNames(),
    read,
    ensureTab: (tab, layout) => wb.ensureTab(tab, layout),
    write: (tab, updates) => wb.write(tab, updates),
    append: (tab, rows) => wb.append(tab, rows),
    replaceRows: (tab, rows) => wb.replaceRows(tab, rows),
    withLock: (fn) => wb.withLock(fn),
  };
}

function counts(entries: readonly ImportLogEntry[]): { updates: number; creates: number; consents: number; purchases: number; createdIds: string[] } {
  const createdIds = entries.filter((e) => e.tab === customersTab.name && e.before === '').map((e) => e.row_id);
  return {
    updates: entries.filter((e) => e.tab === customersTab.name && e.before !== '').length,
    creates: createdIds.length,
    consents: entries.filter((e) => e.tab === consentLogTab.name).length,
    purchases: entries.filter((e) => e.tab === purchasesTab.name).length,
    createdIds,
  };
}

function withIds(plan: ImportPlan, result: ImportResult, createdIds: readonly string[]): ImportResult {
  const idOf = (m: DuplicateMember): string => ('id' in m ? m.id : (createdIds[m.create] ?? ''));
  return { ...result, possibleDuplicates: plan.possibleDuplicates.map((d) => ({ ids: d.members.map(idOf), score: d.score, reason: d.reason })), createdIds: [...createdIds] };
}

/**
 * A one-shot import adds the id counters it needs to Settings in the order it appends (Customers, Consent log,
 * Import log); chunks append in another order, so the first chunk adds the missing keys in that order up front.
 * Their values are overwritten by the appends that follow.
 */
function reserveCounters(wb: Workbook, plan: ImportPlan): void {
  const { extra } = parseSettings(wb.read(SETTINGS_TAB));
  const keys = [plan.creates.length > 0 ? customersTab : undefined, plan.consents.length > 0 ? consentLogTab : undefined, importLogTab]
    .filter((t) => t !== undefined)
    .map((t) => counterKey(t.idPrefix))
    .filter((k) => extra[k] === undefined);
  if (keys.length > 0) writeSettings(wb, Object.fromEntries(keys.map((k) => [k, 0])));
}

/** One chunk of a customer import: updates first, then creates, then Consent log rows — applyImport's own order. */
function customerChunk(wb: Workbook, view: Workbook, sources: readonly SourceTable[], options: ImportOptions, job: ChunkJob, done: ReturnType<typeof counts>): { total: number; plan: ImportPlan } {
  const plan = planImport(view, sources, { ...options, duplicates: false });
  const size = job.chunk ?? IMPORT_CHUNK;
  const total = plan.updates.length + plan.creates.length + plan.consents.length;
  const base = { ...plan, updates: [], creates: [], consents: [], possibleDuplicates: [] };
  if (done.updates + done.creates + done.consents === 0) reserveCounters(wb, plan);
  if (done.updates < plan.updates.length) applyImport(wb, { ...base, updates: plan.updates.slice(done.updates, done.updates + size) }, job);
  else if (done.creates < plan.creates.length) applyImport(wb, { ...base, creates: plan.creates.slice(done.creates, done.creates + size) }, job);
  else if (done.consents < plan.consents.length) {
    const ids = done.createdIds;
    const consents = plan.consents.slice(done.consents, done.consents + size).map((c) => ('create' in c.target ? { ...c, target: { id: ids[c.target.create] ?? '' } } : c));
    applyImport(wb, { ...base, consents }, job);
  }
  return { total, plan };
}

/** One chunk of a purchase import: the customers it creates first, then the purchases. */
function purchaseChunk(wb: Workbook, view: Workbook, sources: readonly SourceTable[], options: ImportOptions, job: ChunkJob, done: ReturnType<typeof counts>): { total: number; plan: PurchasePlan } {
  const plan = planPurchaseImport(view, sources, options);
  const size = job.chunk ?? IMPORT_CHUNK;
  const total = plan.customers.length + plan.purchases.length;
  if (done.creates < plan.customers.length) applyPurchaseImport(wb, { ...plan, customers: plan.customers.slice(done.creates, done.creates + size), purchases: [] }, job);
  else if (done.purchases < plan.purchases.length) {
    const ids = done.createdIds;
    const purchases = plan.purchases.slice(done.purchases, done.purchases + size).map((p) => ('create' in p.customer ? { ...p, customer: { id: ids[p.customer.create] ?? '' } } : p));
    applyPurchaseImport(wb, { ...plan, customers: [], purchases }, job);
  }
  return { total, plan };
}

/**
 * Applies the next chunk of an import (call inside wb.withLock, with the same sources, options and job every
 * time): a constant number of Sheets reads and writes per call whatever the file's size. Chunked and one-shot
 * give the same cells, Import log included. When the last chunk is applied, `result` holds the whole outcome,
 * possible duplicates (looked for once, on the whole file, unless options.duplicates is false) by customer id.
 */
export function runImportChunk(wb: Workbook, sources: readonly SourceTable[], options: ImportOptions, job: ChunkJob): ChunkProgress {
  const before = importEntries(wb, job.importId);
  if (before.some((e) => e.undone_at !== undefined && e.undone_at !== '')) return { ok: false, importId: job.importId, fault: 'already_undone' };
  const view = beforeImportView(wb, before);
  const was = counts(before);
  const step = job.kind === 'customers' ? customerChunk(wb, view, sources, options, job, was) : purchaseChunk(wb, view, sources, options, job, was);
  const appliedBefore = was.updates + was.creates + was.consents + was.purchases;
  const after = appliedBefore === step.total ? before : importEntries(wb, job.importId);
  const now = counts(after);
  const applied = now.updates + now.creates + now.consents + now.purchases;
  if (applied < step.total && applied === appliedBefore) return { ok: false, importId: job.importId, fault: 'no_progress' };
  if (applied < step.total) return { ok: true, importId: job.importId, done: false, applied, total: step.total };
  let result: ImportResult;
  if (job.kind === 'purchases') {
    const plan = step.plan as PurchasePlan;
    const dry = purchaseDryRun(plan);
    result = { ...dry, importId: job.importId, createdIds: now.createdIds, files: dry.files.map((f, i) => ({ ...f, customersCreated: plan.customers.filter((c) => c.candidate.file === i).length })) };
  } else {
    // Duplicates are looked for once, over the whole plan, against the customers that existed before.
    const plan = options.duplicates === false ? (step.plan as ImportPlan) : planImport(beforeImportView(wb, after), sources, options);
    result = withIds(plan, dryRunResult(plan, job.importId), now.createdIds);
  }
  return { ok: true, importId: job.importId, done: true, applied, total: step.total, result };
}
