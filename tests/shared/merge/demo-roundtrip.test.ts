import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook, type DemoData } from '../../../functions/demo';
import { openXlsxWorkbook, type XlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { dedupe, type MergeProposal } from '../../../shared/dedupe';
import { applyMerge, customerRecords, filterProposals, listMerges, loadDecisions, markNotDuplicate, mergeLogDef, undoMerge } from '../../../shared/merge';
import { cellText, customersTab, parseSettings, SETTINGS_TAB, type Grid, type TypedCell, type TypedCellUpdate } from '../../../shared/workbook';

// The demo workbook, merged on the engine's own proposals and undone again, compared cell by cell after a
// round trip through the .xlsx file (so undo works from what was saved, not from memory).
const TODAY = '2026-11-23';
const actor = (minute: number) => ({ by: 'staff@shop.example', at: `${TODAY}T10:${String(minute).padStart(2, '0')}:00.000Z` });

let dir = '';
let file = '';
let originalFile = '';
let demo: DemoData;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'regulars-merge-'));
  file = path.join(dir, 'demo.xlsx');
  demo = await createDemoWorkbook(file, { customers: 300, seed: 3, today: TODAY });
  originalFile = path.join(dir, 'original.xlsx');
  await copyFile(file, originalFile);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every tab as stored (not through the read cache). */
function everyTab(wb: XlsxWorkbook, skip: readonly string[] = []): Record<string, Grid | undefined> {
  return Object.fromEntries(wb.tabNames().filter((t) => !skip.includes(t)).map((t) => [t, wb.snapshot(t)]));
}

/** The person a row is, by the demo's ground truth: duplicates point at the first row of their person. */
function personOf(data: DemoData): (id: string) => string {
  const of = new Map(data.truth.duplicates.map((d) => [d.id, d.of]));
  return (id) => of.get(id) ?? id;
}

/** How many rows of these tabs belong to any of the ids through customer_id. */
function ownedRows(wb: XlsxWorkbook, ids: readonly string[]): number {
  let n = 0;
  for (const tab of ['Purchases', 'Interactions', 'Outbox']) {
    const grid = wb.snapshot(tab);
    const at = grid?.header.indexOf('customer_id') ?? -1;
    for (const row of grid?.rows ?? []) if (ids.includes(cellText(row[at]))) n++;
  }
  return n;
}

function proposalsOf(wb: XlsxWorkbook): MergeProposal[] {
  const country = parseSettings(wb.read(SETTINGS_TAB)).settings.country || undefined;
  return dedupe(customerRecords(wb.read(customersTab.name)!).records, { country }).proposals;
}

describe('merge and undo on the demo workbook', () => {
  it('merges real duplicate clusters, then undoing them in another order gives back every cell of every tab', async () => {
    const wb = await openXlsxWorkbook(file);
    const original = everyTab(wb);
    const person = personOf(demo);
    // Real clusters only: every member is the same person by the ground truth; the largest first.
    const real = proposalsOf(wb)
      .filter((p) => new Set(p.memberIds.map(person)).size === 1)
      .sort((a, b) => b.memberIds.length - a.memberIds.length || ownedRows(wb, b.memberIds) - ownedRows(wb, a.memberIds));
    expect(real.length).toBeGreaterThanOrEqual(5);
    const chosen = real.slice(0, 5);
    expect(chosen.some((p) => p.memberIds.length >= 3 || ownedRows(wb, p.memberIds) > 0)).toBe(true);

    const calls: number[][] = [];
    chosen.forEach((p, i) => {
      wb.clearCache(); // each merge is its own session, as in Apps Script
      const before = { ...wb.calls };
      const owned = ownedRows(wb, p.memberIds.filter((id) => id !== p.survivorId));
      const result = applyMerge(wb, p, { ...actor(i), mergeId: `M-demo-${i}` });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      // One log row per changed row: the others, maybe the survivor, and each re-pointed row.
      const others = p.memberIds.length - 1;
      const changedRows = Object.values(result.value.changed).reduce((a, b) => a + b, 0);
      expect(result.value.logRows).toBe(changedRows);
      expect(changedRows - (result.value.changed[customersTab.name] ?? 0)).toBeGreaterThanOrEqual(owned);
      expect(result.value.changed[customersTab.name]).toBeGreaterThanOrEqual(others);
      // Reads less one typed read per changed tab: what every merge pays whatever it changes.
      const typedReads = Object.keys(result.value.changed).length;
      calls.push([wb.calls.read - before.read - typedReads, wb.calls.write - before.write, wb.calls.append - before.append, wb.calls.create - before.create]);

      // Survivor stays active; the others are merged into it, never deleted; their rows now point at it.
      const customers = wb.snapshot(customersTab.name)!;
      const col = (h: string): number => customers.header.indexOf(h);
      const rowOf = (id: string) => customers.rows.find((r) => cellText(r[col('id')]) === id);
      expect(cellText(rowOf(p.survivorId)?.[col('status')] ?? null)).toMatch(/^(active|)$/);
      for (const id of p.memberIds.filter((m) => m !== p.survivorId)) {
        expect(rowOf(id)?.[col('status')]).toBe('merged');
        expect(rowOf(id)?.[col('merged_into')]).toBe(p.survivorId);
      }
      expect(ownedRows(wb, p.memberIds.filter((id) => id !== p.survivorId))).toBe(0);
    });
    expect(customersAfter(wb)).toBe(customersAfter({ snapshot: (t: string) => original[t] }));
    // Constant calls per merge: each tab read once, a bounded number of block writes and one log append,
    // whatever the cluster's size or its number of purchases.
    // The first merge also adds the log's `after`/`undone_by` columns (one create, one re-read) and its id
    // counter; every later one reads each tab once and appends the log once.
    for (const [read, write, append, create] of calls) {
      // Merge log, Customers, Settings, Dedupe decisions, 5 re-pointed tabs (besides the typed reads above).
      expect(read).toBeLessThanOrEqual(9);
      expect(write).toBeLessThanOrEqual(12);
      expect(append).toBeLessThanOrEqual(2);
      expect(create).toBeLessThanOrEqual(1);
    }
    const later = calls.slice(1);
    expect(new Set(later.map((c) => c[0])).size).toBe(1);
    expect(later.map((c) => [c[2], c[3]])).toEqual(later.map(() => [1, 0]));

    // Through the file: a later session undoes from the saved Merge log.
    await wb.save(file);
    const reopened = await openXlsxWorkbook(file);
    const log = reopened.snapshot(mergeLogDef.name)!;
    const at = (h: string): number => log.header.indexOf(h);
    for (const row of log.rows) expect(JSON.parse(cellText(row[at('before')]))).toBeTypeOf('object');
    expect(listMerges(reopened).map((m) => m.mergeId)).toEqual([4, 3, 2, 1, 0].map((i) => `M-demo-${i}`));
    for (const [n, i] of [2, 0, 4, 1, 3].entries()) {
      reopened.clearCache();
      const undone = undoMerge(reopened, `M-demo-${i}`, actor(30 + n));
      expect(undone).toMatchObject({ status: 'undone', unrestored: [], conflicts: [] });
    }
    await reopened.save(file);
    const restored = await openXlsxWorkbook(file);
    // Every tab is back cell for cell, except the history itself: the Merge log (rows now marked undone)
    // and its id counter in Settings, which must not go back or a later log row would reuse an id.
    const logCounter = (grid: Grid | undefined): Grid | undefined => grid && { ...grid, rows: grid.rows.filter((r) => r[0] !== 'last_id.g') };
    const comparable = (wbx: XlsxWorkbook) => {
      const tabs = everyTab(wbx, [mergeLogDef.name]);
      return { ...tabs, [SETTINGS_TAB]: logCounter(tabs[SETTINGS_TAB]) };
    };
    expect(comparable(restored)).toEqual(comparable(await openXlsxWorkbook(originalFile)));
    expect(restored.snapshot(SETTINGS_TAB)!.rows.find((r) => r[0] === 'last_id.g')?.[1]).toBe(restored.snapshot(mergeLogDef.name)!.rows.length);
    // and equal to what the first session read before merging.
    for (const [tab, grid] of Object.entries(original)) if (tab !== mergeLogDef.name) expect(tab === SETTINGS_TAB ? logCounter(restored.snapshot(tab)) : restored.snapshot(tab), tab).toEqual(grid);
    expect(listMerges(restored).every((m) => m.undone === 'yes')).toBe(true);
  });

  it('remembers "not a duplicate": the pair is not proposed again and cannot be merged', async () => {
    const wb = await openXlsxWorkbook(file);
    const proposal = proposalsOf(wb).find((p) => p.memberIds.length === 2)!;
    const [a, b] = proposal.memberIds as [string, string];
    expect(markNotDuplicate(wb, b, a, actor(50))).toEqual({ ok: true, added: true, pair: [a, b].sort().join('|') });
    await wb.save(file);
    const later = await openXlsxWorkbook(file);
    const { kept, split } = filterProposals(proposalsOf(later), loadDecisions(later));
    expect(kept.some((p) => p.memberIds.includes(a) && p.memberIds.includes(b))).toBe(false);
    expect(split.map((s) => s.apart.length)).toEqual([1]);
    const refused = applyMerge(later, { survivorId: a, memberIds: [a, b] }, { ...actor(51), mergeId: 'M-refused' });
    expect(refused).toEqual({ ok: false, issues: [{ code: 'declared_distinct', ids: [a, b] }] });
  });
});

/** A user's own typed cells for row i: a date, a hyperlink, a formula and a number. */
function userCells(i: number): TypedCell[] {
  return [
    { kind: 'date', iso: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` },
    { kind: 'link', url: `https://shop.example/c/${i}`, text: `Page ${i}` },
    { kind: 'formula', formula: `=${i}*10`, value: i * 10 },
    i * 3,
  ];
}

const USER_COLUMNS = ['Visited', 'Website', 'Points', 'Visits'];

/** Every tab, typed, but the history: the Merge log and its id counter in Settings. */
function everyTypedTab(wb: XlsxWorkbook): Record<string, { header: string[]; rows: TypedCell[][] }> {
  const out: Record<string, { header: string[]; rows: TypedCell[][] }> = {};
  for (const tab of wb.tabNames()) {
    if (tab === mergeLogDef.name) continue;
    let rows = wb.typedSnapshot(tab)!;
    if (tab === SETTINGS_TAB) rows = rows.filter((r) => r[0] !== 'last_id.g');
    out[tab] = { header: wb.snapshot(tab)!.header, rows };
  }
  return out;
}

describe('merge and undo on the demo workbook with typed user columns (issue 10, item 4)', () => {
  it('in every order of merges and of undos, every cell of every tab comes back, type included', async () => {
    const typedFile = path.join(dir, 'typed.xlsx');
    await copyFile(originalFile, typedFile);
    const seed = await openXlsxWorkbook(typedFile);
    const header = seed.snapshot(customersTab.name)!.header;
    seed.ensureTab(customersTab.name, { header: [...header, ...USER_COLUMNS], textColumns: [] });
    const rows = seed.snapshot(customersTab.name)!.rows.length;
    const first = header.length + 1;
    const cells: TypedCellUpdate[] = [];
    for (let i = 0; i < rows; i++) userCells(i).forEach((value, k) => cells.push({ row: i + 2, col: first + k, value }));
    seed.writeTyped(customersTab.name, cells);
    await seed.save(typedFile);

    const base = await openXlsxWorkbook(typedFile);
    const original = everyTypedTab(base);
    const person = personOf(demo);
    const text = (id: string, column: string): string => {
      const grid = base.snapshot(customersTab.name)!;
      return cellText(grid.rows.find((r) => cellText(r[grid.header.indexOf('id')]) === id)?.[grid.header.indexOf(column)] ?? null);
    };
    // Three real clusters; each survivor takes the user's typed values of another member where they differ.
    const chosen = proposalsOf(base)
      .filter((p) => new Set(p.memberIds.map(person)).size === 1)
      .slice(0, 3)
      .map((p) => {
        const other = p.memberIds.find((m) => m !== p.survivorId)!;
        return { ...p, fields: { ...p.fields, Visited: text(other, 'Visited'), Website: text(other, 'Website'), Points: text(other, 'Points') } };
      });
    expect(chosen).toHaveLength(3);

    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    // Every merge order, each undone in another order, so every order of merges and of undos is run.
    for (const [n, mergeOrder] of orders.entries()) {
      const undoOrder = orders[(n + 3) % orders.length]!;
      const run = path.join(dir, `typed-${n}.xlsx`);
      await copyFile(typedFile, run);
      const wb = await openXlsxWorkbook(run);
      for (const [k, m] of mergeOrder.entries()) {
        wb.clearCache();
        const result = applyMerge(wb, chosen[m]!, { ...actor(k), mergeId: `M-typed-${m}` });
        expect(result.ok, JSON.stringify(result)).toBe(true);
      }
      // The survivors now hold the other member's cells as they were: a date, a link and a formula.
      const merged = everyTypedTab(wb)[customersTab.name]!;
      const col = (h: string): number => merged.header.indexOf(h);
      const rowOf = (id: string) => merged.rows.find((r) => r[col('id')] === id)!;
      for (const p of chosen) {
        const other = p.memberIds.find((m) => m !== p.survivorId)!;
        for (const h of ['Visited', 'Website', 'Points']) expect(rowOf(p.survivorId)[col(h)], h).toEqual(rowOf(other)[col(h)]);
        expect(rowOf(p.survivorId)[col('Website')]).toMatchObject({ kind: 'link' });
      }
      await wb.save(run);
      const later = await openXlsxWorkbook(run);
      for (const [k, m] of undoOrder.entries()) {
        later.clearCache();
        expect(undoMerge(later, `M-typed-${m}`, actor(40 + k))).toMatchObject({ status: 'undone', conflicts: [] });
      }
      await later.save(run);
      expect(everyTypedTab(await openXlsxWorkbook(run)), `merged ${mergeOrder.join('')}, undone ${undoOrder.join('')}`).toEqual(original);
    }
  });
});

/** How many rows Customers has (merging never deletes a row). */
function customersAfter(wb: { snapshot: (tab: string) => Grid | undefined }): number {
  return wb.snapshot(customersTab.name)?.rows.length ?? -1;
}
