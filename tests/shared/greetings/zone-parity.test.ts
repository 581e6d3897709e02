import { describe, expect, it } from 'vitest';
import { createServerApi } from '../../../shared/api';
import { runGreetings, runGreetingsAt, STOPS } from '../../../shared/greetings';
import { BAD_TIME_ZONE_MESSAGE } from '../../../shared/kernel';
import type { MemoryWorkbook } from '../../../shared/workbook';
import { CaptureMailer, outboxRows, testSigner, workbook } from './fixture';

// 2026-03-13 20:30 UTC is 09:30 on 14 March in Auckland (NZDT, +13), 05:30 on 14 March in Tokyo (+9) and still
// 13 March in UTC: each zone below decides a different day or hour, so a disagreement cannot hide.
const NOW = '2026-03-13T20:30:00.000Z';

/** Two consenting customers born on 14 March, greeted at 07:00 on their birthday. */
function shop(zone: string): MemoryWorkbook {
  return workbook({
    settings: { time_zone: zone, approve_first_run: 'no' },
    customers: [
      { id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', birth_date: '1990-03-14' },
      { id: 'C-2', first_name: 'Ben', email: 'ben@example.com', email_consent: 'yes', birth_date: '1985-03-14' },
    ],
    campaigns: [{ name: 'Birthday', trigger: 'birthday', subject: 'Hi {{first_name}}', body: 'Hi', active: 'yes', send_hour: 7 }],
  });
}

type Decided = { zone: string; date: string; customers: string[] } | { refused: string };

/** What the Messages sidebar's "Today" tab decides, given the host's zone as the add-on gives it (deps.hostTimeZone). */
function todayTab(zone: string, host: string | undefined): Decided {
  const api = createServerApi({ workbook: () => shop(zone), now: () => NOW, user: () => 'owner@corner.example', ...(host ? { hostTimeZone: () => host } : {}) });
  const plan = api.getTodayPlan({});
  if (!plan.ok) return { refused: plan.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { zone: plan.value.timeZone, date: plan.value.date, customers: plan.value.messages.filter((m) => m.decision === 'send').map((m) => m.customer_id).sort() };
}

/** What the greetings run decides at the same instant, given the same host zone (runGreetingsAt's hostZone), and whom it sent to. */
async function run(zone: string, host: string | undefined): Promise<Decided> {
  const wb = shop(zone);
  const report = await runGreetingsAt({ wb, mailer: () => new CaptureMailer(), signer: () => testSigner, now: () => Date.parse(NOW), ...(host ? { hostZone: () => host } : {}) });
  if (report.stopped === 'bad_time_zone') return { refused: `Settings.time_zone: ${STOPS[report.stopped].message}` };
  // The run sends up to the local hour; every case below is past 07:00 or on a day with no birthday, or says so.
  const sent = outboxRows(wb).filter((r) => r.status === 'sent').map((r) => String(r.customer_id)).sort();
  return { zone: report.timeZone ?? '', date: report.date, customers: sent };
}

describe('the Messages "Today" tab and the greetings run decide the same zone and day', () => {
  // Written out by hand from the policy (docs/architecture.md, Clock), not read back from businessClock.
  const cases: [setting: string, host: string | undefined, expected: Decided][] = [
    ['', 'Pacific/Auckland', { zone: 'Pacific/Auckland', date: '2026-03-14', customers: ['C-1', 'C-2'] }],
    ['', undefined, { zone: 'UTC', date: '2026-03-13', customers: [] }],
    ['UTC', 'Pacific/Auckland', { zone: 'UTC', date: '2026-03-13', customers: [] }],
    ['Pacific/Auckland', undefined, { zone: 'Pacific/Auckland', date: '2026-03-14', customers: ['C-1', 'C-2'] }],
    ['Africa/Johannesburg', 'Pacific/Auckland', { zone: 'Africa/Johannesburg', date: '2026-03-13', customers: [] }],
    ['Mars/Olympus', 'Pacific/Auckland', { refused: `Settings.time_zone: ${BAD_TIME_ZONE_MESSAGE}` }],
  ];
  for (const [setting, host, expected] of cases) {
    it(`time_zone "${setting}" with ${host ?? 'no'} host zone`, async () => {
      expect(todayTab(setting, host)).toEqual(expected);
      expect(await run(setting, host)).toEqual(expected);
    });
  }

  it('a zone whose hour has not come: the same zone and day, the run waiting for 07:00 while the tab lists the day', async () => {
    const expected = { zone: 'Asia/Tokyo', date: '2026-03-14' };
    const tab = todayTab('Asia/Tokyo', 'Pacific/Auckland');
    const sent = await run('Asia/Tokyo', 'Pacific/Auckland');
    expect(tab).toEqual({ ...expected, customers: ['C-1', 'C-2'] });
    expect(sent).toEqual({ ...expected, customers: [] });
  });

  it('asks the host for its zone only when Settings time_zone is blank, and the run says which zone it used', async () => {
    let asked = 0;
    const host = (): string => (asked++, 'Pacific/Auckland');
    await runGreetingsAt({ wb: shop('UTC'), mailer: () => new CaptureMailer(), signer: () => testSigner, now: () => Date.parse(NOW), hostZone: host });
    createServerApi({ workbook: () => shop('UTC'), now: () => NOW, user: () => 'o@corner.example', hostTimeZone: host }).getTodayPlan({});
    expect(asked).toBe(0);
    const report = await runGreetingsAt({ wb: shop(''), mailer: () => new CaptureMailer(), signer: () => testSigner, now: () => Date.parse(NOW), hostZone: host });
    expect(asked).toBe(1);
    expect(report.notes).toEqual(["Settings time_zone is blank, so dates are in the spreadsheet's time zone, Pacific/Auckland."]);
  });
});

describe('runGreetings plans in the zone its caller decided', () => {
  const alone = (zone: string, timeZone?: string) =>
    runGreetings({ wb: shop(zone), date: '2026-03-14', mailer: new CaptureMailer(), signer: testSigner, now: () => Date.parse(NOW), ...(timeZone ? { timeZone } : {}) });

  it('uses the zone runGreetingsAt passes, even where the raw setting is blank', async () => {
    expect(await alone('', 'Pacific/Auckland')).toMatchObject({ timeZone: 'Pacific/Auckland', sent: 2 });
  });

  it('called alone, asks businessClock itself: blank is UTC, a name that is no zone stops the run', async () => {
    expect(await alone('')).toMatchObject({ timeZone: 'UTC', sent: 2 });
    const stopped = await alone('Mars/Olympus');
    expect(stopped).toMatchObject({ stopped: 'bad_time_zone', sent: 0 });
    expect(stopped.timeZone).toBeUndefined();
  });
});
