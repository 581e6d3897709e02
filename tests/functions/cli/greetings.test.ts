import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { hmacSigner, UNSUBSCRIBE_SECRET } from '../../../functions/secrets/secret-store';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { handleUnsubscribeRequest } from '../../../functions/http/unsubscribe';
import { localUnsubscribeDeps } from '../../../functions/greetings/local';
import { runLockPath } from '../../../functions/greetings/file-lock';
import { fileSendJournal } from '../../../functions/greetings/send-journal';
import { verifyUnsubscribeToken } from '../../../shared/greetings';
import type { CellValue } from '../../../shared/workbook';
import { startLoopbackSmtp, type LoopbackSmtp } from '../mail/loopback-smtp';
import { cli } from './run-cli';

type Cell = string | number | boolean | null;

/** Writes an .xlsx with these tabs (first row the header) the way a person would type it in Excel. */
async function writeXlsx(file: string, tabs: Record<string, Cell[][]>): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(tabs)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await book.xlsx.writeFile(file);
}

/** A tab as objects keyed by header, read back with the project's own adapter. */
async function tabRows(file: string, tab: string): Promise<Record<string, CellValue>[]> {
  const wb = await openXlsxWorkbook(file);
  const grid = wb.read(tab);
  if (!grid) return [];
  return grid.rows.map((r) => Object.fromEntries(grid.header.map((h, i): [string, CellValue] => [h, r[i] ?? null])));
}

async function parsedMail(server: LoopbackSmtp): Promise<ParsedMail[]> {
  return Promise.all(server.received.map((r) => simpleParser(r.raw)));
}

const tokenOf = (mail: ParsedMail): string => {
  const list = mail.headers.get('list') as { unsubscribe?: { url?: string } } | undefined;
  const url = list?.unsubscribe?.url ?? '';
  return decodeURIComponent(/[?&]token=([^&]+)/.exec(url)?.[1] ?? '');
};

let server: LoopbackSmtp | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SETTINGS: Cell[][] = [
  ['key', 'value'],
  ['business_name', 'Fynbos Cycles'],
  ['sender_name', 'Fynbos Cycles'],
  ['sender_email', 'hello@fynbos.example'],
  ['reply_to', 'owner@fynbos.example'],
  ['time_zone', 'Africa/Johannesburg'],
  ['country', 'ZA'],
  ['backend_url', 'https://fn.example'],
  ['cool_down_days', '7'],
  // The first run of a campaign waits for approval unless the owner turned that off (approval: greetings-approve.test.ts).
  ['approve_first_run', 'no'],
];

const CUSTOMER_HEADER = ['id', 'first_name', 'last_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'merged_into', 'birth_date'];

/** The traps: twins sharing a mailbox, an unsubscribe, a merged row, a bad address, Feb 29, formula-looking names, a reminder without consent. */
const TRAP_CUSTOMERS: Cell[][] = [
  CUSTOMER_HEADER,
  ['C-000001', 'Thandi', 'Twin', 'family@example.com', 'yes', null, 'active', null, '28/02/2001'],
  ['C-000002', 'Themba', 'Twin', 'Family@Example.com', 'y', null, 'active', null, '28/02/2001'],
  ['C-000003', 'Una', 'Subscribed', 'una@example.com', 'yes', '2026-12-01T10:00:00Z', 'active', null, '2000-02-28'],
  ['C-000004', 'Mia', 'Merged', 'mia@example.com', 'yes', null, 'merged', 'C-000009', '1990-02-28'],
  ['C-000005', 'Bob', 'Broken', 'bob@@example', 'yes', null, 'active', null, '1990-02-28'],
  ['C-000006', 'Leo', 'Leap', 'leo@example.com', true, null, 'active', null, '29/02/2000'],
  ['C-000007', 'Nora', 'NoConsent', 'nora@example.com', 'no', null, 'active', null, '1980-02-28'],
  ['C-000008', '=HYPERLINK("http://evil.example","click")', '<b>Eve</b>', 'eve@example.com', 'TRUE', null, 'active', null, '1995-02-28'],
  ['C-000009', 'Mia', 'Survivor', 'mia@example.com', 1, null, 'active', null, '1985-06-01'],
  ['C-000010', 'Archie', 'Archived', 'archie@example.com', 'yes', null, 'archived', null, '1990-02-28'],
];

async function trapWorkbook(dir: string): Promise<string> {
  const file = path.join(dir, 'traps.xlsx');
  await writeXlsx(file, {
    Settings: SETTINGS,
    Customers: TRAP_CUSTOMERS,
    Campaigns: [
      ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
      ['Birthday', 'birthday', 0, null, 'Happy birthday, {{first_name|friend}}!', 'Hi {{first_name}} {{last_name}},\n\nHappy birthday from {{business_name}}.', 'yes', 9],
      ['Workshop reminder', 'appointment_reminder', -1, null, 'See you tomorrow', 'Hi {{first_name}}, your booking is at {{appointment_time}}.', 'yes', 8],
    ],
    Interactions: [
      ['id', 'customer_id', 'date', 'kind', 'status', 'subject'],
      ['I-000001', 'C-000007', '2027-03-01T09:30', 'appointment', 'booked', 'Service'],
      ['I-000002', 'C-000003', '2027-03-01T10:00', 'appointment', 'booked', 'Service'],
    ],
  });
  return file;
}

describe('regulars greetings run on rows typed without an id', () => {
  it('gives them ids first (saved, said on stderr) and greets them like everyone else', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-ids-'));
    const file = path.join(dir, 'typed.xlsx');
    await writeXlsx(file, {
      Settings: SETTINGS,
      Customers: [CUSTOMER_HEADER, ['C-000001', 'Ayanda', 'Dlamini', 'ayanda@example.com', 'yes', null, 'active', null, '1990-05-01'], [null, 'Pasted', 'Person', 'pasted@example.com', 'yes', null, 'active', null, '1991-03-14']],
      Campaigns: [
        ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
        ['Birthday', 'birthday', 0, null, 'Happy birthday, {{first_name}}!', 'Hi {{first_name}}', 'yes', 9],
      ],
    });
    server = await startLoopbackSmtp();
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-03-14', '--transport', server.url, '--json'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: 1 Customers row(s) had no id and were given C-000002');
    expect((JSON.parse(run.stdout) as { sent: number }).sent).toBe(1);
    expect(server.received.map((r) => r.to.join(','))).toEqual(['pasted@example.com']);
    expect((await tabRows(file, 'Customers')).map((r) => r.id)).toEqual(['C-000001', 'C-000002']);
  });
});

describe('regulars greetings run on a workbook of traps, through a real SMTP server', () => {
  it('sends each due message once, to the right people, with a working unsubscribe link; a re-run sends nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp();
    const first = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url, '--json'], dir);
    // The unreadable address is named by row and column, without echoing it.
    expect(first.stderr).toBe('warning: Customers row 6, column "email": is not a valid e-mail address\n');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { sent: number; skipped: Record<string, number>; problem: boolean };
    // Birthdays: both twins (own message each), Leo (Feb 29 → Feb 28), Eve; reminders go without consent (Nora), not after an unsubscribe (Una).
    expect(report.sent).toBe(5);
    expect(report.skipped).toEqual({ unsubscribed: 2, invalid_address: 1, no_consent: 1 });

    const mails = await parsedMail(server);
    const to = server.received.map((r) => r.to.join(',').toLowerCase()).sort();
    expect(to).toEqual(['eve@example.com', 'family@example.com', 'family@example.com', 'leo@example.com', 'nora@example.com']);
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toEqual([
      'Happy birthday, =HYPERLINK("http://evil.example","click")!',
      'Happy birthday, Leo!',
      'Happy birthday, Thandi!',
      'Happy birthday, Themba!',
      'See you tomorrow',
    ]);
    const eve = mails.find((m) => m.subject?.includes('HYPERLINK'))!;
    expect(eve.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(eve.html).not.toContain('<b>Eve</b>');
    expect(eve.text).toContain('<b>Eve</b>');
    const nora = mails.find((m) => m.subject === 'See you tomorrow')!;
    expect(nora.text).toContain('your booking is at 09:30');

    // Every message: From the sender, Reply-To the owner, one-click unsubscribe pointing at backend_url with a token for that customer.
    const secrets = JSON.parse(await readFile(path.join(dir, '.regulars', 'secrets.json'), 'utf8')) as Record<string, string>;
    const signer = hmacSigner(secrets[UNSUBSCRIBE_SECRET]!);
    const outbox = await tabRows(file, 'Outbox');
    for (const mail of mails) {
      expect(mail.from?.value).toEqual([{ name: 'Fynbos Cycles', address: 'hello@fynbos.example' }]);
      expect(mail.replyTo?.value[0]?.address).toBe('owner@fynbos.example');
      expect(mail.headers.get('list-unsubscribe-post') ?? (mail.headers.get('list') as Record<string, { name?: string }>)['unsubscribe-post']?.name).toBe('List-Unsubscribe=One-Click');
      const list = mail.headers.get('list') as { unsubscribe: { url: string } };
      expect(list.unsubscribe.url.startsWith('https://fn.example/unsubscribe?token=')).toBe(true);
      const claim = verifyUnsubscribeToken(tokenOf(mail), signer);
      const row = outbox.find((r) => r.message_id === mail.messageId);
      expect(row?.status).toBe('sent');
      expect(claim?.customerId).toBe(row?.customer_id);
    }
    const status = Object.fromEntries(outbox.map((r): [string, string] => [String(r.key), `${String(r.status)}${r.reason ? `:${String(r.reason)}` : ''}`]));
    expect(status).toEqual({
      'Birthday|C-000001|2027-02-28': 'sent',
      'Birthday|C-000002|2027-02-28': 'sent',
      'Birthday|C-000003|2027-02-28': 'skipped:unsubscribed',
      'Birthday|C-000005|2027-02-28': 'skipped:invalid_address',
      'Birthday|C-000006|2027-02-28': 'sent',
      'Birthday|C-000007|2027-02-28': 'skipped:no_consent',
      'Birthday|C-000008|2027-02-28': 'sent',
      'Workshop reminder|C-000003|2027-03-01': 'skipped:unsubscribed',
      'Workshop reminder|C-000007|2027-03-01': 'sent',
    });
    // The subject cell starts with "=": it must be stored as text, not become a formula.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const formulas: unknown[] = [];
    book.getWorksheet('Outbox')!.eachRow((row) => row.eachCell((cell) => void (cell.type === ExcelJS.ValueType.Formula && formulas.push(cell.value))));
    expect(formulas).toEqual([]);

    const again = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('sent 0,');
    expect(server.received).toHaveLength(5);
    expect(await tabRows(file, 'Outbox')).toHaveLength(9);
  });

  it('exits 1 when the server refuses a message, records it failed, and never resends the ones that went', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp((n) => (n === 2 ? { code: 550, message: 'mailbox unavailable' } : 'accept'));
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/failed\s+\S+.*\(rejected: smtp_550\)/);
    expect(server.received).toHaveLength(4);
    const outbox = await tabRows(file, 'Outbox');
    expect(outbox.filter((r) => r.status === 'failed').map((r) => r.reason)).toEqual(['rejected: smtp_550']);
    // The exit code speaks of this run: it refused nothing, and the failed row stays failed (not retried).
    const again = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(again.code).toBe(0);
    expect(server.received).toHaveLength(4);
    expect(server.attempts).toBe(5);
  });

  it('a 451 (try later) is retried after a back-off within the run and the message goes once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp((n) => (n === 1 ? { code: 451, message: 'greylisted, try later' } : 'accept'));
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url, '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 5, failed: 0 });
    expect(server.attempts).toBe(6);
    expect(server.received).toHaveLength(5);
    expect(new Set(server.received.map((r) => r.raw.match(/^Message-ID: (.*)$/m)?.[1])).size).toBe(5);
    const retried = (await tabRows(file, 'Outbox')).filter((r) => r.attempts === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]?.status).toBe('sent');
  });

  it("a recipient's one-click unsubscribe (the workbench route over the same .xlsx) stops the next message", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp();
    expect((await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir)).code).toBe(0);
    const leo = (await parsedMail(server)).find((m) => m.subject === 'Happy birthday, Leo!')!;
    const answer = await handleUnsubscribeRequest({ method: 'POST', query: { token: tokenOf(leo) }, body: { 'List-Unsubscribe': 'One-Click' } }, localUnsubscribeDeps(file));
    expect(answer.status).toBe(200);
    const customer = (await tabRows(file, 'Customers')).find((c) => c.id === 'C-000006')!;
    expect(String(customer.unsubscribed_at)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await tabRows(file, 'Consent log')).map((r) => [r.customer_id, r.change])).toEqual([['C-000006', 'withdrawn']]);
    // Leo's next birthday (a leap year: on the 29th) is skipped as unsubscribed.
    const next = await cli(['greetings', 'run', '--workbook', file, '--date', '2028-02-29', '--transport', server.url, '--json'], dir);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ sent: 0, skipped: { unsubscribed: 1 } });
    expect(server.received).toHaveLength(5);
  });

  it('writes .eml files to the default file outbox', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28'], dir, { isTTY: true });
    expect(run.code).toBe(0);
    // On a terminal, a progress line on stderr.
    expect(run.stderr).toContain('\rsending 5/5\n');
    const files = await readdir(path.join(dir, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(5);
  });

  it('bad input: a clear message and exit 2', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    expectUsage(await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-30'], dir), '--date "2027-02-30" is not a date');
    expectUsage(await cli(['greetings', 'run', '--workbook', path.join(dir, 'missing.xlsx'), '--date', '2027-02-28'], dir), 'no such file');
    expectUsage(await cli(['greetings', 'run', '--date', '2027-02-28'], dir), '--workbook is required');
    expectUsage(await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', 'pigeon:coop'], dir), 'unknown transport');
    const broken = path.join(dir, 'broken.xlsx');
    await writeXlsx(broken, { Settings: [['key', 'value'], ['time_zone', 'Mars/Olympus'], ['sender_email', 'a@b.example']], Customers: [['id', 'email', 'email_consent', 'birth_date'], ['C-1', 'a@example.com', 'yes', '2000-02-28']], Campaigns: [['name', 'trigger', 'subject', 'body'], ['B', 'birthday', 's', 'b']] });
    expect(await cli(['greetings', 'run', '--workbook', broken, '--date', '2027-02-28'], dir)).toMatchObject({ code: 2 });
    const noIds = path.join(dir, 'no-ids.xlsx');
    await writeXlsx(noIds, { Settings: SETTINGS, Customers: [['first_name', 'email'], ['Ann', 'ann@example.com']] });
    expectUsage(await cli(['greetings', 'run', '--workbook', noIds, '--date', '2027-02-28'], dir), 'Customers row 1 has no "id" column');
    const noTrigger = path.join(dir, 'no-trigger.xlsx');
    await writeXlsx(noTrigger, { Settings: SETTINGS, Customers: TRAP_CUSTOMERS, Campaigns: [['name', 'subject', 'body'], ['Birthday', 's', 'b']] });
    expectUsage(await cli(['greetings', 'run', '--workbook', noTrigger, '--date', '2027-02-28'], dir), 'Campaigns row 1 has no "trigger" column');
    expect((await cli(['greetings', '--help'], dir)).code).toBe(0);
  });
});

function expectUsage(result: { code: number; stderr: string }, message: string): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
}

describe('regulars greetings run on the demo workbook', () => {
  it('sends only to customers who may receive that message, each once, and a re-run sends nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-demo-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 300, seed: 7, today: '2026-11-23' });
    server = await startLoopbackSmtp();
    // The demo's first day is a first run of every campaign: the owner approves it (--approve).
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2026-11-23', '--transport', server.url, '--approve', '--json'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { sent: number; failed: number; review: number };
    expect(report.sent).toBeGreaterThan(0);
    expect(server.received).toHaveLength(report.sent);

    // Check every delivery against the Customers tab itself, not against the planner.
    const customers = new Map((await tabRows(file, 'Customers')).map((c) => [String(c.id), c]));
    const campaigns = new Map((await tabRows(file, 'Campaigns')).map((c) => [String(c.name), c]));
    const outbox = await tabRows(file, 'Outbox');
    const sentRows = outbox.filter((r) => r.status === 'sent');
    expect(sentRows).toHaveLength(report.sent);
    expect(new Set(sentRows.map((r) => r.key)).size).toBe(sentRows.length);
    const consent = (v: unknown): boolean => v === true || v === 1 || (typeof v === 'string' && ['yes', 'y', 'true', '1'].includes(v.trim().toLowerCase()));
    const mails = await parsedMail(server);
    for (const mail of mails) {
      const row = sentRows.find((r) => r.message_id === mail.messageId)!;
      const customer = customers.get(String(row.customer_id))!;
      expect(String(customer.email).trim().toLowerCase()).toBe(String(row.to).toLowerCase());
      expect(customer.unsubscribed_at ?? null).toBeNull();
      expect(String(customer.status ?? '').toLowerCase()).not.toMatch(/merged|archived/);
      const trigger = String(campaigns.get(String(row.campaign))?.trigger);
      if (trigger !== 'appointment_reminder') expect(consent(customer.email_consent)).toBe(true);
      expect(mail.headers.has('list')).toBe(true);
    }
    const again = await cli(['greetings', 'run', '--workbook', file, '--date', '2026-11-23', '--transport', server.url, '--json'], dir);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { sent: number }).sent).toBe(0);
    expect(server.received).toHaveLength(report.sent);
  });
});

describe('regulars greetings run after a crash and beside another run', () => {
  it('a row a dead run left "sending" goes to review and is not resent; a stale lock is taken over', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp();
    expect((await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', 'file:first'], dir)).code).toBe(0);
    // Simulate the crash: Leo's row back to "sending" with a lease still running, and the dead run's lock file left behind.
    const wb = await openXlsxWorkbook(file);
    const grid = wb.read('Outbox')!;
    const at = (name: string): number => grid.header.indexOf(name);
    const r = grid.rows.findIndex((row) => row[at('customer_id')] === 'C-000006');
    wb.write('Outbox', [
      { row: r + 2, col: at('status') + 1, value: 'sending' },
      { row: r + 2, col: at('lease_until') + 1, value: '2099-01-01T00:00:00Z' },
    ]);
    await wb.save();
    // The dead run had noted that Leo's send was starting: it may have gone.
    await fileSendJournal(file).started(String(grid.rows[r]![at('key')]));
    await writeFile(runLockPath(file), '999999999');
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('review   Birthday · C-000006 (uncertain: interrupted while sending)');
    expect(run.stdout).toContain('in review: 1 (uncertain: interrupted while sending 1)');
    expect(server.received).toHaveLength(0);
    const rows = await tabRows(file, 'Outbox');
    expect(rows.find((row) => row.customer_id === 'C-000006')?.status).toBe('review');
    // Every later run still says so, until a person clears it.
    const later = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(later.stdout).toContain('in review: 1 (uncertain: interrupted while sending 1)');
    expect(server.received).toHaveLength(0);
  });

  it('a row a dead run leased but never attempted goes back to planned and is sent once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp();
    expect((await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', 'file:first'], dir)).code).toBe(0);
    const wb = await openXlsxWorkbook(file);
    const grid = wb.read('Outbox')!;
    const at = (name: string): number => grid.header.indexOf(name);
    const r = grid.rows.findIndex((row) => row[at('customer_id')] === 'C-000006');
    wb.write('Outbox', [
      { row: r + 2, col: at('status') + 1, value: 'sending' },
      { row: r + 2, col: at('lease_until') + 1, value: '2099-01-01T00:00:00Z' },
      { row: r + 2, col: at('attempts') + 1, value: 2 },
    ]);
    await wb.save();
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(run.stdout).toContain('1 left leased by an interrupted run were never attempted: planned again');
    expect(run.stdout).not.toContain('in review');
    expect(server.received.map((m) => m.to)).toHaveLength(1);
    const rows = await tabRows(file, 'Outbox');
    expect(rows.find((row) => row.customer_id === 'C-000006')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a second run while one holds the workbook sends nothing and says who holds it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-'));
    const file = await trapWorkbook(dir);
    server = await startLoopbackSmtp();
    await writeFile(runLockPath(file), String(process.pid));
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', server.url], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`another run (pid ${process.pid})`);
    expect(server.received).toHaveLength(0);
    expect(await tabRows(file, 'Outbox')).toEqual([]);
  });
});

describe('regulars greetings run: exit codes follow the engine stop policy', () => {
  it('a Settings stop is bad input (2, said on stderr); a transport that is down is 1; a completed run is 0', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-stop-'));
    const noSender = path.join(dir, 'no-sender.xlsx');
    const settings = SETTINGS.filter((r) => r[0] !== 'sender_email' && r[0] !== 'reply_to');
    await writeXlsx(noSender, { Settings: settings, Customers: TRAP_CUSTOMERS, Campaigns: [['name', 'trigger', 'subject', 'body', 'active'], ['Birthday', 'birthday', 'Hi', 'Hi', 'yes']] });
    const stopped = await cli(['greetings', 'run', '--workbook', noSender, '--date', '2027-02-28', '--json'], dir);
    expect(stopped.code).toBe(2);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ stopped: 'no_sender', problem: true });
    expect(stopped.stderr).toContain('Settings needs sender_email');

    // A port nobody listens on: the transport is down, the messages stay planned for the next run.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const file = await trapWorkbook(dir);
    const down = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', `smtp://127.0.0.1:${closed}`, '--json'], dir);
    expect(down.code).toBe(1);
    const report = JSON.parse(down.stdout) as { stopped: string; detail: string; sent: number };
    expect(report).toMatchObject({ stopped: 'transport_down', sent: 0 });
    expect(report.detail).toMatch(/^smtp_/);
    expect((await tabRows(file, 'Outbox')).filter((r) => r.status === 'planned').length).toBeGreaterThan(0);

    const up = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-02-28', '--transport', 'file:sent'], dir);
    expect(up.code).toBe(0);
    expect(up.stdout).not.toContain('stopped:');
  });
});
