import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerApi, type ServerDeps } from '../../../shared/api';
import type { MessagesResult } from '../../../shared/api/messages';
import { runGreetings, type OutgoingMessage, type SendResult } from '../../../shared/greetings';
import type { MemoryWorkbook } from '../../../shared/workbook';
import { CaptureMailer, testSigner, workbook } from '../greetings/fixture';

// 08:00 UTC on 23 Nov 2026 is 10:00 in Johannesburg (the fixture's time zone).
const NOW = '2026-11-23T08:00:00.000Z';

function book(): MemoryWorkbook {
  return workbook({
    customers: [
      { id: 'C1', first_name: '<b>Eve</b>', last_name: '=HYPERLINK("http://x")', email: 'eve@example.org', email_consent: 'yes', birth_date: '23/11/1990', status: 'active' },
      { id: 'C2', first_name: 'Adam', email: 'adam@example.org', email_consent: 'no', birth_date: '23/11/1985', status: 'active' },
      { id: 'C3', first_name: 'Bea', email: 'bea@example.org', email_consent: 'yes', birth_date: '01/01/1980', status: 'active' },
    ],
    campaigns: [
      { name: 'Birthday', trigger: 'birthday', offset_days: 0, subject: 'Happy birthday, {{first_name}}!', body: 'Hi {{first_name}},\n\nAll the best from {{business_name}}.', active: 'yes' },
      { name: 'Welcome', trigger: 'welcome', subject: 'Welcome', body: 'Hello {{first_name}}', active: 'yes' },
    ],
  });
}

function apiOf(wb: MemoryWorkbook, extra: Partial<ServerDeps> = {}): ServerApi {
  return createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'owner@corner.example', ...extra });
}

function value<T>(result: MessagesResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function campaignRows(wb: MemoryWorkbook): Record<string, unknown>[] {
  const g = wb.snapshot('Campaigns')!;
  return g.rows.map((r) => Object.fromEntries(g.header.map((h, i) => [h, r[i]])));
}

const birthday = { original: 'Birthday', name: 'Birthday', trigger: 'birthday', offset_days: 0, segment: '', subject: 'Happy birthday, {{first_name}}!', body: 'Hi', active: true, send_hour: null };

describe('Messages API: campaigns', () => {
  it('lists the campaigns with their rows, the triggers and the segments', () => {
    const list = value(apiOf(book()).listCampaigns({}));
    expect(list.campaigns.map((c) => [c.row, c.name, c.trigger, c.active])).toEqual([
      [2, 'Birthday', 'birthday', true],
      [3, 'Welcome', 'welcome', true],
    ]);
    expect(list.triggers).toContain('holiday:');
    expect(list.triggers).toContain('appointment_reminder');
  });

  it('saves an edit into the campaign row, found by the name it was listed under', () => {
    const wb = book();
    const saved = value(apiOf(wb).saveCampaign({ ...birthday, name: 'Birthday wishes', subject: 'Many happy returns, {{first_name}}', send_hour: 9, active: false }));
    expect(saved).toMatchObject({ row: 2, name: 'Birthday wishes', send_hour: 9, active: false });
    expect(campaignRows(wb)[0]).toMatchObject({ name: 'Birthday wishes', subject: 'Many happy returns, {{first_name}}', send_hour: 9, active: false });
    expect(campaignRows(wb)[1]).toMatchObject({ name: 'Welcome' });
  });

  it('adds a new campaign at the end', () => {
    const wb = book();
    const saved = value(apiOf(wb).saveCampaign({ name: 'Thanks', trigger: 'thank_you', offset_days: 1, segment: '', subject: 'Thank you', body: 'Thanks {{first_name}}', active: true, send_hour: 10 }));
    expect(saved.row).toBe(4);
    expect(campaignRows(wb)[2]).toMatchObject({ name: 'Thanks', trigger: 'thank_you', offset_days: 1, send_hour: 10 });
  });

  it('refuses bad fields with an issue next to each, writing nothing', () => {
    const wb = book();
    const before = JSON.stringify(wb.snapshot('Campaigns'));
    const result = apiOf(wb).saveCampaign({ original: 'Birthday', name: 'welcome', trigger: 'sometimes', offset_days: 1.5, segment: 'VIPs', subject: ' ', body: '', active: true, send_hour: 24 });
    expect(result.ok).toBe(false);
    const byField = Object.fromEntries((result.ok ? [] : result.issues).map((i) => [i.path.join('.'), i.code]));
    expect(byField).toEqual({ name: 'duplicate_name', trigger: 'unknown_trigger', offset_days: 'not_an_integer', segment: 'unknown_segment', subject: 'required', body: 'required', send_hour: 'out_of_range' });
    expect(JSON.stringify(wb.snapshot('Campaigns'))).toBe(before);
  });

  it('refuses an edit of a campaign renamed or deleted in the sheet meanwhile', () => {
    const result = apiOf(book()).saveCampaign({ ...birthday, original: 'Gone' });
    expect(result).toMatchObject({ ok: false, issues: [{ path: ['name'], code: 'not_found' }] });
  });

  it('rejects input of the wrong shape', () => {
    const result = apiOf(book()).saveCampaign({ ...birthday, send_hour: '9' } as unknown as typeof birthday);
    expect(result).toMatchObject({ ok: false, issues: [{ path: ['send_hour'], code: 'invalid_input' }] });
  });
});

describe('Messages API: preview and test send', () => {
  it('previews a customer with values escaped in HTML and plain in text, and the unsaved draft', () => {
    const preview = value(apiOf(book()).previewMessage({ campaign: 'birthday', customerId: 'C1', body: 'Dear {{first_name}} {{last_name}}' }));
    expect(preview.subject).toBe('Happy birthday, <b>Eve</b>!');
    expect(preview.text).toContain('Dear <b>Eve</b> =HYPERLINK("http://x")');
    expect(preview.html).toContain('Dear &lt;b&gt;Eve&lt;/b&gt; =HYPERLINK(&quot;http://x&quot;)');
    expect(preview.html).not.toContain('<b>Eve');
    expect(preview.to).toBe('eve@example.org');
    expect(preview.blockedBy).toBe('');
  });

  it('says why a customer would not get the message', () => {
    expect(value(apiOf(book()).previewMessage({ campaign: 'Birthday', customerId: 'C2' })).blockedBy).toBe('no_consent');
  });

  it('names what was not found', () => {
    expect(apiOf(book()).previewMessage({ campaign: 'Nope', customerId: 'C1' })).toMatchObject({ ok: false, issues: [{ path: ['campaign'] }] });
    expect(apiOf(book()).previewMessage({ campaign: 'Birthday', customerId: 'C9' })).toMatchObject({ ok: false, issues: [{ path: ['customerId'] }] });
  });

  it('sends a test to the caller through the mailer dependency, synchronously when the mailer can', () => {
    const sent: OutgoingMessage[] = [];
    const mailer = { name: 'gmail', send: () => Promise.reject(new Error('sendNow expected')), sendNow: (m: OutgoingMessage): SendResult => (sent.push(m), { ok: true, messageId: m.messageId }) };
    const result = apiOf(book(), { mailer: () => mailer }).sendTestMessage({ campaign: 'Birthday', customerId: 'C1' });
    expect(result).toMatchObject({ ok: true, value: { to: 'owner@corner.example', transport: 'gmail' } });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'owner@corner.example', subject: '[Test] Happy birthday, <b>Eve</b>!', from: { address: 'hello@corner.example' } });
    expect(sent[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('sends through an asynchronous mailer (the workbench file outbox) and reports a failure', async () => {
    const capture = new CaptureMailer();
    const result = await apiOf(book(), { mailer: () => capture }).sendTestMessage({ campaign: 'Birthday', customerId: 'C1' });
    expect(result.ok).toBe(true);
    expect(capture.sent[0]!.to).toBe('owner@corner.example');
    const failing = new CaptureMailer(() => ({ ok: false, fault: 'transient', scope: 'transport', code: 'smtp_down' }));
    const failed = await apiOf(book(), { mailer: () => failing }).sendTestMessage({ campaign: 'Birthday', customerId: 'C1' });
    expect(failed).toMatchObject({ ok: false, issues: [{ code: 'send_failed' }] });
  });

  it('refuses a test send without a mailer or without an address to send to', () => {
    expect(apiOf(book()).sendTestMessage({ campaign: 'Birthday', customerId: 'C1' })).toMatchObject({ ok: false, issues: [{ code: 'no_mailer' }] });
    const noUser = apiOf(book(), { mailer: () => new CaptureMailer(), user: () => '' });
    expect(noUser.sendTestMessage({ campaign: 'Birthday', customerId: 'C1' })).toMatchObject({ ok: false, issues: [{ code: 'no_address' }] });
  });
});

describe('Messages API: plan and Outbox', () => {
  it("shows today's plan in the business's time zone: who gets what, and who is skipped and why", () => {
    const plan = value(apiOf(book()).getTodayPlan({}));
    expect(plan.date).toBe('2026-11-23');
    const lines = plan.messages.map((m) => [m.campaign, m.customer_id, m.decision, m.reason, m.outbox]);
    expect(lines).toContainEqual(['Birthday', 'C1', 'send', '', '']);
    expect(lines).toContainEqual(['Birthday', 'C2', 'skip', 'no_consent', '']);
    expect(lines.some((l) => l[1] === 'C3' && l[0] === 'Birthday')).toBe(false);
  });

  it('lists the Outbox newest first with counts, after a run, and marks planned lines as recorded', async () => {
    const wb = book();
    await runGreetings({ wb, date: '2026-11-23', mailer: new CaptureMailer(), signer: testSigner, now: () => Date.parse(NOW), approve: true });
    const api = apiOf(wb);
    const outbox = value(api.listOutbox({}));
    expect(outbox.total).toBe(outbox.rows.length);
    expect(outbox.counts.sent).toBeGreaterThanOrEqual(1);
    expect(outbox.counts.skipped).toBeGreaterThanOrEqual(1);
    expect(outbox.rows[0]!.row).toBeGreaterThan(outbox.rows.at(-1)!.row);
    expect(value(api.listOutbox({ status: 'sent' })).rows.every((r) => r.status === 'sent')).toBe(true);
    const plan = value(api.getTodayPlan({}));
    expect(plan.messages.find((m) => m.customer_id === 'C1' && m.campaign === 'Birthday')?.outbox).toBe('sent');
  });

  it('refuses a bad Outbox filter', () => {
    expect(apiOf(book()).listOutbox({ status: 'lost' }).ok).toBe(false);
    expect(apiOf(book()).listOutbox({ limit: 0 }).ok).toBe(false);
  });
});
