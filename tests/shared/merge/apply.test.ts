import { describe, expect, it } from 'vitest';
import { applyMerge, listMerges, markNotDuplicate, type MergeInput } from '../../../shared/merge';
import { cellText, MemoryWorkbook, purchasesTab } from '../../../shared/workbook';
import { activeIds, buildWorkbook, colIndex, DATA_TABS, OWNED_TABS, rowById, snapshotData } from './fixture';

const ACTOR = { by: 'staff@shop.example', at: '2026-11-23T09:30:00Z' };

function proposal(wb: MemoryWorkbook, ids: string[], fields: Record<string, string> = {}, alternatives: Record<string, string[]> = {}): MergeInput {
  return { clusterId: `k-${ids[0]}`, survivorId: ids[0]!, memberIds: ids, score: 0.987, fields, alternatives };
}

/** How many rows of each re-pointed tab belong to these customers in a stored workbook. */
function owned(wb: MemoryWorkbook, ids: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tab of OWNED_TABS) {
    const grid = wb.snapshot(tab)!;
    const col = grid.header.indexOf('customer_id');
    out[tab] = grid.rows.filter((r) => ids.includes(cellText(r[col]))).length;
  }
  return out;
}

describe('applyMerge', () => {
  it('updates the survivor, marks the others merged, re-points their rows and logs a before-image of each', () => {
    const wb = buildWorkbook({ customers: 200, purchasesPer: 3 });
    const original = snapshotData(wb);
    const [s, a, b] = activeIds(wb).slice(10, 13) as [string, string, string];
    const emailCol = colIndex(wb, 'Customers', 'email');
    const oldEmails = [s, a, b].map((id) => cellText(rowById(wb, 'Customers', id)[emailCol])).filter((e) => e !== '');
    const aRow = rowById(wb, 'Customers', a);
    const survivorCity = rowById(wb, 'Customers', s)[colIndex(wb, 'Customers', 'city')];
    const beforeOwned = owned(wb, [a, b]);
    const survivorBefore = owned(wb, [s]);

    const result = applyMerge(wb, proposal(wb, [s, a, b], { 'Favourite drink': 'Rooibos', last_name: cellText(aRow[colIndex(wb, 'Customers', 'last_name')]), email: 'chosen@example.com', orders: '12', city: '' }, { email: ['old.box@example.com'] }), { ...ACTOR, mergeId: 'M-1' });
    expect(result.ok).toBe(true);

    const survivor = rowById(wb, 'Customers', s);
    expect(survivor[colIndex(wb, 'Customers', 'Favourite drink')]).toBe('Rooibos');
    expect(survivor[colIndex(wb, 'Customers', 'email')]).toBe('chosen@example.com');
    expect(survivor[colIndex(wb, 'Customers', 'orders')]).toBe(12);
    expect(survivor[colIndex(wb, 'Customers', 'last_name')]).toBe(aRow[colIndex(wb, 'Customers', 'last_name')]);
    expect(survivor[colIndex(wb, 'Customers', 'updated_at')]).toBe(ACTOR.at);
    // A blank chosen value keeps what the survivor had.
    expect(survivor[colIndex(wb, 'Customers', 'city')]).toBe(survivorCity);
    const notes = String(survivor[colIndex(wb, 'Customers', 'notes')]);
    for (const email of [...oldEmails, 'old.box@example.com']) expect(notes).toContain(email);
    expect(notes).toMatch(/^Other e-mails: /m);

    for (const id of [a, b]) {
      const row = rowById(wb, 'Customers', id);
      expect(row[colIndex(wb, 'Customers', 'status')]).toBe('merged');
      expect(row[colIndex(wb, 'Customers', 'merged_into')]).toBe(s);
    }
    for (const tab of DATA_TABS) expect(wb.snapshot(tab)!.rows).toHaveLength(original[tab]!.rows.length);
    expect(owned(wb, [a, b])).toEqual(Object.fromEntries(OWNED_TABS.map((t) => [t, 0])));
    const afterOwned = owned(wb, [s]);
    for (const tab of OWNED_TABS) expect(afterOwned[tab]).toBe((survivorBefore[tab] ?? 0) + (beforeOwned[tab] ?? 0));

    const log = wb.snapshot('Merge log')!;
    const at = (h: string): number => log.header.indexOf(h);
    const repointed = Object.values(beforeOwned).reduce((x, y) => x + y, 0);
    expect(log.rows).toHaveLength(3 + repointed);
    for (const row of log.rows) {
      expect(row[at('merge_id')]).toBe('M-1');
      expect(row[at('survivor_id')]).toBe(s);
      expect(row[at('merged_ids')]).toBe(`${a}, ${b}`);
      expect(row[at('score')]).toBe(0.987);
      expect(row[at('by')]).toBe(ACTOR.by);
    }
    // The before-image of a merged customer is the whole row keyed by header; blank and repeated headers by position.
    const aLog = log.rows.find((r) => r[at('tab')] === 'Customers' && r[at('row_id')] === a)!;
    const image = JSON.parse(String(aLog[at('before')])) as Record<string, unknown>;
    const header = original.Customers!.header;
    expect(Object.keys(image)).toHaveLength(header.length);
    expect(image.first_name).toBe(aRow[header.indexOf('first_name')]);
    expect(image.birth_date).toBe(aRow[header.indexOf('birth_date')]);
    expect(image['Favourite drink']).toBe(aRow[header.indexOf('Favourite drink')]);
    expect(image[`#${header.indexOf('') + 1}`]).toBe(aRow[header.indexOf('')]);
    expect(image[`#${header.indexOf('Extra') + 1}`]).toBe(aRow[header.indexOf('Extra')]);
    expect(image[`#${header.lastIndexOf('Extra') + 1}`]).toBe(aRow[header.lastIndexOf('Extra')]);
    expect(JSON.parse(String(aLog[at('after')]))).toEqual({ status: 'merged', merged_into: s, updated_at: ACTOR.at });

    const nameOf = (id: string): string => {
      const row = rowById(wb, 'Customers', id);
      return `${String(row[header.indexOf('first_name')])} ${String(row[header.indexOf('last_name')])}`;
    };
    expect(listMerges(wb)).toEqual([
      {
        mergeId: 'M-1',
        batchId: undefined,
        kind: 'merge',
        survivorId: s,
        mergedIds: [a, b],
        at: ACTOR.at,
        by: ACTOR.by,
        score: 0.987,
        rows: 3 + repointed,
        undone: 'no',
        undoneAt: undefined,
        names: { [s]: nameOf(s), [a]: nameOf(a), [b]: nameOf(b) },
      },
    ]);
  });

  it('gives a re-pointed row without an id a new one, so it can be found again', () => {
    const wb = buildWorkbook({ customers: 60, purchasesPer: 4 });
    const grid = wb.snapshot('Purchases')!;
    const idCol = grid.header.indexOf('id');
    const ownerCol = grid.header.indexOf('customer_id');
    const active = activeIds(wb);
    const blankRow = grid.rows.findIndex((r) => cellText(r[idCol]) === '' && active.includes(cellText(r[ownerCol])));
    expect(blankRow).toBeGreaterThanOrEqual(0);
    const owner = cellText(grid.rows[blankRow]![ownerCol]);
    const survivor = active.find((id) => id !== owner)!;
    const highest = Math.max(...grid.rows.map((r) => Number(cellText(r[idCol]).slice(2)) || 0));
    expect(applyMerge(wb, proposal(wb, [survivor, owner]), { ...ACTOR, mergeId: 'M-ids' }).ok).toBe(true);
    const newId = cellText(wb.snapshot('Purchases')!.rows[blankRow]![idCol]);
    expect(newId).toMatch(/^P-\d{6}$/);
    expect(Number(newId.slice(2))).toBeGreaterThan(highest);
    expect(wb.snapshot('Purchases')!.rows[blankRow]![ownerCol]).toBe(survivor);
  });

  it('refuses, writing nothing, when the sheet no longer fits the proposal', () => {
    const wb = buildWorkbook({ customers: 80, purchasesPer: 2 });
    const active = activeIds(wb);
    const archived = wb.snapshot('Customers')!.rows.map((r) => cellText(r[0])).find((id) => !active.includes(id))!;
    const [s, a, b] = active as [string, string, string];
    markNotDuplicate(wb, b, s, ACTOR);
    const before = snapshotData(wb);
    const cases: [MergeInput, string, string][] = [
      [proposal(wb, [s]), 'M-a', 'nothing_to_merge'],
      [proposal(wb, [s, 'C-999999']), 'M-b', 'customer_missing'],
      [proposal(wb, [s, archived]), 'M-c', 'customer_not_active'],
      [proposal(wb, [s, a, b]), 'M-d', 'declared_distinct'],
      [proposal(wb, [s, a], { shoe_size: '9' }), 'M-e', 'unknown_field'],
      [proposal(wb, [s, a], { merged_into: a }), 'M-f', 'reserved_field'],
      [proposal(wb, [s, a]), '  ', 'merge_id_blank'],
    ];
    for (const [p, mergeId, code] of cases) {
      const result = applyMerge(wb, p, { ...ACTOR, mergeId });
      expect(result.ok ? [] : result.issues.map((i) => i.code)).toContain(code);
    }
    expect(snapshotData(wb)).toEqual(before);
    expect(wb.snapshot('Merge log')!.rows).toHaveLength(0);

    expect(applyMerge(wb, proposal(wb, [s, a]), { ...ACTOR, mergeId: 'M-ok' }).ok).toBe(true);
    const again = applyMerge(wb, proposal(wb, [active[5]!, active[6]!]), { ...ACTOR, mergeId: 'M-ok' });
    expect(again).toEqual({ ok: false, issues: [{ code: 'merge_id_in_use', id: 'M-ok' }] });
  });

  it('refuses a row whose id another row shares, since undo could not tell them apart', () => {
    const wb = buildWorkbook({ customers: 30, purchasesPer: 2, blankIds: false });
    const grid = wb.snapshot('Purchases')!;
    const [s, a] = activeIds(wb) as [string, string];
    const ownerCol = grid.header.indexOf('customer_id');
    const row = grid.rows.findIndex((r) => r[ownerCol] === a);
    const other = grid.rows.findIndex((r) => r[ownerCol] !== a);
    wb.write(purchasesTab.name, [{ row: other + 2, col: 1, value: grid.rows[row]![0]! }]);
    wb.clearCache();
    const result = applyMerge(wb, proposal(wb, [s, a]), { ...ACTOR, mergeId: 'M-dup' });
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'row_id_duplicate', tab: 'Purchases', row: row + 2 }] });
  });

  it('refuses a row whose before-image would not fit in one sheet cell', () => {
    const wb = buildWorkbook({ customers: 20, purchasesPer: 1 });
    const [s, a] = activeIds(wb) as [string, string];
    const notesCol = colIndex(wb, 'Customers', 'notes');
    const row = wb.snapshot('Customers')!.rows.findIndex((r) => r[0] === a);
    wb.write('Customers', [{ row: row + 2, col: notesCol + 1, value: 'x'.repeat(49_990) }]);
    wb.clearCache();
    const before = snapshotData(wb);
    const result = applyMerge(wb, proposal(wb, [s, a]), { ...ACTOR, mergeId: 'M-big' });
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'log_cell_too_large', tab: 'Customers', id: a }] });
    expect(snapshotData(wb)).toEqual(before);
  });

  it('costs the same workbook calls for a small and a large workbook', () => {
    const cost = (customers: number, purchasesPer: number): MemoryWorkbook['calls'] => {
      const wb = buildWorkbook({ customers, purchasesPer, blankIds: false });
      const [s, a, b] = activeIds(wb) as [string, string, string];
      // Every member owns rows in every re-pointed tab, whatever the size.
      for (const tab of OWNED_TABS) {
        const col = colIndex(wb, tab, 'customer_id');
        wb.write(tab, [a, b, a].map((id, i) => ({ row: i + 2, col: col + 1, value: id })));
      }
      wb.clearCache();
      const start = { ...wb.calls };
      const result = applyMerge(wb, proposal(wb, [s, a, b], { 'Favourite drink': 'Rooibos' }, { email: ['alt@example.com'] }), { ...ACTOR, mergeId: 'M-n' });
      expect(result.ok).toBe(true);
      return { read: wb.calls.read - start.read, write: wb.calls.write - start.write, append: wb.calls.append - start.append, create: wb.calls.create - start.create };
    };
    const small = cost(20, 1);
    const large = cost(3000, 6);
    expect(large).toEqual(small);
    // Each tab read once, and the changed rows of Customers and of each re-pointed tab once more with their types.
    expect(small.read).toBeLessThanOrEqual(14);
    expect(small.append).toBeLessThanOrEqual(2);
  });
});
