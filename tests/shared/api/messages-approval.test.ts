import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerApi, type ServerDeps } from '../../../shared/api';
import type { MessagesResult } from '../../../shared/api/messages';
import type { Holiday } from '../../../shared/greetings';
import type { MemoryWorkbook } from '../../../shared/workbook';
import { CaptureMailer, workbook } from '../greetings/fixture';

const NOW = '2026-11-23T08:00:00.000Z';

function book(settings: Record<string, string> = {}): MemoryWorkbook {
  return workbook({
    settings: { country: 'ZA', ...settings },
    customers: [{ id: 'C1', first_name: 'Eve', email: 'eve@example.org', email_consent: 'yes', birth_date: '23/11/1990', status: 'active' }],
    campaigns: [{ name: 'Birthday', trigger: 'birthday', subject: 'Happy birthday, {{first_name}}!', body: 'Hi {{first_name}}', active: 'yes' }],
  });
}

/** A memory standing in for the host's per-user preferences (document properties, the workbench's file). */
function memoryPrefs(): NonNullable<ServerDeps['prefs']> & { all: Map<string, string> } {
  const all = new Map<string, string>();
  return { all, get: (k) => all.get(k), set: (k, v) => void all.set(k, v) };
}

const HOLIDAYS: Record<number, Holiday[]> = {
  2026: [
    { date: '2026-09-24', code: 'heritage-day', name: 'Heritage Day' },
    { date: '2026-12-25', code: 'christmas-day', name: 'Christmas Day' },
  ],
  2027: [
    { date: '2027-01-01', code: 'new-years-day', name: "New Year's Day" },
    { date: '2027-09-24', code: 'heritage-day', name: 'Heritage Day' },
    { date: '2027-12-25', code: 'christmas-day', name: 'Christmas Day' },
  ],
};

function apiOf(wb: MemoryWorkbook, extra: Partial<ServerDeps> = {}): ServerApi {
  return createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'owner@corner.example', holidays: (_c, year) => HOLIDAYS[year] ?? [], ...extra });
}

function value<T>(result: MessagesResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('Messages API: what the sidebar offers', () => {
  it('names triggers in words and lists the coming year of holidays by name, each once at its next date', () => {
    const list = value(apiOf(book()).listCampaigns({}));
    expect(list.triggerOptions).toContainEqual({ value: 'win_back', label: 'We miss you (lapsed customers)' });
    expect(list.triggerOptions.map((o) => o.value)).toContain('holiday');
    expect(list.holidays).toEqual([
      { code: 'christmas-day', name: 'Christmas Day', date: '2026-12-25' },
      { code: 'new-years-day', name: "New Year's Day", date: '2027-01-01' },
      { code: 'heritage-day', name: 'Heritage Day', date: '2027-09-24' },
    ]);
    expect(list.linkProblem).toBe('');
    expect(value(apiOf(book({ public_url: '' })).listCampaigns({})).linkProblem).toContain('public_url');
  });

  it('a campaign created in the sidebar starts inactive, whatever the form sent; an edit may switch it on', () => {
    const wb = book();
    const api = apiOf(wb);
    const created = value(api.saveCampaign({ name: 'Thanks', trigger: 'thank_you', offset_days: 1, segment: '', subject: 'Thank you', body: 'Thanks', active: true, send_hour: 10 }));
    expect(created.active).toBe(false);
    const grid = wb.snapshot('Campaigns')!;
    expect(grid.rows[1]![grid.header.indexOf('active')]).toBe(false);
    const switched = value(api.saveCampaign({ original: 'Thanks', name: 'Thanks', trigger: 'thank_you', offset_days: 1, segment: '', subject: 'Thank you', body: 'Thanks', active: true, send_hour: 10 }));
    expect(switched.active).toBe(true);
  });

  it('sends a test to the address typed, remembers it for this user, and names the local folder', async () => {
    const prefs = memoryPrefs();
    const capture = new CaptureMailer();
    const local = { name: 'file:/tmp/shop/outbox', send: capture.send.bind(capture) };
    const api = apiOf(book(), { mailer: () => local, prefs });
    expect(value(api.listCampaigns({})).testAddress).toBe('owner@corner.example');
    const sent = value(await api.sendTestMessage({ campaign: 'Birthday', customerId: 'C1', to: ' Tester@Example.org ' }));
    expect(sent).toMatchObject({ to: 'tester@example.org', folder: '/tmp/shop/outbox' });
    expect(capture.sent.map((m) => m.to)).toEqual(['tester@example.org']);
    expect(prefs.all.get('test_to:owner@corner.example')).toBe('tester@example.org');
    expect(value(api.listCampaigns({}))).toMatchObject({ testAddress: 'tester@example.org', testTransport: 'file:/tmp/shop/outbox' });
    // Without an address typed, the remembered one is used.
    expect(value(await api.sendTestMessage({ campaign: 'Birthday', customerId: 'C1' })).to).toBe('tester@example.org');
  });

  it('refuses an address that is not one, next to the field, sending nothing and remembering nothing', async () => {
    const prefs = memoryPrefs();
    const capture = new CaptureMailer();
    const api = apiOf(book(), { mailer: () => capture, prefs, user: () => '' });
    expect(await api.sendTestMessage({ campaign: 'Birthday', customerId: 'C1', to: 'not-an-address' })).toMatchObject({ ok: false, issues: [{ path: ['to'], code: 'not_an_address' }] });
    expect(await api.sendTestMessage({ campaign: 'Birthday', customerId: 'C1' })).toMatchObject({ ok: false, issues: [{ path: ['to'], code: 'no_address' }] });
    expect(capture.tries).toHaveLength(0);
    expect(prefs.all.size).toBe(0);
  });

  it('getApprovals with nothing waiting, and a decision with nothing to decide', () => {
    const api = apiOf(book());
    expect(value(api.getApprovals({}))).toMatchObject({ waiting: { total: 0, campaigns: [] }, held: { total: 0 }, canApprove: true, approveOver: 50 });
    expect(api.decideApproval({ decision: 'approve', fingerprint: 'x' })).toMatchObject({ ok: false, issues: [{ code: 'nothing_waiting' }] });
    expect(api.decideApproval({ decision: 'maybe', fingerprint: 'x' } as never).ok).toBe(false);
  });
});
