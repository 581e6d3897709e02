// Merge and undo through the add-on's SpreadsheetApp adapter (over the fake): the user's own dates, formulas
// and hyperlinks come back as they were — the sheet's values, formulas and links compared cell by cell — and a
// merge or an undo costs the same Sheets calls whatever the number of rows.
import { describe, expect, it } from 'vitest';
import { SpreadsheetWorkbook } from '../../addon/server/spreadsheet-workbook';
import { applyMerge, mergeLogDef, undoMerge, type MergeInput } from '../../shared/merge';
import { cellText, customersTab, SETTINGS_TAB, type TypedCell, type TypedCellUpdate } from '../../shared/workbook';
import { activeIds, buildWorkbook, OWNED_TABS } from '../shared/merge/fixture';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';

const at = (minute: number) => ({ by: 'staff@shop.example', at: `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z` });
const USER_COLUMNS = ['Visited', 'Website', 'Points'];

function userCells(i: number): TypedCell[] {
  return [
    { kind: 'date', iso: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` },
    { kind: 'link', url: `https://shop.example/c/${i}`, text: `Page ${i}` },
    { kind: 'formula', formula: `=${i}*10`, value: i * 10 },
  ];
}

/** The fixture workbook as a fake spreadsheet, with the user's typed columns on Customers. */
function sheetWith(customers: number): { fake: FakeSpreadsheet; session: () => SpreadsheetWorkbook; ids: string[] } {
  const memory = buildWorkbook({ customers, purchasesPer: 2, blankIds: false });
  // The same layout at every size: the merged members own the first rows of every re-pointed tab, a customer
  // outside the merges owns the rest.
  const ids = activeIds(memory);
  const [, b, , d, e] = ids as [string, string, string, string, string];
  for (const tab of OWNED_TABS) {
    const grid = memory.snapshot(tab)!;
    const col = grid.header.indexOf('customer_id') + 1;
    memory.write(tab, grid.rows.map((_, i) => ({ row: i + 2, col, value: [b, d, e][i] ?? ids[ids.length - 1]! })));
  }
  const fake = new FakeSpreadsheet();
  for (const tab of memory.tabNames()) {
    const grid = memory.snapshot(tab)!;
    fake.addSheet(tab, [grid.header, ...grid.rows.map((r) => r.map((v) => v ?? ''))]);
  }
  const session = () => new SpreadsheetWorkbook(fake, fake.services());
  const wb = session();
  wb.withLock(() => {
    const header = wb.read(customersTab.name)!.header;
    wb.ensureTab(customersTab.name, { header: [...header, ...USER_COLUMNS], textColumns: [] });
    const grid = wb.read(customersTab.name)!;
    const first = grid.header.indexOf(USER_COLUMNS[0]!) + 1;
    const cells: TypedCellUpdate[] = [];
    for (let i = 0; i < grid.rows.length; i++) userCells(i).forEach((value, k) => cells.push({ row: i + 2, col: first + k, value }));
    wb.writeTyped(customersTab.name, cells);
  });
  return { fake, session, ids };
}

/** Every sheet as a person would see it (values, formulas, links), but the Merge log and its id counter. */
function everySheet(fake: FakeSpreadsheet, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (name === mergeLogDef.name) continue;
    const dump = fake.sheetNamed(name)!.dump();
    const keep = dump.values.map((line) => !(name === SETTINGS_TAB && line[0] === 'last_id.g'));
    // An empty cell is '' when seeded and null once written: the same empty cell.
    const values = dump.values.map((line) => line.map((v) => (v === '' ? null : v)));
    out[name] = { values: values.filter((_, i) => keep[i]), formulas: dump.formulas.filter((_, i) => keep[i]), links: dump.links.filter((_, i) => keep[i]) };
  }
  return out;
}

function mergesOf(session: SpreadsheetWorkbook, ids: readonly string[]): MergeInput[] {
  const grid = session.read(customersTab.name)!;
  const text = (id: string, column: string): string => cellText(grid.rows.find((r) => cellText(r[grid.header.indexOf('id')]) === id)?.[grid.header.indexOf(column)] ?? null);
  const [a, b, c, d, e] = ids as [string, string, string, string, string];
  return [
    { survivorId: a, memberIds: [a, b], fields: { Visited: text(b, 'Visited'), Website: text(b, 'Website'), Points: text(b, 'Points') } },
    { survivorId: c, memberIds: [c, d, e], fields: { Website: text(e, 'Website') } },
  ];
}

describe('merge and undo over SpreadsheetApp, typed user columns', () => {
  it('gives back every value, formula and link of every sheet, and costs the same calls for 30 or 600 customers', () => {
    const run = (customers: number): { merge: number[]; undo: number[] } => {
      const { fake, session, ids } = sheetWith(customers);
      const names = fake.getSheets().map((s) => s.tabName);
      const original = everySheet(fake, names);
      const merges = mergesOf(session(), ids);
      const cost = { merge: [] as number[], undo: [] as number[] };
      merges.forEach((m, i) => {
        const start = fake.calls.length;
        const result = applyMerge(session(), m, { ...at(i), mergeId: `M-${i}` });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        cost.merge.push(fake.calls.length - start);
      });
      // The survivor holds the chosen member's link as a link and its formula as a formula.
      const survivor = session();
      const typed = survivor.readTyped(customersTab.name, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const header = survivor.read(customersTab.name)!.header;
      const rowOf = (id: string) => typed.find((r) => r[header.indexOf('id')] === id)!;
      const [a, b] = merges[0]!.memberIds as [string, string];
      // (The fake shows every formula's value as #ERROR!, so the chosen Points equals the survivor's own and stays.)
      for (const column of ['Visited', 'Website']) expect(rowOf(a)[header.indexOf(column)], column).toEqual(rowOf(b)[header.indexOf(column)]);
      expect(rowOf(a)[header.indexOf('Website')]).toMatchObject({ kind: 'link' });
      expect(rowOf(a)[header.indexOf('Visited')]).toMatchObject({ kind: 'date' });
      expect(rowOf(a)[header.indexOf('Points')]).toMatchObject({ kind: 'formula' });
      [...merges.keys()].reverse().forEach((i, n) => {
        const start = fake.calls.length;
        expect(undoMerge(session(), `M-${i}`, at(30 + n))).toMatchObject({ status: 'undone', conflicts: [] });
        cost.undo.push(fake.calls.length - start);
      });
      expect(everySheet(fake, names)).toEqual(original);
      return cost;
    };
    const small = run(30);
    const large = run(600);
    expect(large).toEqual(small);
  });
});
