import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { cellText } from '../../../shared/workbook';
import { cli } from './run-cli';

/** Outbox keys by status, read back from the saved file. */
async function keysWith(file: string, status: string): Promise<string[]> {
  const grid = (await openXlsxWorkbook(file)).read('Outbox');
  if (!grid) return [];
  const key = grid.header.indexOf('key');
  const at = grid.header.indexOf('status');
  return grid.rows.filter((r) => cellText(r[at] ?? null) === status).map((r) => cellText(r[key] ?? null)).sort();
}

const emls = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));

describe('regulars greetings run --approve', { timeout: 120_000 }, () => {
  it('without --approve lists what waits under "needsApproval" and sends none of it; with it, exactly that set goes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-approve-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 300, seed: 7, today: '2026-11-23' });
    const args = ['greetings', 'run', '--workbook', file, '--date', '2026-11-23', '--transport', 'file:mail'];

    const waiting = await cli([...args, '--json'], dir);
    expect(waiting.code).toBe(0);
    const report = JSON.parse(waiting.stdout) as { sent: number; needsApproval: { total: number; campaigns: { campaign: string; count: number }[]; sample: { key: string }[] } };
    expect(report.sent).toBe(0);
    expect(await emls(path.join(dir, 'mail'))).toHaveLength(0);
    const waitingKeys = await keysWith(file, 'needs_approval');
    expect(waitingKeys.length).toBeGreaterThan(0);
    expect(report.needsApproval.total).toBe(waitingKeys.length);
    expect(report.needsApproval.campaigns.reduce((n, c) => n + c.count, 0)).toBe(waitingKeys.length);
    for (const m of report.needsApproval.sample) expect(waitingKeys).toContain(m.key);

    // The text report says what waits and how to let it go.
    const text = await cli(args, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`waiting for approval: ${waitingKeys.length} \\(`));
    expect(text.stdout).toContain('--approve');
    expect(await emls(path.join(dir, 'mail'))).toHaveLength(0);

    const approved = await cli([...args, '--approve', '--json'], dir);
    expect(approved.code).toBe(0);
    const after = JSON.parse(approved.stdout) as { sent: number; needsApproval: { total: number } };
    expect(after).toMatchObject({ sent: waitingKeys.length, needsApproval: { total: 0 } });
    expect(await keysWith(file, 'sent')).toEqual(waitingKeys);
    expect(await emls(path.join(dir, 'mail'))).toHaveLength(waitingKeys.length);

    const again = await cli([...args, '--approve', '--json'], dir);
    expect((JSON.parse(again.stdout) as { sent: number }).sent).toBe(0);
  });

  it('without Settings public_url or backend_url it sends nothing and says which setting to fill in', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greet-nolink-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 60, seed: 3, today: '2026-11-23', publicUrl: '' });
    const run = await cli(['greetings', 'run', '--workbook', file, '--date', '2026-11-23', '--transport', 'file:mail', '--approve'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('public_url');
    expect(await emls(path.join(dir, 'mail'))).toHaveLength(0);
  });
});

describe('regulars demo', () => {
  it("writes the workbench's address, port included, into Settings public_url", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'demo-url-'));
    const settings = async (file: string): Promise<Map<string, string>> => {
      const grid = (await openXlsxWorkbook(file)).read('Settings')!;
      return new Map(grid.rows.map((r) => [cellText(r[0] ?? null), cellText(r[1] ?? null)]));
    };
    expect(await cli(['demo', '--out', 'a.xlsx', '--customers', '10'], dir, { env: { PORT: '9099', REGULARS_TODAY: '2026-11-23' } })).toMatchObject({ code: 0 });
    expect((await settings(path.join(dir, 'a.xlsx'))).get('public_url')).toBe('http://localhost:9099');
    expect(await cli(['demo', '--out', 'b.xlsx', '--customers', '10'], dir, { env: { REGULARS_TODAY: '2026-11-23' } })).toMatchObject({ code: 0 });
    expect((await settings(path.join(dir, 'b.xlsx'))).get('public_url')).toBe('http://localhost:8080');
  });
});
