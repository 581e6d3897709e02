import {
  cellText,
  customersTab,
  flattenTyped,
  foldHeader,
  parseBoolean,
  parseNumber,
  type CellValue,
  type Grid,
  type TypedCell,
  type Workbook,
} from '../workbook';
import { findActive, readCustomers, type CustomersView } from './customers';
import { distinctPairs, loadDecisions } from './decisions';
import { identicalCell } from './image';
import { checkMergeId, commitChanges, openLog, typedRows, type RowChange } from './log';
import { planRepoints } from './repoint';
import type { Actor, MergeInput, MergeIssue, MergeResult } from './types';

/** Fields a proposal may not set: the merge itself decides them. */
const RESERVED = new Set(['id', 'status', 'merged_into']);

/** How alternative values are labelled when kept in the survivor's notes. */
const ALT_LABELS: Record<string, string> = { email: 'Other e-mails', phone: 'Other phones' };

/**
 * Applies one merge under the document lock: re-reads every tab involved, updates the survivor with the chosen
 * values (alternative e-mails and phones appended to its notes as "Other e-mails: …" / "Other phones: …"
 * lines), marks the other members status=merged with merged_into, re-points their rows in Purchases,
 * Interactions, Outbox, Defections and Consent log, and logs a before-image of every changed row. A blank
 * chosen value keeps what the survivor has; a chosen value held by another member is copied as that member's
 * cell, type included (a date stays a date, a formula a formula — its text as typed, references not shifted —
 * a link a link), and no other cell of the
 * survivor is written. Nothing is written when any issue is found. `batchId` ties the merges of one
 * "merge all" together, so they can be undone as one.
 */
export function applyMerge(wb: Workbook, proposal: MergeInput, options: Actor & { mergeId: string; batchId?: string }): MergeResult {
  return wb.withLock(() => {
    const survivorId = proposal.survivorId.trim();
    const mergedIds = unique(proposal.memberIds.map((id) => id.trim())).filter((id) => id !== survivorId && id !== '');
    if (survivorId === '' || mergedIds.length === 0) return fail([{ code: 'nothing_to_merge' }]);
    const log = openLog(wb);
    const idIssues = checkMergeId(log, options.mergeId);
    if (idIssues.length > 0) return fail(idIssues);
    const view = readCustomers(wb);
    if (!view) return fail([{ code: 'no_customers_tab' }]);

    const members = [survivorId, ...mergedIds];
    const { rows, issues } = findActive(view, members);
    for (const [a, b] of distinctPairs(members, loadDecisions(wb))) issues.push({ code: 'declared_distinct', ids: [a, b] });
    if (issues.length > 0) return fail(issues);

    const survivorIndex = rows.get(survivorId)!;
    const typed = typedRows(wb, customersTab.name, view.grid, rows.values());
    const typedOf = (index: number): TypedCell[] => typed.get(index) ?? [];
    const survivor = surviveUpdates(view, survivorIndex, mergedIds.map((id) => rows.get(id)!), proposal, issues, typedOf);
    const changes: RowChange[] = [];
    if (survivor.size > 0) {
      if (view.updatedAtCol >= 0) survivor.set(view.updatedAtCol, options.at);
      changes.push(change(typedOf(survivorIndex), survivorIndex, survivorId, survivor));
    }
    for (const id of mergedIds) {
      const updates = new Map<number, TypedCell>([
        [view.statusCol, 'merged'],
        [view.mergedIntoCol, survivorId],
      ]);
      if (view.updatedAtCol >= 0) updates.set(view.updatedAtCol, options.at);
      changes.push(change(typedOf(rows.get(id)!), rows.get(id)!, id, updates));
    }
    const repoint = planRepoints(wb, new Set(mergedIds), survivorId);
    issues.push(...repoint.issues);
    if (issues.length > 0) return fail(issues);
    changes.push(...repoint.changes);

    const grids = new Map<string, Grid>([[customersTab.name, view.grid], ...repoint.grids]);
    const merged = mergedIds.join(', ');
    const batch = options.batchId?.trim() ?? '';
    const head = { mergeId: options.mergeId.trim(), survivorId, score: proposal.score, by: options.by, at: options.at, ...(batch === '' ? {} : { batchId: batch }) };
    const tooLarge = commitChanges(wb, log, grids, changes, head, () => merged, repoint.counters);
    if (tooLarge.length > 0) return fail(tooLarge);
    const changed: Record<string, number> = {};
    for (const c of changes) changed[c.tab] = (changed[c.tab] ?? 0) + 1;
    return { ok: true, value: { mergeId: head.mergeId, survivorId, mergedIds, changed, logRows: changes.length } };
  });
}

/** The survivor's changed cells: chosen field values, then alternatives appended to notes. */
function surviveUpdates(
  view: CustomersView,
  survivorIndex: number,
  otherIndexes: number[],
  proposal: MergeInput,
  issues: MergeIssue[],
  typedOf: (index: number) => TypedCell[],
): Map<number, TypedCell> {
  const row = view.grid.rows[survivorIndex] ?? [];
  const others = otherIndexes.map((i) => view.grid.rows[i] ?? []);
  const updates = new Map<number, TypedCell>();
  const current = (col: number): CellValue => (updates.has(col) ? flattenTyped(updates.get(col) ?? null) : (row[col] ?? null));

  for (const [field, value] of Object.entries(proposal.fields ?? {})) {
    if (RESERVED.has(field)) {
      issues.push({ code: 'reserved_field', field });
      continue;
    }
    const col = columnOf(view, field);
    if (col === undefined) {
      issues.push({ code: 'unknown_field', field });
      continue;
    }
    const text = value.trim();
    if (text === '' || cellText(row[col]) === text) continue;
    // Copy a member's own cell when it holds the chosen value, so its type survives (a date, formula or link).
    const source = otherIndexes.find((i) => cellText(view.grid.rows[i]?.[col]) === text);
    updates.set(col, source === undefined ? typed(field, text) : (typedOf(source)[col] ?? view.grid.rows[source]?.[col] ?? null));
  }

  const notesCol = view.map.indexOf.get('notes');
  if (notesCol === undefined) return updates;
  const lines: string[] = [];
  const notes = cellText(current(notesCol));
  for (const field of unique(['email', 'phone', ...Object.keys(proposal.alternatives ?? {})])) {
    const col = columnOf(view, field);
    const kept = col === undefined ? '' : cellText(current(col));
    // The survivor's own old value counts too: a chosen value from another member must not drop it.
    const cells = col === undefined ? [] : [row, ...others].map((r) => cellText(r[col]));
    const candidates = [...(proposal.alternatives?.[field] ?? []), ...cells];
    const seen = new Set([sameKey(field, kept)]);
    const values: string[] = [];
    for (const candidate of candidates) {
      const text = candidate.trim();
      const key = sameKey(field, text);
      if (text === '' || seen.has(key) || notes.toLowerCase().includes(text.toLowerCase())) continue;
      seen.add(key);
      values.push(text);
    }
    if (values.length > 0) lines.push(`${ALT_LABELS[field] ?? `Other ${field}`}: ${values.join('; ')}`);
  }
  if (lines.length > 0) updates.set(notesCol, [notes, ...lines].filter((l) => l !== '').join('\n'));
  return updates;
}

/** The column of a contract field, or of a user's own column by its header. */
function columnOf(view: CustomersView, field: string): number | undefined {
  const known = view.map.indexOf.get(field);
  if (known !== undefined) return known;
  if (field in customersTab.columns) return undefined;
  const folded = foldHeader(field);
  const at = view.map.unknown.find((i) => foldHeader(view.grid.header[i] ?? '') === folded);
  return at;
}

/** A chosen value as the cell its column expects: numbers and yes/no as such, the rest as text. */
function typed(field: string, text: string): CellValue {
  const kind = (customersTab.columns as Record<string, { kind: string } | undefined>)[field]?.kind;
  if (kind === 'number') {
    const n = parseNumber(text);
    if (n.ok && n.value !== undefined) return n.value;
  }
  if (kind === 'boolean') {
    const b = parseBoolean(text);
    if (b.ok && b.value !== undefined) return b.value;
  }
  return text;
}

/** Phones compare by their digits, other values case-insensitively. */
function sameKey(field: string, text: string): string {
  return field === 'phone' ? text.replace(/[^\d+]/g, '') : text.toLowerCase();
}

function change(before: readonly TypedCell[], index: number, rowId: string, updates: Map<number, TypedCell>): RowChange {
  // Only cells that really change are written and logged as written.
  for (const [col, value] of [...updates]) if (identicalCell(before[col], value)) updates.delete(col);
  return { tab: customersTab.name, index, rowId, before: [...before], updates };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function fail(issues: MergeIssue[]): MergeResult {
  return { ok: false, issues };
}
