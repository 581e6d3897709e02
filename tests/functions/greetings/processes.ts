// Real processes for the store tests: the built CLI (workbench and greetings run), and an SMTP server on loopback
// that takes a little time per message, so a run lasts long enough for other writers to cut in.
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { createXlsxWorkbook, openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import type { CellValue } from '../../../shared/workbook';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/cli/regulars.mjs');

/** A message as received: who it was for and its Subject. */
export interface Delivered {
  to: string;
  subject: string;
}

export interface SlowSmtp {
  url: string;
  delivered: Delivered[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that accepts every message after `delayMs`. */
export async function slowSmtp(delayMs: number): Promise<SlowSmtp> {
  const delivered: Delivered[] = [];
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
        setTimeout(() => {
          // Counted when accepted: the client is told "250 OK" right after.
          delivered.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(','), subject });
          callback(null);
        }, delayMs);
      });
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (s: Socket) => {
    s.on('error', () => undefined);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/** Runs the built CLI to its end. */
export function runCli(args: string[], cwd: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REGULARS_TODAY: '2027-02-28' } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** `regulars workbench` on the file; resolves once it answers, with its URL and a stop(). */
export async function startWorkbench(file: string, cwd: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { child, done } = runCli(['workbench', '--workbook', file, '--port', '0'], cwd);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void done.then((r) => reject(new Error(`workbench exited ${r.code}: ${r.stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGINT');
      await done;
    },
  };
}

/** A tab of the file as objects keyed by header. */
export async function tabRows(file: string, tab: string): Promise<Record<string, CellValue>[]> {
  const grid = (await openXlsxWorkbook(file)).read(tab);
  if (!grid) return [];
  return grid.rows.map((r) => Object.fromEntries(grid.header.map((h, i): [string, CellValue] => [h, r[i] ?? null])));
}

/** The id of customer n. */
export const idOf = (n: number): string => `C-${String(n).padStart(6, '0')}`;
/** The address of customer n. */
export const mailOf = (n: number): string => `c${n}@example.com`;

/**
 * A shop whose `customers` all have a birthday on 28 February and consent to mail: the Birthday campaign sends
 * to each on 2027-02-28, "Day after" on 2027-03-01.
 */
export async function birthdayShop(file: string, customers: number): Promise<void> {
  const wb = createXlsxWorkbook();
  const tab = (name: string, rows: CellValue[][]): void => {
    wb.ensureTab(name, { header: rows[0] as string[], textColumns: [] });
    wb.append(name, rows.slice(1));
  };
  tab('Settings', [
    ['key', 'value'],
    ['business_name', 'Fynbos Cycles'],
    ['sender_email', 'hello@fynbos.example'],
    ['time_zone', 'Africa/Johannesburg'],
    ['country', 'ZA'],
    ['backend_url', 'https://fn.example'],
    ['cool_down_days', '0'],
    // These runs test sending exactly once; the owner has said yes to bulk runs (approval has its own tests).
    ['approve_first_run', 'no'],
    ['approve_over', '100000'],
  ]);
  const people: CellValue[][] = [['id', 'first_name', 'last_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'birth_date', 'notes']];
  for (let n = 1; n <= customers; n++) people.push([idOf(n), `Name${n}`, 'Shopper', mailOf(n), 'yes', null, 'active', '1990-02-28', null]);
  tab('Customers', people);
  tab('Campaigns', [
    ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
    ['Birthday', 'birthday', 0, null, 'Happy birthday {{first_name}}', 'Hi {{first_name}}', 'yes', 9],
    ['Day after', 'birthday', 1, null, 'Still celebrating {{first_name}}?', 'Hi {{first_name}}', 'yes', 9],
  ]);
  await wb.save(file);
}
