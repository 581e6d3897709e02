import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { fileSecretStore, localSecretsFile } from '../../../functions/secrets/file-secret-store';
import { unsubscribeSigner } from '../../../functions/secrets/secret-store';
import { openOrCreateWorkbook, startWorkbenchServer, type RunningWorkbench } from '../../../functions/workbench';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { signConfirmToken } from '../../../shared/greetings';

let server: RunningWorkbench;
let file: string;
let customerId: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-confirm-'));
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

async function record(): Promise<Record<string, unknown>> {
  const grid = (await openXlsxWorkbook(file)).read('Customers')!;
  const row = grid.rows.find((r) => r[grid.header.indexOf('id')] === customerId)!;
  return Object.fromEntries(['email', 'phone', 'last_verified_at'].map((h) => [h, row[grid.header.indexOf(h)]]));
}

describe("the workbench's /confirm route", () => {
  it('GET shows the form and saves nothing; the page-style POST (Origin null) saves; another origin and a forged token are refused', async () => {
    const signer = await unsubscribeSigner(fileSecretStore(localSecretsFile(file)));
    const issued = new Date().toISOString().slice(0, 10);
    const token = signConfirmToken({ customerId, messageKey: `Confirm|${customerId}|verified:never`, issued }, signer);
    const before = await record();
    const page = await fetch(at(`/confirm?token=${encodeURIComponent(token)}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<input id="phone" name="phone" type="tel"');
    expect(await record()).toEqual(before);

    const form = (t: string, origin: string): Promise<Response> =>
      fetch(at(`/confirm?token=${encodeURIComponent(t)}`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: new URLSearchParams({ token: t, email: 'fresh@example.com', phone: '+27 82 555 1234', birth_date: '' }).toString() });
    expect((await form(token, 'http://evil.example')).status).toBe(403);
    const forged = await form(`${token.slice(0, -2)}xx`, 'null');
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toMatch(/Error|at .*\.ts/);
    expect(await record()).toEqual(before);

    expect((await form(token, 'null')).status).toBe(200);
    expect(await record()).toMatchObject({ email: 'fresh@example.com', phone: '+27825551234' });
    expect(String((await record()).last_verified_at)).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });
});
