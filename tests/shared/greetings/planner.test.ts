import { describe, expect, it } from 'vitest';
import { planGreetings, readGreetingsData, runGreetings, type PlanInput } from '../../../shared/greetings';
import { CaptureMailer, testSigner, workbook } from './fixture';
import type { CellValue } from '../../../shared/workbook';

function plan(wb: ReturnType<typeof workbook>, date: string, extra: Partial<PlanInput> = {}) {
  const data = readGreetingsData(wb);
  return planGreetings({
    date,
    timeZone: data.settings.time_zone,
    coolDownDays: data.settings.cool_down_days,
    customers: data.customers,
    purchases: data.purchases,
    interactions: data.interactions,
    campaigns: data.campaigns,
    outbox: data.outbox,
    loyalty: data.loyalty,
    ...extra,
  });
}

const birthday = { name: 'Birthday', trigger: 'birthday', subject: 'Happy birthday {{first_name|there}}', body: 'Hi {{first_name}}', active: 'yes' };

describe('planner: birthdays and consent', () => {
  const wb = () =>
    workbook({
      customers: [
        { id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', birth_date: '14/03/1990' },
        { id: 'C-2', first_name: 'Leap', email: 'leap@example.com', email_consent: 'Y', birth_date: '2000-02-29' },
        { id: 'C-3', first_name: 'Tick', email: 'tick@example.com', email_consent: true, birth_date: '1985-02-28' },
        { id: 'C-4', first_name: 'Num', email: 'num@example.com', email_consent: 1, birth_date: '1970-03-14' },
        { id: 'C-5', first_name: 'NoConsent', email: 'nc@example.com', email_consent: 'no', birth_date: '1990-03-14' },
        { id: 'C-6', first_name: 'Blank', email: 'blank@example.com', birth_date: '1990-03-14' },
        { id: 'C-7', first_name: 'Gone', email: 'gone@example.com', email_consent: 'yes', unsubscribed_at: '2026-01-02T10:00:00Z', birth_date: '1990-03-14' },
        { id: 'C-8', first_name: 'Merged', email: 'm@example.com', email_consent: 'yes', status: 'merged', birth_date: '1990-03-14' },
        { id: 'C-9', first_name: 'Arch', email: 'a@example.com', email_consent: 'yes', status: 'Archived', birth_date: '1990-03-14' },
        { id: 'C-10', first_name: 'Bad', email: 'bob@example', email_consent: 'yes', birth_date: '1990-03-14' },
        { id: 'C-11', first_name: 'Dots', email: 'bob..x@example.com', email_consent: 'yes', birth_date: '1990-03-14' },
        { id: 'C-12', first_name: 'Twin A', email: 'family@example.com', email_consent: 'TRUE', birth_date: '2001-03-14' },
        { id: 'C-13', first_name: 'Twin B', email: 'Family@Example.com ', email_consent: 'true', birth_date: '2001-03-14' },
        { id: '', first_name: 'NoId', email: 'noid@example.com', email_consent: 'yes', birth_date: '1990-03-14' },
        { id: 'C-14', first_name: 'NoMail', email: '', email_consent: 'yes', birth_date: '1990-03-14' },
        { id: 'C-16', first_name: 'Closed', email: 'closed@example.com', email_consent: 'yes', status: 'deceased', birth_date: '1990-03-14' },
        { id: 'C-15', first_name: 'Typed', email: 'typed@example.com', email_consent: 'yes', unsubscribed_at: 'yes please', birth_date: '1990-03-14' },
      ],
      campaigns: [birthday],
    });

  it('greets on the day, honouring consent words, unsubscribes, status and addresses', () => {
    const p = plan(wb(), '2026-03-14');
    const send = p.messages.filter((m) => m.decision === 'send').map((m) => m.customer.record.id).sort();
    expect(send).toEqual(['C-1', 'C-12', 'C-13', 'C-4']);
    const skip = Object.fromEntries(p.messages.filter((m) => m.decision === 'skip').map((m) => [m.customer.record.id, m.reason]));
    expect(skip).toEqual({ 'C-5': 'no_consent', 'C-6': 'no_consent', 'C-7': 'unsubscribed', 'C-10': 'invalid_address', 'C-11': 'invalid_address', 'C-14': 'no_address', 'C-15': 'unsubscribed' });
    expect(p.excluded).toEqual({ merged: 1, archived: 1, no_id: 1, unknown_status: 1 });
    expect(p.messages.find((m) => m.customer.record.id === 'C-1')?.key).toBe('Birthday|C-1|2026-03-14');
    expect(p.messages.find((m) => m.customer.record.id === 'C-1')?.context.age).toBe('36');
  });

  it('greets Feb 29 birthdays on Feb 28 in other years and on Feb 29 in leap years', () => {
    expect(plan(wb(), '2027-02-28').messages.filter((m) => m.decision === 'send').map((m) => m.customer.record.id).sort()).toEqual(['C-2', 'C-3']);
    expect(plan(wb(), '2027-03-01').messages).toEqual([]);
    expect(plan(wb(), '2028-02-28').messages.map((m) => m.customer.record.id)).toEqual(['C-3']);
    expect(plan(wb(), '2028-02-29').messages.map((m) => m.customer.record.id)).toEqual(['C-2']);
  });

  it('applies offset_days (a greeting two days early) and keys by the occasion', () => {
    const w = workbook({
      customers: [{ id: 'C-1', email: 'ann@example.com', email_consent: 'yes', birth_date: '1990-01-01' }],
      campaigns: [{ ...birthday, offset_days: -2 }],
    });
    const p = plan(w, '2026-12-30');
    expect(p.messages.map((m) => m.key)).toEqual(['Birthday|C-1|2027-01-01']);
  });
});

describe('planner: other triggers', () => {
  const customers: Record<string, CellValue>[] = [
    { id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', customer_since: '2020-06-01', churn_risk: 0.9 },
    { id: 'C-2', first_name: 'Ben', email: 'ben@example.com', email_consent: 'no', customer_since: '2026-06-01' },
    { id: 'C-3', first_name: 'Cat', email: 'cat@example.com', email_consent: 'yes', membership_tier: 'Gold', updated_at: '2026-05-31T23:30:00Z' },
  ];
  const campaigns: Record<string, CellValue>[] = [
    { name: 'Welcome', trigger: 'welcome', subject: 'Welcome', body: 'b' },
    { name: 'Thanks', trigger: 'thank_you', offset_days: 1, subject: 'Thanks', body: 'b' },
    { name: 'Survey', trigger: 'survey_after_purchase', offset_days: 7, subject: 'How was it?', body: 'b' },
    { name: 'Anniv', trigger: 'anniversary', subject: 'Years', body: '{{years}}' },
    { name: 'Reminder', trigger: 'appointment_reminder', offset_days: -1, subject: 'See you', body: '{{appointment_time}}' },
    { name: 'Xmas', trigger: 'holiday:christmas', subject: 'Merry', body: 'b' },
    { name: 'Upgrade', trigger: 'tier_upgrade', subject: 'Gold!', body: 'b' },
    { name: 'Off', trigger: 'welcome', subject: 'x', body: 'b', active: 'no' },
  ];

  it('welcome, anniversary, tier upgrade (local date), appointment reminder without consent', () => {
    const w = workbook({
      customers,
      campaigns,
      settings: { cool_down_days: '0' },
      interactions: [
        { id: 'I-1', customer_id: 'C-2', date: '2026-06-02T07:30:00Z', kind: 'appointment' },
        { id: 'I-2', customer_id: 'C-1', date: '2026-06-02 10:00', kind: 'appointment', status: 'cancelled' },
      ],
    });
    const p = plan(w, '2026-06-01');
    const got = p.messages.map((m) => `${m.campaign.name}:${m.customer.record.id}:${m.decision}:${m.reason}`).sort();
    expect(got).toEqual(['Anniv:C-1:send:', 'Reminder:C-2:send:', 'Upgrade:C-3:send:', 'Welcome:C-2:skip:no_consent']);
    expect(p.messages.find((m) => m.campaign.name === 'Reminder')?.context.appointment_time).toBe('09:30');
    expect(p.messages.find((m) => m.campaign.name === 'Anniv')?.context.years).toBe('6');
    expect(p.messages.find((m) => m.campaign.name === 'Upgrade')?.key).toBe('Upgrade|C-3|tier:gold');
  });

  it('thank-you and survey after a purchase, with their offsets', () => {
    const w = workbook({ customers, campaigns, settings: { cool_down_days: '0' }, purchases: [{ id: 'P-1', customer_id: 'C-1', date: '2026-06-10', amount: 20 }, { id: 'P-2', customer_id: 'C-1', date: '2026-06-10', amount: 5.5 }] });
    expect(plan(w, '2026-06-11').messages.map((m) => [m.key, m.context.purchase_amount])).toEqual([['Thanks|C-1|2026-06-10', '25.50']]);
    expect(plan(w, '2026-06-17').messages.map((m) => m.key)).toEqual(['Survey|C-1|2026-06-10']);
  });

  it('holidays come from the input list; an unknown code is reported', () => {
    const w = workbook({ customers, campaigns: [campaigns[5]!, { name: 'Diwali', trigger: 'holiday:diwali', subject: 's', body: 'b' }] });
    const holidays = [{ date: '2026-12-25', code: 'christmas-day', name: 'Christmas Day' }];
    const p = plan(w, '2026-12-25', { holidays });
    expect(p.messages.filter((m) => m.decision === 'send').map((m) => m.customer.record.id)).toEqual(['C-1', 'C-3']);
    expect(p.messages[0]?.context.holiday_name).toBe('Christmas Day');
    expect(p.issues).toEqual([{ code: 'unknown_holiday', campaign: 'Diwali' }]);
  });

  it('win-back by churn risk or by being overdue against their own rhythm, once per lapse', () => {
    const w = workbook({
      customers: [
        { id: 'C-1', email: 'a@example.com', email_consent: 'yes', churn_risk: 0.8 },
        { id: 'C-2', email: 'b@example.com', email_consent: 'yes' },
        { id: 'C-3', email: 'c@example.com', email_consent: 'yes' },
      ],
      campaigns: [{ name: 'Miss you', trigger: 'win_back', subject: 's', body: 'b' }],
      purchases: [
        { customer_id: 'C-1', date: '2026-05-01' },
        { customer_id: 'C-2', date: '2026-01-01' },
        { customer_id: 'C-2', date: '2026-01-11' },
        { customer_id: 'C-2', date: '2026-01-21' },
        { customer_id: 'C-3', date: '2026-01-01' },
        { customer_id: 'C-3', date: '2026-04-01' },
      ],
    });
    // C-2 buys every 10 days; on Feb 11 it is 21 days since, more than twice its rhythm. C-3's gap is 90 days.
    expect(plan(w, '2026-02-10').messages.map((m) => m.key)).toEqual([]);
    expect(plan(w, '2026-02-11').messages.map((m) => m.key)).toEqual(['Miss you|C-2|2026-01-21']);
    expect(plan(w, '2026-06-01').messages.map((m) => m.key).sort()).toEqual(['Miss you|C-1|2026-05-01', 'Miss you|C-2|2026-01-21']);
  });

  it('a segment filter keeps its members only; an unknown segment stops the campaign', () => {
    const w = workbook({ customers, campaigns: [{ name: 'VIP anniv', trigger: 'anniversary', segment: 'VIP', subject: 's', body: 'b' }] });
    expect(plan(w, '2026-06-01', { segments: { vip: (c) => c.id === 'C-1' } }).messages.map((m) => m.customer.record.id)).toEqual(['C-1']);
    expect(plan(w, '2026-06-01', { segments: { vip: () => false } }).messages).toEqual([]);
    const p = plan(w, '2026-06-01');
    expect(p.messages).toEqual([]);
    expect(p.issues).toEqual([{ code: 'unknown_segment', campaign: 'VIP anniv' }]);
  });
});

describe('planner: cool-down', () => {
  it('one message per customer within cool_down_days, by priority; reminders are exempt', () => {
    const w = workbook({
      customers: [{ id: 'C-1', email: 'a@example.com', email_consent: 'yes', birth_date: '1990-12-25', customer_since: '2020-12-25' }],
      campaigns: [
        { name: 'Xmas', trigger: 'holiday:christmas-day', subject: 's', body: 'b' },
        { name: 'Anniv', trigger: 'anniversary', subject: 's', body: 'b' },
        { name: 'Birthday', trigger: 'birthday', subject: 's', body: 'b' },
        { name: 'Reminder', trigger: 'appointment_reminder', subject: 's', body: 'b' },
      ],
      interactions: [{ customer_id: 'C-1', date: '2026-12-25T08:00', kind: 'appointment' }],
    });
    const p = plan(w, '2026-12-25', { holidays: [{ date: '2026-12-25', code: 'christmas-day', name: 'Christmas Day' }] });
    expect(p.messages.map((m) => `${m.campaign.name}:${m.decision}:${m.reason}`)).toEqual(['Reminder:send:', 'Birthday:send:', 'Anniv:skip:cool_down', 'Xmas:skip:cool_down']);
  });

  it('a message sent in the last cool_down_days blocks another; one sent earlier does not', () => {
    const w = workbook({
      customers: [{ id: 'C-1', email: 'a@example.com', email_consent: 'yes', birth_date: '1990-03-14' }],
      campaigns: [birthday],
    });
    const data = readGreetingsData(w);
    const base = { date: '2026-03-14', timeZone: 'Africa/Johannesburg', coolDownDays: 7, customers: data.customers, purchases: [], interactions: [], campaigns: data.campaigns };
    const sent = (sent_at: string) => ({ id: 'O-1', key: 'Other|C-1|x', campaign: 'Other', customer_id: 'C-1', to: '', subject: '', status: 'sent', reason: '', planned_for: sent_at.slice(0, 10), sent_at, message_id: '', lease_until: undefined, attempts: 1 });
    expect(planGreetings({ ...base, outbox: [sent('2026-03-08T12:00:00Z')] }).messages[0]?.reason).toBe('cool_down');
    expect(planGreetings({ ...base, outbox: [sent('2026-03-07T12:00:00Z')] }).messages[0]?.reason).toBe('');
    // 21:59Z on the 7th is already the 8th in Johannesburg.
    expect(planGreetings({ ...base, outbox: [sent('2026-03-07T22:30:00Z')] }).messages[0]?.reason).toBe('cool_down');
  });
});

describe('planner: segments, campaign names and a run for another date', () => {
  it('a campaign naming a segment of the Segments tab sends to its members only (rule over any column)', async () => {
    const w = workbook({
      customers: [
        { id: 'C-1', first_name: 'Ann', email: 'a@example.com', email_consent: 'yes', birth_date: '1990-03-14', 'Favourite colour': 'Red' },
        { id: 'C-2', first_name: 'Ben', email: 'b@example.com', email_consent: 'yes', birth_date: '1990-03-14', 'Favourite colour': 'Blue' },
      ],
      campaigns: [
        { ...birthday, name: 'Red birthday', segment: 'Red fans' },
        { ...birthday, name: 'Broken', segment: 'Broken rule' },
      ],
    });
    w.ensureTab('Segments', { header: ['id', 'name', 'rule'], textColumns: [] });
    w.append('Segments', [
      ['S-1', 'Red fans', 'favourite_colour = "red"'],
      ['S-2', 'Broken rule', 'no_such_column = 1'],
    ]);
    const mailer = new CaptureMailer();
    const report = await runGreetings({ wb: w, date: '2026-03-14', mailer, signer: testSigner, now: () => Date.parse('2026-03-14T06:00:00Z'), approve: true });
    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.com']);
    expect(report.issues).toEqual([{ code: 'unknown_segment', campaign: 'Broken' }]);
  });

  it('campaigns are keyed by name: a second row with the same name is reported, not run', () => {
    const w = workbook({
      customers: [{ id: 'C-1', email: 'a@example.com', email_consent: 'yes', birth_date: '1990-03-14' }],
      campaigns: [birthday, { ...birthday, name: ' birthday ', subject: 'Other' }],
    });
    const p = plan(w, '2026-03-14');
    expect(p.messages.map((m) => m.campaign.subject)).toEqual(['Happy birthday {{first_name|there}}']);
    expect(p.issues).toEqual([{ code: 'duplicate_campaign', campaign: 'birthday' }]);
  });

  it('a message sent today for a later date still spaces that later calendar (cool-down by the day it was due)', () => {
    const w = workbook({
      customers: [{ id: 'C-1', email: 'a@example.com', email_consent: 'yes', customer_since: '2020-03-02' }],
      campaigns: [{ name: 'Anniv', trigger: 'anniversary', subject: 's', body: 'b' }],
    });
    const data = readGreetingsData(w);
    const sent = { id: 'O-1', key: 'Birthday|C-1|2027-02-28', campaign: 'Birthday', customer_id: 'C-1', to: 'a@example.com', subject: '', status: 'sent' as const, reason: '', planned_for: '2027-02-28', sent_at: '2026-11-23T10:00:00Z', message_id: '', lease_until: undefined, attempts: 1 };
    const base = { timeZone: 'Africa/Johannesburg', coolDownDays: 7, customers: data.customers, purchases: [], interactions: [], campaigns: data.campaigns, outbox: [sent] };
    expect(planGreetings({ ...base, date: '2027-03-02' }).messages.map((m) => m.reason)).toEqual(['cool_down']);
    expect(planGreetings({ ...base, date: '2027-03-02', coolDownDays: 2 }).messages.map((m) => m.reason)).toEqual(['']);
  });
});

describe('planner: appointment dates typed the local way', () => {
  it('"01/03/2027 09:30" is read as that day and time (DD/MM/YYYY), so the reminder goes the day before', () => {
    const w = workbook({
      customers: [{ id: 'C-1', first_name: 'Nora', email: 'nora@example.com', email_consent: 'no' }],
      campaigns: [{ name: 'Reminder', trigger: 'appointment_reminder', offset_days: -1, subject: 's', body: '{{appointment_time}}' }],
      interactions: [
        { id: 'I-1', customer_id: 'C-1', date: '01/03/2027 09:30', kind: 'appointment', status: 'booked' },
        { id: 'I-2', customer_id: 'C-1', date: 'next tuesday', kind: 'appointment', status: 'booked' },
      ],
    });
    const data = readGreetingsData(w);
    expect(data.interactions.map((i) => i.date)).toEqual(['2027-03-01T09:30:00', undefined]);
    expect(data.issues.map((i) => [i.tab, i.row, i.column])).toEqual([['Interactions', 3, 'date']]);
    const p = plan(w, '2027-02-28');
    expect(p.messages.map((m) => [m.key, m.decision, m.context.appointment_time])).toEqual([['Reminder|C-1|2027-03-01', 'send', '09:30']]);
  });
});
