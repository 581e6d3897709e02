import { describe, expect, it } from 'vitest';
import { campaignAudience, holdoutShare, inHoldout, readGreetingsData, runGreetings } from '../../../shared/greetings';
import { MemoryWorkbook, type CellValue } from '../../../shared/workbook';
import { CaptureMailer, grid, outboxRows, testSigner } from './fixture';

const CUSTOMERS = ['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status'];
const CAMPAIGNS = ['name', 'trigger', 'segment', 'subject', 'body', 'active', 'send_date', 'holdout_pct'];
const T0 = Date.parse('2027-05-10T08:00:00Z');

/** 200 consenting customers (every tenth without consent) and one newsletter with a holdout share. */
function shop(holdoutPct: CellValue, name = 'News'): MemoryWorkbook {
  const customers = Array.from({ length: 200 }, (_, i) => ({ id: `C-${i + 1}`, first_name: `P${i + 1}`, email: `p${i + 1}@x.example`, email_consent: i % 10 === 9 ? 'no' : 'yes', status: 'active' }));
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: Object.entries({ business_name: 'Corner', sender_email: 'hello@corner.example', time_zone: 'UTC', public_url: 'https://corner.example', approve_over: '1000', approve_first_run: 'no', cool_down_days: '0' }) },
    Customers: grid(CUSTOMERS, customers),
    Campaigns: grid(CAMPAIGNS, [{ name, trigger: 'once', segment: '', subject: 'News', body: 'Hello', active: 'yes', send_date: '2027-05-10', holdout_pct: holdoutPct }]),
  });
}

const run = (wb: MemoryWorkbook, mailer: CaptureMailer, approve = false) => runGreetings({ wb, date: '2027-05-10', mailer, signer: testSigner, now: () => T0, approve });

describe('holdout: a seeded control group, planned and never sent', () => {
  it('the share is holdout_pct of 100; blank, zero or nonsense hold nobody out', () => {
    expect(holdoutShare({ holdout_pct: 20 })).toBe(0.2);
    expect(holdoutShare({ holdout_pct: 250 })).toBe(1);
    for (const pct of [undefined, 0, -5, Number.NaN]) expect(holdoutShare({ holdout_pct: pct })).toBe(0);
    expect(inHoldout({ name: 'News', holdout_pct: 100 }, 'C-1')).toBe(true);
    expect(inHoldout({ name: 'News', holdout_pct: undefined }, 'C-1')).toBe(false);
  });

  it('about holdout_pct of customers, the same ones every time, another group for another campaign', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `C-${i + 1}`);
    const held = ids.filter((id) => inHoldout({ name: 'News', holdout_pct: 20 }, id));
    // Binomial(10,000, 0.2): mean 2,000, sd 40; ±5 sd.
    expect(held.length).toBeGreaterThan(1800);
    expect(held.length).toBeLessThan(2200);
    expect(ids.filter((id) => inHoldout({ name: ' news ', holdout_pct: 20 }, id))).toEqual(held);
    const other = new Set(ids.filter((id) => inHoldout({ name: 'Summer sale', holdout_pct: 20 }, id)));
    const both = held.filter((id) => other.has(id)).length;
    // Independent draws overlap on about 0.2 × 0.2 = 4% of customers (400, sd 20), not on 20%.
    expect(both).toBeGreaterThan(300);
    expect(both).toBeLessThan(500);
  });

  it('a run records the control group as holdout, sends to everyone else, and a re-run changes nothing', async () => {
    const wb = shop(25);
    const audience = campaignAudience({ data: readGreetingsData(wb), campaign: readGreetingsData(wb).campaigns[0]!, today: '2027-05-10', timeZone: 'UTC' });
    const mailer = new CaptureMailer();
    const report = await run(wb, mailer);
    const rows = outboxRows(wb);
    const held = rows.filter((r) => r.status === 'holdout');
    const sentTo = new Set(mailer.sent.map((m) => m.to));
    // 180 consenting; the rest skipped for no consent (never in either group).
    expect(held.length + mailer.sent.length).toBe(180);
    expect(rows.filter((r) => r.status === 'skipped' && r.reason === 'no_consent')).toHaveLength(20);
    expect(held.length).toBeGreaterThan(20);
    expect(held.length).toBeLessThan(70);
    expect(held.every((r) => r.reason === 'holdout' && !sentTo.has(String(r.to)))).toBe(true);
    expect(held.every((r) => inHoldout({ name: 'News', holdout_pct: 25 }, String(r.customer_id)))).toBe(true);
    expect(report.skipped.holdout).toBe(held.length);
    // The live count said exactly this before the run: the same plan.
    expect(audience).toMatchObject({ recipients: mailer.sent.length, holdout: held.length, skipped: { no_consent: 20 }, alreadyInOutbox: 0 });
    expect(audience.sample.every((m) => sentTo.has(m.to))).toBe(true);

    // Approving, or setting the share to 0 afterwards, never mails the control group: holdout is final.
    const again = new CaptureMailer();
    await run(wb, again, true);
    expect(again.sent).toHaveLength(0);
    const cells = wb.snapshot('Campaigns')!;
    wb.write('Campaigns', [{ row: 2, col: cells.header.indexOf('holdout_pct') + 1, value: 0 }]);
    await run(wb, again, true);
    expect(again.sent).toHaveLength(0);
    expect(outboxRows(wb).filter((r) => r.status === 'holdout')).toHaveLength(held.length);
    expect(campaignAudience({ data: readGreetingsData(wb), campaign: readGreetingsData(wb).campaigns[0]!, today: '2027-05-10', timeZone: 'UTC' })).toMatchObject({ recipients: 0, alreadyInOutbox: 180 });
  });
});
