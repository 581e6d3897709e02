import { describe, expect, it } from 'vitest';
import { buildTimeline, customerInsight } from '../../../shared/customers';
import { blankRecord, customersTab, interactionsTab, mergeLogTab, purchasesTab, type Customer, type Interaction, type MergeLogEntry, type Purchase } from '../../../shared/workbook';

const customer = (over: Partial<Customer> = {}): Customer => ({ ...blankRecord(customersTab), id: 'C-000001', ...over });
const purchase = (date: string, amount = 100): Purchase => ({ ...blankRecord(purchasesTab), customer_id: 'C-000001', date, amount });
const interaction = (over: Partial<Interaction>): Interaction => ({ ...blankRecord(interactionsTab), customer_id: 'C-000001', ...over });

describe('customerInsight', () => {
  it('explains churn risk in words from the purchase rhythm, complaints and P(alive)', () => {
    // Purchases every 30 days, the last 100 days before today: well past the usual rhythm.
    const purchases = [purchase('2026-01-01'), purchase('2026-01-31'), purchase('2026-03-02'), purchase('2026-04-01')];
    const open = interaction({ id: 'I-1', kind: 'complaint', date: '2026-05-01T08:00:00Z', subject: 'Late delivery', status: 'open' });
    const closed = interaction({ id: 'I-2', kind: 'complaint', date: '2026-04-01', status: 'Resolved' });
    const insight = customerInsight(customer({ churn_risk: 0.5, p_alive: 0.31, membership_tier: 'Silver', membership_no: 'S-9' }), purchases, [open, closed], '2026-07-10');
    expect(insight).toMatchObject({ tier: 'Silver', memberNo: 'S-9', clv: null, churnRisk: 0.5, churnLevel: 'medium' });
    expect(insight.churnReason).toBe('Last purchase 100 days ago; well past the usual 30 days between purchases; 1 open complaint; 31 % chance still active.');
    expect(insight.openComplaints).toEqual([{ ref: 'I-1', date: '2026-05-01T08:00:00Z', subject: 'Late delivery' }]);
  });

  it('says when there is nothing to go on yet, and ignores refunds for the rhythm', () => {
    expect(customerInsight(customer(), [], [], '2026-07-10').churnReason).toBe('No purchases yet. Not scored yet: run Score customers.');
    const once = customerInsight(customer({ churn_risk: 0.1 }), [purchase('2026-07-09'), purchase('2026-07-10', -100)], [], '2026-07-10');
    expect(once).toMatchObject({ churnLevel: 'low', churnReason: 'Last purchase 1 day ago; only one purchase so far.' });
    expect(customerInsight(customer({ churn_risk: 0.9 }), [purchase('2026-06-10'), purchase('2026-07-10')], [], '2026-07-10')).toMatchObject({
      churnLevel: 'high',
      churnReason: 'Bought today; usually buys every 30 days.',
    });
  });
});

describe('buildTimeline', () => {
  it('shows one line per merge however many rows it changed, and marks open complaints', () => {
    const merge = (row_id: string): MergeLogEntry => ({ ...blankRecord(mergeLogTab), merge_id: 'M1', survivor_id: 'C-000001', merged_ids: 'C-000009', tab: 'Customers', row_id, at: '2026-02-01T10:00:00Z' });
    const page = buildTimeline(
      { purchases: [], interactions: [interaction({ id: 'I-1', kind: 'complaint', date: '2026-02-02', subject: 'Noise' })], outbox: [], consent: [], merges: [merge('C-000009'), merge('P-000004')] },
      { timeZone: 'UTC', order: 'mdy' },
      0,
      10,
    );
    expect(page.total).toBe(2);
    expect(page.items.map((i) => [i.kind, i.when, i.title, i.open])).toEqual([
      ['interaction', '02/02/2026', 'Noise', true],
      ['merge', '02/01/2026 10:00', 'Merged C-000009 into C-000001', undefined],
    ]);
  });
});
