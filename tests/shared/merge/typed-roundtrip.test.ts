// Issue 10 item 4 and issue 11's "Merge all": merge and undo keep the type of every cell a user typed in their
// own columns — dates, numbers, formulas and hyperlinks — in every order, and "merge all" is one batch that one
// undo gives back whole. Runs on MemoryWorkbook, whose typed overlay models a sheet's cells.
import { describe, expect, it } from 'vitest';
import { generateDemo, writeDemo } from '../../../functions/demo';
import { createDuplicatesApi, type ApiResult, type ServerDeps } from '../../../shared/api';
import { findClusters } from '../../../shared/dedupe';
import { applyMerge, listMerges, mergeLogDef, undoMerge, type MergeInput } from '../../../shared/merge';
import { cellText, customersTab, MemoryWorkbook, SETTINGS_TAB, type TypedCell, type TypedCellUpdate } from '../../../shared/workbook';
import { activeIds, buildWorkbook, rowById } from './fixture';

const USER_COLUMNS = ['Visited', 'Website', 'Points', 'Visits'];
const at = (minute: number) => ({ by: 'staff@shop.example', at: `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z` });

/** The typed cells a user keeps in their own columns of row `i` (0-based): a date, a link, a formula and a number. */
function userCells(i: number): TypedCell[] {
  return [
    { kind: 'date', iso: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` },
    { kind: 'link', url: `https://shop.example/c/${i}`, text: `Page ${i}` },
    { kind: 'formula', formula: `=${i}*10`, value: i * 10 },
    i * 3,
  ];
}

/** Adds the user's typed columns to Customers (and a typed cell to each purchase's own column). */
function addUserColumns(wb: MemoryWorkbook): void {
  const header = wb.snapshot(customersTab.name)!.header;
  wb.ensureTab(customersTab.name, { header: [...header, ...USER_COLUMNS], textColumns: [] });
  const full = wb.snapshot(customersTab.name)!;
  const first = full.header.indexOf(USER_COLUMNS[0]!) + 1;
  const updates: TypedCellUpdate[] = [];
  full.rows.forEach((_, i) => userCells(i).forEach((value, k) => updates.push({ row: i + 2, col: first + k, value })));
  wb.writeTyped(customersTab.name, updates);
  const purchases = wb.snapshot('Purchases');
  const till = purchases?.header.indexOf('Till ref') ?? -1;
  if (purchases && till >= 0) {
    wb.writeTyped(
      'Purchases',
      purchases.rows.map((_, i) => ({ row: i + 2, col: till + 1, value: i % 2 === 0 ? { kind: 'date', iso: '2025-03-04' } : { kind: 'formula', formula: `=ROW()+${i}`, value: i + 2 } })),
    );
  }
  wb.clearCache();
}

/** Every tab, typed, but the history itself: the Merge log and its id counter in Settings. */
function everyTypedTab(wb: MemoryWorkbook): Record<string, { header: string[]; rows: TypedCell[][] }> {
  const out: Record<string, { header: string[]; rows: TypedCell[][] }> = {};
  for (const tab of wb.tabNames()) {
    if (tab === mergeLogDef.name) continue;
    let rows = wb.typedSnapshot(tab)!;
    if (tab === SETTINGS_TAB) rows = rows.filter((r) => r[0] !== 'last_id.g');
    out[tab] = { header: wb.snapshot(tab)!.header, rows };
  }
  return out;
}

function typedCell(wb: MemoryWorkbook, id: string, column: string): TypedCell {
  const grid = wb.snapshot(customersTab.name)!;
  const idCol = grid.header.indexOf('id');
  const row = grid.rows.findIndex((r) => cellText(r[idCol]) === id);
  return wb.typedSnapshot(customersTab.name)![row]![grid.header.indexOf(column)]!;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Three merges whose survivors take typed values from another member in some of the user's columns. */
function mergesOf(wb: MemoryWorkbook): MergeInput[] {
  const ids = activeIds(wb);
  const text = (id: string, column: string): string => cellText(rowById(wb, customersTab.name, id)[wb.snapshot(customersTab.name)!.header.indexOf(column)] ?? null);
  const [a, b, c, d, e, f, g] = ids as [string, string, string, string, string, string, string];
  return [
    { survivorId: a, memberIds: [a, b], fields: { Visited: text(b, 'Visited'), Website: text(b, 'Website'), Points: text(b, 'Points') } },
    { survivorId: c, memberIds: [c, d, e], fields: { Website: text(e, 'Website'), Visits: text(d, 'Visits') } },
    { survivorId: f, memberIds: [f, g], fields: { Points: text(g, 'Points'), Visits: text(f, 'Visits') } },
  ];
}

describe('typed cells through merge and undo', () => {
  it('copies a chosen value as the member’s cell, type included, and writes no other cell of the survivor', () => {
    const wb = buildWorkbook({ customers: 30, purchasesPer: 2, blankIds: false });
    addUserColumns(wb);
    const [first] = mergesOf(wb) as [MergeInput];
    const [a, b] = first.memberIds as [string, string];
    const before = wb.typedSnapshot(customersTab.name)!;
    const header = wb.snapshot(customersTab.name)!.header;
    const rowA = wb.snapshot(customersTab.name)!.rows.findIndex((r) => r[header.indexOf('id')] === a);
    expect(applyMerge(wb, first, { ...at(1), mergeId: 'M-1' }).ok).toBe(true);
    // The chosen date, link and formula arrive as a date, a link and a formula (not as text or a value).
    for (const column of ['Visited', 'Website', 'Points']) expect(typedCell(wb, a, column)).toEqual(typedCell(wb, b, column));
    expect(typedCell(wb, a, 'Visited')).toMatchObject({ kind: 'date' });
    expect(typedCell(wb, a, 'Website')).toMatchObject({ kind: 'link' });
    expect(typedCell(wb, a, 'Points')).toMatchObject({ kind: 'formula' });
    // Every other cell of the survivor is as it was, but the columns a merge sets (updated_at) and notes.
    const after = wb.typedSnapshot(customersTab.name)![rowA]!;
    const written = new Set(['Visited', 'Website', 'Points', 'updated_at', 'notes']);
    header.forEach((h, i) => {
      if (!written.has(h)) expect(after[i], h || `#${i + 1}`).toEqual(before[rowA]![i]);
    });
    // The log keeps the survivor's cells as they were, typed.
    const log = wb.snapshot(mergeLogDef.name)!;
    const row = log.rows.find((r) => r[log.header.indexOf('row_id')] === a)!;
    const image = JSON.parse(String(row[log.header.indexOf('before')])) as Record<string, unknown>;
    expect(image.Visited).toEqual(before[rowA]![header.indexOf('Visited')]);
    expect(image.Website).toEqual(userCells(rowA)[1]);
    expect(image.Points).toEqual(userCells(rowA)[2]);
  });

  it('merge and undo in every order give back every cell of every tab, type included', () => {
    const orders = permutations([0, 1, 2]);
    let runs = 0;
    for (const mergeOrder of orders) {
      for (const undoOrder of orders) {
        const wb = buildWorkbook({ customers: 30, purchasesPer: 2, blankIds: false });
        addUserColumns(wb);
        const original = everyTypedTab(wb);
        const merges = mergesOf(wb);
        mergeOrder.forEach((m, n) => {
          wb.clearCache();
          const result = applyMerge(wb, merges[m]!, { ...at(n), mergeId: `M-${m}` });
          expect(result.ok, JSON.stringify(result)).toBe(true);
        });
        expect(everyTypedTab(wb)).not.toEqual(original);
        undoOrder.forEach((m, n) => {
          wb.clearCache();
          expect(undoMerge(wb, `M-${m}`, at(30 + n))).toMatchObject({ status: 'undone', conflicts: [] });
        });
        expect(everyTypedTab(wb), `merged ${mergeOrder.join('')}, undone ${undoOrder.join('')}`).toEqual(original);
        runs++;
      }
    }
    expect(runs).toBe(36);
  });

  it('reports a typed cell changed since the merge as a conflict instead of overwriting it', () => {
    const wb = buildWorkbook({ customers: 30, purchasesPer: 2, blankIds: false });
    addUserColumns(wb);
    const [first] = mergesOf(wb) as [MergeInput];
    const a = first.survivorId;
    expect(applyMerge(wb, first, { ...at(1), mergeId: 'M-1' }).ok).toBe(true);
    // Someone turns the copied link into another link with the same text: the type-aware check sees it.
    const header = wb.snapshot(customersTab.name)!.header;
    const row = wb.snapshot(customersTab.name)!.rows.findIndex((r) => r[header.indexOf('id')] === a) + 2;
    const copied = typedCell(wb, a, 'Website') as { kind: 'link'; url: string; text: string };
    wb.writeTyped(customersTab.name, [{ row, col: header.indexOf('Website') + 1, value: { ...copied, url: 'https://elsewhere.example/' } }]);
    wb.clearCache();
    const result = undoMerge(wb, 'M-1', at(2));
    expect(result.status).toBe('partly_undone');
    expect(result.conflicts).toEqual([{ code: 'cell_changed', tab: customersTab.name, rowId: a, column: 'Website' }]);
    expect(typedCell(wb, a, 'Website')).toEqual({ ...copied, url: 'https://elsewhere.example/' });
  });
});

describe('"merge all" as one batch', () => {
  function value<T>(result: ApiResult<T>): T {
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.value;
  }

  function setup() {
    const wb = new MemoryWorkbook();
    writeDemo(wb, generateDemo({ customers: 300, seed: 9, today: '2026-11-23' }));
    addUserColumns(wb);
    let minute = 0;
    const deps: ServerDeps = {
      workbook: () => {
        wb.clearCache();
        return wb;
      },
      now: () => `2026-11-23T11:${String(minute++ % 60).padStart(2, '0')}:00.000Z`,
      user: () => 'staff@shop.example',
    };
    return { wb, deps };
  }

  it('merges only the confirmed groups under one batch id, and "undo this batch" restores every cell of every tab', () => {
    const { wb, deps } = setup();
    const api = createDuplicatesApi(deps, { engine: findClusters, mergeAllBatch: 4 });
    const original = everyTypedTab(wb);
    const shown = value(api.findDuplicates({ minScore: 0.97 })).clusters;
    expect(shown.length).toBeGreaterThan(5);
    // The user confirmed all but the last group shown, plus one group the engine does not propose.
    const confirmed = shown.slice(0, -1).map((c) => ({ survivorId: c.survivorId, memberIds: c.members.map((m) => m.id) }));
    const [x, y] = activeIds(wb).slice(-2) as [string, string];
    const groups = [...confirmed, { survivorId: x, memberIds: [x, y] }];
    const first = value(api.mergeAllDuplicates({ minScore: 0.97, groups }));
    expect(first.merged).toHaveLength(4);
    expect(first.stale).toBe(1);
    expect(first.remaining).toBe(confirmed.length - 4);
    let merged = first.merged.length;
    let remaining = first.remaining;
    while (remaining > 0) {
      const next = value(api.mergeAllDuplicates({ minScore: 0.97, groups, batchId: first.batchId }));
      expect(next.batchId).toBe(first.batchId);
      merged += next.merged.length;
      remaining = next.remaining;
    }
    expect(merged).toBe(confirmed.length);
    // The group left out of the confirmation is untouched.
    const left = shown[shown.length - 1]!;
    for (const m of left.members) expect(cellText(rowById(wb, customersTab.name, m.id)[wb.snapshot(customersTab.name)!.header.indexOf('status')] ?? null)).not.toBe('merged');
    // One batch in the list, every merge of it named.
    const list = value(api.listMerges({}));
    expect(list).toHaveLength(confirmed.length);
    expect(new Set(list.map((m) => m.batchId))).toEqual(new Set([first.batchId]));
    expect(list.every((m) => typeof m.names[m.survivorId] === 'string' && m.names[m.survivorId] !== '')).toBe(true);
    expect(everyTypedTab(wb)).not.toEqual(original);

    const undone = value(api.undoMerge({ mergeId: first.batchId }));
    expect(undone).toMatchObject({ status: 'undone', conflicts: [], unrestored: [] });
    expect(everyTypedTab(wb)).toEqual(original);
    expect(listMerges(wb).every((m) => m.undone === 'yes')).toBe(true);
    expect(value(api.undoMerge({ mergeId: first.batchId })).status).toBe('already_undone');
  });
});
