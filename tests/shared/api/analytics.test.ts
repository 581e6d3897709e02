import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAnalyticsApi, SCORED_COLUMNS, type ScoreCustomersResult } from '../../../shared/api';
import { DASHBOARD_TAB, readDashboardSheet } from '../../../shared/dashboard';
import { MemoryWorkbook, type CellValue, type Grid } from '../../../shared/workbook';
import { hardieSummary } from '../clv/cdnow';
import { customers, interactions, purchases } from '../retention/fixture';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv');

const NOW = '2025-06-30T10:00:00Z';
const BASE_HEADER = ['id', 'first_name', 'last_name', 'phone', 'email', 'status', 'merged_into'];

function customersGrid(ids: { id: string; name?: string; status?: string; into?: string }[], header = BASE_HEADER): Grid {
  return { header: [...header], rows: ids.map((c) => header.map((h) => ({ id: c.id, first_name: c.name ?? c.id, status: c.status ?? 'active', merged_into: c.into ?? '' })[h] ?? null)) };
}

function purchasesGrid(rows: { customer_id: string; date: string | undefined; amount: number | undefined }[]): Grid {
  return { header: ['id', 'customer_id', 'date', 'amount'], rows: rows.map((p, i) => [`P-${i + 1}`, p.customer_id, p.date ?? null, p.amount ?? null]) };
}

const settingsGrid: Grid = { header: ['key', 'value'], rows: [['margin_pct', 50], ['discount_rate', 0], ['complaint_days', 30], ['time_zone', 'Africa/Johannesburg'], ['currency', 'ZAR']] };

function fixtureBook(): MemoryWorkbook {
  return new MemoryWorkbook({
    Customers: customersGrid([...customers.map((c) => ({ id: c.id, name: c.first_name })), { id: 'C9', status: 'merged', into: 'C4' }]),
    Purchases: purchasesGrid([...purchases, { customer_id: 'C9', date: '2025-06-01', amount: 60 }]),
    Interactions: { header: ['id', 'customer_id', 'date', 'kind', 'status', 'resolved_at'], rows: interactions.map((i) => [i.id, i.customer_id, i.date ?? null, i.kind, i.status, i.resolved_at ?? null]) },
    Settings: settingsGrid,
  });
}

const deps = (wb: MemoryWorkbook) => ({ workbook: () => wb, now: () => NOW, user: () => 'test@example.com' });

function scored(wb: MemoryWorkbook): Map<string, Record<string, CellValue>> {
  const grid = wb.snapshot('Customers')!;
  const out = new Map<string, Record<string, CellValue>>();
  for (const row of grid.rows) out.set(String(row[0]), Object.fromEntries(grid.header.map((h, i) => [h, row[i] ?? null])));
  return out;
}

function mustScore(wb: MemoryWorkbook): ScoreCustomersResult {
  const result = createAnalyticsApi(deps(wb)).scoreCustomers({});
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  if (result.value.source !== 'sheet') throw new Error(`scored from ${result.value.source}`);
  return result.value;
}

describe('scoreCustomers', () => {
  it('adds the scored columns and writes them in one batch, with the hand-computed retention figures', () => {
    const wb = fixtureBook();
    const result = mustScore(wb);
    expect(wb.snapshot('Customers')!.header).toEqual([...BASE_HEADER, ...SCORED_COLUMNS]);
    expect(wb.calls.write).toBe(1);
    expect(result.asOf).toBe('2025-06-30');
    expect([result.scored, result.buyers]).toEqual([6, 5]);
    const rows = scored(wb);
    // C1 bought on 4 days (300), last on 20 April; 71 days since, usual gap 36 days: 1 − 2^(−71/36) = 0.745.
    const c1 = rows.get('C1')!;
    expect([c1.orders, c1.revenue, c1.first_purchase, c1.last_purchase, c1.rfm_segment]).toEqual([4, 300, '2025-01-05', '2025-04-20', 'Loyal']);
    // C3: two purchases of 300 and a refund of 100 (a refund is not an order).
    expect([rows.get('C3')!.orders, rows.get('C3')!.revenue]).toEqual([2, 500]);
    // C4 absorbs the merged C9's purchase of 60 on 1 June; C9's own row is blank.
    expect([rows.get('C4')!.orders, rows.get('C4')!.revenue, rows.get('C4')!.last_purchase]).toEqual([2, 100, '2025-06-01']);
    expect(SCORED_COLUMNS.map((c) => rows.get('C9')![c])).toEqual(SCORED_COLUMNS.map(() => null));
    // C8 never bought: no cost is set, so cost and profit are 0 (not blank: the report counts C8).
    expect(SCORED_COLUMNS.map((c) => rows.get('C8')![c])).toEqual([0, 0, null, null, null, null, null, null, null, null, 0, 0]);
    // C1's 300 of revenue, all in the 365 days to 30 June, at the Settings margin of 50 %, with no costs set.
    expect([c1.cost_12m, c1.profit_12m]).toEqual([0, 150]);
    // The purchase of 2 July is after today and is left out.
    expect(rows.get('C5')!.revenue).toBe(30);
  });

  it('records each defection once on the Defections tab, with its estimated lost profit', () => {
    const wb = fixtureBook();
    expect(mustScore(wb).newDefections).toBe(6);
    const tab = wb.snapshot('Defections')!;
    const at = (name: string) => tab.header.indexOf(name);
    // The hand-checked defections of the retention tests. C4 also bought on 1 June through the merged C9, so the
    // typical gap is the median of 5, 28, 36 and 92 days = 32, and C3 (250 a day every (28 + 32) ÷ 2 = 30 days)
    // now outranks C2 (150 a day every (5 + 32) ÷ 2 = 18.5 days).
    expect(tab.rows.map((r) => [r[at('customer_id')], r[at('type')], r[at('detected_at')]])).toEqual([
      ['C3', 'no_repurchase', '2025-04-29'],
      ['C2', 'not_returning', '2025-02-25'],
      ['C2', 'no_repurchase', '2025-02-09'],
      ['C1', 'missed_appointment', '2025-05-10'],
      // C5: 30 every 32 days; C4: 50 a day every (92 + 32) ÷ 2 = 62 days.
      ['C5', 'complaint_unresolved', '2025-06-28'],
      ['C4', 'not_returning', '2025-04-02'],
    ]);
    // Lost profit, in cents: a year of spend × 50% margin, no discounting.
    const cents = (x: number) => Math.round(x * 100) / 100;
    expect(tab.rows[0]![at('lost_profit_estimate')]).toBe(cents(250 * (365.25 / 30) * 0.5));
    expect(tab.rows[1]![at('lost_profit_estimate')]).toBe(cents(150 * (365.25 / 18.5) * 0.5));
    expect(tab.rows[5]![at('lost_profit_estimate')]).toBe(cents(50 * (365.25 / 62) * 0.5));
    expect(tab.rows.every((r) => /^D-/.test(String(r[at('id')])))).toBe(true);
    // A second run finds them recorded and adds nothing.
    wb.clearCache();
    expect(mustScore(wb).newDefections).toBe(0);
    expect(wb.snapshot('Defections')!.rows).toHaveLength(6);
  });

  it('says clearly when the data cannot support a lifetime model, leaves p_alive blank and uses the rhythm for churn risk', () => {
    const wb = fixtureBook();
    const result = mustScore(wb);
    expect(result.purchaseModel).toBe('history');
    expect(result.messages[0]).toMatch(/Too few customers.*p_alive is left blank/);
    const rows = scored(wb);
    expect(rows.get('C1')!.p_alive).toBeNull();
    expect(rows.get('C1')!.churn_risk).toBe(0.745);
    for (const row of rows.values()) for (const c of SCORED_COLUMNS) expect(Number.isNaN(row[c])).toBe(false);
  });

  it('fits BG/NBD on the CDNOW sample: P(alive) matches the closed form at the published parameters', () => {
    const lines = readFileSync(path.join(fixtures, 'CDNOW_sample.txt'), 'utf8').trim().split('\n');
    const rows = lines.map((line) => {
      // Columns: master id, sample id (Hardie's ID), date, CDs, amount.
      const [, id, ymd, , amount] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return { customer_id: String(Number(id)), date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, amount: Number(amount) };
    });
    const published = hardieSummary();
    const wb = new MemoryWorkbook({ Customers: customersGrid([...published.keys()].map((id) => ({ id }))), Purchases: purchasesGrid(rows), Settings: settingsGrid });
    const result = createAnalyticsApi({ ...deps(wb), now: () => '1997-09-30T12:00:00Z' }).scoreCustomers({});
    if (!result.ok) throw new Error(result.issues[0]!.message);
    expect([result.value.purchaseModel, result.value.spendModel, result.value.scored, result.value.buyers]).toEqual(['bgnbd', 'gamma-gamma', 2357, 2357]);
    expect(wb.calls.write).toBe(1);
    // Fader, Hardie & Lee (2005): r 0.2426, α 4.4136, a 0.7929, b 2.4259; P(alive) = 1 / (1 + [x > 0] a/(b + x − 1) ((α + T)/(α + t_x))^(r + x)).
    const [r, alpha, a, b] = [0.2426, 4.4136, 0.7929, 2.4259];
    const out = scored(wb);
    let checked = 0;
    for (const [id, [x, tx, T]] of published) {
      const expected = x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
      const row = out.get(id)!;
      expect(row.p_alive as number).toBeCloseTo(expected, 2);
      // churn_risk is 1 − P(alive) to 3 decimals.
      expect(Math.abs((row.churn_risk as number) - (1 - (row.p_alive as number)))).toBeLessThanOrEqual(0.00051);
      expect(row.orders).toBeGreaterThanOrEqual(x + 1);
      checked++;
    }
    expect(checked).toBe(2357);
    expect(new Set([...out.values()].map((row) => row.clv_tier))).toEqual(new Set(['high', 'medium', 'low']));
  });

  it('makes the same number of sheet calls for 6 customers and for 600', () => {
    const small = fixtureBook();
    mustScore(small);
    const ids = Array.from({ length: 600 }, (_, i) => `C${i + 1}`);
    const big = new MemoryWorkbook({
      Customers: customersGrid(ids.map((id) => ({ id }))),
      Purchases: purchasesGrid(ids.flatMap((id, i) => [{ customer_id: id, date: '2025-01-10', amount: 10 + (i % 9) }, ...(i % 3 === 0 ? [{ customer_id: id, date: '2025-03-02', amount: 12 }] : [])])),
      Interactions: { header: ['id', 'customer_id', 'date', 'kind'], rows: [] },
      Settings: settingsGrid,
    });
    mustScore(big);
    expect(big.calls).toEqual(small.calls);
    expect(big.calls.write).toBe(1);
  });

  it('refuses with a clear message when there are no purchases to score, and names unreadable cells by row and column', () => {
    const empty = new MemoryWorkbook({ Customers: customersGrid([{ id: 'C1' }]), Purchases: purchasesGrid([]), Settings: settingsGrid });
    const refused = createAnalyticsApi(deps(empty)).scoreCustomers({});
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]!.message).toMatch(/no purchases dated on or before 2025-06-30/);
    expect(empty.calls.write).toBe(0);
    const wb = fixtureBook();
    const grid = wb.snapshot('Purchases')!;
    grid.rows.push(['P-99', 'C1', 'soon', 5]);
    const bad = new MemoryWorkbook({ Customers: wb.snapshot('Customers')!, Purchases: grid, Settings: settingsGrid });
    const result = mustScore(bad);
    expect(result.messages.some((m) => m.includes(`Purchases row ${grid.rows.length + 1}, column "date"`))).toBe(true);
    // A margin that is not a number falls back to the default, and the message says where.
    const badSettings = new MemoryWorkbook({ Customers: wb.snapshot('Customers')!, Purchases: wb.snapshot('Purchases')!, Settings: { header: ['key', 'value'], rows: [['margin_pct', 'lots']] } });
    expect(mustScore(badSettings).messages.some((m) => /^Settings row 2, margin_pct: .+; the default 30 was used\.$/.test(m))).toBe(true);
    const noTab = createAnalyticsApi(deps(new MemoryWorkbook({ Settings: settingsGrid }))).scoreCustomers({});
    expect(noTab.ok).toBe(false);
  });
});

describe('dashboard calls', () => {
  it('getDashboard writes nothing; buildDashboard writes the tables to the Dashboard tab in one call', () => {
    const wb = fixtureBook();
    const api = createAnalyticsApi(deps(wb));
    const view = api.getDashboard({});
    expect(view.ok).toBe(true);
    expect(wb.calls.write + wb.calls.create + wb.calls.append).toBe(0);
    const built = api.buildDashboard({});
    if (!built.ok) throw new Error('buildDashboard failed');
    expect(wb.calls.write).toBe(1);
    const tab = wb.snapshot(DASHBOARD_TAB)!;
    const tables = readDashboardSheet(tab.rows);
    const revenue = tables.get('revenue')!;
    expect(revenue.header.slice(0, 2)).toEqual(['Month', 'Revenue']);
    // Monthly revenue (refunds netted, C9's June purchase counted for C4): Jan 400, Feb 350, Mar 290, Apr 100, May 0, Jun 90.
    expect(revenue.rows.map((r) => [r[0], r[1]])).toEqual([['2025-01', 400], ['2025-02', 350], ['2025-03', 290], ['2025-04', 100], ['2025-05', 0], ['2025-06', 90]]);
    // Where the placements say the table is, the tab holds it.
    const place = built.value.placements.find((p) => p.id === 'revenue')!;
    expect(tab.rows[place.headerRow - 2]!.slice(1, 3)).toEqual(['Month', 'Revenue']);
    expect(tab.rows[place.headerRow - 1]!.slice(1, 3)).toEqual(['2025-01', 400]);
    // A second build replaces the tab, it does not add to it.
    api.buildDashboard({});
    expect(wb.snapshot(DASHBOARD_TAB)!.rows).toHaveLength(tab.rows.length);
  });
});
