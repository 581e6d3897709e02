import { describe, expect, it } from 'vitest';
import { drawDashboard } from '../../addon/server/charts';
import { columnLetters } from '../../shared/workbook';
import { buildDashboard, dashboardSheet, type Dashboard } from '../../shared/dashboard';
import { AS_OF, customer, customers, interactions, purchase, purchases, settings } from '../shared/retention/fixture';
import { FakeChartSheet, fakeChartServices, type FakeChart } from './fakes/charts';

function draw(dashboard: Dashboard, sheet = new FakeChartSheet()) {
  const layout = dashboardSheet(dashboard);
  const result = drawDashboard(sheet, fakeChartServices, dashboard, layout.placements, layout.layout.header.length);
  return { sheet, result, layout };
}

const dashboard = buildDashboard({ customers, purchases, interactions, settings: { ...settings, currency: 'ZAR' }, today: AS_OF });

describe('native dashboard charts', () => {
  it('draws one Sheets chart per chart spec from the table ranges on the Dashboard tab', () => {
    const { sheet, result, layout } = draw(dashboard);
    expect(result.charts).toBe(9);
    expect(sheet.charts.map((c) => [c.type, c.options.title])).toEqual([
      ['column', 'Revenue by month'],
      ['line', 'Active and new customers by month'],
      ['line', 'Retention and repeat-purchase rate by month'],
      ['line', 'The 80/20 curve'],
      ['pie', 'Customers by value tier'],
      ['column', 'Value by tier'],
      ['bar', 'Customers by RFM segment'],
      ['bar', 'Profit at stake: customers worth a call'],
      ['bar', 'Lost profit by defection type'],
    ]);
    const revenue = layout.placements.find((p) => p.id === 'revenue')!;
    // Month (table column 0 = sheet column B) and Active/New customers (table columns 3, 4 = E, F), header row + 6 months.
    const active = sheet.charts[1]!;
    expect(active.ranges).toEqual([
      { row: revenue.headerRow, col: 2, numRows: 7, numCols: 1 },
      { row: revenue.headerRow, col: 5, numRows: 7, numCols: 1 },
      { row: revenue.headerRow, col: 6, numRows: 7, numCols: 1 },
    ]);
    expect(active.headers).toBe(1);
    expect(active.options.hAxis).toMatchObject({ title: 'Month' });
    expect(active.options.vAxis).toMatchObject({ title: 'Customers', format: '#,##0' });
    expect(active.options.vAxes).toEqual({ 0: { title: 'Customers' } });
    // Stacked to the right of the tab's columns, 20 rows apart.
    expect(sheet.charts.map((c) => c.position)).toEqual(sheet.charts.map((_, i) => [1 + 20 * i, layout.layout.header.length + 2, 0, 0]));
  });

  it('titles each axis with its unit and currency, formats its numbers and adds the sentence under the title', () => {
    const { sheet } = draw(dashboard);
    const byTitle = new Map(sheet.charts.map((c) => [c.options.title, c.options]));
    expect(byTitle.get('Revenue by month')!.vAxis).toMatchObject({ title: 'Revenue (ZAR)', format: 'short' });
    expect(byTitle.get('Retention and repeat-purchase rate by month')!.vAxis).toMatchObject({ title: 'Share of buyers (%)', format: 'percent' });
    // A bar chart's values run across: the profit axis is the horizontal one.
    expect(byTitle.get('Profit at stake: customers worth a call')!.hAxis).toMatchObject({ title: 'Profit (ZAR)', format: 'short' });
    expect(sheet.charts.map((c) => c.options.subtitle)).toEqual(dashboard.charts.filter((c) => c.type !== 'heatmap').map((c) => c.caption));
    expect(sheet.charts.every((c) => typeof c.options.subtitle === 'string' && c.options.subtitle.length > 20)).toBe(true);
  });

  it('sets no text under 11 points', () => {
    const sizes: number[] = [];
    const walk = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'fontSize') sizes.push(inner as number);
        walk(inner);
      }
    };
    for (const c of draw(dashboard).sheet.charts) walk(c.options);
    expect(sizes.length).toBeGreaterThan(9 * 3);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it('shades the cohort table as a 0–100% colour scale instead of a chart', () => {
    const { sheet, layout } = draw(dashboard);
    const cohorts = layout.placements.find((p) => p.id === 'cohorts')!;
    // M0…M12 are table columns 2…14, i.e. sheet columns D…P; four cohorts.
    expect(sheet.rules).toEqual([{ gradient: [0, 1], range: { row: cohorts.headerRow + 1, col: 4, numRows: 4, numCols: 13 } }]);
  });

  it('formats percent and currency columns with one call per format', () => {
    const { sheet, layout } = draw(dashboard);
    expect(sheet.calls.filter((c) => c === 'setNumberFormat')).toHaveLength(3);
    const revenue = layout.placements.find((p) => p.id === 'revenue')!;
    const top = revenue.headerRow + 1;
    expect(sheet.numberFormats.get('#,##0.00')).toContain(`C${top}:C${top + 5}`);
    expect(sheet.numberFormats.get('0.0%')).toContain(`G${top}:G${top + 5}`);
  });

  it('replaces the charts of an earlier run', () => {
    const old: FakeChart = { type: 'pie', ranges: [], headers: 1, options: { title: 'old' }, position: [1, 1, 0, 0] };
    const { sheet } = draw(dashboard, new FakeChartSheet([old]));
    expect(sheet.charts).toHaveLength(9);
    expect(sheet.charts.some((c) => c.options.title === 'old')).toBe(false);
  });

  it('makes the same number of calls however many rows the tables have', () => {
    const small = draw(dashboard).sheet.calls;
    // Ten copies of every customer: ten times the rows in the at-risk and defection tables.
    const many = [...Array(10).keys()].flatMap((k) => customers.map((c) => customer(`${c.id}-${k}`, { first_name: c.first_name, phone: c.phone })));
    const morePurchases = [...Array(10).keys()].flatMap((k) => purchases.map((p) => purchase(`${p.customer_id}-${k}`, p.date ?? '', p.amount)));
    const big = buildDashboard({ customers: many, purchases: morePurchases, interactions: [], settings: { ...settings, currency: '' }, today: AS_OF });
    expect(big.tables.find((t) => t.id === 'at_risk')!.rows.length).toBeGreaterThan(2);
    expect(draw(big).sheet.calls).toEqual(small);
  });

  it('skips charts of empty tables', () => {
    const empty = buildDashboard({ customers: [customer('C1')], purchases: [], settings: { ...settings, currency: '' }, today: AS_OF });
    const { sheet } = draw(empty);
    expect(sheet.charts.map((c) => c.options.title)).toEqual(['Customers by RFM segment']);
    expect(sheet.rules).toEqual([]);
  });

  it('names columns in A1 notation', () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
