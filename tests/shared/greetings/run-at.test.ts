import { describe, expect, it } from 'vitest';
import type { MemoryWorkbook } from '../../../shared/workbook';
import { retryable, runGreetingsAt, STOPS, transportStop, type Mailer, type RunAtOptions, type SendResult, type StopCode } from '../../../shared/greetings';
import { CaptureMailer, outboxRows, testSigner, workbook } from './fixture';

// 06:00 UTC is 08:00 in Johannesburg on 14 March 2026.
const T0 = Date.parse('2026-03-14T06:00:00Z');

/** Two consenting customers born on 14 March, greeted at 07:00 and at 18:00 (send_hour). */
function shop(settings: Record<string, string> = {}): MemoryWorkbook {
  return workbook({
    settings,
    customers: [
      { id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', birth_date: '1990-03-14' },
      { id: 'C-2', first_name: 'Ben', email: 'ben@example.com', email_consent: 'yes', birth_date: '1985-03-14' },
    ],
    campaigns: [
      { name: 'Morning', trigger: 'birthday', subject: 'Hi {{first_name}}', body: 'Hi', active: 'yes', send_hour: 7 },
      { name: 'Evening', trigger: 'birthday', subject: 'Evening {{first_name}}', body: 'Hi', active: 'yes', send_hour: 18 },
    ],
  });
}

/** A mailer that counts closes, answering every send from `answer`. */
function closingMailer(answer: () => SendResult = () => ({ ok: true, messageId: '' })): CaptureMailer & { closed: number } {
  const mailer = Object.assign(new CaptureMailer(answer), { closed: 0 });
  (mailer as Mailer).close = () => {
    mailer.closed++;
    return Promise.resolve();
  };
  return mailer;
}

function options(wb: MemoryWorkbook, mailer: Mailer, extra: Partial<RunAtOptions> = {}): RunAtOptions {
  return { wb, mailer: () => mailer, signer: () => testSigner, now: () => T0, approve: true, retries: { tries: 1, backoffMs: 0 }, ...extra };
}

describe('stop codes: one policy, decided in the engine', () => {
  it('each code says whether a retry helps, whether Settings must change, and whether it is a problem', () => {
    // Written out by hand from what each stop means, not read back from STOPS.
    const expected: Record<StopCode, [retry: boolean, settings: boolean, problem: boolean]> = {
      not_the_sender: [false, false, false],
      bad_time_zone: [false, true, true],
      no_sender: [false, true, true],
      no_public_url: [false, true, true],
      no_unsubscribe_key: [true, false, true],
      quota: [false, false, false],
      deadline: [false, false, false],
      transport_down: [true, false, true],
      transport_refused: [false, false, true],
    };
    expect(Object.keys(STOPS).sort()).toEqual(Object.keys(expected).sort());
    for (const [code, [retry, settings, problem]] of Object.entries(expected) as [StopCode, [boolean, boolean, boolean]][]) {
      expect({ code, ...STOPS[code], message: undefined }).toEqual({ code, retry, settings, problem, message: undefined });
      expect(retryable(code)).toBe(retry);
      expect(STOPS[code].message).not.toMatch(/@|key=|token/i);
    }
    expect(retryable(undefined)).toBe(false);
  });

  it('a fault every message shares stops the run as refused when retrying cannot help, else as down', () => {
    expect(transportStop({ ok: false, fault: 'permanent', scope: 'transport', code: 'eauth' })).toBe('transport_refused');
    expect(transportStop({ ok: false, fault: 'transient', scope: 'transport', code: 'smtp_421' })).toBe('transport_down');
    expect(transportStop({ ok: false, fault: 'uncertain', scope: 'transport', code: 'smtp_econnreset_after_data' })).toBe('transport_down');
  });
});

describe('runGreetingsAt: the whole run at one instant', () => {
  it('runs for the business-local date and hour of now, sends what is due, and closes the mailer', async () => {
    const wb = shop();
    const mailer = closingMailer();
    const report = await runGreetingsAt(options(wb, mailer));
    // 08:00 in Johannesburg: the 07:00 campaign is due, the 18:00 one waits for its hour.
    expect(report).toMatchObject({ date: '2026-03-14', sent: 2, problem: false });
    expect(report.stopped).toBeUndefined();
    expect(mailer.sent.map((m) => m.subject).sort()).toEqual(['Hi Ann', 'Hi Ben']);
    expect(mailer.closed).toBe(1);
  });

  it('a late-evening instant in UTC is already the next day in the business’s zone', async () => {
    const wb = shop({ time_zone: 'Pacific/Auckland' });
    const mailer = closingMailer();
    // 2026-03-13 20:30 UTC is 09:30 on 14 March in Auckland (NZDT, +13).
    const report = await runGreetingsAt(options(wb, mailer, { now: () => Date.parse('2026-03-13T20:30:00Z') }));
    expect(report).toMatchObject({ date: '2026-03-14', sent: 2 });
  });

  it('an explicit date runs every campaign of that day, whatever its send_hour', async () => {
    // No cool-down between a customer's messages here, so both campaigns' greetings go.
    const wb = shop({ cool_down_days: '0' });
    expect(await runGreetingsAt(options(wb, closingMailer()))).toMatchObject({ sent: 2 });
    const mailer = closingMailer();
    expect(await runGreetingsAt(options(shop({ cool_down_days: '0' }), mailer, { date: '2026-03-14' }))).toMatchObject({ date: '2026-03-14', sent: 4 });
    expect(mailer.sent.map((m) => m.subject).sort()).toEqual(['Evening Ann', 'Evening Ben', 'Hi Ann', 'Hi Ben']);
  });

  it('a caller that is not the sender stops before asking for a key or a mailer', async () => {
    const wb = shop({ delivery: 'addon' });
    let asked = 0;
    const report = await runGreetingsAt(
      options(wb, closingMailer(), {
        role: 'scheduler',
        signer: () => (asked++, testSigner),
        mailer: () => {
          asked++;
          return closingMailer();
        },
      }),
    );
    expect(report).toMatchObject({ stopped: 'not_the_sender', sent: 0, problem: false });
    expect(asked).toBe(0);
    expect(wb.snapshot('Outbox')).toBeUndefined();
  });

  it('a time zone that is not one stops the run with nothing planned', async () => {
    const wb = shop({ time_zone: 'Mars/Olympus' });
    const mailer = closingMailer();
    expect(await runGreetingsAt(options(wb, mailer))).toMatchObject({ stopped: 'bad_time_zone', date: '', sent: 0, problem: true });
    expect(wb.snapshot('Outbox')).toBeUndefined();
    expect(mailer.tries).toHaveLength(0);
  });

  it('no key to sign unsubscribe links: nothing planned or leased, the reason kept as detail', async () => {
    const wb = shop();
    const report = await runGreetingsAt(
      options(wb, closingMailer(), {
        signer: () => {
          throw new Error('the unsubscribe-key function answered 503');
        },
      }),
    );
    expect(report).toMatchObject({ stopped: 'no_unsubscribe_key', date: '2026-03-14', detail: 'the unsubscribe-key function answered 503', problem: true });
    expect(wb.snapshot('Outbox')).toBeUndefined();
  });

  it('no sender address, or no public address for the links: planned, unsent, a settings stop', async () => {
    const noSender = shop({ sender_email: '', reply_to: '' });
    expect(await runGreetingsAt(options(noSender, closingMailer()))).toMatchObject({ stopped: 'no_sender', deferred: 2, problem: true });
    const noUrl = shop({ public_url: '', backend_url: '' });
    expect(await runGreetingsAt(options(noUrl, closingMailer()))).toMatchObject({ stopped: 'no_public_url', deferred: 2, problem: true });
    expect(outboxRows(noUrl).map((r) => r.status)).toEqual(['planned', 'planned']);
  });

  it('quota and deadline defer the rest without a problem', async () => {
    const quota: Mailer = { name: 'quota', remainingQuota: () => 0, send: () => Promise.reject(new Error('never')) };
    expect(await runGreetingsAt(options(shop(), quota))).toMatchObject({ stopped: 'quota', deferred: 2, problem: false });
    expect(await runGreetingsAt(options(shop(), closingMailer(), { deadline: T0 }))).toMatchObject({ stopped: 'deadline', deferred: 2, problem: false });
  });

  it('a transport down is worth a retry, a transport that refuses the login is not', async () => {
    const down = closingMailer(() => ({ ok: false, fault: 'transient', scope: 'transport', code: 'smtp_421' }));
    const first = await runGreetingsAt(options(shop(), down));
    expect(first).toMatchObject({ stopped: 'transport_down', detail: 'smtp_421', problem: true });
    expect(retryable(first.stopped)).toBe(true);
    expect(down.closed).toBe(1);
    const refused = closingMailer(() => ({ ok: false, fault: 'permanent', scope: 'transport', code: 'eauth' }));
    const second = await runGreetingsAt(options(shop(), refused));
    expect(second).toMatchObject({ stopped: 'transport_refused', detail: 'eauth', problem: true });
    expect(retryable(second.stopped)).toBe(false);
  });
});
