// Issue 14: "Write members" and "Write to sheet" over the SpreadsheetApp adapter and its fake (which reads a
// string the way typed input is read). A segment and a region named like formulas come back as the same text,
// and the calls do not grow with the number of customers.
import { describe, expect, it } from 'vitest';
import { SpreadsheetWorkbook } from '../../addon/server/spreadsheet-workbook';
import { createSegmentOutputsApi } from '../../shared/api';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';

const FORMULA_NAME = '=HYPERLINK("http://x.example","VIP")';

function sheetWith(customers: number): FakeSpreadsheet {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  fake.addSheet('Settings', [['key', 'value'], ['time_zone', 'Africa/Johannesburg']]);
  fake.addSheet('Customers', [['id', 'first_name', 'status', 'region'], ...Array.from({ length: customers }, (_, i) => [`C-${i + 1}`, `Name ${i + 1}`, 'active', i % 3 === 0 ? '+North' : 'South'])]);
  fake.addSheet('Purchases', [['id', 'customer_id', 'date', 'amount'], ...Array.from({ length: customers }, (_, i) => [`P-${i + 1}`, `C-${i + 1}`, '2025-05-0' + (1 + (i % 9)), 10 + i])]);
  fake.addSheet('Segments', [['id', 'name', 'rule'], ['S-1', FORMULA_NAME, 'region = "+North"']]);
  return fake;
}

function run(customers: number, call: (api: ReturnType<typeof createSegmentOutputsApi>) => { ok: boolean }) {
  const fake = sheetWith(customers);
  const api = createSegmentOutputsApi({ workbook: () => new SpreadsheetWorkbook(fake, fake.services()), now: () => '2025-06-30T09:00:00Z', user: () => 'owner@shop.example' });
  expect(call(api).ok).toBe(true);
  const counts: Record<string, number> = {};
  for (const c of fake.calls) counts[`${c.kind}.${c.method}`] = (counts[`${c.kind}.${c.method}`] ?? 0) + 1;
  return { fake, counts };
}

describe('segment outputs through SpreadsheetApp', () => {
  it('marks members with the segment name as text, in the same calls for 30 or 300 customers', () => {
    const small = run(30, (api) => api.writeSegmentMembers({ name: FORMULA_NAME }));
    const big = run(300, (api) => api.writeSegmentMembers({ name: FORMULA_NAME }));
    expect(big.counts).toEqual(small.counts);
    const values = big.fake.sheetNamed('Customers')!.getDataRange().getValues();
    const at = values[0]!.indexOf('segments');
    expect(at).toBeGreaterThan(0);
    values.slice(1).forEach((row, i) => expect(row[at]).toBe(i % 3 === 0 ? FORMULA_NAME : ''));
  });

  it('writes the Reports tab with groups as text, in the same calls for 30 or 300 customers', () => {
    const small = run(30, (api) => api.writeReports({}));
    const big = run(300, (api) => api.writeReports({}));
    expect(big.counts).toEqual(small.counts);
    const values = big.fake.sheetNamed('Reports')!.getDataRange().getValues();
    const region = values.filter((r) => r[0] === 'region').map((r) => [r[1], r[2]]);
    expect(region).toEqual([['South', 200], ['+North', 100], ['total', 300]]);
    expect(values.some((r) => r[0] === 'segment' && r[1] === FORMULA_NAME && r[2] === 100)).toBe(true);
  });
});
