import { describe, expect, it } from 'vitest';
import type { RetentionAnalysis } from '../../../shared/retention';
import { deriveTasks, onTenPointScale, taskSettings, type DerivedTask } from '../../../shared/tasks';
import { blankRecord, customersTab, interactionsTab, outboxTab, type Customer, type Interaction, type OutboxEntry } from '../../../shared/workbook';

const TODAY = '2026-06-30';
const settings = taskSettings({ time_zone: 'UTC', complaint_days: 14 }, {}).settings;

const customer = (id: string, fields: Partial<Customer> = {}): Customer => ({ ...blankRecord(customersTab), id, first_name: id, last_name: 'Test', phone: '082 555 0100', status: 'active', ...fields });
const interaction = (id: string, customerId: string, date: string, fields: Partial<Interaction> = {}): Interaction => ({ ...blankRecord(interactionsTab), id, customer_id: customerId, date: `${date}T09:00:00Z`, ...fields });
const failed = (customerId: string, at: string): OutboxEntry => ({ ...blankRecord(outboxTab), id: `O-${customerId}`, key: `k-${customerId}`, customer_id: customerId, status: 'failed', planned_for: at });

const customers = [
  customer('A', { account_manager: 'Aisha Davids', customer_since: '2026-01-01' }),
  customer('B', { customer_since: '2026-01-01' }),
  customer('C', { customer_since: '2026-01-01', email: 'c@example.com' }),
  customer('D', { customer_since: '2026-01-01' }),
  customer('E', { customer_since: '2026-01-01' }),
  customer('F', { customer_since: '2020-01-01' }),
  customer('G', { last_verified_at: '2026-01-10', email: 'g@example.com' }),
  customer('H', { phone: '', customer_since: '2026-01-01' }),
  customer('I', { birth_date: '1890-01-01', customer_since: '2026-01-01' }),
  customer('J', { status: 'archived', phone: '', birth_date: '2030-01-01' }),
];

const interactions = [
  interaction('I1', 'A', '2026-06-01', { kind: 'complaint', staff: 'Mark', subject: 'Wobbly wheel', status: 'open' }),
  interaction('I2', 'A', '2026-06-20', { kind: 'complaint', status: '' }),
  interaction('I0', 'A', '2026-05-01', { kind: 'complaint', status: 'resolved' }),
  interaction('I4', 'B', '2026-05-01', { kind: 'call', follow_up_date: '2026-05-05' }),
  interaction('I3', 'B', '2026-06-25', { kind: 'call', staff: 'Aisha', subject: 'Quote', follow_up_date: '2026-07-03' }),
  interaction('I9', 'B', '2026-06-24', { kind: 'call', follow_up_date: '2026-07-20' }),
  interaction('I5', 'C', '2026-06-28', { kind: 'survey', score: 4 }),
  interaction('I7', 'D', '2026-06-28', { kind: 'survey', score: 9 }),
  interaction('I8', 'E', '2026-05-01', { kind: 'survey', score: 3 }),
  interaction('I6', 'F', '2026-03-01', { kind: 'visit' }),
];

const analysis: Pick<RetentionAnalysis, 'atRisk' | 'defections' | 'profiles'> = {
  atRisk: [
    { customerId: 'A', churnRisk: 0.6, daysSinceLast: 40, lastPurchase: '2026-05-21', medianGap: 30, valueIfRetained: 1000, profitAtStake: 600 },
    { customerId: 'H', churnRisk: 0.7, daysSinceLast: 40, lastPurchase: '2026-05-21', medianGap: 30, valueIfRetained: 1000, profitAtStake: 700 },
  ],
  defections: [
    { customerId: 'B', type: 'no_repurchase', detectedAt: '2026-06-01', reason: 'no purchase for 90 days', lostProfit: 500, recordedId: 'D1', outcome: '' },
    { customerId: 'B', type: 'not_returning', detectedAt: '2026-06-10', reason: 'no purchase after a complaint', lostProfit: 400, recordedId: null, outcome: '' },
    { customerId: 'C', type: 'no_repurchase', detectedAt: '2025-05-01', reason: 'old', lostProfit: 900, recordedId: 'D2', outcome: '' },
  ],
  profiles: [],
};

function derive(): Map<string, DerivedTask> {
  const tasks = deriveTasks({ today: TODAY, settings, customers, interactions, outbox: [failed('G', '2026-03-01')], analysis });
  return new Map(tasks.map((t) => [t.key, t]));
}

describe('deriveTasks', () => {
  const tasks = derive();

  it('finds exactly the hand-worked tasks, one per person and reason', () => {
    expect([...tasks.keys()].sort()).toEqual(
      [
        'at_risk|A|2026-05-21',
        'complaint|A|I1',
        'defection|B|2026-06-01',
        'follow_up|B|I3@2026-07-03',
        'low_score|C|I5',
        'stale|F|never',
        'stale|G|2026-01-10',
        'stale|H|never',
        'stale|I|never',
      ].sort(),
    );
  });

  it('makes an open complaint due complaint_days after the oldest, and says how late it is', () => {
    const t = tasks.get('complaint|A|I1')!;
    expect([t.due, t.manager, t.name, t.phone]).toEqual(['2026-06-15', 'Aisha Davids', 'A Test', '082 555 0100']);
    expect(t.detail).toBe('2 open complaint(s), the oldest from 2026-06-01 (Wobbly wheel), overdue by 15 day(s)');
  });

  it('follows up the earliest unanswered follow-up due within a week, under the manager the staff name stands for', () => {
    const t = tasks.get('follow_up|B|I3@2026-07-03')!;
    expect([t.due, t.manager]).toEqual(['2026-07-03', 'Aisha Davids']);
    expect(t.detail).toBe('follow up the call of 2026-06-25 (Quote)');
  });

  it('calls the reachable at-risk customers before the day they would be overdue (2 × a 30-day gap after 21 May)', () => {
    const t = tasks.get('at_risk|A|2026-05-21')!;
    expect([t.due, t.value]).toEqual(['2026-07-21', 600]);
  });

  it('joins a customer\'s recent open defections in one task, keyed and due by the earliest', () => {
    const t = tasks.get('defection|B|2026-06-01')!;
    expect([t.due, t.value]).toEqual(['2026-06-08', 500]);
    expect(t.detail).toBe('no repurchase (found 2026-06-01): no purchase for 90 days; not back after a complaint (found 2026-06-10): no purchase after a complaint');
  });

  it('flags a low score from the last complaint_days, due a week after the survey', () => {
    expect(tasks.get('low_score|C|I5')!.due).toBe('2026-07-05');
  });

  it('names what is stale: never confirmed while active, a failed address after confirmation, no way to reach, impossible values', () => {
    expect(tasks.get('stale|F|never')!.detail).toBe('never confirmed');
    expect(tasks.get('stale|G|2026-01-10')!.detail).toBe('mail to their address failed on 2026-03-01');
    expect(tasks.get('stale|H|never')!.detail).toBe('no e-mail and no phone');
    expect(tasks.get('stale|I|never')!.detail).toBe('impossible value(s): birth_date');
  });

  it('drops a failure older than the last confirmation, and a stale record confirmed within verify_months', () => {
    const keys = deriveTasks({ today: TODAY, settings, customers: customers.map((c) => (c.id === 'F' ? { ...c, last_verified_at: '2026-06-30' } : c)), interactions, outbox: [failed('G', '2026-01-01')], analysis }).map((t) => t.key);
    expect(keys.filter((k) => k.startsWith('stale|F') || k.startsWith('stale|G'))).toEqual([]);
  });

  it('reads verify_months, low_score_max and the reasons list from Settings, with defaults and issues', () => {
    const read = taskSettings({ time_zone: 'UTC', complaint_days: 14 }, { verify_months: '6', low_score_max: 'high', defection_reasons: 'Price, moved; Parking' });
    expect([read.settings.verify_months, read.settings.low_score_max, read.settings.defection_reasons]).toEqual([6, 6, ['price', 'moved', 'parking']]);
    expect(read.issues.map((i) => i.key)).toEqual(['low_score_max']);
  });
});

describe('survey scores on their own scale', () => {
  it('stretches a 1–5 rating onto the 0–10 scale low_score_max is set on; an NPS answer stays as it is', () => {
    expect([1, 2, 3, 4, 5].map((s) => onTenPointScale(s, 5))).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(onTenPointScale(6, 10)).toBe(6);
    expect(onTenPointScale(6, undefined)).toBe(6);
  });

  it('opens a low-score task for a 3 of 5 but not for a 4 of 5 (low_score_max 6)', () => {
    const people = [customer('R3', { customer_since: '2026-01-01' }), customer('R4', { customer_since: '2026-01-01' })];
    const answers = [
      interaction('S3', 'R3', '2026-06-28', { kind: 'survey', score: 3, score_max: 5 }),
      interaction('S4', 'R4', '2026-06-28', { kind: 'survey', score: 4, score_max: 5 }),
    ];
    const low = deriveTasks({ today: TODAY, settings, customers: people, interactions: answers, analysis: { atRisk: [], defections: [], profiles: [] } }).filter((t) => t.reason === 'low_score');
    expect(low.map((t) => t.customerId)).toEqual(['R3']);
  });
});
