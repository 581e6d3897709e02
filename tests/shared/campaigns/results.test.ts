import { describe, expect, it } from 'vitest';
import { campaignResults, resultsSentence, type ResultsInput } from '../../../shared/campaigns';
import type { Interaction, OutboxEntry, Purchase } from '../../../shared/workbook';

const row = (customer: string, status: OutboxEntry['status'], over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: '',
  key: `Spring|${customer}|once:2027-05-10`,
  campaign: 'Spring',
  customer_id: customer,
  to: `${customer}@x.example`,
  subject: 'Spring',
  status,
  reason: status === 'holdout' ? 'holdout' : '',
  planned_for: '2027-05-10',
  sent_at: status === 'sent' ? '2027-05-10T08:00:00Z' : undefined,
  message_id: '',
  lease_until: undefined,
  attempts: undefined,
  ...over,
});
const buy = (customer_id: string, date: string, amount: number): Purchase => ({ id: '', customer_id, date, amount, currency: '', description: '', channel: '', staff: '' });
const survey = (customer_id: string, subject: string, score: number): Interaction => ({ id: '', customer_id, date: '2027-05-13T10:00', kind: 'survey', subject, score, score_max: 10 }) as Interaction;

// Mailed A–E on 2027-05-10, held out F–H. Within 7 days after (05-11 … 05-17): A 120 (its 100 on the day of the
// mail does not count), B 80 (on day 7), C nothing (50 on day 8), D 60 − 60 refunded = 0, E nothing; F 50.
const input: ResultsInput = {
  campaign: 'spring ',
  asOf: '2027-06-30',
  attributionDays: 7,
  timeZone: 'UTC',
  holdoutPct: 30,
  outbox: [
    ...['A', 'B', 'C', 'D', 'E'].map((c) => row(c, 'sent')),
    ...['F', 'G', 'H'].map((c) => row(c, 'holdout')),
    row('I', 'failed', { reason: 'rejected: smtp_550' }),
    row('J', 'skipped', { reason: 'no_consent' }),
    row('K', 'needs_approval'),
    { ...row('Z', 'sent'), campaign: 'Autumn', key: 'Autumn|Z|x' },
  ],
  purchases: [buy('A', '2027-05-10', 100), buy('A', '2027-05-12', 120), buy('B', '2027-05-17', 80), buy('C', '2027-05-18', 50), buy('D', '2027-05-11', 60), buy('D', '2027-05-13', -60), buy('F', '2027-05-15', 50), buy('Z', '2027-05-12', 999)],
  interactions: [survey('A', 'Spring (once:2027-05-10)', 9), survey('B', 'Spring (once:2027-05-10)', 6), survey('C', 'Springtime (once:2027-05-10)', 10)],
  customers: [
    { id: 'B', unsubscribed_at: '2027-05-12' },
    { id: 'E', unsubscribed_at: '2027-06-20' },
  ],
};

describe('campaign results', () => {
  it('count what was sent and what followed within attribution_days, by hand', () => {
    const r = campaignResults(input);
    expect(r).toMatchObject({ campaign: 'spring', sent: 5, failed: 1, holdout: 3, waiting: 1, skipped: { no_consent: 1 }, unsubscribed: 1, openWindows: 0, holdoutPct: 30 });
    expect(r.mailed).toEqual({ customers: 5, converted: 2, conversionRate: 0.4, revenue: 200, revenuePerCustomer: 40 });
    expect(r.control).toMatchObject({ customers: 3, converted: 1, revenue: 50 });
    expect(r.control?.revenuePerCustomer).toBeCloseTo(16.667, 3);
    // A promoter (9) and a detractor (6): NPS 0; "Springtime" is another campaign.
    expect(r.survey).toMatchObject({ answers: 2, npsAnswers: 2, promoters: 1, detractors: 1, nps: 0 });
  });

  it('the lift over the control group with its 95% intervals, by hand', () => {
    const lift = campaignResults(input).lift!;
    // Conversion 2/5 − 1/3 = 0.0667. Wilson 2/5: [0.11762, 0.76928]; Wilson 1/3: centre 0.97358 / 2.28050 = 0.42692,
    // half 1.96 × √(0.074074 + 0.106708) / 2.28050 = 0.36543 → [0.06149, 0.79235]. Newcombe:
    // low = 0.0667 − √((0.4 − 0.11762)² + (0.79235 − 0.33333)²) = −0.4723, high = 0.0667 + √((0.76928 − 0.4)² + (0.33333 − 0.06149)²) = 0.5252.
    expect(lift.conversion.estimate).toBeCloseTo(0.0667, 4);
    expect(lift.conversion.low).toBeCloseTo(-0.4723, 3);
    expect(lift.conversion.high).toBeCloseTo(0.5252, 3);
    // Revenue per customer 40 − 16.667 = 23.333, Welch: se 30.295, df 5.975, t ≈ 2.449 → ± 74.2 (tests/shared/stats).
    expect(lift.revenuePerCustomer.estimate).toBeCloseTo(23.333, 3);
    expect(lift.revenuePerCustomer.low).toBeCloseTo(-50.86, 0);
    expect(lift.revenuePerCustomer.high).toBeCloseTo(97.53, 0);
    // Times the 5 customers mailed.
    expect(lift.incrementalRevenue.estimate).toBeCloseTo(116.67, 2);
    expect(campaignResults(input).verdict).toBe('unclear');
  });

  it('as of an earlier date: later purchases do not count and the windows are still open', () => {
    const r = campaignResults({ ...input, asOf: '2027-05-14' });
    expect(r.openWindows).toBe(8);
    // B's 80 on 05-17 and F's 50 on 05-15 are after the date; A's 120 on 05-12 is before it.
    expect(r.mailed.revenue).toBe(120);
    expect(r.control?.revenue).toBe(0);
  });

  it('say whether the campaign pays, or that without a control group it cannot tell', () => {
    expect(resultsSentence(campaignResults(input), 'R')).toBe(
      'Against the control group of 3: revenue per customer +R 23.33 (95% CI −R 50.87 to R 97.54), buying rate +6.7 points (95% CI −47.2 points to 52.5 points): not yet distinguishable from chance.',
    );
    const noControl = campaignResults({ ...input, outbox: input.outbox.filter((o) => o.status !== 'holdout') });
    expect(noControl.lift).toBeNull();
    expect(noControl.verdict).toBe('no_control');
    expect(resultsSentence(noControl, '')).toBe('2 of 5 customers mailed bought within 7 days (200.00); with no control group (Campaigns holdout_pct) this is what followed the mail, not what it caused.');
  });

  it('a clear lift reads as paying', () => {
    const outbox = [...['A', 'B', 'C', 'D'].map((c) => row(c, 'sent')), ...['F', 'G', 'H'].map((c) => row(c, 'holdout'))];
    const purchases = ['A', 'B', 'C', 'D'].map((c, i) => buy(c, '2027-05-12', 100 + i));
    const r = campaignResults({ ...input, outbox, purchases, customers: [] });
    // Mailed 100, 101, 102, 103 (mean 101.5, sd 1.29) against 0, 0, 0: the interval is far above zero.
    expect(r.verdict).toBe('pays');
    expect(r.lift?.revenuePerCustomer.low).toBeGreaterThan(98);
  });
});
