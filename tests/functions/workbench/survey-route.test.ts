import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { fileSecretStore, localSecretsFile } from '../../../functions/secrets/file-secret-store';
import { unsubscribeSigner } from '../../../functions/secrets/secret-store';
import { openOrCreateWorkbook, startWorkbenchServer, type RunningWorkbench } from '../../../functions/workbench';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { signSurveyToken } from '../../../shared/greetings';

let server: RunningWorkbench;
let file: string;
let customerId: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-survey-'));
  file = path.join(dir, 'shop.xlsx');
  const demo = await createDemoWorkbook(file, { customers: 20, seed: 3, today: '2026-11-23' });
  customerId = demo.customers[4]!.id;
  const addonDir = path.join(dir, 'addon');
  await mkdir(addonDir);
  const { wb } = await openOrCreateWorkbook(file, '2026-11-23');
  server = await startWorkbenchServer({ wb, workbookPath: file, addonDir, port: 0, user: 'test@example.test' });
});

afterAll(() => server?.close());

const at = (route: string): string => new URL(route, server.url).href;

async function answers(): Promise<{ score: unknown; notes: unknown }[]> {
  const grid = (await openXlsxWorkbook(file)).read('Interactions')!;
  const col = (name: string): number => grid.header.indexOf(name);
  return grid.rows.filter((r) => r[col('subject')] === 'Workbench survey (2026-11-20)').map((r) => ({ score: r[col('score')], notes: r[col('notes')] }));
}

describe("the workbench's /survey route", () => {
  it('GET shows the score and records nothing; the page-style POST (Origin null) records one answer; a second replaces it', async () => {
    const signer = await unsubscribeSigner(fileSecretStore(localSecretsFile(file)));
    // Issued today (the workbench's clock is the real one), so the link has not expired.
    const issued = new Date().toISOString().slice(0, 10);
    const token = (score: number): string => signSurveyToken({ campaign: 'Workbench survey', customerId, occasion: '2026-11-20', score, max: 10, issued }, signer);
    const form = (t: string, comment: string): Promise<Response> =>
      fetch(at(`/survey?token=${encodeURIComponent(t)}`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' }, body: new URLSearchParams({ token: t, comment }).toString() });

    const page = await fetch(at(`/survey?token=${encodeURIComponent(token(6))}`));
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<span class="score">6</span> out of 10');
    expect(await answers()).toEqual([]);

    expect((await form(token(6), 'Too slow')).status).toBe(200);
    expect(await answers()).toEqual([{ score: 6, notes: 'Too slow' }]);
    expect((await form(token(9), 'Sorted now')).status).toBe(200);
    expect(await answers()).toEqual([{ score: 9, notes: 'Sorted now' }]);

    // Another site's page cannot post an answer; a changed token is refused.
    const foreign = await fetch(at(`/survey?token=${encodeURIComponent(token(0))}`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' }, body: `token=${encodeURIComponent(token(0))}` });
    expect(foreign.status).toBe(403);
    const forged = await form(`${token(0).slice(0, -2)}xx`, '');
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toMatch(/Error|at .*\.ts/);
    expect(await answers()).toEqual([{ score: 9, notes: 'Sorted now' }]);
  });
});
