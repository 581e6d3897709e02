import { describe, expect, it } from 'vitest';
import { buildDashboard, chartCaption, dashboardSheet, percentileTiers, readDashboardSheet, tableById, type Dashboard } from '../../../shared/dashboard';
import { satisfactionSheetTables, satisfactionView } from '../../../shared/satisfaction';
import type { Interaction } from '../../../shared/workbook';
import { AS_OF, customer, customers, interactions, purchases, settings } from '../retention/fixture';

const input = { customers, purchases, interactions, settings: { ...settings, currency: 'ZAR' }, today: AS_OF };
const dashboard = buildDashboard(input);
const column = (d: Dashboard, table: string, k: number) => tableById(d, table).rows.map((r) => r[k]);

describe('buildDashboard tables (hand-computed on the retention fixture)', () => {
  it('gives revenue, orders, active and new customers and the rates by month', () => {
    const t = tableById(dashboard, 'revenue');
    expect(t.rows).toEqual([
      ['2025-01', 400, 3, 2, 2, null, 0.5],
      ['2025-02', 350, 2, 2, 1, 0.5, 0.5],
      ['2025-03', 290, 3, 3, 1, 1, 0.6667],
      ['2025-04', 100, 1, 1, 0, 0.3333, 1],
      ['2025-05', 0, 0, 0, 0, 0, null],
      ['2025-06', 30, 2, 1, 1, null, 0],
    ]);
  });

  it('gives the cohort heatmap by first-purchase month, blank where the month has not come', () => {
    const t = tableById(dashboard, 'cohorts');
    expect(t.header.slice(0, 4)).toEqual(['First purchase', 'Customers', 'M0', 'M1']);
    expect(t.rows.map((r) => r.slice(0, 8))).toEqual([
      ['2025-01', 2, 1, 0.5, 0.5, 0.5, 0, 0],
      ['2025-02', 1, 1, 1, 0, 0, 0, null],
      ['2025-03', 1, 1, 0, 0, 0, null, null],
      ['2025-06', 1, 1, null, null, null, null, null],
    ]);
  });

  it('gives the 80/20 curve and says what share of buyers brings 80% of revenue', () => {
    const t = tableById(dashboard, 'pareto');
    // Net revenue 500, 300, 300, 40, 30 = 1170: the top 3 of 5 buyers (60%) bring 1100 ≥ 936; the top 20% bring 500.
    expect(t.note).toBe('60% of buyers bring 80% of revenue; the top 20% bring 42.7%.');
    expect(t.rows[4]).toEqual([0.2, 0.4274, 0.2]);
    expect(t.rows[20]).toEqual([1, 1, 1]);
  });

  it('puts buyers in percentile tiers by revenue when CLV has not been scored', () => {
    // Ranks: C3 500 (rank 0 of 5 → next 15%), C1 300 and C2 300 (ties share next 30%), C4 40 and C5 30 (bottom 50%).
    const t = tableById(dashboard, 'tiers');
    expect(t.rows).toEqual([
      ['Next 15%', 1, 500, 0.4274],
      ['Next 30%', 2, 600, 0.5128],
      ['Bottom 50%', 2, 70, 0.0598],
    ]);
    expect(percentileTiers(new Map([['a', 3], ['b', 2], ['c', 1]])).get('c')).toBe('Bottom 50%');
  });

  it('uses the CLV columns of Customers once they are scored', () => {
    const scored = customers.map((c, i) => ({ ...c, clv_12m: 100 * (i + 1), clv_tier: i >= 4 ? 'high' : 'low', p_alive: 0.5 }));
    const t = tableById(buildDashboard({ ...input, customers: scored }), 'tiers');
    expect(t.title).toBe('Customers by CLV tier');
    // high: C5 500 + C8 600; low: C1–C4 100 + 200 + 300 + 400; ordered by value per customer.
    expect(t.rows).toEqual([
      ['high', 2, 1100, 0.5238],
      ['low', 4, 1000, 0.4762],
    ]);
  });

  it('lists customers at risk worth a call and defections ranked by lost profit, with totals by type', () => {
    // C4 is at risk too but has no phone and no e-mail: not worth a call, and the note says so.
    expect(column(dashboard, 'at_risk', 0)).toEqual(['C1']);
    expect(tableById(dashboard, 'at_risk').note).toContain('1 more at risk have no phone or e-mail');
    expect(tableById(dashboard, 'at_risk').rows[0]!.slice(1, 8)).toEqual(['Ann', '+27821110001', '', '2025-04-20', 71, 36, 0.7451]);
    expect(column(dashboard, 'defections', 2)).toEqual(['Not returning after a complaint', 'No repurchase', 'No repurchase', 'Missed appointment', 'Not returning after a complaint', 'Complaint unresolved']);
    const lost = column(dashboard, 'defections', 5) as number[];
    expect([...lost].sort((a, b) => b - a)).toEqual(lost);
    // C2's yearly margin: 150 a purchase day × 365.25 ÷ 16.5 days × 50%.
    expect(lost[0]).toBeCloseTo(150 * (365.25 / 16.5) * 0.5, 2);
    expect(column(dashboard, 'defection_types', 0)).toEqual(['No repurchase', 'Not returning after a complaint', 'Missed appointment', 'Complaint unresolved']);
  });

  it('summarises the whole picture', () => {
    const summary = new Map(tableById(dashboard, 'summary').rows.map((r) => [r[0], r[1]]));
    expect(summary.get('Customers')).toBe(6);
    expect(summary.get('Buyers')).toBe(5);
    expect(summary.get('Revenue, all time')).toBe(1170);
    expect(summary.get('Bought in the last 90 days')).toBe(2); // C1 (71 days) and C5 (15 days)
    expect(summary.get('Repeat buyers')).toBe(0.6);
    expect(summary.get('Open defections')).toBe(6);
  });
});

describe('chart specifications', () => {
  it('draws every chart the issue asks for from columns its table has', () => {
    expect(dashboard.charts.map((c) => [c.id, c.type])).toEqual([
      ['revenue', 'column'],
      ['active', 'line'],
      ['retention', 'line'],
      ['cohorts', 'heatmap'],
      ['pareto', 'line'],
      ['tiers_customers', 'pie'],
      ['tiers_value', 'column'],
      ['segments', 'bar'],
      ['at_risk', 'bar'],
      ['defection_types', 'bar'],
    ]);
    for (const chart of dashboard.charts) {
      const table = tableById(dashboard, chart.table);
      for (const k of [chart.domain, ...chart.series]) expect(k).toBeLessThan(table.header.length);
      // Each chart carries its sentence, read from its own table.
      expect(chart.caption).toBe(chartCaption(chart, table, dashboard.currency, dashboard.asOf));
      expect(chart.caption.length).toBeGreaterThan(20);
    }
    const active = dashboard.charts.find((c) => c.id === 'active')!;
    expect(active.series.map((k) => tableById(dashboard, 'revenue').header[k])).toEqual(['Active customers', 'New customers']);
  });

  it('is empty but well formed without purchases', () => {
    const empty = buildDashboard({ ...input, purchases: [], interactions: [], customers: [customer('C1')] });
    expect(tableById(empty, 'revenue').rows).toEqual([]);
    expect(tableById(empty, 'pareto').note).toBe('No revenue yet.');
    expect(tableById(empty, 'at_risk').note).toBe('Nobody is slipping away right now.');
  });
});

describe('the Dashboard tab', () => {
  it('lays tables out one under another and reads them back from the cells', () => {
    const sheet = dashboardSheet(dashboard);
    expect(sheet.layout.header.slice(0, 3)).toEqual(['Table', 'Column 1', 'Column 2']);
    const back = readDashboardSheet(sheet.rows.map((r) => [...r]));
    for (const table of dashboard.tables) {
      const read = back.get(table.id)!;
      expect([read.title, read.note, read.header]).toEqual([table.title, table.note, table.header]);
      expect(read.rows).toEqual(table.rows);
      const place = sheet.placements.find((p) => p.id === table.id)!;
      // Sheet row n is rows[n − 2] (row 1 is the header).
      expect(sheet.rows[place.headerRow - 2]).toEqual([table.id, ...table.header]);
      expect(place.rows).toBe(table.rows.length);
    }
  });

  it('never writes NaN', () => {
    const sheet = dashboardSheet({ ...dashboard, tables: [{ id: 'x', title: 't', header: ['a'], formats: ['number'], rows: [[Number.NaN], [Infinity]], note: '' }] });
    expect(sheet.rows.flat().some((v) => typeof v === 'number' && !Number.isFinite(v))).toBe(false);
  });
});

describe('the Dashboard tab\'s satisfaction block', () => {
  const rating = (customer_id: string, date: string, score: number): Interaction => ({ id: '', customer_id, date, kind: 'survey', subject: 'How did we do?', score, score_max: 5 }) as Interaction;
  // Ratings only (so the block shows the share satisfied): A gave 1 in March 2024, 5 in May 2025 and 4 in June;
  // B gave 3 in May 2025. The segment "B only" holds B.
  const input12 = {
    interactions: [rating('A', '2024-03-15', 1), rating('A', '2025-05-02', 5), rating('B', '2025-05-20', 3), rating('A', '2025-06-10', 4)],
    asOf: '2025-06-30',
    customerIds: new Set(['A', 'B']),
    segments: [{ name: 'B only', ids: new Set(['B']) }],
    months: 12,
  };
  const view = satisfactionView(input12);
  const block = satisfactionSheetTables(view);

  it('shows the share satisfied by month for the last 12 months with the rating counts, and by segment (hand-computed)', () => {
    const [months, segments] = block;
    expect(months!.header).toEqual(['Month', 'Ratings (1–5)', 'Satisfied (4–5 of 5)']);
    // July 2024 … June 2025; March 2024 falls outside. May: 5 and 3 → 1 of 2; June: 4 → 1 of 1.
    expect(months!.rows).toEqual([...['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04'].map((m) => [m, 0, null]), ['2025-05', 2, 0.5], ['2025-06', 1, 1]]);
    expect(months!.note).toBe('The share satisfied in 2025-06 was 100%, up 50 points from 2025-05 (1 answer).');
    // Everyone, every month: 1, 5, 3, 4 → 2 of 4 satisfied; B: 3 → 0 of 1.
    expect(segments!.rows).toEqual([['All customers', 4, 0.5], ['B only', 1, 0]]);
    expect(segments!.note).toBe('All customers: 50%; lowest is B only at 0%: ask that segment what to improve first.');
  });

  it('counts only the period\'s answers when given one, and names it in the titles', () => {
    const year = satisfactionView({ ...input12, from: '2024-07-01' });
    const [months, segments] = satisfactionSheetTables(year, 'last 12 months');
    expect([months!.title, segments!.title]).toEqual(['Share satisfied by month, last 12 months', 'Share satisfied by segment, last 12 months']);
    // Without March 2024's 1: 5, 3, 4 → 2 of 3 satisfied.
    expect(segments!.rows).toEqual([['All customers', 3, 0.6667], ['B only', 1, 0]]);
    expect(months!.rows).toEqual([['2025-05', 2, 0.5], ['2025-06', 1, 1]]);
  });

  it('is laid out under the other tables by the same rules (title, note, header, rows, column A the table id)', () => {
    const sheet = dashboardSheet({ ...dashboard, tables: [...dashboard.tables, ...block] });
    const place = sheet.placements.find((p) => p.id === 'satisfaction_by_month')!;
    const last = sheet.placements.find((p) => p.id === dashboard.tables[dashboard.tables.length - 1]!.id)!;
    // A blank row after the last table, then the block's title.
    expect(place.titleRow).toBe(last.headerRow + last.rows + 2);
    expect(sheet.rows[place.titleRow - 2]).toEqual(['satisfaction_by_month', 'Share satisfied by month']);
    expect(sheet.rows[place.headerRow - 2]).toEqual(['satisfaction_by_month', 'Month', 'Ratings (1–5)', 'Satisfied (4–5 of 5)']);
    const back = readDashboardSheet(sheet.rows.map((r) => [...r]));
    expect(back.get('satisfaction_by_segment')!.rows).toEqual([['All customers', 4, 0.5], ['B only', 1, 0]]);
  });
});
