// Issue 9, item 2 in the workbench: customers pasted into the sheet without ids are given new, unique ids by
// the first call that reads them (the page's Start here panel, as it loads), whose answer says so; the card
// then finds them, and their card opens and saves.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { customersTab, parseSettings, readTable } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

describe('customers pasted without ids (Chromium)', { timeout: 180_000 }, () => {
  let dir = '';
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let card: Frame;
  const notes: string[] = [];
  let idsBefore: string[] = [];
  let lastIssued = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-pasted-'));
    const file = path.join(dir, 'pasted.xlsx');
    await createDemoWorkbook(file, { seed: 3, customers: 300, today: E2E_TODAY });
    const wb = await openXlsxWorkbook(file);
    const header = wb.read(customersTab.name)!.header;
    const row = (values: Record<string, string>) => header.map((h) => values[h] ?? null);
    // Two rows typed in under the list, as a person pastes them: names, e-mail, phone, no id.
    wb.append(customersTab.name, [
      row({ first_name: 'Naledi', last_name: 'Pasteur', email: 'naledi.pasteur@example.com', phone: '072 555 0101' }),
      row({ company: 'Pasted Pedals CC', email: 'hello@pastedpedals.example' }),
    ]);
    await wb.save();
    idsBefore = readTable(wb, customersTab, 'dmy')!.rows.map((r) => r.record.id).filter((id) => id !== '');
    lastIssued = Number(parseSettings(wb.read('Settings')).extra['last_id.c'] ?? 0);
    workbench = await startWorkbench({ workbook: file });
    browser = await openBrowser();
    const page = await browser.newPage();
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/')) void res.json().then((body: { value?: { notes?: string[] } }) => notes.push(...(body.value?.notes ?? [])), () => undefined);
    });
    await page.goto(workbench.url);
    await page.waitForSelector('body[data-ready="true"]');
    card = await openSidebar(page, 'customer-card');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives them new ids on the first call that reads Customers, says so once, and their card opens and saves', async () => {
    const highest = Math.max(lastIssued, ...idsBefore.map((id) => Number(id.slice(2))));
    const given = [1, 2].map((n) => `C-${String(highest + n).padStart(6, '0')}`);
    await expect.poll(() => notes).toEqual([`Gave new ids to 2 rows typed by hand in Customers (rows 302, 303): ${given.join(', ')}.`]);
    await card.fill('#q', 'Pasteur');
    await expect.poll(() => card.textContent('#status')).toBe('1 found.');

    await card.locator(`#results button[data-id="${given[0]}"]`).click();
    await expect.poll(() => card.locator('h2').textContent()).toContain(`${given[0]} · row 302`);
    expect(await card.inputValue('#f-phone')).toBe('072 555 0101');
    await card.fill('#f-city', 'Soweto');
    await card.click('#save');
    await expect.poll(() => card.textContent('#status')).toBe('Saved.');

    await workbench.bridge.idle();
    const after = readTable(await openXlsxWorkbook(workbench.workbookPath), customersTab, 'dmy')!.rows.map((r) => r.record);
    const ids = after.map((r) => r.id);
    expect(ids.every((id) => id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(after.find((r) => r.id === given[0])).toMatchObject({ last_name: 'Pasteur', city: 'Soweto' });
    expect(after.find((r) => r.id === given[1])).toMatchObject({ company: 'Pasted Pedals CC' });
  });
});
