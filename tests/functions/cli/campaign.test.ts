import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { localUnsubscribeDeps } from '../../../functions/greetings/local';
import { handleSurveyRequest } from '../../../functions/http/survey';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
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

async function tabRows(file: string, tab: string): Promise<Record<string, CellValue>[]> {
  const wb = await openXlsxWorkbook(file);
  const grid = wb.read(tab);
  if (!grid) return [];
  return grid.rows.map((r) => Object.fromEntries(grid.header.map((h, i): [string, CellValue] => [h, r[i] ?? null])));
}

let server: LoopbackSmtp | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const settings = (approveFirstRun: 'yes' | 'no'): Cell[][] => [
  ['key', 'value'],
  ['business_name', 'Fynbos Cycles'],
  ['sender_email', 'hello@fynbos.example'],
  ['time_zone', 'Africa/Johannesburg'],
  ['country', 'ZA'],
  ['public_url', 'https://shop.example'],
  ['cool_down_days', '0'],
  ['approve_first_run', approveFirstRun],
];

/**
 * The segment "Cape Town" (city = Cape Town) and its traps. Expected recipients, worked out by hand:
 * shared@ (Ann consents; Ben, same mailbox, does not: one mail), jo@, kim@. Not: cat@ (Durban, outside the
 * segment), dan@ (no consent), eve@ (unsubscribed), fam@ (Fay consents but Gus, same mailbox, unsubscribed),
 * hal@ (merged), ivy@ (archived), bad address.
 */
const CUSTOMERS: Cell[][] = [
  ['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'merged_into', 'city', 'birth_date'],
  ['C-000001', 'Ann', 'shared@example.com', 'yes', null, 'active', null, 'Cape Town', '1990-03-15'],
  ['C-000002', 'Ben', 'Shared@Example.com', 'no', null, 'active', null, 'Cape Town', null],
  ['C-000003', 'Cat', 'cat@example.com', 'yes', null, 'active', null, 'Durban', null],
  ['C-000004', 'Dan', 'dan@example.com', 'no', null, 'active', null, 'Cape Town', null],
  ['C-000005', 'Eve', 'eve@example.com', 'yes', '2027-01-02T10:00:00Z', 'active', null, 'Cape Town', null],
  ['C-000006', 'Fay', 'fam@example.com', 'yes', null, 'active', null, 'Cape Town', null],
  ['C-000007', 'Gus', 'FAM@example.com', 'yes', '2027-02-01T10:00:00Z', 'active', null, 'Cape Town', null],
  ['C-000008', 'Hal', 'hal@example.com', 'yes', null, 'merged', 'C-000001', 'Cape Town', null],
  ['C-000009', 'Ivy', 'ivy@example.com', 'yes', null, 'archived', null, 'Cape Town', null],
  ['C-000010', 'Jo', 'jo@example.com', 'yes', null, 'active', null, 'Cape Town', null],
  ['C-000011', 'Kim', 'kim@example.com', 'yes', null, 'active', null, 'Cape Town', null],
  ['C-000012', 'Lu', 'lu@@example', 'yes', null, 'active', null, 'Cape Town', null],
];

async function shop(dir: string, approveFirstRun: 'yes' | 'no' = 'no'): Promise<string> {
  const file = path.join(dir, 'shop.xlsx');
  await writeXlsx(file, {
    Settings: settings(approveFirstRun),
    Customers: CUSTOMERS,
    Segments: [
      ['id', 'name', 'rule'],
      ['S-000001', 'Cape Town', 'city = "Cape Town"'],
    ],
    Campaigns: [
      ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour', 'send_date'],
      ['Spring newsletter', 'once', null, 'Cape Town', 'Spring rides, {{first_name}}', 'Hi {{first_name}},\n\nOur spring rides start soon.', 'yes', 9, '2027-03-15'],
      // Due the same day, but not named: `campaign send` leaves them alone.
      ['Everyone', 'once', null, null, 'Hello', 'Hello all', 'yes', 9, '2027-03-15'],
      ['Birthday', 'birthday', 0, null, 'Happy birthday', 'Happy birthday {{first_name}}', 'yes', 9, null],
    ],
  });
  return file;
}

interface Report {
  sent: number;
  skipped: Record<string, number>;
  needsApproval: { total: number };
  notDue?: string;
}

describe('regulars campaign send: a one-off campaign to a segment, through a real SMTP server', () => {
  it("sends to exactly the segment's consenting active mailboxes, each once; a re-run sends nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'once-'));
    const file = await shop(dir);
    server = await startLoopbackSmtp();

    // The day before its send_date: nothing goes.
    const early = await cli(['campaign', 'send', 'Spring newsletter', '--workbook', file, '--date', '2027-03-14', '--transport', server.url, '--json'], dir);
    expect(early.code).toBe(0);
    expect(JSON.parse(early.stdout)).toMatchObject({ sent: 0, notDue: 'before_send_date' });
    expect(server.received).toHaveLength(0);

    const run = await cli(['campaign', 'send', 'spring newsletter', '--workbook', file, '--date', '2027-03-15', '--transport', server.url, '--json'], dir);
    expect(run.stderr).toBe('warning: Customers row 13, column "email": is not a valid e-mail address\n');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.sent).toBe(3);
    expect(report.skipped).toEqual({ no_consent: 1, unsubscribed: 2 });
    const to = server.received.map((r) => r.to.join(',').toLowerCase()).sort();
    expect(to).toEqual(['jo@example.com', 'kim@example.com', 'shared@example.com']);
    const subjects = (await Promise.all(server.received.map((r) => simpleParser(r.raw)))).map((m) => m.subject).sort();
    expect(subjects).toEqual(['Spring rides, Ann', 'Spring rides, Jo', 'Spring rides, Kim']);

    // The Outbox: one row per mailbox of the segment, keyed by campaign and address, nothing of other campaigns.
    const outbox = await tabRows(file, 'Outbox');
    expect(outbox.map((r) => r.campaign)).toEqual(Array(6).fill('Spring newsletter'));
    expect(outbox.filter((r) => r.status === 'sent').map((r) => r.key).sort()).toEqual([
      'Spring newsletter|@jo@example.com|once:2027-03-15',
      'Spring newsletter|@kim@example.com|once:2027-03-15',
      'Spring newsletter|@shared@example.com|once:2027-03-15',
    ]);

    // Again on the day, and two days later: nothing more goes, to anybody.
    for (const date of ['2027-03-15', '2027-03-17']) {
      const again = await cli(['campaign', 'send', 'Spring newsletter', '--workbook', file, '--date', date, '--transport', server.url, '--json'], dir);
      expect(again.code).toBe(0);
      expect((JSON.parse(again.stdout) as Report).sent).toBe(0);
    }
    expect(server.received).toHaveLength(3);
    expect(await tabRows(file, 'Outbox')).toHaveLength(6);
  });

  it('waits for approval on its first run like every campaign, and --approve sends it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'once-'));
    const file = await shop(dir, 'yes');
    server = await startLoopbackSmtp();
    const held = await cli(['campaign', 'send', 'Spring newsletter', '--workbook', file, '--date', '2027-03-16', '--transport', server.url, '--json'], dir);
    expect(held.code).toBe(0);
    expect(JSON.parse(held.stdout)).toMatchObject({ sent: 0, needsApproval: { total: 3 } });
    expect(server.received).toHaveLength(0);
    const approved = await cli(['campaign', 'send', 'Spring newsletter', '--workbook', file, '--date', '2027-03-16', '--transport', server.url, '--approve', '--json'], dir);
    expect(JSON.parse(approved.stdout)).toMatchObject({ sent: 3, needsApproval: { total: 0 } });
    expect(server.received).toHaveLength(3);
  });

  it('refuses what it cannot send, naming the row and column', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'once-'));
    const file = await shop(dir);
    const send = (name: string, date = '2027-03-15'): Promise<{ code: number; stderr: string }> => cli(['campaign', 'send', name, '--workbook', file, '--date', date, '--transport', `file:${dir}/out`], dir);
    const refused = async (name: string, date: string | undefined, message: string): Promise<void> => {
      const answer = await send(name, date);
      expect(answer.code).toBe(2);
      expect(answer.stderr).toContain(`regulars campaign: ${message}\n`);
    };
    await refused('Nope', undefined, 'the Campaigns tab has no campaign named "Nope"');
    await refused('Birthday', undefined, 'Campaigns row 4, trigger: "Birthday" is not a one-off campaign (its trigger must be "once")');
    await refused('Spring newsletter', '2027-04-30', 'Campaigns row 2, send_date: 2027-03-15 is more than 7 days before 2027-04-30; set a new send_date to send it again');
    expect(await tabRows(file, 'Outbox')).toEqual([]);
  });
});

describe('a survey mail carries signed rating links that record the answer only when confirmed', () => {
  it('GET of a link records nothing; the POST records one survey Interaction; a second POST replaces it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'survey-'));
    const file = path.join(dir, 'shop.xlsx');
    await writeXlsx(file, {
      // low_score_max (default 6) is on the 0–10 scale: a 2 of 5 is 2.5 there, a low score.
      Settings: settings('no'),
      Customers: [
        ['id', 'first_name', 'email', 'email_consent', 'status', 'account_manager'],
        ['C-000001', 'Ann', 'ann@example.com', 'yes', 'active', 'Sipho'],
      ],
      Purchases: [
        ['id', 'customer_id', 'date', 'amount', 'description'],
        ['P-000001', 'C-000001', '2027-03-01', 450, 'Service'],
      ],
      Campaigns: [
        ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour', 'send_date', 'survey_scale'],
        ['How did we do?', 'survey_after_purchase', 7, null, 'How did we do?', 'Hi {{first_name}}, how did we do?', 'yes', 11, null, '1-5'],
      ],
    });
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2027-03-08', '--transport', `file:${dir}/out`, '--json'], dir);
    expect(run.code).toBe(0);
    const [eml] = await readdir(path.join(dir, 'out'));
    const mail = await simpleParser(await readFile(path.join(dir, 'out', eml!)));
    const links = [...(mail.text ?? '').matchAll(/^(\d+): (https:\/\/shop\.example\/survey\?token=\S+)$/gm)].map((m) => ({ score: Number(m[1]), url: m[2]! }));
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect((mail.html || '').match(/href="https:\/\/shop\.example\/survey\?token=/g)).toHaveLength(5);

    // The workbench's own route dependencies over the same file, answered the day after the mail.
    const deps = { ...localUnsubscribeDeps(file), now: () => Date.parse('2027-03-09T08:30:00Z') };
    const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';
    const at = (score: number): string => tokenOf(links.find((l) => l.score === score)!.url);
    const surveys = async (): Promise<Record<string, CellValue>[]> => (await tabRows(file, 'Interactions')).filter((r) => r.kind === 'survey');

    const seen = await handleSurveyRequest({ method: 'GET', query: { token: at(2) }, body: undefined }, deps);
    expect(seen.status).toBe(200);
    expect(seen.body).toContain('<span class="score">2</span> out of 5');
    expect(await surveys()).toEqual([]);

    await handleSurveyRequest({ method: 'POST', query: { token: at(2) }, body: { token: at(2), comment: 'Slow service' } }, deps);
    expect(await surveys()).toEqual([expect.objectContaining({ customer_id: 'C-000001', score: 2, notes: 'Slow service', subject: 'How did we do? (2027-03-01)' })]);
    // The next scoring turns the low score into a task for the account manager.
    const tasks = await cli(['tasks', '--workbook', file, '--date', '2027-03-09', '--json'], dir);
    expect(tasks.code).toBe(0);
    const open = (JSON.parse(tasks.stdout) as { tasks: Record<string, unknown>[] }).tasks;
    expect(open.filter((t) => t.reason === 'Low survey score')).toEqual([expect.objectContaining({ customer_id: 'C-000001', manager: 'Sipho', status: 'open' })]);
    await handleSurveyRequest({ method: 'POST', query: { token: at(5) }, body: { token: at(5), comment: '' } }, deps);
    const after = await surveys();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ score: 5 });
  });
});
