import { describe, expect, it } from 'vitest';
import { MemoryWorkbook, type CellValue } from '../../../shared/workbook';
import { isoWeek, parseManagerEmails, runGreetings, weekdayOf, type RunOptions } from '../../../shared/greetings';
import { CAMPAIGN_HEADER, CaptureMailer, CUSTOMER_HEADER, grid, outboxRows, testSigner } from './fixture';

// 2026-03-16 is a Monday (1 January 2026 was a Thursday; 74 days later, 74 mod 7 = 4 → Monday), in ISO week 12
// (week 1 starts Monday 2025-12-29; 2026-03-16 is 77 days = 11 weeks later).
const MONDAY = '2026-03-16';
const T0 = Date.parse('2026-03-16T06:00:00Z');
const TASK_HEADER = ['id', 'key', 'customer_id', 'name', 'phone', 'email', 'reason', 'detail', 'value', 'manager', 'due', 'status'];

function task(id: string, name: string, manager: string, due: string, status: string, reason = 'Open complaint', phone = '+27821234567'): Record<string, CellValue> {
  return { id, key: `complaint|C-${id}|x`, customer_id: `C-${id}`, name, phone, email: `${id}@customer.example`, reason, manager, due, status };
}

function shop(offsetDays = 0): MemoryWorkbook {
  const settings: Record<string, string> = {
    business_name: 'Corner Café',
    sender_name: 'Corner Café',
    sender_email: 'hello@corner.example',
    time_zone: 'Africa/Johannesburg',
    public_url: 'https://corner.example',
    // Dan's address is a customer's: a digest never goes there. Carol has tasks but no address.
    manager_emails: 'Aisha Davids=aisha@shop.example; Ben=ben@shop.example; Dan=ann@example.com',
  };
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: Object.entries(settings) },
    Customers: grid(CUSTOMER_HEADER, [{ id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'no', status: 'active' }]),
    Campaigns: grid(CAMPAIGN_HEADER, [{ name: 'Weekly digest', trigger: 'weekly_digest', offset_days: offsetDays, subject: 'Your open tasks, {{week}}', body: 'Hello {{manager}}, you have {{task_count}} open tasks:', active: 'yes', send_hour: 7 }]),
    Tasks: grid(TASK_HEADER, [
      task('T-1', 'Zoë <b>Nel</b>', 'Aisha Davids', '2026-03-12', 'open', 'Open complaint', '+27821110001'),
      task('T-2', 'Piet Botha', 'aisha  davids', '2026-03-10', 'open', 'Slipping away: worth a call', '+27821110002'),
      task('T-3', 'Done Already', 'Aisha Davids', '2026-03-01', 'done'),
      task('T-4', 'Lerato M', 'Ben', '2026-03-15', 'open', 'Check their details', ''),
      task('T-5', 'Nobody Assigned', '', '2026-03-15', 'open'),
      task('T-6', 'Carol Client', 'Carol', '2026-03-15', 'open'),
      task('T-7', 'Dan Client', 'Dan', '2026-03-15', 'open'),
    ]),
  });
}

const run = (wb: MemoryWorkbook, mailer: CaptureMailer, extra: Partial<RunOptions> = {}): ReturnType<typeof runGreetings> =>
  runGreetings({ wb, date: MONDAY, mailer, signer: testSigner, now: () => T0, approve: true, ...extra });

describe('weekly digest helpers', () => {
  it('reads manager addresses by name and dates weeks and weekdays by ISO 8601', () => {
    const m = parseManagerEmails('Aisha Davids=Aisha@Shop.example; Ben = ben@shop.example\nNo Address=; broken');
    expect([...m.values()]).toEqual([
      { name: 'Aisha Davids', address: 'aisha@shop.example' },
      { name: 'Ben', address: 'ben@shop.example' },
    ]);
    expect(weekdayOf(MONDAY)).toBe(0);
    expect(weekdayOf('2026-03-22')).toBe(6);
    expect(isoWeek(MONDAY)).toBe('2026-W12');
    // 2027-01-01 is a Friday: it belongs to the last week of 2026 (which has 53 weeks).
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2025-12-29')).toBe('2026-W01');
  });
});

describe('weekly_digest trigger', () => {
  it("mails each manager exactly their open tasks on the campaign's weekday; a manager without an address, or with a customer's, is skipped", async () => {
    const wb = shop();
    const mailer = new CaptureMailer();
    const report = await run(wb, mailer);
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['aisha@shop.example', 'ben@shop.example']);
    const aisha = mailer.sent.find((m) => m.to === 'aisha@shop.example')!;
    expect(aisha.subject).toBe('Your open tasks, 2026-W12');
    // Oldest due first; the done task and other managers' tasks are not listed.
    expect(aisha.text).toBe('Hello Aisha Davids, you have 2 open tasks:\n\n- Piet Botha | Slipping away: worth a call | due 2026-03-10 | +27821110002\n- Zoë <b>Nel</b> | Open complaint | due 2026-03-12 | +27821110001\n');
    expect(aisha.html).toContain('<td style="padding:2px 8px;border-bottom:1px solid #ddd">Zoë &lt;b&gt;Nel&lt;/b&gt;</td>');
    expect(aisha.html).not.toContain('Done Already');
    expect(aisha.html).not.toContain('Lerato');
    // Internal mail: no unsubscribe link or header.
    expect(aisha.headers).toEqual({});
    expect(aisha.html).not.toMatch(/unsubscribe/i);
    const ben = mailer.sent.find((m) => m.to === 'ben@shop.example')!;
    expect(ben.text).toContain('- Lerato M | Check their details | due 2026-03-15 | no phone');
    expect(ben.text).toContain('you have 1 open tasks');
    const rows = Object.fromEntries(outboxRows(wb).map((r) => [String(r.key), `${String(r.status)}${r.reason ? `:${String(r.reason)}` : ''}`]));
    expect(rows).toEqual({
      'Weekly digest|manager:Aisha Davids|2026-W12': 'sent',
      'Weekly digest|manager:Ben|2026-W12': 'sent',
      'Weekly digest|manager:Carol|2026-W12': 'skipped:no_manager_address',
      'Weekly digest|manager:Dan|2026-W12': 'skipped:customer_address',
    });
    expect(report).toMatchObject({ sent: 2, skipped: { no_manager_address: 1, customer_address: 1 } });
    expect(mailer.tries.some((m) => m.to === 'ann@example.com')).toBe(false);

    // A re-run the same day, or later in the same week, sends nothing.
    const again = new CaptureMailer();
    await run(wb, again);
    expect(again.tries).toEqual([]);
  });

  it('a re-run in the same ISO week on another weekday sends nothing; the next week sends again', async () => {
    const wb = shop(2);
    const mailer = new CaptureMailer();
    await run(wb, mailer);
    expect(mailer.tries).toEqual([]); // Monday is not Wednesday
    await run(wb, mailer, { date: '2026-03-18', now: () => Date.parse('2026-03-18T06:00:00Z') });
    expect(mailer.sent).toHaveLength(2);
    // The campaign moved to Friday the same week: the week's digest already went.
    wb.write('Campaigns', [{ row: 2, col: 3, value: 4 }]);
    await run(wb, mailer, { date: '2026-03-20', now: () => Date.parse('2026-03-20T06:00:00Z') });
    expect(mailer.sent).toHaveLength(2);
    await run(wb, mailer, { date: '2026-03-27', now: () => Date.parse('2026-03-27T06:00:00Z') });
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Your open tasks, 2026-W12', 'Your open tasks, 2026-W12', 'Your open tasks, 2026-W13', 'Your open tasks, 2026-W13']);
  });

  it('follows the same approval rules: its first run waits for a yes and sends nothing', async () => {
    const wb = shop();
    const mailer = new CaptureMailer();
    const report = await run(wb, mailer, { approve: false });
    expect(mailer.tries).toEqual([]);
    expect(report.needsApproval).toMatchObject({ total: 2, campaigns: [{ campaign: 'Weekly digest', count: 2 }] });
  });
});
