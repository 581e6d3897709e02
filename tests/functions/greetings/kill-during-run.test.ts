// The crash scenario with real processes: `kill -9` at 20 points of a 200-message run, then a run to
// completion. Every message reaches the SMTP server at most once; one that went is recorded sent, one that may
// have gone is in review; a message the dead run never reached is sent by the next run, not parked in review.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { birthdayShop, mailOf, runCli, tabRows } from './processes';

const MESSAGES = 200;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('kill -9 during a greetings run', () => {
  it('20 kills at different points, then a run to completion: each message once, only possibly-sent ones in review', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-kill-'));
    const file = path.join(dir, 'shop.xlsx');
    await birthdayShop(file, MESSAGES);

    // Everything the server was handed, acknowledged or not (a message received but not acknowledged may be delivered).
    const received: string[] = [];
    let victim: ChildProcess | undefined;
    // The Nth message at which to kill, and whether before the server's "250 OK" or just after it.
    let killAt: { n: number; beforeAck: boolean } | undefined;
    const sockets = new Set<Socket>();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          received.push(session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(','));
          const kill = killAt !== undefined && received.length >= killAt.n ? killAt : undefined;
          if (kill) killAt = undefined;
          if (kill?.beforeAck) {
            victim?.kill('SIGKILL');
            return;
          }
          setTimeout(() => {
            callback(null);
            if (kill) setTimeout(() => victim?.kill('SIGKILL'), 1);
          }, 3);
        });
      },
    });
    // A client killed mid-conversation resets its connection: expected here, not an error.
    server.on('error', () => undefined);
    server.server.on('connection', (s: Socket) => {
      s.on('error', () => undefined);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      });
    const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const run = () => runCli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', url, '--approve'], dir);

    // Points: three by the clock (while planning, leasing, or the first batch), then seventeen by message, alternately
    // before and after the server's acknowledgement, spread over the 200 messages.
    let kills = 0;
    for (let point = 0; point < 20; point++) {
      const started = run();
      victim = started.child;
      if (point < 3) setTimeout(() => victim?.kill('SIGKILL'), 150 + point * 150);
      else killAt = { n: received.length + 3 + (point % 7), beforeAck: point % 2 === 0 };
      const end = await started.done;
      killAt = undefined;
      if (end.signal === 'SIGKILL') kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(17);
    const last = await run().done;
    expect(last.signal).toBeNull();
    // Only leftovers in review keep the exit code at 1; nothing was left unsent.
    expect(last.stdout).toMatch(/deferred 0/);

    const outbox = await tabRows(file, 'Outbox');
    expect(outbox).toHaveLength(MESSAGES);
    const times = new Map<string, number>();
    for (const to of received) times.set(to, (times.get(to) ?? 0) + 1);
    // Each message reached the server at most once…
    expect([...times.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // …and every one either went (sent, or in review because the dead run may have recorded it too late) or is in review.
    const status = new Map(outbox.map((r) => [String(r.to), String(r.status)]));
    for (let n = 1; n <= MESSAGES; n++) {
      const s = status.get(mailOf(n));
      if (times.has(mailOf(n))) expect(['sent', 'review'], `${mailOf(n)} went and is ${s}`).toContain(s);
      else expect(s, `${mailOf(n)} never went`).toBe('review');
    }
    // In review: at most the one message each dead run was in the middle of (its journal noted the start, not the
    // end) — never a message the dead run had not reached, nor one it knew had gone.
    const review = outbox.filter((r) => r.status === 'review');
    expect(review.length).toBeLessThanOrEqual(kills);
    // And every message the server acknowledged is recorded sent (the journal carried it over a kill).
    expect(outbox.filter((r) => r.status === 'sent').length).toBeGreaterThanOrEqual(MESSAGES - kills);
    // The report names them, every run.
    const reviewTotal = outbox.filter((r) => r.status === 'review').length;
    if (reviewTotal > 0) expect(last.stdout).toContain(`in review: ${reviewTotal} (`);
  }, 120_000);
});
