import { describe, expect, it } from 'vitest';
import { applyMerge, archiveCustomers, listMerges, undoMerge, type MergeInput } from '../../../shared/merge';
import { cellText, MemoryWorkbook } from '../../../shared/workbook';
import { activeIds, buildWorkbook, colIndex, random, rowById, rowInGrid, snapshotData } from './fixture';

const at = (minute: number): string => `2026-11-23T09:${String(minute).padStart(2, '0')}:00Z`;
const actor = (minute: number) => ({ by: 'staff@shop.example', at: at(minute) });

/** Disjoint clusters of active customers, 2 to 4 members each, with chosen values taken from the members. */
function clusters(wb: MemoryWorkbook, count: number, seed: number): MergeInput[] {
  const rnd = random(seed);
  const pool = activeIds(wb);
  const col = (h: string): number => colIndex(wb, 'Customers', h);
  const out: MergeInput[] = [];
  for (let k = 0; k < count; k++) {
    const size = 2 + Math.floor(rnd() * 3);
    const ids = pool.splice(Math.floor(rnd() * (pool.length - size)), size);
    const rows = ids.map((id) => rowById(wb, 'Customers', id));
    const last = rows[rows.length - 1]!;
    out.push({
      clusterId: `k${k}`,
      survivorId: ids[0]!,
      memberIds: ids,
      score: 0.9 + k / 100,
      fields: {
        first_name: cellText(last[col('first_name')]),
        email: cellText(last[col('email')]),
        phone: cellText(last[col('phone')]),
        birth_date: cellText(last[col('birth_date')]),
        email_consent: cellText(last[col('email_consent')]),
        'Card no': cellText(last[col('Card no')]),
        revenue: '1234.5',
        tags: 'merged-vip',
      },
      alternatives: { email: rows.map((r) => cellText(r[col('email')])).filter((e) => e !== '') },
    });
  }
  return out;
}

describe('undoMerge', () => {
  it('gives back every tab cell by cell after several merges, undone in another order', () => {
    const wb = buildWorkbook({ customers: 300, purchasesPer: 3, seed: 11 });
    const original = snapshotData(wb);
    const proposals = clusters(wb, 6, 5);
    proposals.forEach((p, i) => {
      const result = applyMerge(wb, p, { ...actor(i), mergeId: `M-${i}` });
      expect(result.ok).toBe(true);
    });
    const merged = snapshotData(wb);
    expect(merged).not.toEqual(original);
    for (const [n, i] of [3, 0, 5, 1, 4, 2].entries()) {
      if (n % 2 === 0) wb.clearCache();
      const result = undoMerge(wb, `M-${i}`, actor(30 + n));
      expect(result).toMatchObject({ mergeId: `M-${i}`, status: 'undone', unrestored: [], conflicts: [] });
      expect(result.restored).toBeGreaterThan(proposals[i]!.memberIds.length - 1);
    }
    expect(snapshotData(wb)).toEqual(original);
    expect(listMerges(wb).map((m) => [m.mergeId, m.undone])).toEqual([5, 4, 3, 2, 1, 0].map((i) => [`M-${i}`, 'yes']));
  });

  it('does nothing the second time, and says so', () => {
    const wb = buildWorkbook({ customers: 50, purchasesPer: 2 });
    const original = snapshotData(wb);
    const [p] = clusters(wb, 1, 3);
    applyMerge(wb, p!, { ...actor(1), mergeId: 'M-1' });
    expect(undoMerge(wb, 'M-1', actor(2)).status).toBe('undone');
    const calls = { ...wb.calls };
    expect(undoMerge(wb, 'M-1', actor(3))).toEqual({ mergeId: 'M-1', status: 'already_undone', restored: 0, unrestored: [], conflicts: [] });
    expect(wb.calls.write).toBe(calls.write);
    expect(wb.calls.append).toBe(calls.append);
    expect(undoMerge(wb, 'M-404', actor(3)).status).toBe('not_found');
    expect(snapshotData(wb)).toEqual(original);
  });

  it('leaves a row someone changed since the merge, reports the cell, and finishes once it is put right', () => {
    const wb = buildWorkbook({ customers: 80, purchasesPer: 3, blankIds: false });
    const original = snapshotData(wb);
    const [s, a] = activeIds(wb) as [string, string];
    const purchases = wb.snapshot('Purchases')!;
    const ownerCol = purchases.header.indexOf('customer_id');
    const moved = purchases.rows.findIndex((r) => r[ownerCol] === a);
    expect(moved).toBeGreaterThanOrEqual(0);
    applyMerge(wb, { survivorId: s, memberIds: [s, a] }, { ...actor(1), mergeId: 'M-1' });
    // Staff move that purchase to another customer after the merge.
    wb.write('Purchases', [{ row: moved + 2, col: ownerCol + 1, value: 'C-000077' }]);

    const first = undoMerge(wb, 'M-1', actor(2));
    const purchaseId = String(purchases.rows[moved]![0]);
    expect(first.status).toBe('partly_undone');
    expect(first.unrestored).toEqual([{ tab: 'Purchases', rowId: purchaseId }]);
    expect(first.conflicts).toEqual([{ code: 'cell_changed', tab: 'Purchases', rowId: purchaseId, column: 'customer_id' }]);
    expect(wb.snapshot('Purchases')!.rows[moved]![ownerCol]).toBe('C-000077');
    expect(rowById(wb, 'Customers', a)).toEqual(rowInGrid(original.Customers!, a));
    expect(listMerges(wb)[0]!.undone).toBe('partly');

    wb.write('Purchases', [{ row: moved + 2, col: ownerCol + 1, value: s }]);
    expect(undoMerge(wb, 'M-1', actor(3))).toMatchObject({ status: 'undone', restored: 1, unrestored: [] });
    expect(snapshotData(wb)).toEqual(original);
  });

  it('untangles two merges into one survivor when the earlier is undone first', () => {
    const wb = buildWorkbook({ customers: 60, purchasesPer: 2 });
    const original = snapshotData(wb);
    const [s, a, b] = activeIds(wb) as [string, string, string];
    expect(applyMerge(wb, { survivorId: s, memberIds: [s, a], fields: { phone: '+27 82 000 0001' } }, { ...actor(1), mergeId: 'M-A' }).ok).toBe(true);
    expect(applyMerge(wb, { survivorId: s, memberIds: [s, b], fields: { city: 'Polokwane' } }, { ...actor(2), mergeId: 'M-B' }).ok).toBe(true);

    // M-B wrote the survivor's notes (b's e-mail kept there) and updated_at after M-A did, so M-A cannot put
    // the survivor back yet.
    const early = undoMerge(wb, 'M-A', actor(3));
    expect(early.status).toBe('partly_undone');
    expect(early.unrestored).toEqual([{ tab: 'Customers', rowId: s }]);
    expect(early.conflicts.map((c) => c.column)).toEqual(['notes', 'updated_at']);
    expect(rowById(wb, 'Customers', s)[colIndex(wb, 'Customers', 'phone')]).toBe('+27 82 000 0001');

    expect(undoMerge(wb, 'M-B', actor(4)).status).toBe('undone');
    expect(undoMerge(wb, 'M-A', actor(5))).toMatchObject({ status: 'undone', restored: 1 });
    expect(snapshotData(wb)).toEqual(original);
  });

  it('reports a row that has gone instead of guessing', () => {
    const wb = buildWorkbook({ customers: 40, purchasesPer: 2 });
    const [s, a] = activeIds(wb) as [string, string];
    applyMerge(wb, { survivorId: s, memberIds: [s, a] }, { ...actor(1), mergeId: 'M-1' });
    const customers = wb.snapshot('Customers')!;
    wb.replaceRows('Customers', customers.rows.filter((r) => r[0] !== a));
    const result = undoMerge(wb, 'M-1', actor(2));
    expect(result.status).toBe('partly_undone');
    expect(result.conflicts).toContainEqual({ code: 'row_missing', tab: 'Customers', rowId: a });
  });
});

describe('undo cost', () => {
  it('is the same number of workbook calls for a small and a large workbook', () => {
    const cost = (customers: number, purchasesPer: number): Record<string, number> => {
      const wb = buildWorkbook({ customers, purchasesPer, blankIds: false });
      const [s, a, b] = activeIds(wb) as [string, string, string];
      for (const tab of ['Purchases', 'Interactions', 'Outbox', 'Defections', 'Consent log']) {
        const col = colIndex(wb, tab, 'customer_id');
        wb.write(tab, [a, b, a].map((id, i) => ({ row: i + 2, col: col + 1, value: id })));
      }
      applyMerge(wb, { survivorId: s, memberIds: [s, a, b], fields: { 'Favourite drink': 'Rooibos' } }, { ...actor(1), mergeId: 'M-1' });
      wb.clearCache();
      const start = { ...wb.calls };
      expect(undoMerge(wb, 'M-1', actor(2)).status).toBe('undone');
      return { read: wb.calls.read - start.read, write: wb.calls.write - start.write, append: wb.calls.append - start.append, create: wb.calls.create - start.create };
    };
    const small = cost(20, 1);
    expect(cost(3000, 6)).toEqual(small);
    expect(small.append).toBe(0);
  });
});

describe('archiveCustomers', () => {
  it('archives with before-images, skips what it cannot archive, and undoes like a merge', () => {
    const wb = buildWorkbook({ customers: 120, purchasesPer: 1 });
    const original = snapshotData(wb);
    const active = activeIds(wb);
    const inactive = original.Customers!.rows.map((r) => String(r[0])).find((id) => !active.includes(id))!;
    const ids = active.slice(0, 40);
    const result = archiveCustomers(wb, [...ids, inactive, 'C-404404', ids[0]!], { ...actor(1), archiveId: 'A-1' });
    expect(result).toMatchObject({ ok: true, value: { archiveId: 'A-1', archived: ids, logRows: 40 } });
    expect(result.ok && result.value.skipped.map((s) => s.code)).toEqual(['customer_not_active', 'customer_missing']);
    const statusCol = colIndex(wb, 'Customers', 'status');
    for (const id of ids) expect(rowById(wb, 'Customers', id)[statusCol]).toBe('archived');
    expect(wb.snapshot('Customers')!.rows).toHaveLength(original.Customers!.rows.length);
    expect(listMerges(wb)[0]).toMatchObject({ mergeId: 'A-1', kind: 'archive', survivorId: '', mergedIds: ids, rows: 40, undone: 'no' });

    expect(undoMerge(wb, 'A-1', actor(2))).toMatchObject({ status: 'undone', restored: 40 });
    expect(snapshotData(wb)).toEqual(original);
  });
});
