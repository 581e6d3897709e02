// Issue 14: scoring writes cost_12m and profit_12m to Customers as `regulars report` counts them. On a demo with
// every cost setting used, each row's figures are checked against a plain loop over the tabs (no engine code),
// and the column sums against the report's total.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook, withWorkbookFile } from '../../../functions/workbook/xlsx-workbook';
import { writeSettings, type CellValue, type Grid } from '../../../shared/workbook';
import { cli } from './run-cli';

const DATE = '2026-11-23';
const ZONE = 'Africa/Johannesburg';
const COSTS = { margin: 0.4, perKind: { call: 9, meeting: 55 } as Record<string, number>, perInteraction: 3, perMessage: 0.8, perOrder: 4.5, fixed: 25 };

type Row = Record<string, CellValue>;
const rowsOf = (grid: Grid | undefined): Row[] => (grid?.rows ?? []).map((cells) => Object.fromEntries(grid!.header.map((h, i) => [h, cells[i] ?? null])));
const text = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());
const dayOf = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
const localDayOf = (stamp: string): number => (stamp.length <= 10 ? dayOf(stamp) : dayOf(new Date(stamp).toLocaleDateString('en-CA', { timeZone: ZONE })));

/** One customer's cost and profit over the 365 days to DATE, by looping over every row of every tab. */
function expectedOf(id: string, tabs: Record<'customers' | 'purchases' | 'interactions' | 'outbox', Row[]>): { cost: number; profit: number } {
  const end = dayOf(DATE);
  const inLast = (d: number): boolean => d > end - 365 && d <= end;
  // Purchases of rows merged into this one count for it.
  const mine = new Set([id, ...tabs.customers.filter((c) => text(c.status) === 'merged' && text(c.merged_into) === id).map((c) => text(c.id))]);
  let revenue = 0;
  let cost = COSTS.fixed;
  for (const p of tabs.purchases) {
    if (!mine.has(text(p.customer_id)) || !inLast(dayOf(text(p.date)))) continue;
    const amount = Number(p.amount ?? 0);
    revenue += amount;
    if (amount >= 0) cost += COSTS.perOrder;
  }
  for (const i of tabs.interactions) if (mine.has(text(i.customer_id)) && inLast(localDayOf(text(i.date)))) cost += COSTS.perKind[text(i.kind)] ?? COSTS.perInteraction;
  for (const m of tabs.outbox) if (mine.has(text(m.customer_id)) && text(m.status) === 'sent' && inLast(localDayOf(text(m.sent_at)))) cost += COSTS.perMessage;
  return { cost, profit: revenue * COSTS.margin - cost };
}

describe('regulars score writes cost_12m and profit_12m', { timeout: 180_000 }, () => {
  let dir = '';
  let file = '';
  let tabs: Record<'customers' | 'purchases' | 'interactions' | 'outbox', Row[]>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'regulars-score-costs-'));
    file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 300, seed: 11, today: DATE });
    await withWorkbookFile(file, (wb) => {
      writeSettings(wb, { margin_pct: 40, cost_per_interaction: 3, cost_per_call: 9, cost_per_meeting: 55, cost_per_message: 0.8, cost_per_order: 4.5, fixed_cost_per_customer: 25, time_zone: ZONE });
      const ids = rowsOf(wb.read('Customers')).filter((c) => text(c.status) === 'active').slice(0, 40).map((c) => text(c.id));
      // Sent inside and outside the window, and a failed send (no cost).
      wb.append('Outbox', ids.map((id, i) => [`O-${i}`, `k-${i}`, 'welcome', id, 'x@example.com', 'Hi', i % 4 === 0 ? 'failed' : 'sent', null, null, i % 2 === 0 ? '2026-11-22T23:30:00Z' : '2025-10-01T10:00:00Z', null, null, null]));
    });
    const scored = await cli(['score', '--workbook', file, '--date', DATE, '--json'], dir);
    expect(scored.stderr).toBe('');
    expect(scored.code).toBe(0);
    const wb = await openXlsxWorkbook(file);
    tabs = { customers: rowsOf(wb.read('Customers')), purchases: rowsOf(wb.read('Purchases')), interactions: rowsOf(wb.read('Interactions')), outbox: rowsOf(wb.read('Outbox')) };
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('each counted customer: cost and profit equal the plain loop; every other row is blank', () => {
    let counted = 0;
    let losing = 0;
    for (const c of tabs.customers) {
      const type = text(c.contact_type);
      const counts = text(c.status) === 'active' && (type === '' || type === 'customer');
      if (!counts) {
        expect([c.cost_12m, c.profit_12m], `${text(c.id)} (${text(c.status)}, ${type})`).toEqual([null, null]);
        continue;
      }
      counted++;
      const want = expectedOf(text(c.id), tabs);
      expect(c.cost_12m, `${text(c.id)} cost_12m`).toBeCloseTo(want.cost, 2);
      expect(c.profit_12m, `${text(c.id)} profit_12m`).toBeCloseTo(want.profit, 2);
      if (want.profit < 0) losing++;
    }
    // The demo has rows of every kind, so both branches above ran, and some customers cost more than they bring.
    expect(counted).toBeGreaterThan(100);
    expect(counted).toBeLessThan(tabs.customers.length);
    expect(losing).toBeGreaterThan(0);
    expect(tabs.customers.some((c) => Number(c.cost_12m) > COSTS.fixed + 60)).toBe(true);
  });

  it('the columns add up to the report\'s total cost and profit', async () => {
    const r = await cli(['report', '--workbook', file, '--date', DATE, '--by', 'region', '--json'], dir);
    expect(r.code).toBe(0);
    const total = (JSON.parse(r.stdout) as { total: { cost_12m: number; profit_12m: number } }).total;
    const sum = (key: string): number => tabs.customers.reduce((s, c) => s + (typeof c[key] === 'number' ? c[key] : 0), 0);
    // Each cell is rounded to cents, so the sums may differ by half a cent a row.
    expect(Math.abs(sum('cost_12m') - total.cost_12m)).toBeLessThan(0.005 * tabs.customers.length);
    expect(Math.abs(sum('profit_12m') - total.profit_12m)).toBeLessThan(0.005 * tabs.customers.length);
  });
});
