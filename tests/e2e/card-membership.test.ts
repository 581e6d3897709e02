// Issue 13, item 1 on the card in the workbench: the discount that applies now, the gap to the next tier, and
// Join, which issues the next membership number (Luhn-checked, after the Settings counter) to a customer without one.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { isValidMembershipNumber } from '../../shared/loyalty';
import { customersTab, parseSettings, readTable, type Customer } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

describe('membership on the card (Chromium)', { timeout: 180_000 }, () => {
  let dir = '';
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let card: Frame;
  let chosen: Customer;
  let counter = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-membership-'));
    const file = path.join(dir, 'members.xlsx');
    await createDemoWorkbook(file, { seed: 3, customers: 300, today: E2E_TODAY });
    const wb = await openXlsxWorkbook(file);
    const table = readTable(wb, customersTab, 'dmy')!;
    const emails = new Map<string, number>();
    for (const r of table.rows) emails.set(r.record.email, (emails.get(r.record.email) ?? 0) + 1);
    // A Silver customer with a number and an e-mail no one else has; their number is cleared, as if never issued.
    const row = table.rows.find((r) => r.record.membership_tier === 'Silver' && r.record.email !== '' && emails.get(r.record.email) === 1 && r.record.contact_type === 'customer')!;
    chosen = row.record;
    wb.write(customersTab.name, [{ row: row.row, col: table.map.indexOf.get('membership_no')! + 1, value: null }]);
    await wb.save();
    counter = Number(parseSettings(wb.read('Settings')).extra['last_id.membership']);
    workbench = await startWorkbench({ workbook: file });
    browser = await openBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(workbench.url);
    await page.waitForSelector('body[data-ready="true"]');
    card = await openSidebar(page, 'customer-card');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the discount now and the next tier, and Join issues the next number', async () => {
    await card.fill('#q', chosen.email);
    await card.locator(`#results button[data-id="${chosen.id}"]`).click();
    await expect.poll(() => card.locator('h2').textContent()).toContain(chosen.id);
    const insight = card.locator('#insight');
    await expect.poll(() => insight.textContent()).toContain('Discount now5 % (Silver)');
    expect(await insight.textContent()).toContain('To Gold');
    await card.click('#join-membership');
    const expected = `FC-${String(counter + 1).padStart(7, '0')}`;
    await expect.poll(() => card.textContent('#status')).toContain(`Joined: membership no. ${expected}`);
    await page.screenshot({ path: `${process.env.CARD_SHOTS ?? '/tmp'}/card-membership-1366x768.png` });
    expect(await card.locator('#join-membership').count()).toBe(0);

    await workbench.bridge.idle();
    const after = await openXlsxWorkbook(workbench.workbookPath);
    const no = readTable(after, customersTab, 'dmy')!.rows.find((r) => r.record.id === chosen.id)!.record.membership_no;
    expect(no.startsWith(expected)).toBe(true);
    expect(isValidMembershipNumber(no)).toBe(true);
    expect(Number(parseSettings(after.read('Settings')).extra['last_id.membership'])).toBe(counter + 1);
  });
});
