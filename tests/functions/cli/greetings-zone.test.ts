import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../functions/cli/command';
import { main } from '../../../functions/cli/main';

/** A workbook typed in Excel: one customer born on 14 March, a birthday campaign, and `time_zone` as given (absent when undefined). */
async function shop(dir: string, zone: string | undefined): Promise<string> {
  const file = path.join(dir, 'shop.xlsx');
  const book = new ExcelJS.Workbook();
  const tabs: Record<string, (string | number | null)[][]> = {
    Settings: [['key', 'value'], ['business_name', 'Fynbos Cycles'], ['sender_email', 'hello@fynbos.example'], ['public_url', 'http://localhost:8080'], ['approve_first_run', 'no'], ...(zone === undefined ? [] : [['time_zone', zone]])],
    Customers: [['id', 'first_name', 'email', 'email_consent', 'status', 'birth_date'], ['C-000001', 'Ayanda', 'ayanda@example.com', 'yes', 'active', '1991-03-14']],
    Campaigns: [['name', 'trigger', 'offset_days', 'subject', 'body', 'active', 'send_hour'], ['Birthday', 'birthday', 0, 'Happy birthday', 'Hi {{first_name}}', 'yes', 9]],
  };
  for (const [name, rows] of Object.entries(tabs)) book.addWorksheet(name).addRows(rows);
  await book.xlsx.writeFile(file);
  return file;
}

async function run(zone: string | undefined): Promise<{ code: number; stderr: string; report: { timeZone?: string; notes?: string[]; sent: number } }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'greet-zone-'));
  const file = await shop(dir, zone);
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd: dir, env: {} };
  const code = await main(['greetings', 'run', '--workbook', file, '--date', '2027-03-14', '--json'], io);
  return { code, stderr, report: JSON.parse(stdout) as { timeZone?: string; notes?: string[]; sent: number } };
}

describe('regulars greetings run: the CLI knows no spreadsheet zone', () => {
  it('a blank time_zone runs in UTC and says so on stderr', async () => {
    const { code, stderr, report } = await run(undefined);
    expect(code).toBe(0);
    expect(report).toMatchObject({ timeZone: 'UTC', sent: 1 });
    expect(stderr).toContain('note: Settings time_zone is blank, so dates are in UTC: set it to your time zone');
  });

  it('a named zone runs there, with no note', async () => {
    const { code, stderr, report } = await run('Africa/Johannesburg');
    expect(code).toBe(0);
    expect(report).toMatchObject({ timeZone: 'Africa/Johannesburg', sent: 1 });
    expect(report.notes).toBeUndefined();
    expect(stderr).not.toContain('time_zone');
  });
});
