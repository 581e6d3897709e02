// Issue 14: what segments and reports put into the sheet, on a scored demo workbook. `regulars segment write`
// marks members in the Customers `segments` column (checked against a plain loop over the tab; undone through the
// Import log), `regulars report --write` fills the Reports tab with every dimension's rows (as `report --json`
// prints them), and a segment filters the Dashboard exactly as a workbook holding only its members would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook, withWorkbookFile } from '../../../functions/workbook/xlsx-workbook';
import { createServerApi } from '../../../shared/api';
import { MemoryWorkbook, type CellValue, type Grid } from '../../../shared/workbook';
import { cli } from './run-cli';

const DATE = '2026-11-23';

type Row = Record<string, CellValue>;
const rowsOf = (grid: Grid | undefined): Row[] => (grid?.rows ?? []).map((cells) => Object.fromEntries(grid!.header.map((h, i) => [h, cells[i] ?? null])));
const text = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

describe('segments and reports written to the sheet', { timeout: 240_000 }, () => {
  let dir = '';
  let file = '';

  const customers = async (): Promise<Row[]> => rowsOf((await openXlsxWorkbook(file)).read('Customers'));
  const isGauteng = (c: Row): boolean => text(c.region).toLowerCase() === 'gauteng';
  const isCorporate = (c: Row): boolean => text(c.category).toLowerCase() === 'corporate';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'regulars-segment-outputs-'));
    file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 300, seed: 5, today: DATE });
    expect((await cli(['score', '--workbook', file, '--date', DATE], dir)).code).toBe(0);
    await withWorkbookFile(file, (wb) =>
      wb.append('Segments', [
        ['S-000101', 'Gauteng', 'region = "Gauteng"', null, null, null],
        ['S-000102', 'Corporate', 'category = "corporate"', null, null, null],
        // A name a sheet would read as a formula.
        ['S-000103', '=SUM(A1)', 'region = "Gauteng" and category = "corporate"', null, null, null],
      ]),
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('segment write marks each member, keeps other segments in the cell, and a formula-like name stays text', async () => {
    const first = await cli(['segment', 'write', 'gauteng', '--workbook', file, '--date', DATE, '--json'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const before = await customers();
    const gauteng = before.filter(isGauteng).length;
    expect(gauteng).toBeGreaterThan(10);
    const written = JSON.parse(first.stdout) as { segment: string; members: number; added: number; removed: number; undoId: string };
    expect([written.segment, written.members, written.added, written.removed]).toEqual(['Gauteng', gauteng, gauteng, 0]);
    expect(written.undoId).toMatch(/^SEG-/);
    for (const c of before) expect(text(c.segments), text(c.id)).toBe(isGauteng(c) ? 'Gauteng' : '');

    expect((await cli(['segment', 'write', 'Corporate', '--workbook', file, '--date', DATE], dir)).code).toBe(0);
    expect((await cli(['segment', 'write', '=SUM(A1)', '--workbook', file, '--date', DATE], dir)).code).toBe(0);
    const after = await customers();
    for (const c of after) {
      const want = [isGauteng(c) && 'Gauteng', isCorporate(c) && 'Corporate', isGauteng(c) && isCorporate(c) && '=SUM(A1)'].filter((n) => n !== false);
      expect(c.segments ?? '', text(c.id)).toBe(want.length > 0 ? want.join('; ') : '');
    }
    expect(after.some((c) => text(c.segments) === 'Gauteng; Corporate; =SUM(A1)')).toBe(true);
  });

  it('a changed rule unmarks those who left, and import undo puts the column back as it was', async () => {
    const before = (await customers()).map((c) => [text(c.id), c.segments ?? null]);
    await withWorkbookFile(file, (wb) => {
      const at = rowsOf(wb.read('Segments')).findIndex((s) => s.name === 'Gauteng');
      wb.write('Segments', [{ row: at + 2, col: 3, value: 'region = "Western Cape"' }]);
    });
    const r = await cli(['segment', 'write', 'Gauteng', '--workbook', file, '--date', DATE, '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { added: number; removed: number; undoId: string };
    const now = await customers();
    const western = (c: Row): boolean => text(c.region).toLowerCase() === 'western cape';
    expect(out.added).toBe(now.filter(western).length);
    expect(out.removed).toBe(now.filter(isGauteng).length);
    for (const c of now) expect(text(c.segments).split('; ').includes('Gauteng'), text(c.id)).toBe(western(c));

    const undo = await cli(['import', 'undo', out.undoId, '--workbook', file], dir);
    expect(undo.code, undo.stderr).toBe(0);
    expect((await customers()).map((c) => [text(c.id), c.segments ?? null])).toEqual(before);
    await withWorkbookFile(file, (wb) => {
      const at = rowsOf(wb.read('Segments')).findIndex((s) => s.name === 'Gauteng');
      wb.write('Segments', [{ row: at + 2, col: 3, value: 'region = "Gauteng"' }]);
    });
  });

  it('refuses an unknown segment by name, listing those there are', async () => {
    const r = await cli(['segment', 'write', 'Nobody', '--workbook', file, '--date', DATE], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no segment "Nobody" on the Segments tab \(there are: .*Gauteng, Corporate/);
  });

  it('report --write puts every dimension on the Reports tab, as report --json prints it', async () => {
    const w = await cli(['report', '--workbook', file, '--date', DATE, '--write', '--json'], dir);
    expect(w.stderr).toBe('');
    expect(w.code).toBe(0);
    const written = JSON.parse(w.stdout) as { tab: string; dimensions: string[]; rows: number };
    expect(written.dimensions).toEqual(['contact_type', 'category', 'region', 'industry', 'account_manager', 'source', 'clv_tier', 'rfm_segment', 'segment']);
    const tab = rowsOf((await openXlsxWorkbook(file)).read('Reports'));
    expect(tab.length).toBe(written.rows);
    for (const by of ['region', 'segment']) {
      const printed = JSON.parse((await cli(['report', '--workbook', file, '--date', DATE, '--by', by, '--json'], dir)).stdout) as { rows: Row[]; total: Row };
      const lines = tab.filter((r) => r.dimension === by);
      expect(lines.map((r) => r.group)).toEqual([...printed.rows.map((r) => r.group), 'total']);
      [...printed.rows, printed.total].forEach((want, i) => {
        const got = lines[i]!;
        expect([got.customers, got.active_12m, got.as_of]).toEqual([want.customers, want.active_12m, DATE]);
        for (const key of ['revenue_12m', 'clv_sum', 'value_at_risk', 'cost_12m', 'profit_12m']) expect(got[key], `${by} ${text(got.group)} ${key}`).toBeCloseTo(want[key] as number, 2);
        for (const key of ['retention_rate', 'repeat_rate']) expect(got[key] ?? null, key).toEqual(want[key] === null ? null : Math.round((want[key] as number) * 10_000) / 10_000);
      });
    }
    // The segment named like a formula is a group, as text.
    expect(tab.some((r) => r.dimension === 'segment' && r.group === '=SUM(A1)')).toBe(true);
    expect(tab.filter((r) => r.dimension === '80/20').map((r) => r.group)).toEqual(['make 80% of the revenue', 'make 80% of the profit', 'cost more than they bring']);
  });

  it('report --write --segment counts only the members, and says so on every row', async () => {
    expect((await cli(['report', '--workbook', file, '--date', DATE, '--write', '--segment', 'Gauteng'], dir)).code).toBe(0);
    const tab = rowsOf((await openXlsxWorkbook(file)).read('Reports'));
    const counted = (await customers()).filter((c) => isGauteng(c) && text(c.status) === 'active' && ['', 'customer'].includes(text(c.contact_type))).length;
    expect(tab.find((r) => r.dimension === 'region' && r.group === 'total')?.customers).toBe(counted);
    expect(tab.find((r) => r.dimension === 'region' && r.group === 'Gauteng')?.customers).toBe(counted);
    expect(new Set(tab.map((r) => r.only_segment))).toEqual(new Set(['Gauteng']));
  });

  it('the Dashboard over a segment is the dashboard of a workbook holding only its members', async () => {
    const xlsx = await openXlsxWorkbook(file);
    const grids = Object.fromEntries(xlsx.tabNames().map((t) => [t, xlsx.read(t)!]));
    // The members and the rows merged into them, by plain loops over the tabs.
    const all = rowsOf(grids.Customers);
    const members = new Set(all.filter(isGauteng).map((c) => text(c.id)));
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of all) if (text(c.status) === 'merged' && members.has(text(c.merged_into)) && !members.has(text(c.id))) grew = members.add(text(c.id)) !== undefined;
    }
    const only = (tab: string, column: string): Grid => {
      const g = grids[tab]!;
      return { header: g.header, rows: g.rows.filter((cells) => members.has(text(cells[g.header.indexOf(column)]))) };
    };
    const hand = new MemoryWorkbook({ ...grids, Customers: only('Customers', 'id'), Purchases: only('Purchases', 'customer_id'), Interactions: only('Interactions', 'customer_id'), Defections: only('Defections', 'customer_id'), Outbox: only('Outbox', 'customer_id') });
    const deps = { now: () => `${DATE}T08:00:00Z`, user: () => 'owner@shop.example' };
    const expected = createServerApi({ ...deps, workbook: () => hand }).getDashboard({});
    const api = createServerApi({ ...deps, workbook: () => xlsx });
    const got = api.getSegmentDashboard({ segment: 'gauteng' });
    if (!expected.ok || !got.ok) throw new Error('dashboard refused');
    expect(got.value.heading).toBe(`${expected.value.heading} · segment "Gauteng"`);
    expect(got.value.tables).toEqual(expected.value.tables);
    expect(got.value.charts).toEqual(expected.value.charts);
    // And not the whole workbook's.
    const whole = api.getDashboard({});
    expect(whole.ok && whole.value.tables.find((t) => t.id === 'summary')).not.toEqual(got.value.tables.find((t) => t.id === 'summary'));
    const refused = api.getSegmentDashboard({ segment: 'Nobody' });
    expect(!refused.ok && refused.issues.map((i) => [i.path, i.message])).toEqual([[['segment'], expect.stringMatching(/no segment "Nobody"/) as unknown]]);
  });
});
