import { describe, expect, it } from 'vitest';
import { MemoryWorkbook, type Grid } from '../../../shared/workbook';
import { runGreetings, verifyUnsubscribeToken, type JournalNote, type Mailer, type OutgoingMessage, type RunOptions, type SendJournal, type SendResult } from '../../../shared/greetings';
import { CaptureMailer, outboxRows, testSigner, workbook } from './fixture';

const T0 = Date.parse('2026-03-14T06:00:00Z');

/** Three customers with a birthday on 14 March: two may be greeted, one has not consented. */
function shop(): MemoryWorkbook {
  return workbook({
    customers: [
      { id: 'C-1', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', birth_date: '1990-03-14' },
      { id: 'C-2', first_name: 'Ben', email: 'ben@example.com', email_consent: 'yes', birth_date: '14/03/1985' },
      { id: 'C-3', first_name: 'Cat', email: 'cat@example.com', email_consent: 'no', birth_date: '1970-03-14' },
    ],
    campaigns: [{ name: 'Birthday', trigger: 'birthday', subject: 'Happy birthday {{first_name}}', body: 'Hi {{first_name}}', active: 'yes' }],
  });
}

function options(wb: MemoryWorkbook, mailer: Mailer, extra: Partial<RunOptions> = {}): RunOptions {
  // These tests are about sending exactly once after the owner's yes (approval has its own suite).
  return { wb, date: '2026-03-14', mailer, signer: testSigner, now: () => T0, approve: true, ...extra };
}

/** A send journal in memory (what survives a crash is what was noted). */
function memoryJournal(): SendJournal & { keys: Map<string, JournalNote> } {
  const keys = new Map<string, JournalNote>();
  return {
    keys,
    started: (key) => void keys.set(key, keys.get(key) ?? {}),
    sent: (key, at, messageId) => void keys.set(key, { sent: { at, messageId } }),
    notes: () => new Map(keys),
    clear: () => keys.clear(),
  };
}

const statusByKey = (wb: MemoryWorkbook): Record<string, string> =>
  Object.fromEntries(outboxRows(wb).map((r): [string, string] => [String(r.key), `${String(r.status)}${r.reason ? `:${String(r.reason)}` : ''}`]));

/** What survives a crash: a copy of every tab as of the last commit. */
function durable(wb: MemoryWorkbook): { commit: () => void; restore: () => MemoryWorkbook } {
  let saved: Record<string, Grid> = {};
  const copy = (): Record<string, Grid> => Object.fromEntries(wb.tabNames().map((t) => [t, structuredClone(wb.snapshot(t)!)]));
  saved = copy();
  return { commit: () => void (saved = copy()), restore: () => new MemoryWorkbook(structuredClone(saved)) };
}

describe('runner: exactly once', () => {
  it('sends what is due, records skips with their reason, and a re-run sends nothing', async () => {
    const wb = shop();
    const mailer = new CaptureMailer();
    const report = await runGreetings(options(wb, mailer));
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['ann@example.com', 'ben@example.com']);
    expect(report).toMatchObject({ sent: 2, failed: 0, review: 0, skipped: { no_consent: 1 }, problem: false });
    expect(statusByKey(wb)).toEqual({ 'Birthday|C-1|2026-03-14': 'sent', 'Birthday|C-2|2026-03-14': 'sent', 'Birthday|C-3|2026-03-14': 'skipped:no_consent' });
    const row = outboxRows(wb).find((r) => r.customer_id === 'C-1')!;
    expect(row).toMatchObject({ to: 'ann@example.com', subject: 'Happy birthday Ann', planned_for: '2026-03-14', attempts: 1, lease_until: null });
    expect(String(row.message_id)).toMatch(/^<O-\d+\.[0-9a-f]{32}@corner\.example>$/);
    expect(String(row.sent_at)).toMatch(/^2026-03-14T06:00:00/);
    // The message carries the one-click headers and a token that names this customer.
    const sent = mailer.sent.find((m) => m.to === 'ann@example.com')!;
    expect(sent.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const token = decodeURIComponent(/token=([^>]+)>/.exec(sent.headers['List-Unsubscribe']!)![1]!);
    expect(verifyUnsubscribeToken(token, testSigner)).toEqual({ customerId: 'C-1', campaign: 'Birthday', issued: '2026-03-14' });

    const again = new CaptureMailer();
    const second = await runGreetings(options(wb, again, { now: () => T0 + 3_600_000 }));
    expect(again.tries).toHaveLength(0);
    expect(second).toMatchObject({ sent: 0, problem: false });
    expect(outboxRows(wb)).toHaveLength(3);
  });

  it('a crash after sending and before recording leaves the row for review; it is never sent again', async () => {
    const wb = shop();
    const disk = durable(wb);
    let commits = 0;
    const mailer = new CaptureMailer();
    // Commits: plan, lease, record — the process "dies" on the third, so the record never reaches the disk.
    await expect(
      runGreetings(
        options(wb, mailer, {
          commit: () => {
            if (++commits === 3) throw new Error('power cut');
            disk.commit();
          },
        }),
      ),
    ).rejects.toThrow('power cut');
    expect(mailer.sent).toHaveLength(2);
    const afterCrash = disk.restore();
    expect(Object.values(statusByKey(afterCrash)).sort()).toEqual(['sending', 'sending', 'skipped:no_consent']);

    // A run while the lease still holds leaves the rows alone; one after it expires marks them for review.
    const early = new CaptureMailer();
    expect(await runGreetings(options(afterCrash, early, { now: () => T0 + 60_000 }))).toMatchObject({ sent: 0, elsewhere: 0 });
    expect(early.tries).toHaveLength(0);
    const later = new CaptureMailer();
    const report = await runGreetings(options(afterCrash, later, { now: () => T0 + 3_600_000 }));
    expect(later.tries).toHaveLength(0);
    expect(report).toMatchObject({ sent: 0, review: 2, problem: true });
    expect(statusByKey(afterCrash)).toMatchObject({ 'Birthday|C-1|2026-03-14': 'review:uncertain: interrupted while sending' });
    // And it stays that way on every later run.
    const latest = new CaptureMailer();
    await runGreetings(options(afterCrash, latest, { now: () => T0 + 7_200_000 }));
    expect(latest.tries).toHaveLength(0);
  });

  it('with a send journal, a crash parks only the send that had started; the leased row never attempted is planned again and sent', async () => {
    const wb = shop();
    const disk = durable(wb);
    const journal = memoryJournal();
    const notes = journal.keys;
    // Ann's send starts (noted) and never returns — the process is killed inside it, before Ben is reached.
    let hung = false;
    const dying: Mailer = {
      name: 'dying',
      send: () => {
        hung = true;
        return new Promise<SendResult>(() => undefined);
      },
    };
    void runGreetings(options(wb, dying, { journal, commit: () => disk.commit() }));
    while (!hung) await new Promise((r) => setTimeout(r, 1));
    const afterCrash = disk.restore();
    expect(Object.values(statusByKey(afterCrash)).sort()).toEqual(['sending', 'sending', 'skipped:no_consent']);
    expect([...notes.keys()]).toEqual(['Birthday|C-1|2026-03-14']);

    const next = new CaptureMailer();
    const report = await runGreetings(options(afterCrash, next, { journal, exclusive: true, now: () => T0 + 60_000 }));
    expect(next.sent.map((m) => m.to)).toEqual(['ben@example.com']);
    expect(statusByKey(afterCrash)).toEqual({
      'Birthday|C-1|2026-03-14': 'review:uncertain: interrupted while sending',
      'Birthday|C-2|2026-03-14': 'sent',
      'Birthday|C-3|2026-03-14': 'skipped:no_consent',
    });
    expect(report).toMatchObject({ sent: 1, review: 1, recovered: 1, inReview: { total: 1, reasons: { 'uncertain: interrupted while sending': 1 } } });
    expect(notes.size).toBe(0);
    // Ben's attempts count only the send that happened.
    expect(outboxRows(afterCrash).find((r) => r.key === 'Birthday|C-2|2026-03-14')?.attempts).toBe(1);
    // Later runs send nothing and still report the row waiting for a person.
    const later = await runGreetings(options(afterCrash, new CaptureMailer(), { journal, exclusive: true, now: () => T0 + 120_000 }));
    expect(later).toMatchObject({ sent: 0, review: 0, inReview: { total: 1 } });
  });

  it('with a send journal, a message the server accepted before the crash is recorded sent by the next run, not put in review', async () => {
    const wb = shop();
    const disk = durable(wb);
    const journal = memoryJournal();
    // Ann goes (accepted, noted); Ben's send never returns — the process dies before the batch is recorded.
    let n = 0;
    let hung = false;
    const dying: Mailer = {
      name: 'dying',
      send: () => {
        if (++n === 1) return Promise.resolve({ ok: true, messageId: '<ann@fynbos>' });
        hung = true;
        return new Promise<SendResult>(() => undefined);
      },
    };
    void runGreetings(options(wb, dying, { journal, commit: () => disk.commit() }));
    while (!hung) await new Promise((r) => setTimeout(r, 1));
    const afterCrash = disk.restore();
    const next = new CaptureMailer();
    const report = await runGreetings(options(afterCrash, next, { journal, exclusive: true, now: () => T0 + 60_000 }));
    expect(next.tries).toHaveLength(0);
    expect(statusByKey(afterCrash)).toMatchObject({ 'Birthday|C-1|2026-03-14': 'sent', 'Birthday|C-2|2026-03-14': 'review:uncertain: interrupted while sending' });
    expect(outboxRows(afterCrash).find((r) => r.key === 'Birthday|C-1|2026-03-14')?.message_id).toBe('<ann@fynbos>');
    expect(report).toMatchObject({ sent: 0, recoveredSent: 1, recovered: 0, inReview: { total: 1 } });
  });

  it('a mailer that throws or reports an uncertain send puts the row in review, never resent', async () => {
    const wb = shop();
    const mailer = new CaptureMailer((m) => (m.to === 'ann@example.com' ? 'throw' : { ok: false, fault: 'uncertain', scope: 'message', code: 'smtp_etimedout_after_data' }));
    // A mailer that throws leaves the transport in doubt: the run stops and Ben waits, still planned.
    expect(await runGreetings(options(wb, mailer))).toMatchObject({ sent: 0, review: 1, deferred: 1, stopped: 'transport_down', detail: 'mailer_error', problem: true });
    expect(statusByKey(wb)).toMatchObject({ 'Birthday|C-1|2026-03-14': 'review:uncertain: mailer_error', 'Birthday|C-2|2026-03-14': 'planned' });
    expect(await runGreetings(options(wb, mailer, { now: () => T0 + 60_000 }))).toMatchObject({ sent: 0, review: 1, problem: true });
    expect(statusByKey(wb)['Birthday|C-2|2026-03-14']).toBe('review:uncertain: smtp_etimedout_after_data');
    expect(mailer.tries.map((m) => m.to)).toEqual(['ann@example.com', 'ben@example.com']);
    const again = new CaptureMailer();
    await runGreetings(options(wb, again, { now: () => T0 + 86_400_000 }));
    expect(again.tries).toHaveLength(0);
  });

  it('retries a transient failure with back-off, and a message still failing is retried by a later run, never lost', async () => {
    const wb = shop();
    const pauses: number[] = [];
    // Ann's server answers 451 twice, then accepts; Ben's keeps answering 451 in this run.
    let annTries = 0;
    const mailer = new CaptureMailer((m) => {
      if (m.to === 'ann@example.com') return ++annTries <= 2 ? { ok: false, fault: 'transient', scope: 'message', code: 'smtp_451' } : { ok: true, messageId: '' };
      return { ok: false, fault: 'transient', scope: 'message', code: 'smtp_451' };
    });
    const report = await runGreetings(options(wb, mailer, { retries: { tries: 3, backoffMs: 1000 }, sleep: (ms) => (pauses.push(ms), Promise.resolve()) }));
    expect(pauses).toEqual([1000, 2000, 1000, 2000]);
    expect(report).toMatchObject({ sent: 1, failed: 1, problem: true });
    expect(statusByKey(wb)).toMatchObject({ 'Birthday|C-1|2026-03-14': 'sent', 'Birthday|C-2|2026-03-14': 'failed:transient: smtp_451' });
    const ben = outboxRows(wb).find((r) => r.customer_id === 'C-2')!;
    expect(ben.attempts).toBe(3);
    const retryAfter = Date.parse(String(ben.lease_until));
    expect(retryAfter).toBeGreaterThan(T0);

    // Before the back-off ends nothing is tried; after it, the next run (even on the next day) sends it once.
    const tooSoon = new CaptureMailer();
    await runGreetings(options(wb, tooSoon, { now: () => retryAfter - 1 }));
    expect(tooSoon.tries).toHaveLength(0);
    const next = new CaptureMailer();
    const later = await runGreetings(options(wb, next, { date: '2026-03-15', now: () => retryAfter + 86_400_000 }));
    expect(next.sent.map((m) => m.to)).toEqual(['ben@example.com']);
    expect(later).toMatchObject({ sent: 1, problem: false });
    expect(statusByKey(wb)['Birthday|C-2|2026-03-14']).toBe('sent');
  });

  it('a permanent refusal fails that message only; a transport outage defers the rest to the next run', async () => {
    const wb = shop();
    const refused = new CaptureMailer((m) => (m.to === 'ann@example.com' ? { ok: false, fault: 'permanent', scope: 'message', code: 'smtp_550' } : { ok: true, messageId: '' }));
    expect(await runGreetings(options(wb, refused))).toMatchObject({ sent: 1, failed: 1, problem: true });
    expect(statusByKey(wb)['Birthday|C-1|2026-03-14']).toBe('failed:rejected: smtp_550');
    const again = new CaptureMailer();
    await runGreetings(options(wb, again, { now: () => T0 + 86_400_000 }));
    expect(again.tries).toHaveLength(0);

    const wb2 = shop();
    const down = new CaptureMailer(() => ({ ok: false, fault: 'transient', scope: 'transport', code: 'smtp_econnection' }));
    const report = await runGreetings(options(wb2, down, { retries: { tries: 1, backoffMs: 0 } }));
    expect(report).toMatchObject({ sent: 0, deferred: 2, stopped: 'transport_down', detail: 'smtp_econnection', problem: true });
    expect(down.tries).toHaveLength(1);
    expect(Object.values(statusByKey(wb2)).sort()).toEqual(['planned', 'planned', 'skipped:no_consent']);
    const up = new CaptureMailer();
    expect(await runGreetings(options(wb2, up, { now: () => T0 + 600_000 }))).toMatchObject({ sent: 2, problem: false });
  });

  it('two runs at once never send the same row', async () => {
    const wb = workbook({
      customers: Array.from({ length: 30 }, (_, i) => ({ id: `C-${i + 1}`, first_name: `P${i}`, email: `p${i}@example.com`, email_consent: 'yes', birth_date: '1990-03-14' })),
      campaigns: [{ name: 'Birthday', trigger: 'birthday', subject: 'Hi', body: 'Hi', active: 'yes' }],
    });
    const delivered: string[] = [];
    const slow = (): Mailer => ({
      name: 'slow',
      async send(m: OutgoingMessage): Promise<SendResult> {
        await new Promise((r) => setTimeout(r, 1));
        delivered.push(m.to);
        return { ok: true, messageId: m.messageId };
      },
    });
    const [a, b] = await Promise.all([runGreetings(options(wb, slow(), { batchSize: 4 })), runGreetings(options(wb, slow(), { batchSize: 4 }))]);
    expect(delivered).toHaveLength(30);
    expect(new Set(delivered).size).toBe(30);
    expect(a.sent + b.sent).toBe(30);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(outboxRows(wb).filter((r) => r.status === 'sent')).toHaveLength(30);
  });

  it('a quota defers the rest, which the next run sends; the deadline stops before leasing more', async () => {
    const wb = shop();
    let left = 1;
    const quota: Mailer = { name: 'quota', remainingQuota: () => left, send: (m) => (left--, Promise.resolve({ ok: true, messageId: m.messageId })) };
    const first = await runGreetings(options(wb, quota, { batchSize: 1 }));
    expect(first).toMatchObject({ sent: 1, deferred: 1, stopped: 'quota' });
    left = 10;
    const second = await runGreetings(options(wb, quota, { date: '2026-03-15', now: () => T0 + 86_400_000 }));
    expect(second).toMatchObject({ sent: 1 });
    expect(Object.values(statusByKey(wb)).sort()).toEqual(['sent', 'sent', 'skipped:no_consent']);

    const wb2 = shop();
    const mailer = new CaptureMailer();
    const stopped = await runGreetings(options(wb2, mailer, { deadline: T0 }));
    expect(stopped).toMatchObject({ sent: 0, deferred: 2, stopped: 'deadline' });
    expect(mailer.tries).toHaveLength(0);
  });

  it('only the configured sender sends, and a run without a sender address sends nothing', async () => {
    const wb = shop();
    const mailer = new CaptureMailer();
    expect(await runGreetings(options(wb, mailer, { role: 'scheduler' }))).toMatchObject({ stopped: 'not_the_sender', sent: 0 });
    expect(mailer.tries).toHaveLength(0);
    const noSender = workbook({
      settings: { sender_email: '', reply_to: '' },
      customers: [{ id: 'C-1', email: 'ann@example.com', email_consent: 'yes', birth_date: '1990-03-14' }],
      campaigns: [{ name: 'Birthday', trigger: 'birthday', subject: 'Hi', body: 'Hi' }],
    });
    expect(await runGreetings(options(noSender, mailer))).toMatchObject({ stopped: 'no_sender', deferred: 1, problem: true });
    expect(mailer.tries).toHaveLength(0);
  });
});
