import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreCustomerColumns, scoreSummaryColumns, SHEET_UNIT, summarise } from '../../../shared/clv';
import { dayNumber } from '../../../shared/kernel';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv/CDNOW_sample.txt');

/** The CDNOW sample as Purchase records, the shape the Purchases tab gives. */
function purchases(): { customer_id: string; date: string; amount: number }[] {
  return readFileSync(fixture, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, ymd, , dollars] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return { customer_id: String(Number(id)), date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, amount: Number(dollars) };
    });
}

describe('scoreCustomerColumns (the Customers tab’s scored columns)', () => {
  const result = scoreCustomerColumns(purchases(), { today: '1997-09-30', margin: 0.3, discountRate: 0.1 });

  it('fits BG/NBD and Gamma-Gamma with today as the inclusive calibration end', () => {
    expect(result.purchaseModel).toBe('bgnbd');
    expect(result.spendModel).toBe('gamma-gamma');
    expect(result.faults).toEqual([]);
    expect(result.columns.size).toBe(2357);
    expect(result.fit?.params).toMatchObject({ r: expect.closeTo(0.2426, 3) as number, a: expect.closeTo(0.7929, 3) as number });
  });

  it('fills each customer’s columns: FHL 2005’s example customer 1', () => {
    const one = result.columns.get('1')!;
    // Purchases to 1997-09-30 only: 1997-01-01, 01-18, 08-02, 12-12 → three rows count, x = 2.
    expect(one.orders).toBe(3);
    expect(one.first_purchase).toBe('1997-01-01');
    expect(one.last_purchase).toBe('1997-08-02');
    expect(one.p_alive).toBeCloseTo(0.7266, 2);
    expect(one.expected_purchases_90d).toBeGreaterThan(0);
    expect(one.clv_12m).toBeGreaterThan(0);
  });

  it('puts the top 20% by CLV in high and the next 30% in medium', () => {
    const rows = [...result.columns.values()];
    const count = (tier: string): number => rows.filter((r) => r.clv_tier === tier).length;
    expect(count('high')).toBe(Math.ceil(2357 * 0.2));
    expect(count('medium')).toBe(Math.ceil(2357 * 0.5) - Math.ceil(2357 * 0.2));
    const lowestHigh = Math.min(...rows.filter((r) => r.clv_tier === 'high').map((r) => r.clv_12m));
    const highestLow = Math.max(...rows.filter((r) => r.clv_tier === 'low').map((r) => r.clv_12m));
    expect(lowestHigh).toBeGreaterThanOrEqual(highestLow);
    for (const r of rows) expect(Number.isFinite(r.clv_12m) && r.p_alive !== undefined && Number.isFinite(r.p_alive)).toBe(true);
  });
});

describe('scoreSummaryColumns (a summary made elsewhere, e.g. by BigQuery)', () => {
  const log = purchases();
  const today = '1997-09-30';
  const options = { today, margin: 0.3, discountRate: 0.1 };

  it('scores a log’s summary exactly as scoreCustomerColumns scores the log', () => {
    const summary = summarise({ customer: log.map((p) => p.customer_id), day: log.map((p) => dayNumber(p.date)!), amount: log.map((p) => p.amount) }, dayNumber(today)!, SHEET_UNIT);
    const fromSummary = scoreSummaryColumns(summary, options);
    const fromLog = scoreCustomerColumns(log, options);
    expect([fromSummary.purchaseModel, fromSummary.spendModel]).toEqual(['bgnbd', 'gamma-gamma']);
    expect(fromSummary.columns.size).toBe(2357);
    for (const [id, columns] of fromLog.columns) expect(fromSummary.columns.get(id), id).toEqual(columns);
  });

  it('refuses a summary in another unit than the sheet’s', () => {
    const summary = summarise({ customer: ['a'], day: [dayNumber(today)!], amount: [1] }, dayNumber(today)!, 'day');
    expect(() => scoreSummaryColumns(summary, options)).toThrow(/the summary is in days, the fit in weeks/);
  });
});
