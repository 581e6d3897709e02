// The first scenario with real processes: the workbench open on a workbook while `regulars greetings run`
// sends through SMTP, with card saves and one-click unsubscribes cutting in at every point of the run.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSecretStore, localSecretsFile } from '../../../functions/secrets/file-secret-store';
import { unsubscribeSigner } from '../../../functions/secrets/secret-store';
import { signUnsubscribeToken } from '../../../shared/greetings';
import { birthdayShop, idOf, mailOf, runCli, slowSmtp, startWorkbench, tabRows, type SlowSmtp } from './processes';

const CUSTOMERS = 60;
let smtp: SlowSmtp | undefined;
let stopWorkbench: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorkbench?.();
  await smtp?.close();
  stopWorkbench = undefined;
  smtp = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the workbench open while a greetings run sends', () => {
  it('no message goes twice and no unsubscribe or card save is lost, over 40 interleavings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-beside-'));
    const file = path.join(dir, 'shop.xlsx');
    await birthdayShop(file, CUSTOMERS);
    const signer = await unsubscribeSigner(fileSecretStore(localSecretsFile(file)));
    smtp = await slowSmtp(20);
    const workbench = await startWorkbench(file, dir);
    stopWorkbench = workbench.stop;

    const post = (route: string, body: string, type: string) => fetch(new URL(route, workbench.url), { method: 'POST', headers: { 'content-type': type }, body });
    const unsubscribe = async (n: number): Promise<void> => {
      const token = signUnsubscribeToken({ customerId: idOf(n), campaign: 'Birthday', issued: '2027-02-28' }, signer);
      const res = await post(`/unsubscribe?token=${encodeURIComponent(token)}`, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
      expect(res.status).toBe(200);
    };
    const saveNote = async (n: number, note: string): Promise<void> => {
      const res = await post('/api/saveCustomer', JSON.stringify([{ id: idOf(n), changes: { notes: note }, profile: {} }]), 'application/json');
      const answer = (await res.json()) as { value?: { ok?: boolean } };
      expect(answer.value?.ok, JSON.stringify(answer)).toBe(true);
    };

    // Customers 1–20 unsubscribe and 21–40 get a note, one after another while each run is under way.
    const unsubscribed: number[] = [];
    const notes = new Map<number, string>();
    let k = 0;
    const cutIn = async (run: Promise<unknown>, ops: number): Promise<void> => {
      let finished = false;
      void run.then(() => (finished = true));
      for (let i = 0; i < ops && !finished; i++) {
        k++;
        if (k % 2 === 1) {
          const n = (k + 1) / 2;
          await unsubscribe(n);
          unsubscribed.push(n);
        } else {
          const n = 20 + k / 2;
          await saveNote(n, `note ${k}`);
          notes.set(n, `note ${k}`);
        }
        await sleep(25 + ((k * 37) % 60));
      }
    };

    const first = runCli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', smtp.url, '--approve'], dir);
    await cutIn(first.done, 20);
    // The run lasted long enough for the cuts to land while it was sending.
    expect(k).toBe(20);
    const one = await first.done;
    expect(one.stderr).toBe('');
    // Run again the same day (nothing is due twice), then the next day, with more cuts in each.
    const again = runCli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', smtp.url, '--approve'], dir);
    await cutIn(again.done, 4);
    expect((await again.done).stdout).toMatch(/^sent 0,/m);
    const before = new Set(unsubscribed);
    const next = runCli(['greetings', 'run', '--workbook', file, '--date', '2027-03-01', '--transport', smtp.url, '--approve'], dir);
    await cutIn(next.done, 40 - k);
    await next.done;
    expect(k).toBeGreaterThanOrEqual(40);

    // 0 messages sent twice.
    const seen = new Map<string, number>();
    for (const d of smtp.delivered) seen.set(`${d.to}|${d.subject.replace(/\d+$/, '')}`, (seen.get(`${d.to}|${d.subject.replace(/\d+$/, '')}`) ?? 0) + 1);
    expect([...seen.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // The Outbox on disk holds every message that went, as sent.
    const outbox = await tabRows(file, 'Outbox');
    expect(outbox.filter((r) => r.status === 'sent')).toHaveLength(smtp.delivered.length);
    expect(outbox.filter((r) => r.status === 'review' || r.status === 'sending')).toEqual([]);
    // 0 unsubscribes lost: each is in Customers and the Consent log, and nobody who had left got the next day's mail.
    const customers = await tabRows(file, 'Customers');
    for (const n of unsubscribed) expect(customers.find((c) => c.id === idOf(n))?.unsubscribed_at, idOf(n)).toBeTruthy();
    const log = await tabRows(file, 'Consent log');
    expect(new Set(log.filter((r) => r.change === 'withdrawn').map((r) => r.customer_id))).toEqual(new Set(unsubscribed.map(idOf)));
    const dayAfter = smtp.delivered.filter((d) => d.subject.startsWith('Still celebrating'));
    for (const n of before) expect(dayAfter.map((d) => d.to)).not.toContain(mailOf(n));
    // Everyone else got it, once.
    expect(dayAfter.length).toBeGreaterThanOrEqual(CUSTOMERS - unsubscribed.length);
    // 0 card saves lost.
    for (const [n, note] of notes) expect(customers.find((c) => c.id === idOf(n))?.notes).toBe(note);
  }, 90_000);
});
