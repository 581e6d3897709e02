import { describe, expect, it } from 'vitest';
import { chartCaption, type ChartSpec, type DashboardTable } from '../../../shared/dashboard';

const spec = (id: string, table: string): ChartSpec => ({ id, type: 'column', title: id, table, domain: 0, series: [1], xAxisTitle: '', yAxisTitle: '', format: 'currency', caption: '' });
const revenueTable = (rows: (string | number | null)[][]): DashboardTable => ({ id: 'revenue', title: '', header: [], formats: [], rows, note: '' });
// Month, revenue, orders, active, new, retention rate, repeat rate.
const month = (m: string, revenue: number, active = 10, fresh = 2, retention: number | null = 0.25): (string | number | null)[] => [m, revenue, 0, active, fresh, retention, 0.5];

describe('the sentence under each chart', () => {
  it('compares the last full month with the same month a year before (the running month is left out)', () => {
    const rows = [month('2025-10', 20_000), month('2025-11', 30_000), month('2026-10', 17_600), month('2026-11', 1_000)];
    // 17,600 / 20,000 = 0.88: 12% below.
    expect(chartCaption(spec('revenue', 'revenue'), revenueTable(rows), 'ZAR', '2026-11-23')).toBe('Revenue in 2026-10 was 12% below 2025-10: look at the customers at risk and call the top ones.');
    const up = [month('2025-10', 20_000), month('2026-10', 25_000)];
    expect(chartCaption(spec('revenue', 'revenue'), revenueTable(up), 'USD', '2026-12-01')).toBe('Revenue in 2026-10 was 25% above 2025-10: find out what brought it and do more of it.');
    // No month a year before: the revenue itself, in compact money.
    expect(chartCaption(spec('revenue', 'revenue'), revenueTable([month('2026-10', 4_166_243.52)]), 'ZAR', '2026-11-23')).toBe('Revenue in 2026-10 was R\u00a04.2M: compare it with the same month next year to see the trend.');
  });

  it('averages the retention rate over the last twelve full months', () => {
    const rows = [month('2026-08', 1, 10, 2, 0.2), month('2026-09', 1, 10, 2, 0.3), month('2026-10', 1, 10, 2, null), month('2026-11', 1, 10, 2, 0.9)];
    // (0.2 + 0.3) / 2 = 25%; the running month (0.9) and the month without a rate are left out.
    expect(chartCaption({ ...spec('retention', 'revenue'), format: 'percent' }, revenueTable(rows), '', '2026-11-23')).toMatch(/^On average 25% of a month's buyers bought again the next month: /);
  });

  it('names the cohort follow-up rate, the segments to win back and the costliest defection type', () => {
    const cohorts: DashboardTable = { id: 'cohorts', title: '', header: [], formats: [], note: '', rows: [['2026-01', 10, 1, 0.1], ['2026-02', 5, 1, 0.3], ['2026-03', 4, 1, null]] };
    expect(chartCaption(spec('cohorts', 'cohorts'), cohorts, '', '2026-11-23')).toMatch(/^Only 20% of new customers buy again the month after/);
    const segments: DashboardTable = { id: 'segments', title: '', header: [], formats: [], note: '', rows: [['Champions', 9], ["Can't lose them", 4], ['At risk', 7]] };
    expect(chartCaption(spec('segments', 'segments'), segments, '', '2026-11-23')).toMatch(/^11 customers are "At risk" or "Can't lose them"/);
    const types: DashboardTable = { id: 'defection_types', title: '', header: [], formats: [], note: '', rows: [['No repurchase', 3, 1200], ['Not returning after a complaint', 1, 5400]] };
    expect(chartCaption(spec('defection_types', 'defection_types'), types, 'EUR', '2026-11-23')).toBe('Most lost profit (€5.4K) comes from "Not returning after a complaint": fix that cause first.');
  });

  it('says how to fill an empty chart', () => {
    expect(chartCaption(spec('revenue', 'revenue'), revenueTable([]), '', '2026-11-23')).toMatch(/^Nothing to show yet/);
  });
});
