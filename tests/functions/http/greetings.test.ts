import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STOPS, type Mailer, type SendResult, type StopCode } from '../../../shared/greetings';
import type { GreetingsDeps } from '../../../functions/greetings';
import { greetingsHandler } from '../../../functions/http/greetings';
import { serve } from '../../../functions/http/serve';
import { smtpMailer } from '../../../functions/mail/smtp-mailer';
import { hmacSigner } from '../../../functions/secrets/secret-store';
import { holidaysFor } from '../../../functions/greetings/holidays';
import { openSheetsApiWorkbook, type ApiValue } from '../../../functions/workbook/sheets-api-workbook';
import { FakeSheetsApi } from '../../contract/fakes/sheets-api';
import { startLoopbackSmtp, type LoopbackSmtp } from '../mail/loopback-smtp';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
// 07:30 in Johannesburg on Christmas Day 2026.
const NOW = Date.parse('2026-12-25T05:30:00Z');

function sheet(delivery: string): FakeSheetsApi {
  const api = new FakeSheetsApi();
  api.addTab('Settings', [
    ['key', 'value'],
    ['business_name', 'Fynbos Cycles'],
    ['sender_email', 'hello@fynbos.example'],
    ['time_zone', 'Africa/Johannesburg'],
    ['country', 'ZA'],
    ['delivery', delivery],
    ['backend_url', 'https://fn.example'],
    // Sending mechanics here; approval of a first run has its own tests (tests/shared/greetings/approval.test.ts).
    ['approve_first_run', 'no'],
  ]);
  api.addTab('Customers', [
    ['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status'],
    ['C-000001', 'Ann', 'ann@example.com', 'yes', '', 'active'],
    ['C-000002', '=SUM(1,2)', 'sum@example.com', true, '', 'active'],
    ['C-000003', 'Cat', 'cat@example.com', 'no', '', 'active'],
  ]);
  api.addTab('Campaigns', [
    ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
    ['Christmas', 'holiday:christmas-day', 0, '', 'Merry Christmas, {{first_name}}', 'From all of us at {{business_name}}.', 'yes', 7],
    ['Late one', 'holiday:christmas-day', 0, '', 'Later', 'Later', 'yes', 18],
  ]);
  return api;
}

const outbox = (api: FakeSheetsApi): Record<string, ApiValue | null>[] => {
  const cells = api.tab('Outbox')?.cells ?? [];
  const header = (cells[0] ?? []).map(String);
  return cells.slice(1).map((r) => Object.fromEntries(header.map((h, i): [string, ApiValue | null] => [h, r[i] ?? null])));
};

let smtp: LoopbackSmtp;
let api: FakeSheetsApi;
const deps = (): GreetingsDeps => ({
  openWorkbook: async () => {
    const wb = await openSheetsApiWorkbook(api.client(), 'sheet-1');
    return { wb, commit: async () => void (await wb.flush()) };
  },
  mailer: () => smtpMailer(smtp.url),
  signer: () => Promise.resolve(hmacSigner('a-test-key-of-enough-length-0123456789')),
  holidays: holidaysFor,
  now: () => NOW,
});

let base = '';
let close: () => void = () => undefined;
beforeAll(async () => {
  functions.http('greetings-under-test', serve(greetingsHandler(deps), { accept: ['scheduler'], timeoutSeconds: 540 }, () => config));
  const server = getTestServer('greetings-under-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());
afterEach(async () => smtp.close());

const asScheduler = (body: unknown = {}): Promise<Response> =>
  fetch(base, {
    method: 'POST',
    headers: { authorization: `Bearer ${google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail })}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('greetings function (Cloud Scheduler)', () => {
  it('plans from the sheet, sends through SMTP, writes the Outbox through the Sheets API; the next call sends nothing', async () => {
    smtp = await startLoopbackSmtp();
    api = sheet('scheduler');
    const res = await asScheduler();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ date: '2026-12-25', sent: 2, skipped: { no_consent: 1 }, problem: false });
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(['ann@example.com', 'sum@example.com']);
    const mail = await simpleParser(smtp.received.find((r) => r.to[0] === 'ann@example.com')!.raw);
    expect(mail.subject).toBe('Merry Christmas, Ann');
    expect((mail.headers.get('list') as { unsubscribe: { url: string } }).unsubscribe.url).toMatch(/^https:\/\/fn\.example\/unsubscribe\?token=v1\./);
    // The 18:00 campaign waits for its hour; the rows are in the sheet, written RAW (a formula-looking subject stays text).
    const rows = outbox(api);
    expect(rows.map((r) => `${String(r.campaign)}|${String(r.customer_id)}|${String(r.status)}`).sort()).toEqual(['Christmas|C-000001|sent', 'Christmas|C-000002|sent', 'Christmas|C-000003|skipped']);
    expect(rows.find((r) => r.customer_id === 'C-000002')?.subject).toBe('Merry Christmas, =SUM(1,2)');
    expect(api.tab('Outbox')!.formulas.size).toBe(0);

    const again = await asScheduler();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  it('sends nothing when the add-on is the sender of this document', async () => {
    smtp = await startLoopbackSmtp();
    api = sheet('addon');
    const res = await asScheduler();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stopped: 'not_the_sender', sent: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses callers other than the Scheduler, and a bad date', async () => {
    smtp = await startLoopbackSmtp();
    api = sheet('scheduler');
    const addon = await fetch(base, { method: 'POST', headers: { authorization: `Bearer ${google.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}` } });
    expect(addon.status).toBe(401);
    expect((await asScheduler({ date: '2026-13-01' })).status).toBe(400);
    expect(smtp.received).toHaveLength(0);
  });

  it('stops cleanly at its deadline, leaving what is due planned for the next call', async () => {
    smtp = await startLoopbackSmtp();
    api = sheet('scheduler');
    const handler = greetingsHandler(deps);
    const res = await handler({ body: {}, query: {}, caller: { kind: 'scheduler' }, deadlineMs: 0 });
    expect(res).toMatchObject({ status: 200, body: { stopped: 'deadline', sent: 0, deferred: 2 } });
    expect(smtp.received).toHaveLength(0);
    expect(outbox(api).filter((r) => r.status === 'planned')).toHaveLength(2);
    const next = await handler({ body: {}, query: {}, caller: { kind: 'scheduler' }, deadlineMs: 500_000 });
    expect(next).toMatchObject({ status: 200, body: { sent: 2 } });
    expect(smtp.received).toHaveLength(2);
  });

  it('answers 503 exactly when the engine says a retry helps, else 200 with the stop in the body', async () => {
    smtp = await startLoopbackSmtp();
    const failing = (result: SendResult): (() => Mailer) => () => ({ name: 'failing', send: () => Promise.resolve(result) });
    const settingsRow = (api: FakeSheetsApi, key: string, value: string): void => {
      const cells = api.tab('Settings')!.cells;
      const row = cells.find((r) => r[0] === key);
      if (row) row[1] = value;
      else cells.push([key, value]);
    };
    // Hand-written: what the Scheduler should get for each stop (a retry only where a later call may succeed).
    const cases: { stop: StopCode; status: number; sheet: (api: FakeSheetsApi) => void; deps?: Partial<GreetingsDeps>; deadlineMs?: number }[] = [
      { stop: 'not_the_sender', status: 200, sheet: (a) => settingsRow(a, 'delivery', 'addon') },
      { stop: 'bad_time_zone', status: 200, sheet: (a) => settingsRow(a, 'time_zone', 'Mars/Olympus') },
      { stop: 'no_sender', status: 200, sheet: (a) => settingsRow(a, 'sender_email', '') },
      { stop: 'no_public_url', status: 200, sheet: (a) => settingsRow(a, 'backend_url', '') },
      { stop: 'no_unsubscribe_key', status: 503, sheet: () => undefined, deps: { signer: () => Promise.reject(new Error('Secret Manager answered 503')) } },
      { stop: 'deadline', status: 200, sheet: () => undefined, deadlineMs: 0 },
      { stop: 'transport_down', status: 503, sheet: () => undefined, deps: { mailer: failing({ ok: false, fault: 'transient', scope: 'transport', code: 'smtp_421' }) } },
      { stop: 'transport_refused', status: 200, sheet: () => undefined, deps: { mailer: failing({ ok: false, fault: 'permanent', scope: 'transport', code: 'eauth' }) } },
    ];
    for (const c of cases) {
      api = sheet('scheduler');
      c.sheet(api);
      // No real pauses between the runner's tries.
      const handler = greetingsHandler(() => ({ ...deps(), sleep: () => Promise.resolve(), ...c.deps }));
      const res = await handler({ body: {}, query: {}, caller: { kind: 'scheduler' }, deadlineMs: c.deadlineMs ?? 500_000 });
      expect({ stop: c.stop, status: res.status, stopped: (res.body as { stopped?: string }).stopped }).toEqual({ stop: c.stop, status: c.status, stopped: c.stop });
      expect(res.status === 503).toBe(STOPS[c.stop].retry);
    }
    expect(smtp.received).toHaveLength(0);
  });
});
