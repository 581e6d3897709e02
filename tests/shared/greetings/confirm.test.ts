import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../shared/workbook';
import { checkConfirmForm, isStaleRecord, runGreetings, verifyConfirmToken, type RunOptions } from '../../../shared/greetings';
import { e164Phone } from '../../../shared/dedupe';
import { CaptureMailer, outboxRows, testSigner, workbook } from './fixture';

const TODAY = '2026-03-16';
const T0 = Date.parse('2026-03-16T06:00:00Z');
const HEADER = ['id', 'first_name', 'email', 'email_consent', 'status', 'phone', 'birth_date', 'customer_since', 'last_verified_at'];

function shop(settings: Record<string, string> = {}, extra: Record<string, CellValue>[] = []): ReturnType<typeof workbook> {
  return workbook({
    settings,
    customerHeader: HEADER,
    customers: [
      // Cut-off with the default 12 months: 2025-03-16 (confirmed on or before it is stale).
      { id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', last_verified_at: '2025-01-10' },
      { id: 'C-2', first_name: 'Ben', email: 'ben@example.com', email_consent: 'yes', last_verified_at: '2025-12-01' },
      { id: 'C-3', first_name: 'Cat', email: 'cat@example.com', email_consent: 'yes', customer_since: '2024-05-01' },
      { id: 'C-4', first_name: 'Dee', email: 'dee@example.com', email_consent: 'yes', customer_since: '2026-01-05' },
      { id: 'C-5', first_name: 'Eve', email: 'eve@example.com', email_consent: 'no', last_verified_at: '2024-01-01' },
      { id: 'C-6', first_name: 'Fay', email: 'fay@example.com', email_consent: 'yes', last_verified_at: '2025-03-16' },
      ...extra,
    ],
    campaigns: [{ name: 'Confirm', trigger: 'confirm_details', subject: 'Are your details still right, {{first_name}}?', body: 'Hi {{first_name}}, please check: {{confirm_url}}', active: 'yes' }],
  });
}

const run = (wb: ReturnType<typeof shop>, mailer: CaptureMailer, extra: Partial<RunOptions> = {}): ReturnType<typeof runGreetings> =>
  runGreetings({ wb, date: TODAY, mailer, signer: testSigner, now: () => T0, approve: true, ...extra });

describe('confirm_details trigger', () => {
  it('mails customers whose record was not confirmed within verify_months, with a signed link naming them and the message', async () => {
    const wb = shop();
    const mailer = new CaptureMailer();
    await run(wb, mailer);
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['ann@example.com', 'cat@example.com', 'fay@example.com']);
    const status = Object.fromEntries(outboxRows(wb).map((r) => [String(r.key), `${String(r.status)}${r.reason ? `:${String(r.reason)}` : ''}`]));
    expect(status).toEqual({
      'Confirm|C-1|verified:2025-01-10': 'sent',
      'Confirm|C-3|verified:never': 'sent',
      'Confirm|C-5|verified:2024-01-01': 'skipped:no_consent',
      'Confirm|C-6|verified:2025-03-16': 'sent',
    });
    const ann = mailer.sent.find((m) => m.to === 'ann@example.com')!;
    const url = /https:\/\/corner\.example\/confirm\?token=([^\s]+)/.exec(ann.text)?.[1];
    expect(url).toBeDefined();
    const check = verifyConfirmToken(decodeURIComponent(url!), testSigner, TODAY);
    expect(check).toEqual({ ok: true, claim: { customerId: 'C-1', messageKey: 'Confirm|C-1|verified:2025-01-10', issued: TODAY } });
    // Placed by {{confirm_url}}, so not added a second time; the unsubscribe link is still there.
    expect(ann.text.match(/\/confirm\?token=/g)).toHaveLength(1);
    expect(ann.headers['List-Unsubscribe']).toMatch(/\/unsubscribe\?token=/);

    // A re-run, or a run a week later, asks nobody again about the same stale episode.
    const again = new CaptureMailer();
    await run(wb, again);
    await run(wb, again, { date: '2026-03-23', now: () => Date.parse('2026-03-23T06:00:00Z') });
    expect(again.tries).toEqual([]);
  });

  it('reads Settings verify_months, and adds the link itself when the body does not place it', async () => {
    const wb = shop({ verify_months: '3' });
    const mailer = new CaptureMailer();
    wb.write('Campaigns', [{ row: 2, col: 6, value: 'Hi {{first_name}}, are these still right?' }]);
    await run(wb, mailer);
    // Cut-off 2025-12-16: Ben (2025-12-01) is now stale too; Dee (customer since 2026-01-05) is not.
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['ann@example.com', 'ben@example.com', 'cat@example.com', 'fay@example.com']);
    const ben = mailer.sent.find((m) => m.to === 'ben@example.com')!;
    expect(ben.text).toMatch(/^Hi Ben, are these still right\?\n\nCheck and confirm your details: https:\/\/corner\.example\/confirm\?token=c1\.[^\s]+\n\n--\nUnsubscribe: /);
    expect(ben.html).toMatch(/<a href="https:\/\/corner\.example\/confirm\?token=c1\.[^"]+">Check and confirm your details<\/a>/);
  });

  it('follows the same approval rules: its first run waits for a yes', async () => {
    const mailer = new CaptureMailer();
    const report = await run(shop(), mailer, { approve: false });
    expect(mailer.tries).toEqual([]);
    expect(report.needsApproval.total).toBe(3);
  });

  it('the stale rule: confirmed on the cut-off day is stale, the day after is not; never confirmed counts from customer_since', () => {
    const base = { id: 'X', email: '', status: 'active' } as Parameters<typeof isStaleRecord>[0];
    expect(isStaleRecord({ ...base, last_verified_at: '2025-03-16' }, TODAY, 12)).toBe(true);
    expect(isStaleRecord({ ...base, last_verified_at: '2025-03-17' }, TODAY, 12)).toBe(false);
    expect(isStaleRecord({ ...base, customer_since: '2025-03-17' }, TODAY, 12)).toBe(false);
    expect(isStaleRecord(base, TODAY, 12)).toBe(true);
  });
});

describe('checkConfirmForm', () => {
  const rules = { order: 'dmy' as const, country: 'ZA', normalise: e164Phone, today: TODAY };
  it('keeps e-mail lower case, a phone as E.164 in the business country, a birthday in its date order or --MM-DD', () => {
    expect(checkConfirmForm({ email: ' Ann@Example.com ', phone: '082 123 4567', birth_date: '05/04/1990' }, rules)).toEqual({ ok: true, values: { email: 'ann@example.com', phone: '+27821234567', birth_date: '1990-04-05' } });
    expect(checkConfirmForm({ email: 'ann@example.com', phone: '', birth_date: '--04-05' }, { ...rules, order: 'mdy' })).toEqual({ ok: true, values: { email: 'ann@example.com', phone: '', birth_date: '--04-05' } });
    expect(checkConfirmForm({ email: 'a@b.co', phone: '', birth_date: '04/05/1990' }, { ...rules, order: 'mdy' })).toMatchObject({ values: { birth_date: '1990-04-05' } });
  });
  it('refuses each bad value with a reason for its field', () => {
    const out = checkConfirmForm({ email: 'ann.example.com', phone: '12', birth_date: '31/02/1990' }, rules);
    expect(out.ok).toBe(false);
    expect(out.ok ? {} : Object.keys(out.errors).sort()).toEqual(['birth_date', 'email', 'phone']);
    expect(out.ok ? '' : out.errors.birth_date).toContain('DD/MM/YYYY');
    expect(checkConfirmForm({ email: 'a@b.co', birth_date: '01/01/2027' }, rules)).toEqual({ ok: false, errors: { birth_date: 'This date cannot be a birthday.' } });
  });
});
