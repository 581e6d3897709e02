import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { verifyUnsubscribeToken, type Signer } from '../../shared/greetings';
import { addonMailer } from '../../addon/server/mail';
import { addonUnsubscribeSigner, appsScriptSigner, documentSecret, SECRET_KEY } from '../../addon/server/secret';
import type { RemotePorts } from '../../addon/server/remote';
import { hmacSigner } from '../../functions/secrets/secret-store';
import { CHECKPOINT_KEY, readCheckpoint, runHourly, type HourlyEnv } from '../../addon/server/triggers-run';
import { installHourlyTrigger, TRIGGER_OWNER_KEY } from '../../addon/server/triggers';
import { SpreadsheetWorkbook } from '../../addon/server/spreadsheet-workbook';
import { builtInHolidays } from '../../addon/server/holidays';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';
import { FakeMailApp } from './fakes/mail-app';
import { FakeProperties } from './fakes/properties';
import { FakeScriptApp, FakeUtilities } from './fakes/script-app';
import { FakeUrlFetch, type FetchOutcome } from './fakes/url-fetch';

// 08:00 UTC is 10:00 in Johannesburg on Monday 23 November 2026.
const NOW = Date.parse('2026-11-23T08:00:00Z');
const OWNER = 'ann@shop.example';

/** A spreadsheet with a birthday campaign and `n` customers whose birthday is today. */
function sheet(n: number, settings: Record<string, string> = {}): FakeSpreadsheet {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  const all = { business_name: 'Corner Café', sender_name: 'Corner Café', sender_email: 'ann@shop.example', time_zone: 'Africa/Johannesburg', delivery: 'addon', backend_url: 'https://fn.example', approve_first_run: 'no', ...settings };
  fake.addSheet('Settings', [['key', 'value'], ...Object.entries(all)]);
  const customers: (string | number)[][] = [['id', 'first_name', 'email', 'email_consent', 'birth_date', 'status']];
  for (let i = 1; i <= n; i++) customers.push([`C${i}`, `Name${i}`, `c${i}@example.org`, 'yes', '23/11/1990', 'active']);
  fake.addSheet('Customers', customers);
  fake.addSheet('Campaigns', [
    ['id', 'name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
    ['M1', 'Birthday', 'birthday', 0, '', 'Happy birthday, {{first_name}}!', 'Hi {{first_name}},\n\nHappy birthday from {{business_name}}.', 'yes', 9],
  ]);
  return fake;
}

interface World {
  fake: FakeSpreadsheet;
  props: FakeProperties;
  app: FakeScriptApp;
  fetch: FakeUrlFetch;
  mailApp: FakeMailApp;
  utilities: FakeUtilities;
  clock: { now: number; step: number };
}

function world(fake: FakeSpreadsheet, script: FetchOutcome[] = []): World {
  const props = new FakeProperties();
  const app = new FakeScriptApp(OWNER, 'doc1');
  installHourlyTrigger({ scriptApp: app, document: 'doc1', props, user: () => OWNER, withLock: (fn) => fn() });
  return { fake, props, app, fetch: new FakeUrlFetch(script), mailApp: new FakeMailApp(100), utilities: new FakeUtilities(), clock: { now: NOW, step: 0 } };
}

/** The handler's environment over the fakes; each run gets a fresh workbook session, as each trigger execution does. */
function envOf(w: World, user = OWNER): HourlyEnv<string> {
  const wb = new SpreadsheetWorkbook(w.fake, w.fake.services());
  return {
    scriptApp: w.app,
    props: w.props,
    workbook: wb,
    user: () => user,
    now: () => (w.clock.now += w.clock.step) - w.clock.step,
    mailer: (_s, extra, date) => addonMailer({ urlFetch: w.fetch, mailApp: w.mailApp, props: w.props, oauthToken: () => 'tok' }, extra, date),
    signer: () => appsScriptSigner(documentSecret(w.props, (fn) => wb.withLock(fn), w.utilities), w.utilities),
    flush: () => undefined,
    sleep: (ms) => w.utilities.sleep(ms),
  };
}

function outbox(fake: FakeSpreadsheet): Record<string, unknown>[] {
  const values = fake.sheetNamed('Outbox')?.dump().values ?? [];
  const [header, ...rows] = values;
  // A new sheet has blank rows below the data; only rows with a key are Outbox entries.
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [String(h), r[i]]))).filter((r) => r.key);
}

function rawOf(fetch: FakeUrlFetch, n: number): string {
  return Buffer.from((JSON.parse(fetch.requests[n]!.params.payload) as { raw: string }).raw, 'base64url').toString('utf8');
}

describe('hourly trigger run', () => {
  it('sends what is due through the Gmail API with a List-Unsubscribe link signed by the document secret', async () => {
    const w = world(sheet(2));
    const checkpoint = await runHourly(envOf(w));
    expect(checkpoint).toMatchObject({ status: 'ran', date: '2026-11-23', sent: 2, deferred: 0 });
    expect(w.fetch.requests).toHaveLength(2);
    expect(outbox(w.fake).map((r) => r.status)).toEqual(['sent', 'sent']);

    // The secret lives in document properties, not in any tab.
    const secret = w.props.getProperty(SECRET_KEY)!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    for (const name of ['Settings', 'Customers', 'Campaigns', 'Outbox']) expect(JSON.stringify(w.fake.sheetNamed(name)?.dump().values)).not.toContain(secret);

    // The link verifies with a signer over the same secret computed by Node, and names the right customer.
    const parsed = await simpleParser(rawOf(w.fetch, 0));
    const header = parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const token = decodeURIComponent(/token=([^>]+)>/.exec(header)![1]!);
    const nodeSigner: Signer = { sign: (d) => createHmac('sha256', secret).update(d).digest('base64url') };
    expect(verifyUnsubscribeToken(token, nodeSigner)).toMatchObject({ customerId: 'C1', campaign: 'Birthday' });
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(JSON.parse(w.props.getProperty(CHECKPOINT_KEY)!)).toMatchObject({ status: 'ran', sent: 2 });
  });

  it('keeps the same secret across runs and generates it once', async () => {
    const w = world(sheet(1));
    await runHourly(envOf(w));
    const first = w.props.getProperty(SECRET_KEY);
    await runHourly(envOf(w));
    expect(w.props.getProperty(SECRET_KEY)).toBe(first);
    expect(w.utilities.uuids).toBe(2);
  });

  it('a second run the same hour sends nothing again', async () => {
    const w = world(sheet(2));
    await runHourly(envOf(w));
    const again = await runHourly(envOf(w));
    expect(again.sent).toBe(0);
    expect(w.fetch.requests).toHaveLength(2);
  });

  it('defers what exceeds the daily quota to the next run, never dropping one', async () => {
    const w = world(sheet(5, { gmail_daily_limit: '3' }));
    const first = await runHourly(envOf(w));
    expect(first).toMatchObject({ sent: 3, deferred: 2, stopped: 'quota' });
    expect(outbox(w.fake).map((r) => r.status).sort()).toEqual(['planned', 'planned', 'sent', 'sent', 'sent']);
    // Later the same day: still no quota, nothing sent, nothing lost.
    w.clock.now += 3_600_000;
    expect(await runHourly(envOf(w))).toMatchObject({ sent: 0, deferred: 2 });
    // Next day the count starts again and the two waiting messages go out, each once.
    w.clock.now = Date.parse('2026-11-24T08:00:00Z');
    expect(await runHourly(envOf(w))).toMatchObject({ date: '2026-11-24', sent: 2 });
    expect(outbox(w.fake).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    const recipients = w.fetch.requests.map((_r, i) => /^To: <([^>]+)>/m.exec(rawOf(w.fetch, i))![1]);
    expect(recipients.sort()).toEqual(['c1@example.org', 'c2@example.org', 'c3@example.org', 'c4@example.org', 'c5@example.org']);
  });

  it('retries a transient Gmail failure and records it, never losing the message', async () => {
    const w = world(sheet(1), [{ status: 503 }, { status: 503 }, { status: 503 }]);
    const first = await runHourly(envOf(w));
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(w.utilities.slept.length).toBeGreaterThan(0);
    expect(outbox(w.fake)[0]).toMatchObject({ status: 'failed', reason: 'transient: gmail_503' });
    w.clock.now += 3_600_000;
    expect(await runHourly(envOf(w))).toMatchObject({ sent: 1 });
    expect(outbox(w.fake)[0]).toMatchObject({ status: 'sent' });
  });

  it('falls back to MailApp when the Gmail API is not allowed, with the link in the body', async () => {
    const w = world(sheet(1), [{ status: 403, body: JSON.stringify({ error: { errors: [{ reason: 'insufficientPermissions' }] } }) }]);
    expect(await runHourly(envOf(w))).toMatchObject({ sent: 1 });
    expect(w.mailApp.sent).toHaveLength(1);
    expect(w.mailApp.sent[0]!.body).toMatch(/Unsubscribe: https:\/\/fn\.example\/unsubscribe\?token=v1\./);
  });

  it('MailApp alone (Settings addon_mailer) defers beyond its remaining quota', async () => {
    const w = world(sheet(3, { addon_mailer: 'mailapp' }));
    w.mailApp = new FakeMailApp(2);
    expect(await runHourly(envOf(w))).toMatchObject({ sent: 2, deferred: 1, stopped: 'quota' });
    expect(w.fetch.requests).toHaveLength(0);
  });

  it('does nothing when Settings delivery is scheduler', async () => {
    const w = world(sheet(2, { delivery: 'scheduler' }));
    expect(await runHourly(envOf(w))).toMatchObject({ status: 'scheduler', sent: 0 });
    expect(w.fetch.requests).toHaveLength(0);
    expect(w.fake.sheetNamed('Outbox')).toBeUndefined();
    expect(w.props.getProperty(SECRET_KEY)).toBeNull();
  });

  it('a trigger whose user is no longer the owner stands down and deletes itself', async () => {
    const w = world(sheet(2));
    w.props.setProperty(TRIGGER_OWNER_KEY, 'bob@shop.example');
    const mine = w.app.triggers[0]!;
    expect(await runHourly(envOf(w), { triggerUid: mine.id })).toMatchObject({ status: 'not_owner' });
    expect(w.app.triggers).toHaveLength(0);
    expect(w.fetch.requests).toHaveLength(0);
  });

  it('stops leasing before the 6-minute limit and the next run carries on from the Outbox', async () => {
    const w = world(sheet(30));
    // Every clock reading advances 20 s: the 4-minute budget runs out part-way.
    w.clock.step = 20_000;
    const first = await runHourly(envOf(w));
    expect(first.stopped).toBe('deadline');
    expect(first.sent).toBeGreaterThan(0);
    expect(first.sent + first.deferred).toBe(30);
    expect(readCheckpoint(w.props)).toMatchObject({ stopped: 'deadline', sent: first.sent });
    w.clock.step = 0;
    w.clock.now += 3_600_000;
    const second = await runHourly(envOf(w));
    expect(second.sent).toBe(30 - first.sent);
    expect(new Set(w.fetch.requests.map((_r, i) => /^To: <([^>]+)>/m.exec(rawOf(w.fetch, i))![1])).size).toBe(30);
  });

  it('waits for the campaign send_hour', async () => {
    const w = world(sheet(1));
    w.clock.now = Date.parse('2026-11-23T05:00:00Z'); // 07:00 local, campaign sends from 09:00
    expect(await runHourly(envOf(w))).toMatchObject({ sent: 0 });
    expect(w.fetch.requests).toHaveLength(0);
  });

  it('greets on a holiday of the business country from the generated table', async () => {
    const fake = sheet(2, { country: 'ZA' });
    const campaigns = fake.sheetNamed('Campaigns')!;
    campaigns.getRange(3, 1, 1, 9).setValues([['M2', 'Heritage', 'holiday:heritage-day', 0, '', 'Happy {{holiday}}', 'Hi {{first_name}}', 'yes', 9]]);
    const w = world(fake);
    const env = { ...envOf(w), holidays: (country: string) => builtInHolidays(country, { country: 'ZA', holidays: [{ date: '2026-11-23', code: 'heritage-day', name: 'Heritage Day' }] }) };
    await runHourly(env);
    const sent = outbox(w.fake).filter((r) => r.campaign === 'Heritage');
    expect(sent.map((r) => r.customer_id).sort()).toEqual(['C1', 'C2']);
    // A table built for another country greets nobody.
    expect(builtInHolidays('ZA', { country: 'GB', holidays: [{ date: '2026-11-23', code: 'x', name: 'X' }] })).toEqual([]);
  });
});


describe('hourly trigger run with the unsubscribe key from the functions', () => {
  const KEY = 'key-from-the-functions-0123456789abcdef';

  /** envOf, but signing as the add-on does with REGULARS_FUNCTIONS_URL set: the key comes from `functions`. */
  function envWithFunctions(w: World, functions: FakeUrlFetch): HourlyEnv<string> {
    const env = envOf(w);
    const ports: RemotePorts = {
      fetch: (url, request) => functions.fetch(url, { ...request, payload: String(request.payload) }),
      identityToken: () => 'id-token',
      gzip: (text) => text,
      baseUrl: () => 'https://fn.example',
    };
    return { ...env, signer: () => addonUnsubscribeSigner(w.props, (fn) => env.workbook.withLock(fn), w.utilities, ports) };
  }

  it('when the key cannot be fetched, sends nothing and records a clean deferral; the next run sends with verifiable links', async () => {
    const w = world(sheet(2));
    const functions = new FakeUrlFetch([{ status: 503, body: '{"error":"unavailable"}' }, { status: 200, body: JSON.stringify({ key: KEY }) }]);
    const first = await runHourly(envWithFunctions(w, functions));
    expect(first).toMatchObject({ status: 'ran', date: '2026-11-23', sent: 0, stopped: 'no_unsubscribe_key' });
    expect(first.reason).toMatch(/unsubscribe-key function answered 503/);
    expect(readCheckpoint(w.props)).toMatchObject({ stopped: 'no_unsubscribe_key' });
    // No mail by either transport, nothing leased, and no local secret to sign with instead.
    expect(w.fetch.requests).toHaveLength(0);
    expect(w.mailApp.sent).toHaveLength(0);
    expect(outbox(w.fake).filter((r) => r.status === 'sent' || r.status === 'sending')).toHaveLength(0);
    expect(w.props.getProperty(SECRET_KEY)).toBeNull();

    w.clock.now += 3_600_000;
    const second = await runHourly(envWithFunctions(w, functions));
    expect(second).toMatchObject({ status: 'ran', sent: 2 });
    expect(functions.requests.map((r) => r.url)).toEqual(['https://fn.example/unsubscribe-key', 'https://fn.example/unsubscribe-key']);
    // The link in the mail verifies with the function's key (its own signer, functions/secrets) and not with a local one.
    const parsed = await simpleParser(rawOf(w.fetch, 0));
    const header = parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const token = decodeURIComponent(/token=([^>]+)>/.exec(header)![1]!);
    expect(verifyUnsubscribeToken(token, hmacSigner(KEY))).toMatchObject({ customerId: 'C1', campaign: 'Birthday' });
    expect(verifyUnsubscribeToken(token, hmacSigner('some-other-key-of-enough-length-000'))).toBeUndefined();

    // A third run uses the kept key: no further call to the functions.
    w.clock.now += 3_600_000;
    await runHourly(envWithFunctions(w, functions));
    expect(functions.requests).toHaveLength(2);
  });
});
