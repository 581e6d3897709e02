// profile:FIELD campaigns (a date in a Profile field, with an offset; yearly with :yearly) and referral_thanks
// (the referrer thanked when the referred customer's first purchase is recorded), planned on hand-computed dates
// and sent exactly once through the runner.
import { describe, expect, it } from 'vitest';
import { parseTrigger, planGreetings, readGreetingsData, runGreetings, planInputFor } from '../../../shared/greetings';
import { CaptureMailer, CUSTOMER_HEADER, outboxRows, testSigner, workbook } from './fixture';
import type { MemoryWorkbook } from '../../../shared/workbook';

const HEADER = [...CUSTOMER_HEADER, 'Contract renewal', 'Wedding day', 'referred_by'];
const consent = { email_consent: 'yes' };

function sendsOn(wb: MemoryWorkbook, date: string): string[] {
  const p = planGreetings(planInputFor(readGreetingsData(wb), date));
  return p.messages.filter((m) => m.decision === 'send').map((m) => m.key).sort();
}

describe('profile:FIELD campaigns', () => {
  const renewal = { name: 'Renewal', trigger: 'profile:Contract renewal', offset_days: -30, subject: 'Your contract renews on {{profile_date}}', body: 'Hi {{first_name}}', active: 'yes' };
  const wedding = { name: 'Wedding', trigger: 'profile: wedding day : yearly', offset_days: 0, subject: '{{years}} years!', body: 'Hi {{first_name}}', active: 'yes' };
  const wb = () =>
    workbook({
      customerHeader: HEADER,
      settings: { cool_down_days: '0', date_order: 'dmy' },
      customers: [
        // 2026-03-14 + 30 days = 2026-04-13 (17 days to the end of March, then 13).
        { id: 'C-1', first_name: 'Iso', email: 'iso@example.com', ...consent, 'Contract renewal': '2026-04-13' },
        { id: 'C-2', first_name: 'Typed', email: 'typed@example.com', ...consent, 'Contract renewal': '13/04/2026' },
        { id: 'C-3', first_name: 'Later', email: 'later@example.com', ...consent, 'Contract renewal': '2026-04-14' },
        { id: 'C-4', first_name: 'Blank', email: 'blank@example.com', ...consent },
        { id: 'C-5', first_name: 'Bad', email: 'bad@example.com', ...consent, 'Contract renewal': 'soon' },
        { id: 'C-6', first_name: 'Ten', email: 'ten@example.com', ...consent, 'Wedding day': '2016-03-14' },
        { id: 'C-7', first_name: 'Leap', email: 'leap@example.com', ...consent, 'Wedding day': '2024-02-29' },
        { id: 'C-8', first_name: 'New', email: 'new@example.com', ...consent, 'Wedding day': '2026-03-14' },
        { id: 'C-9', first_name: 'Gone', email: 'gone@example.com', ...consent, status: 'archived', 'Contract renewal': '2026-04-13' },
      ],
      campaigns: [renewal, wedding],
    });

  it('reads the trigger with the field as written, and refuses profile: without a field', () => {
    expect(parseTrigger('profile:Contract renewal')).toEqual({ trigger: 'profile', code: 'Contract renewal' });
    expect(parseTrigger('Profile : Wedding day:yearly')).toEqual({ trigger: 'profile', code: 'Wedding day:yearly' });
    expect(parseTrigger('profile:')).toBeUndefined();
    expect(parseTrigger('referral_thanks')).toEqual({ trigger: 'referral_thanks', code: '' });
  });

  it('fires 30 days before the renewal date (ISO or typed in the business order) and yearly on the day', () => {
    expect(sendsOn(wb(), '2026-03-14')).toEqual(['Renewal|C-1|2026-04-13', 'Renewal|C-2|2026-04-13', 'Wedding|C-6|2026-03-14']);
    expect(sendsOn(wb(), '2026-03-15')).toEqual(['Renewal|C-3|2026-04-14']);
    const p = planGreetings(planInputFor(readGreetingsData(wb()), '2026-03-14'));
    expect(p.messages.find((m) => m.customer.record.id === 'C-6')?.context).toMatchObject({ years: '10', profile_date: '2016-03-14' });
    // 29 February 2024: on 28 February in the common year 2027 (3 years), never in its own year.
    expect(sendsOn(wb(), '2027-02-28')).toEqual(['Wedding|C-7|2027-02-28']);
    expect(sendsOn(wb(), '2028-02-29')).toEqual(['Wedding|C-7|2028-02-29']);
    expect(sendsOn(wb(), '2028-02-28')).toEqual([]);
  });

  it('sends once: a second run the same day sends nothing', async () => {
    const w = wb();
    const run = (mailer: CaptureMailer) => runGreetings({ wb: w, date: '2026-03-14', mailer, signer: testSigner, now: () => Date.parse('2026-03-14T06:00:00Z'), approve: true });
    const first = new CaptureMailer();
    await run(first);
    expect(first.sent.map((m) => m.to).sort()).toEqual(['iso@example.com', 'ten@example.com', 'typed@example.com']);
    expect(first.sent.find((m) => m.to === 'iso@example.com')?.subject).toBe('Your contract renews on 2026-04-13');
    const second = new CaptureMailer();
    await run(second);
    expect(second.sent).toEqual([]);
    expect(outboxRows(w).filter((r) => r.status === 'sent')).toHaveLength(3);
  });
});

describe('referral_thanks', () => {
  const thanks = { name: 'Referral thanks', trigger: 'referral_thanks', offset_days: 0, subject: 'Thank you for sending {{referred_first_name}} our way', body: 'Hi {{first_name}}', active: 'yes' };
  const wb = () =>
    workbook({
      customerHeader: HEADER,
      settings: { cool_down_days: '0' },
      customers: [
        { id: 'C-11', first_name: 'Rita', email: 'rita@example.com', ...consent },
        { id: 'C-10', first_name: 'Nia', email: 'nia@example.com', referred_by: 'C-11' },
        { id: 'C-12', first_name: 'Old', email: 'old@example.com', referred_by: 'C-11' },
        { id: 'C-13', first_name: 'Lost', email: 'lost@example.com', referred_by: 'C-99' },
        { id: 'C-14', first_name: 'Self', email: 'self@example.com', ...consent, referred_by: 'C-14' },
        { id: 'C-15', first_name: 'Refund', email: 'refund@example.com', referred_by: 'C-11' },
        { id: 'C-16', first_name: 'Arch', email: 'arch@example.com', ...consent, status: 'archived' },
        { id: 'C-17', first_name: 'Via arch', email: 'via@example.com', referred_by: 'C-16' },
      ],
      purchases: [
        { id: 'P-1', customer_id: 'C-10', date: '2026-03-14', amount: 50 },
        { id: 'P-2', customer_id: 'C-10', date: '2026-03-20', amount: 80 },
        { id: 'P-3', customer_id: 'C-12', date: '2026-02-01', amount: 10 },
        { id: 'P-4', customer_id: 'C-12', date: '2026-03-14', amount: 10 },
        { id: 'P-5', customer_id: 'C-13', date: '2026-03-14', amount: 10 },
        { id: 'P-6', customer_id: 'C-14', date: '2026-03-14', amount: 10 },
        { id: 'P-7', customer_id: 'C-15', date: '2026-03-14', amount: -20 },
        { id: 'P-8', customer_id: 'C-17', date: '2026-03-14', amount: 10 },
      ],
      campaigns: [thanks],
    });

  it('thanks the referrer on the referred customer\'s first purchase day only', () => {
    // C-10's first purchase is today; C-12 bought before; C-13's referrer is unknown; C-14 names itself;
    // C-15's only line is a refund; C-17's referrer is archived.
    expect(sendsOn(wb(), '2026-03-14')).toEqual(['Referral thanks|C-11|referral:C-10']);
    expect(sendsOn(wb(), '2026-03-20')).toEqual([]);
    const p = planGreetings(planInputFor(readGreetingsData(wb()), '2026-03-14'));
    expect(p.messages[0]?.context).toMatchObject({ referred_first_name: 'Nia', referral_date: '2026-03-14' });
  });

  it('sends the thank-you once, with the referred customer\'s first name', async () => {
    const w = wb();
    const run = (mailer: CaptureMailer) => runGreetings({ wb: w, date: '2026-03-14', mailer, signer: testSigner, now: () => Date.parse('2026-03-14T06:00:00Z'), approve: true });
    const first = new CaptureMailer();
    await run(first);
    expect(first.sent.map((m) => [m.to, m.subject])).toEqual([['rita@example.com', 'Thank you for sending Nia our way']]);
    const second = new CaptureMailer();
    await run(second);
    expect(second.sent).toEqual([]);
  });
});
