import { describe, expect, it } from 'vitest';
import { SpreadsheetWorkbook } from '../../addon/server/spreadsheet-workbook';
import { createAnalyticsApi, SCORED_COLUMNS } from '../../shared/api';
import { DASHBOARD_TAB } from '../../shared/dashboard';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';

// "Score customers" and "Dashboard" over the SpreadsheetApp adapter and its fake: the calls a real sheet would
// receive, counted. The number must not grow with the number of customers.

function sheetWith(customers: number): FakeSpreadsheet {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  fake.addSheet('Settings', [['key', 'value'], ['margin_pct', 40], ['time_zone', 'Africa/Johannesburg']]);
  fake.addSheet('Customers', [['id', 'first_name', 'status'], ...Array.from({ length: customers }, (_, i) => [`C-${i + 1}`, `Name ${i + 1}`, 'active'])]);
  const purchases: (string | number)[][] = [['id', 'customer_id', 'date', 'amount']];
  for (let i = 0; i < customers; i++) {
    const visits = 1 + (i % 4);
    for (let v = 0; v < visits; v++) purchases.push([`P-${purchases.length}`, `C-${i + 1}`, `2025-0${1 + ((i + v * 2) % 6)}-1${v}`, 10 + ((i * 7 + v) % 30)]);
  }
  fake.addSheet('Purchases', purchases);
  return fake;
}

function run(customers: number, call: 'scoreCustomers' | 'buildDashboard') {
  const fake = sheetWith(customers);
  const wb = new SpreadsheetWorkbook(fake, fake.services());
  const api = createAnalyticsApi({ workbook: () => wb, now: () => '2025-06-30T09:00:00Z', user: () => 'owner@shop.example' });
  const result = api[call]({});
  expect(result.ok).toBe(true);
  const counts = new Map<string, number>();
  for (const c of fake.calls) counts.set(`${c.kind}.${c.method}`, (counts.get(`${c.kind}.${c.method}`) ?? 0) + 1);
  return { fake, counts: Object.fromEntries(counts) };
}

describe('Sheets calls of the analytics', () => {
  it('scores 40 or 400 customers with the same calls: one setValues for all ten scored columns of every row', () => {
    const small = run(40, 'scoreCustomers');
    const big = run(400, 'scoreCustomers');
    expect(big.counts).toEqual(small.counts);
    // One setValues adds the ten headers, one writes the scores; four bring the Tasks tab up to date (its header,
    // the new tasks, the task Settings keys and the Tasks id counter).
    expect(big.counts['Range.setValues']).toBe(6);
    const rows = big.fake.sheetNamed('Customers')!;
    const values = rows.getDataRange().getValues();
    expect(values[0]).toEqual(['id', 'first_name', 'status', ...SCORED_COLUMNS]);
    // C-4 bought on four days: orders 4.
    expect(values[4]![3]).toBe(4);
    for (const line of values.slice(1)) for (const cell of line) expect(Number.isNaN(cell)).toBe(false);
  });

  it('writes the Dashboard tab with the same calls for 40 or 400 customers', () => {
    const small = run(40, 'buildDashboard');
    const big = run(400, 'buildDashboard');
    expect(big.counts).toEqual(small.counts);
    expect(big.fake.sheetNamed(DASHBOARD_TAB)).toBeDefined();
  });
});
