import { describe, expect, it } from 'vitest';
import { isoFromDay } from '../../../shared/kernel';
import { analyzeRetention, annuityFactor, isMissedStatus, isResolvedStatus, localDay, scoredColumns, type RetentionInput } from '../../../shared/retention';
import { AS_OF, customer, customers, defection, interaction, interactions, purchase, purchases, settings } from './fixture';

const base: RetentionInput = { customers, purchases, interactions, settings, asOf: AS_OF };

// Hand figures (margin 50%, no discounting, one year): the typical gap is the median of the repeat buyers' median
// gaps C1 36, C2 5, C3 28 = 28 days. gapEstimate = (last − first + 28) ÷ purchase days.
const value = {
  C1: (300 / 4) * (365.25 / ((105 + 28) / 4)) * 0.5,
  C2: (300 / 2) * (365.25 / ((5 + 28) / 2)) * 0.5,
  C3: (500 / 2) * (365.25 / ((28 + 28) / 2)) * 0.5,
  C4: 40 * (365.25 / 28) * 0.5,
  C5: 30 * (365.25 / 28) * 0.5,
};

describe('customer profiles', () => {
  const a = analyzeRetention(base);
  const profile = (id: string) => a.profiles.find((p) => p.id === id)!;

  it('estimates the profit each customer would bring in a year if they stay', () => {
    for (const [id, expected] of Object.entries(value)) expect(profile(id).valueIfRetained).toBeCloseTo(expected, 9);
    expect(a.typicalGap).toBe(28);
    expect(profile('C1').medianGap).toBe(36);
    expect(profile('C4').medianGap).toBeNull();
    // C8 never bought: worth the average buyer's yearly revenue.
    const average = (value.C1 + value.C2 + value.C3 + value.C4 + value.C5) / 5;
    expect(profile('C8').valueIfRetained).toBeCloseTo(average, 9);
    expect(profile('C8').churnRisk).toBeNull();
  });

  it('reads churn risk from the customer\'s own rhythm: 1 − 2^(−days since ÷ median gap)', () => {
    expect(profile('C1').riskFromRhythm).toBeCloseTo(0.7451398390744638, 12); // 71 days, gap 36
    expect(profile('C4').riskFromRhythm).toBeCloseTo(0.9499826848386896, 12); // 121 days, typical gap 28
    expect(profile('C5').riskFromRhythm).toBeCloseTo(0.3101829398272975, 12); // 15 days, typical gap 28
    expect(profile('C1').churnRisk).toBe(profile('C1').riskFromRhythm);
  });

  it('prefers 1 − P(alive) when one is given, ignoring values that are not numbers', () => {
    const scored = analyzeRetention({ ...base, scores: { pAlive: { C1: 0.9, C2: Number.NaN }, clv: { C1: 123 } } });
    const c1 = scored.profiles.find((p) => p.id === 'C1')!;
    expect(c1.churnRisk).toBeCloseTo(0.1, 12);
    expect(c1.riskFromRhythm).toBeCloseTo(0.7451398390744638, 12);
    expect(c1.clv).toBe(123);
    expect(scored.profiles.find((p) => p.id === 'C2')!.riskFromModel).toBeNull();
  });

  it('reports cost and value per customer', () => {
    const a2 = analyzeRetention({ ...base, options: { costPerInteraction: 10 } });
    const c3 = a2.profiles.find((p) => p.id === 'C3')!;
    expect([c3.revenue, c3.orders, c3.averageOrder, c3.grossProfit, c3.costOfSales, c3.interactions, c3.serviceCost, c3.netValue]).toEqual([500, 2, 250, 250, 250, 2, 20, 230]);
  });

  it('discounts the lost year of margin continuously at the Settings rate', () => {
    expect(annuityFactor(1, 0.1)).toBeCloseTo(0.9538235170233695, 12);
    expect(annuityFactor(2, 0)).toBe(2);
    const discounted = analyzeRetention({ ...base, settings: { ...settings, discount_rate: 0.1 } });
    expect(discounted.profiles.find((p) => p.id === 'C4')!.valueIfRetained).toBeCloseTo(value.C4 * 0.9538235170233695, 9);
  });

  it('gives the scored Customers columns', () => {
    expect(scoredColumns(profile('C1'))).toEqual({ orders: 4, revenue: 300, first_purchase: '2025-01-05', last_purchase: '2025-04-20', rfm_segment: 'Loyal', churn_risk: 0.745 });
    expect(scoredColumns(profile('C8'))).toEqual({ orders: 0, revenue: 0, first_purchase: undefined, last_purchase: undefined, rfm_segment: '', churn_risk: undefined });
  });
});

describe('defections', () => {
  it('detects each type on the day its rule first held and ranks by lost profit', () => {
    const a = analyzeRetention(base);
    expect(a.defections.map((d) => [d.customerId, d.type, d.detectedAt])).toEqual([
      // C2's complaint at 23:30 UTC is 25 January in Johannesburg, so the purchase that day does not count as a return.
      ['C2', 'not_returning', '2025-02-25'],
      ['C2', 'no_repurchase', '2025-02-09'], // usual gap 5 days → limit max(10, 14) = 14 days after 25 January
      ['C3', 'no_repurchase', '2025-04-29'], // gap 28 → 56 days after 3 March
      ['C1', 'missed_appointment', '2025-05-10'],
      ['C4', 'not_returning', '2025-04-02'], // 30 days after the 2 March complaint
      ['C5', 'complaint_unresolved', '2025-06-28'], // open 7 days after 20 June
    ]);
    expect(a.defections.map((d) => d.lostProfit)).toEqual([value.C2, value.C2, value.C3, value.C1, value.C4, value.C5]);
    expect(a.defectionTotals.map((t) => [t.type, t.count])).toEqual([
      ['no_repurchase', 2],
      ['not_returning', 2],
      ['missed_appointment', 1],
      ['complaint_unresolved', 1],
    ]);
    expect(a.defectionTotals[0]!.lostProfit).toBeCloseTo(value.C2 + value.C3, 9);
  });

  it('does not flag C1 one day before the limit of twice their 36-day gap, and does the day after', () => {
    const before = analyzeRetention({ ...base, interactions: [], asOf: '2025-07-01' });
    expect(before.defections.some((d) => d.customerId === 'C1')).toBe(false);
    const after = analyzeRetention({ ...base, interactions: [], asOf: '2025-07-02' });
    expect(after.defections.filter((d) => d.customerId === 'C1').map((d) => [d.type, d.detectedAt])).toEqual([['no_repurchase', '2025-07-02']]);
  });

  it('reads the time zone: in UTC the complaint is on 24 January and the next day\'s purchase is a return', () => {
    const utc = analyzeRetention({ ...base, settings: { ...settings, time_zone: 'UTC' } });
    expect(utc.defections.some((d) => d.customerId === 'C2' && d.type === 'not_returning')).toBe(false);
  });

  it('keeps recorded rows: their estimate and outcome, and open hand-entered cancellations', () => {
    const recorded = [
      defection('D-1', 'C3', 'no_repurchase', '2025-04-29', { lost_profit_estimate: 5000 }),
      defection('D-2', 'C5', 'cancelled', '2025-06-01'), // bought again on 15 June: no longer open
      defection('D-3', 'C4', 'cancelled', '2025-05-01'),
      defection('D-4', 'C1', 'cancelled', '2025-05-01', { outcome: 'won back' }),
    ];
    const a = analyzeRetention({ ...base, defections: recorded });
    expect(a.defections.map((d) => [d.customerId, d.type, d.recordedId, d.outcome])).toEqual([
      ['C3', 'no_repurchase', 'D-1', ''],
      ['C2', 'not_returning', null, ''],
      ['C2', 'no_repurchase', null, ''],
      ['C1', 'missed_appointment', null, ''],
      ['C4', 'cancelled', 'D-3', ''],
      ['C4', 'not_returning', null, ''],
      ['C5', 'complaint_unresolved', null, ''],
    ]);
    expect(a.defections[0]!.lostProfit).toBe(5000);
    // An outcome closes the defection it records: C3 leaves the open list and nothing else moves.
    const closed = analyzeRetention({ ...base, defections: recorded.map((d) => (d.id === 'D-1' ? { ...d, outcome: 'called, no answer' } : d)) });
    expect(closed.defections.map((d) => d.recordedId ?? `${d.customerId} ${d.type}`)).toEqual(a.defections.slice(1).map((d) => d.recordedId ?? `${d.customerId} ${d.type}`));
  });

  it('keeps one open defection per person and type: a later episode while one is open reuses its row', () => {
    // C5's complaint of 20 June is open; a row typed for an earlier complaint (no outcome) is the same open defection.
    const open = analyzeRetention({ ...base, defections: [defection('D-7', 'C5', 'complaint_unresolved', '2025-01-10')] });
    expect(open.defections.filter((d) => d.customerId === 'C5' && d.type === 'complaint_unresolved').map((d) => d.recordedId)).toEqual(['D-7']);
    // Once that row has an outcome, the open complaint is a new defection (a new row), not the closed one.
    const closed = analyzeRetention({ ...base, defections: [defection('D-7', 'C5', 'complaint_unresolved', '2025-01-10', { outcome: 'resolved' })] });
    expect(closed.defections.filter((d) => d.customerId === 'C5' && d.type === 'complaint_unresolved').map((d) => d.recordedId)).toEqual([null]);
  });

  it('recognises a hand-typed row of the same customer and type dated after the purchase it is about', () => {
    // C3's last purchase day was 3 March; the engine dates the defection 29 April.
    const typed = analyzeRetention({ ...base, defections: [defection('D-9', 'C3', 'no_repurchase', '2025-05-15')] });
    expect(typed.defections.find((d) => d.customerId === 'C3')!.recordedId).toBe('D-9');
    const answered = analyzeRetention({ ...base, defections: [defection('D-9', 'C3', 'no_repurchase', '2025-05-15', { outcome: 'left a message' })] });
    expect(answered.defections.some((d) => d.customerId === 'C3')).toBe(false);
    const older = analyzeRetention({ ...base, defections: [defection('D-8', 'C3', 'no_repurchase', '2025-01-01')] });
    expect(older.defections.find((d) => d.customerId === 'C3')!.recordedId).toBeNull();
  });

  it('skips archived customers and missed appointments followed by a visit', () => {
    const list = customers.map((c) => (c.id === 'C2' ? { ...c, status: 'archived' } : c));
    const a = analyzeRetention({ ...base, customers: list });
    expect(a.defections.some((d) => d.customerId === 'C2')).toBe(false);
    expect(a.defections.some((d) => d.customerId === 'C3' && d.type === 'missed_appointment')).toBe(false);
  });

  it('flags a one-time buyer after noRepurchaseDays', () => {
    // C4 bought once on 1 March: 121 days before 30 June.
    const a = analyzeRetention({ ...base, interactions: [], options: { noRepurchaseDays: 120 } });
    expect(a.defections.filter((d) => d.customerId === 'C4').map((d) => d.detectedAt)).toEqual(['2025-06-30']);
    const b = analyzeRetention({ ...base, interactions: [], options: { noRepurchaseDays: 121 } });
    expect(b.defections.some((d) => d.customerId === 'C4')).toBe(false);
  });

  it('reads missed and resolved statuses', () => {
    expect(['no show', 'No-show', 'MISSED', 'did not attend', 'DNA'].every(isMissedStatus)).toBe(true);
    expect(['attended', 'booked', ''].some(isMissedStatus)).toBe(false);
    expect(['resolved', 'Closed', 'fixed'].every(isResolvedStatus)).toBe(true);
    expect(['unresolved', 'not resolved', 'open', ''].some(isResolvedStatus)).toBe(false);
  });

  it('treats a complaint with resolved_at as resolved', () => {
    const a = analyzeRetention({ ...base, interactions: [interaction('C5', '2025-06-20', 'complaint', '', '2025-06-21')] });
    expect(a.defections.some((d) => d.type === 'complaint_unresolved')).toBe(false);
  });
});

describe('at-risk customers', () => {
  it('lists customers at risk but not yet overdue, by churn risk × value', () => {
    const a = analyzeRetention(base);
    expect(a.atRisk.map((r) => r.customerId)).toEqual(['C1', 'C4']);
    expect(a.atRisk[0]!.profitAtStake).toBeCloseTo(0.7451398390744638 * value.C1, 9);
    // A model score changes churn_risk but not the call list: scoring must not empty it (issue 11).
    const scored = analyzeRetention({ ...base, scores: { pAlive: { C1: 0.9, C4: 1 } } });
    expect(scored.profiles.find((p) => p.id === 'C1')!.churnRisk).toBeCloseTo(0.1, 9);
    expect(scored.atRisk.map((r) => r.customerId)).toEqual(['C1', 'C4']);
    expect(scored.atRisk[0]!.churnRisk).toBeCloseTo(0.7451398390744638, 9);
  });

  it('leaves out archived customers', () => {
    const list = [...customers.filter((c) => c.id !== 'C4'), customer('C4', { status: 'archived' })];
    expect(analyzeRetention({ ...base, customers: list }).atRisk.map((r) => r.customerId)).toEqual(['C1']);
  });

  it('folds a merged customer\'s purchases into the survivor and gives the merged id no profile', () => {
    const list = [...customers, customer('C9', { status: 'merged', merged_into: 'C4' })];
    const a = analyzeRetention({ ...base, customers: list, purchases: [...purchases, purchase('C9', '2025-06-01', 60)] });
    expect(a.profiles.some((p) => p.id === 'C9')).toBe(false);
    expect(a.profiles.find((p) => p.id === 'C4')!.revenue).toBe(100);
  });
});

describe('dates', () => {
  it('converts day numbers both ways across leap years', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '2024-12-31', '1999-03-01']) expect(isoFromDay(localDay(iso, 'UTC')!.day)).toBe(iso);
    expect(localDay('2024-03-01', 'UTC')!.day - localDay('2024-02-28', 'UTC')!.day).toBe(2);
  });

  it('moves zoned date-times into the business time zone and keeps zone-less ones', () => {
    expect(isoFromDay(localDay('2025-01-01T22:30:00Z', 'Africa/Johannesburg')!.day)).toBe('2025-01-02');
    expect(isoFromDay(localDay('2025-01-01T22:30:00', 'Africa/Johannesburg')!.day)).toBe('2025-01-01');
    expect(isoFromDay(localDay('2025-01-01T02:00:00+02:00', 'UTC')!.day)).toBe('2025-01-01');
    expect(isoFromDay(localDay('2025-01-01T01:00:00+02:00', 'UTC')!.day)).toBe('2024-12-31');
  });
});
