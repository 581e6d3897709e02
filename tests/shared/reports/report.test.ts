import { describe, expect, it } from 'vitest';
import { buildReport, concentration, costRatesOf, NO_COSTS, ReportLedger, type ReportCustomer } from '../../../shared/reports';
import { parseSettings, type Grid } from '../../../shared/workbook';

const customer = (id: string, fields: Partial<ReportCustomer> = {}): ReportCustomer => ({
  id,
  status: 'active',
  contact_type: 'customer',
  merged_into: '',
  clv_12m: undefined,
  churn_risk: undefined,
  category: '',
  region: '',
  industry: '',
  account_manager: '',
  source: '',
  clv_tier: '',
  rfm_segment: '',
  ...fields,
});

describe('ReportLedger windows', () => {
  // 2026-03-01 is the report date: the last 12 months are 2025-03-02 … 2026-03-01 (365 days, 2026 is not leap),
  // the previous 12 months 2024-03-02 … 2025-03-01 (2024-02-29 falls outside both).
  const date = '2026-03-01';

  it('counts the edges of both windows exactly', () => {
    const ledger = new ReportLedger(date, [customer('A'), customer('B'), customer('C')], NO_COSTS);
    ledger.addPurchase('A', '2025-03-02', 10); // first day of the last 12 months
    ledger.addPurchase('A', '2026-03-01', 5); // the report date itself
    ledger.addPurchase('A', '2026-03-02', 1000); // after the date: ignored
    ledger.addPurchase('B', '2025-03-01', 20); // last day of the previous 12 months
    ledger.addPurchase('C', '2024-03-02', 7); // first day of the previous 12 months
    ledger.addPurchase('C', '2024-03-01', 7); // before both
    expect(ledger.figuresAt(0)).toMatchObject({ active: true, activeBefore: false, repeat: true, revenue: 15, orders: 2 });
    expect(ledger.figuresAt(1)).toMatchObject({ active: false, activeBefore: true, revenue: 0 });
    expect(ledger.figuresAt(2)).toMatchObject({ active: false, activeBefore: true });
  });

  it('two rows on one day are one purchase day; a refund lowers revenue but is no visit', () => {
    const ledger = new ReportLedger(date, [customer('A'), customer('B')], NO_COSTS);
    ledger.addPurchase('A', '2025-06-01', 10);
    ledger.addPurchase('A', '2025-06-01', 30);
    ledger.addPurchase('B', '2025-06-01', 50);
    ledger.addPurchase('B', '2025-07-01', -20);
    expect(ledger.figuresAt(0)).toMatchObject({ active: true, repeat: false, revenue: 40, orders: 2 });
    expect(ledger.figuresAt(1)).toMatchObject({ active: true, repeat: false, revenue: 30, orders: 1 });
  });

  it('counts a merged customer\'s purchases for the survivor at the end of the chain', () => {
    const ledger = new ReportLedger(date, [customer('A'), customer('B', { status: 'merged', merged_into: 'C' }), customer('C', { status: 'merged', merged_into: 'A' })], NO_COSTS);
    ledger.addPurchase('B', '2025-05-01', 12);
    ledger.addPurchase('C', '2025-05-03', 8);
    expect(ledger.figuresAt(0)).toMatchObject({ revenue: 20, repeat: true });
  });

  it('prices interactions by kind, messages, orders and the yearly fixed cost from Settings', () => {
    const grid: Grid = {
      header: ['key', 'value'],
      rows: [['margin_pct', 40], ['cost_per_interaction', 3], ['cost_per_visit', 25], ['cost_per_message', 0.2], ['cost_per_order', 4], ['fixed_cost_per_customer', 50]],
    };
    const rates = costRatesOf(parseSettings(grid).settings);
    const ledger = new ReportLedger(date, [customer('A')], rates, 'Africa/Johannesburg');
    ledger.addPurchase('A', '2025-08-01', 100);
    ledger.addPurchase('A', '2025-09-01', 100);
    ledger.addInteraction('A', '2025-08-01T09:00:00Z', 'visit');
    ledger.addInteraction('A', '2025-08-02T09:00:00Z', 'call'); // no cost_per_call: cost_per_interaction
    ledger.addInteraction('A', '2025-03-01T21:59:00Z', 'visit'); // 23:59 local on the previous window's last day
    ledger.addInteraction('A', '2025-03-01T22:30:00Z', 'visit'); // 00:30 local on 2025-03-02: inside
    ledger.addMessage('A', '2025-10-01T08:00:00Z');
    // 25 + 3 + 25 + 0.2 + 2 × 4 + 50 = 111.2; profit 200 × 0.4 − 111.2 = −31.2
    const f = ledger.figuresAt(0);
    expect(f.cost).toBeCloseTo(111.2, 10);
    expect(f.profit).toBeCloseTo(-31.2, 10);
  });
});

describe('buildReport', () => {
  const date = '2026-03-01';
  const people = [
    customer('A', { region: 'North', clv_12m: 100, churn_risk: 0.5 }),
    customer('B', { region: 'North', clv_12m: 50, churn_risk: 0.2 }),
    customer('C', { region: 'South', contact_type: '' }),
    customer('D', { region: 'South', contact_type: 'supplier' }),
    customer('E', { region: '', status: 'archived' }),
    customer('F', { region: '' }),
  ];
  const ledger = new ReportLedger(date, people, NO_COSTS);
  ledger.addPurchase('A', '2025-01-10', 10); // previous window
  ledger.addPurchase('A', '2025-05-10', 40);
  ledger.addPurchase('B', '2025-01-10', 10); // previous only: not retained
  ledger.addPurchase('C', '2025-06-01', 60);
  ledger.addPurchase('C', '2025-07-01', 40);
  ledger.addPurchase('D', '2025-06-01', 999);
  ledger.addPurchase('E', '2025-06-01', 999);

  it('groups counted customers (active, customer or blank type) and computes each figure', () => {
    const report = buildReport({ by: 'region', date, ledger });
    expect(report.rows).toEqual([
      { group: 'South', customers: 1, active_12m: 1, revenue_12m: 100, retention_rate: null, repeat_rate: 1, clv_sum: 0, value_at_risk: 0, cost_12m: 0, profit_12m: 30 },
      { group: 'North', customers: 2, active_12m: 1, revenue_12m: 40, retention_rate: 0.5, repeat_rate: 0, clv_sum: 150, value_at_risk: 60, cost_12m: 0, profit_12m: 12 },
      { group: '(blank)', customers: 1, active_12m: 0, revenue_12m: 0, retention_rate: null, repeat_rate: null, clv_sum: 0, value_at_risk: 0, cost_12m: 0, profit_12m: 0 },
    ]);
    expect(report.total.customers).toBe(4);
  });

  it('by contact_type every type counts, archived still does not', () => {
    const report = buildReport({ by: 'contact_type', date, ledger });
    // A, B and F are customers; C has a blank type; D is a supplier; E is archived. Blank comes last.
    expect(report.rows.map((r) => [r.group, r.customers, r.revenue_12m])).toEqual([
      ['supplier', 1, 999],
      ['customer', 3, 40],
      ['(blank)', 1, 100],
    ]);
  });

  it('by segment: a customer counts in every segment that holds them; --segment filters', () => {
    const segments = [
      { name: 'Buyers', members: new Set(['A', 'C']) },
      { name: 'Northerners', members: new Set(['A', 'B']) },
      { name: 'Empty', members: new Set<string>() },
    ];
    const report = buildReport({ by: 'segment', date, ledger, segments });
    expect(report.rows.map((r) => [r.group, r.customers, r.revenue_12m])).toEqual([
      ['Buyers', 2, 140],
      ['Northerners', 2, 40],
      ['Empty', 0, 0],
    ]);
    expect(report.total.customers).toBe(4);
    expect(buildReport({ by: 'region', date, ledger, only: new Set(['B', 'C']) }).rows.map((r) => [r.group, r.customers])).toEqual([
      ['South', 1],
      ['North', 1],
    ]);
  });
});

describe('concentration (80/20)', () => {
  it('finds the fewest customers reaching 80 % of the total and the top 20 % share', () => {
    // Total 100: 50 + 30 = 80 → two of ten customers; the top 20 % (two) bring 80 %.
    const c = concentration(Float64Array.from([5, 50, 2, 30, 3, 4, 1, 2, 1, 2]));
    expect(c).toEqual({ customers: 10, total: 100, count_for_80: 2, share_for_80: 0.2, top20_share: 0.8 });
  });

  it('with losses the total shrinks, so fewer customers reach 80 % of it; no positive total, no share', () => {
    // Total 60 − 10 = 50; 80 % is 40 → the first customer (60) alone.
    expect(concentration(Float64Array.from([60, -10]))).toMatchObject({ total: 50, count_for_80: 1, share_for_80: 0.5 });
    expect(concentration(Float64Array.from([-1, 0]))).toMatchObject({ count_for_80: null, share_for_80: null, top20_share: null });
  });
});
