import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook, withWorkbookFile } from '../../../functions/workbook/xlsx-workbook';
import { writeSettings, type CellValue, type Grid } from '../../../shared/workbook';
import { cli } from './run-cli';

const DATE = '2026-11-23';

type Row = Record<string, CellValue>;
const rowsOf = (grid: Grid | undefined): Row[] => (grid?.rows ?? []).map((cells) => Object.fromEntries(grid!.header.map((h, i) => [h, cells[i] ?? null])));
const text = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());
const num = (v: CellValue | undefined): number => (typeof v === 'number' ? v : v === null || v === undefined || String(v).trim() === '' ? 0 : Number(v));
/** Whole days since 1970 of the date part, by Date.UTC — a different calendar routine from the engine's. */
const dayOf = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
/** The business-local day of a date-time, by Intl. */
const localDayOf = (stamp: string, zone: string): number =>
  stamp.length <= 10 ? dayOf(stamp) : dayOf(new Date(stamp).toLocaleDateString('en-CA', { timeZone: zone }));

interface Expected {
  group: string;
  customers: number;
  active_12m: number;
  revenue_12m: number;
  retention_rate: number | null;
  repeat_rate: number | null;
  clv_sum: number;
  value_at_risk: number;
  cost_12m: number;
  profit_12m: number;
}

interface Costs {
  margin: number;
  perKind: Record<string, number>;
  perInteraction: number;
  perMessage: number;
  perOrder: number;
  fixed: number;
  zone: string;
}

/** The report computed the slow, obvious way: for each group, for each customer, loop over every row of every tab. */
function expectedReport(tabs: { customers: Row[]; purchases: Row[]; interactions: Row[]; outbox: Row[] }, by: string, costs: Costs, groupsOf: (c: Row) => string[]): Expected[] {
  const end = dayOf(DATE);
  const inLast = (d: number): boolean => d > end - 365 && d <= end;
  const inPrevious = (d: number): boolean => d > end - 730 && d <= end - 365;
  const ownerOf = (id: string): string => {
    let current = id;
    for (let hops = 0; hops < 32; hops++) {
      const c = tabs.customers.find((x) => text(x.id) === current);
      if (!c || text(c.status) !== 'merged' || text(c.merged_into) === '') return current;
      current = text(c.merged_into);
    }
    return current;
  };
  const owner = new Map(tabs.purchases.map((p) => [text(p.customer_id), ownerOf(text(p.customer_id))]));
  const groups = new Map<string, Expected & { before: number; retained: number; repeaters: number }>();
  for (const c of tabs.customers) {
    if (text(c.status) !== 'active') continue;
    const type = text(c.contact_type);
    if (by !== 'contact_type' && type !== '' && type !== 'customer') continue;
    const id = text(c.id);
    const mine = tabs.purchases.filter((p) => owner.get(text(p.customer_id)) === id);
    let revenue = 0;
    let orders = 0;
    const days = new Set<number>();
    let before = false;
    for (const p of mine) {
      const d = dayOf(text(p.date));
      const amount = num(p.amount);
      if (inLast(d)) {
        revenue += amount;
        if (amount >= 0) {
          orders++;
          days.add(d);
        }
      } else if (inPrevious(d) && amount >= 0) before = true;
    }
    let cost = costs.fixed + orders * costs.perOrder;
    for (const i of tabs.interactions) {
      if (text(i.customer_id) === id && inLast(localDayOf(text(i.date), costs.zone))) cost += costs.perKind[text(i.kind)] ?? costs.perInteraction;
    }
    for (const m of tabs.outbox) {
      if (text(m.customer_id) === id && text(m.status) === 'sent' && inLast(localDayOf(text(m.sent_at), costs.zone))) cost += costs.perMessage;
    }
    const clv = num(c.clv_12m);
    for (const group of groupsOf(c)) {
      const g = groups.get(group) ?? { group, customers: 0, active_12m: 0, revenue_12m: 0, retention_rate: null, repeat_rate: null, clv_sum: 0, value_at_risk: 0, cost_12m: 0, profit_12m: 0, before: 0, retained: 0, repeaters: 0 };
      groups.set(group, g);
      g.customers++;
      if (days.size > 0) g.active_12m++;
      if (days.size >= 2) g.repeaters++;
      if (before) g.before++;
      if (before && days.size > 0) g.retained++;
      g.revenue_12m += revenue;
      g.clv_sum += clv;
      g.value_at_risk += clv * num(c.churn_risk);
      g.cost_12m += cost;
      g.profit_12m += revenue * costs.margin - cost;
    }
  }
  return [...groups.values()].map(({ before, retained, repeaters, ...g }) => ({
    ...g,
    retention_rate: before > 0 ? retained / before : null,
    repeat_rate: g.active_12m > 0 ? repeaters / g.active_12m : null,
  }));
}

function compare(actual: Expected[], expected: Expected[]): void {
  const byGroup = (rows: Expected[]): Expected[] => [...rows].sort((a, b) => a.group.localeCompare(b.group));
  const a = byGroup(actual);
  const e = byGroup(expected);
  expect(a.map((r) => r.group)).toEqual(e.map((r) => r.group));
  a.forEach((row, i) => {
    const want = e[i]!;
    expect(Object.keys(row)).toEqual(['group', 'customers', 'active_12m', 'revenue_12m', 'retention_rate', 'repeat_rate', 'clv_sum', 'value_at_risk', 'cost_12m', 'profit_12m']);
    expect([row.group, row.customers, row.active_12m]).toEqual([want.group, want.customers, want.active_12m]);
    for (const key of ['revenue_12m', 'clv_sum', 'value_at_risk', 'cost_12m', 'profit_12m'] as const) expect(row[key], `${row.group} ${key}`).toBeCloseTo(want[key], 6);
    for (const key of ['retention_rate', 'repeat_rate'] as const) {
      if (want[key] === null) expect(row[key]).toBeNull();
      else expect(row[key], `${row.group} ${key}`).toBeCloseTo(want[key], 12);
    }
  });
}

describe('regulars report', { timeout: 180_000 }, () => {
  let dir = '';
  let file = '';
  let tabs: { customers: Row[]; purchases: Row[]; interactions: Row[]; outbox: Row[] };
  const costs: Costs = { margin: 0.35, perKind: { call: 12, visit: 40 }, perInteraction: 5, perMessage: 0.5, perOrder: 7.25, fixed: 60, zone: 'Africa/Johannesburg' };
  // Segments whose membership a plain loop can compute: region, a scored column, and an or over two columns.
  const segments: [string, string, (c: Row) => boolean][] = [
    ['Gauteng', 'region = "Gauteng"', (c) => text(c.region).toLowerCase() === 'gauteng'],
    ['Big spenders', 'revenue >= 5000', (c) => text(c.revenue) !== '' && num(c.revenue) >= 5000],
    ['Corporate or at risk', 'category = "corporate" or churn_risk > 0.5', (c) => text(c.category).toLowerCase() === 'corporate' || (text(c.churn_risk) !== '' && num(c.churn_risk) > 0.5)],
  ];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'regulars-report-cli-'));
    file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 400, seed: 3, today: DATE });
    expect((await cli(['score', '--workbook', file, '--date', DATE, '--json'], dir)).code).toBe(0);
    await withWorkbookFile(file, (wb) => {
      writeSettings(wb, {
        margin_pct: 35,
        cost_per_interaction: 5,
        cost_per_call: 12,
        cost_per_visit: 40,
        cost_per_message: 0.5,
        cost_per_order: 7.25,
        fixed_cost_per_customer: 60,
        time_zone: 'Africa/Johannesburg',
      });
      wb.append('Segments', segments.map(([name, rule], i) => [`S-00000${i + 1}`, name, rule, null, null, null]));
      const ids = rowsOf(wb.read('Customers')).filter((c) => text(c.status) === 'active' && text(c.contact_type) === 'customer').slice(0, 30).map((c) => text(c.id));
      wb.append('Outbox', ids.map((id, i) => [`O-${i}`, `k-${i}`, 'welcome', id, 'x@example.com', 'Hi', i % 3 === 0 ? 'failed' : 'sent', null, null, i % 2 === 0 ? '2026-11-22T23:30:00Z' : '2024-01-05T10:00:00Z', null, null, null]));
    });
    const wb = await openXlsxWorkbook(file);
    tabs = { customers: rowsOf(wb.read('Customers')), purchases: rowsOf(wb.read('Purchases')), interactions: rowsOf(wb.read('Interactions')), outbox: rowsOf(wb.read('Outbox')) };
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the workbook is scored, so CLV and value at risk are not trivially zero', () => {
    expect(tabs.customers.some((c) => num(c.clv_12m) > 0 && num(c.churn_risk) > 0)).toBe(true);
  });

  for (const by of ['contact_type', 'category', 'region', 'industry', 'account_manager', 'source', 'clv_tier', 'rfm_segment']) {
    it(`by ${by}: every figure equals a plain-loop computation from the tabs`, async () => {
      const r = await cli(['report', '--workbook', file, '--date', DATE, '--by', by, '--json'], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { by: string; date: string; rows: Expected[] };
      expect([out.by, out.date]).toEqual([by, DATE]);
      compare(out.rows, expectedReport(tabs, by, costs, (c) => [text(c[by]) === '' ? '(blank)' : text(c[by])]));
    });
  }

  it('by segment: one row per saved segment, members as the rules say', async () => {
    const r = await cli(['report', '--workbook', file, '--date', DATE, '--by', 'segment', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: Expected[] };
    compare(out.rows, expectedReport(tabs, 'segment', costs, (c) => segments.filter(([, , member]) => member(c)).map(([name]) => name)));
  });

  it('--segment keeps only its members', async () => {
    const r = await cli(['report', '--workbook', file, '--date', DATE, '--by', 'region', '--segment', 'big spenders', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: Expected[] };
    compare(out.rows, expectedReport(tabs, 'region', costs, (c) => (segments[1]![2](c) ? [text(c.region) === '' ? '(blank)' : text(c.region)] : [])));
  });

  it('a broken rule stops only the reports that need it, named by row and place', async () => {
    await withWorkbookFile(file, (wb) => wb.append('Segments', [['S-000009', 'Broken', 'region in (', null, null, null]]));
    const other = await cli(['report', '--workbook', file, '--date', DATE, '--by', 'region', '--segment', 'Gauteng', '--json'], dir);
    expect(other.code).toBe(0);
    const bySegment = await cli(['report', '--workbook', file, '--date', DATE, '--by', 'segment'], dir);
    expect(bySegment.code).toBe(2);
    expect(bySegment.stderr).toMatch(/Segments row 5 \("Broken"\): expected a value at the end of the rule \(at character 12\)/);
    await withWorkbookFile(file, (wb) => wb.write('Segments', [{ row: 5, col: 3, value: 'region = "nowhere"' }]));
  });

  it('the 80/20 views: by revenue and by profit, and who costs more than they bring', async () => {
    const r = await cli(['report', '--workbook', file, '--date', DATE, '--by', 'region', '--json'], dir);
    const out = JSON.parse(r.stdout) as { pareto: { profit: { customers: number; count_for_80: number; total: number }; loss_makers: { customers: number; loss: number; worst: { id: string; profit_12m: number }[] } } };
    // Per-customer profit from the same plain loop, one group per customer.
    const perCustomer = expectedReport(tabs, 'region', costs, (c) => [text(c.id)]);
    const each = perCustomer.map((e) => e.profit_12m);
    const worst = perCustomer.filter((e) => e.profit_12m < 0).sort((a, b) => a.profit_12m - b.profit_12m || a.group.localeCompare(b.group)).slice(0, 10);
    expect(out.pareto.loss_makers.worst.map((w) => w.id)).toEqual(worst.map((w) => w.group));
    const total = each.reduce((s, p) => s + p, 0);
    const sorted = [...each].sort((a, b) => b - a);
    let count = 0;
    for (let run = 0; run < 0.8 * total * (1 - 1e-12); ) run += sorted[count++]!;
    expect(out.pareto.profit.customers).toBe(each.length);
    expect(out.pareto.profit.total).toBeCloseTo(total, 6);
    expect(out.pareto.profit.count_for_80).toBe(count);
    expect(out.pareto.loss_makers.customers).toBe(each.filter((p) => p < 0).length);
    expect(out.pareto.loss_makers.customers).toBeGreaterThan(0);
    expect(out.pareto.loss_makers.loss).toBeCloseTo(each.filter((p) => p < 0).reduce((s, p) => s + p, 0), 6);
  });

  it('reads CSV exports in place of the workbook (no costs, margin 30 %)', async () => {
    for (const tab of ['Customers', 'Purchases']) expect((await cli(['export', file, '--tab', tab, '--out', path.join(dir, `${tab}.csv`)], dir)).code).toBe(0);
    const r = await cli(['report', '--customers', 'Customers.csv', '--purchases', 'Purchases.csv', '--date', DATE, '--by', 'region', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const none: Costs = { margin: 0.3, perKind: {}, perInteraction: 0, perMessage: 0, perOrder: 0, fixed: 0, zone: 'UTC' };
    compare((JSON.parse(r.stdout) as { rows: Expected[] }).rows, expectedReport(tabs, 'region', none, (c) => [text(c.region) === '' ? '(blank)' : text(c.region)]));
  });

  it('refuses bad input with a clear message and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--workbook', file, '--date', DATE, '--by', 'shoe_size'], /not a dimension/],
      [['--workbook', file, '--date', '2026-02-30', '--by', 'region'], /not a date/],
      [['--workbook', file, '--date', DATE, '--by', 'region', '--segment', 'Nobody'], /no segment "Nobody".*Gauteng/],
      [['--customers', 'x.csv', '--date', DATE, '--by', 'region'], /--purchases/],
      [['--workbook', path.join(dir, 'missing.xlsx'), '--date', DATE, '--by', 'region'], /no such file/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['report', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    await writeFile(path.join(dir, 'nodate.csv'), 'customer_id,amount\nC-000002,10\n');
    const r = await cli(['report', '--customers', path.join(dir, 'Customers.csv'), '--purchases', 'nodate.csv', '--date', DATE, '--by', 'region'], dir);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/no date column/)]);
  });
});
