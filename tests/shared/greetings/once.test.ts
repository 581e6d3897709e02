import { describe, expect, it } from 'vitest';
import { onceDue, onceRecipients, planGreetings, readGreetingsData, planInputFor, runGreetings, type CustomerInput } from '../../../shared/greetings';
import type { Campaign, Customer } from '../../../shared/workbook';
import { CaptureMailer, grid, outboxRows, testSigner, workbook } from './fixture';

const campaign = (over: Partial<Campaign> = {}): Campaign => ({ id: '', name: 'News', trigger: 'once', offset_days: undefined, segment: '', subject: 'News', body: 'Hello', active: true, send_hour: undefined, send_date: '2027-05-10', survey_scale: '', holdout_pct: undefined, ...over });

const person = (id: string, email: string, over: Partial<Customer> = {}, emailInvalid = false): CustomerInput => ({
  row: 2,
  // Only the fields the recipient choice reads.
  record: { id, email, email_consent: true, unsubscribed_at: undefined, status: 'active', merged_into: '', ...over } as unknown as Customer,
  extra: {},
  emailInvalid,
});

describe('one-off campaigns', () => {
  it('are due from their send_date for seven days, and never without one', () => {
    expect(onceDue(campaign(), '2027-05-09')).toBe(false);
    expect(onceDue(campaign(), '2027-05-10')).toBe(true);
    expect(onceDue(campaign(), '2027-05-17')).toBe(true);
    expect(onceDue(campaign(), '2027-05-18')).toBe(false);
    expect(onceDue(campaign({ send_date: undefined }), '2027-05-10')).toBe(false);
  });

  it('pick one customer per mailbox: an unsubscribed member speaks for it, else a consenting one', () => {
    const picked = onceRecipients([
      person('C-1', 'a@x.example', { email_consent: false }),
      person('C-2', 'A@X.example'),
      person('C-3', 'b@x.example'),
      person('C-4', ' B@x.example ', { unsubscribed_at: '2027-01-01' }),
      person('C-5', 'c@x.example', { email_consent: false }),
      person('C-6', '', {}),
      person('C-7', 'broken', {}, true),
    ]);
    expect(picked.map((c) => c.record.id)).toEqual(['C-2', 'C-4', 'C-5']);
  });

  it('the planner keys each message by campaign and mailbox, and skips a mailbox with an unsubscribed or non-consenting owner', () => {
    const wb = workbook({
      customers: [
        { id: 'C-000001', email: 'home@x.example', email_consent: 'no' },
        { id: 'C-000002', email: 'Home@x.example', email_consent: 'yes' },
        { id: 'C-000003', email: 'solo@x.example', email_consent: 'no' },
        { id: 'C-000004', email: 'gone@x.example', email_consent: 'yes', status: 'archived' },
      ],
      campaigns: [],
    });
    const data = readGreetingsData(wb);
    const plan = planGreetings({ ...planInputFor(data, '2027-05-11'), campaigns: [campaign()] });
    expect(plan.messages.map((m) => [m.key, m.customer.record.id, m.decision, m.reason])).toEqual([
      ['News|@home@x.example|once:2027-05-10', 'C-000002', 'send', ''],
      ['News|@solo@x.example|once:2027-05-10', 'C-000003', 'skip', 'no_consent'],
    ]);
  });

  it("a run of one campaign leaves every other campaign's waiting rows as they are", async () => {
    const wb = workbook({
      settings: { approve_first_run: 'no', cool_down_days: '0' },
      customers: [{ id: 'C-000001', first_name: 'Ann', email: 'ann@x.example', email_consent: 'yes' }],
      campaigns: [{ name: 'Birthday', trigger: 'birthday', subject: 'Hi', body: 'Happy birthday', active: 'yes' }],
    });
    wb.ensureTab('Campaigns', { header: ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour', 'send_date'], textColumns: [] });
    wb.append('Campaigns', [['News', 'once', null, null, 'News', 'Hello {{first_name}}', 'yes', null, '2027-05-10']]);
    // A birthday message from yesterday, deferred by the caps: only a run of every campaign may send or retire it.
    const outbox = grid(['id', 'key', 'campaign', 'customer_id', 'to', 'subject', 'status', 'reason', 'planned_for'], [{ id: 'O-000001', key: 'Birthday|C-000001|2027-05-09', campaign: 'Birthday', customer_id: 'C-000001', to: 'ann@x.example', subject: 'Hi', status: 'planned', reason: '', planned_for: '2027-05-09' }]);
    wb.ensureTab('Outbox', { header: outbox.header, textColumns: [] });
    wb.append('Outbox', outbox.rows);
    const mailer = new CaptureMailer();
    const report = await runGreetings({ wb, date: '2027-05-10', mailer, signer: testSigner, now: () => Date.parse('2027-05-10T08:00:00Z'), campaign: 'news' });
    expect(report.sent).toBe(1);
    expect(mailer.sent.map((m) => m.subject)).toEqual(['News']);
    expect(outboxRows(wb).map((r) => [r.campaign, r.status])).toEqual([
      ['Birthday', 'planned'],
      ['News', 'sent'],
    ]);
  });
});
