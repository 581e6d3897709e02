// Issue 2, point 9: the workbench in headless Chromium — find a customer in the customer card, edit a contract
// field and a Profile field of their category, save, and find the change in the .xlsx file; a bad e-mail is
// shown beside the field and nothing is written.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import type { CellValue, Grid } from '../../shared/workbook';
import { openBrowser, openSidebar, openWorkbenchPage, selectRow, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** The Customers tab of the file as it is on disk now, as records by header name. */
async function customersOnDisk(file: string): Promise<Record<string, CellValue>[]> {
  const grid: Grid = (await openXlsxWorkbook(file)).read('Customers')!;
  return grid.rows.map((cells) => Object.fromEntries(grid.header.map((h, i) => [h, cells[i] ?? null])));
}

async function fileHash(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

describe('customer card in the workbench (Chromium)', { timeout: 120_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let card: Frame;
  let customer: Record<string, CellValue>;

  beforeAll(async () => {
    workbench = await startWorkbench();
    const rows = await customersOnDisk(workbench.workbookPath);
    // A corporate customer, so the card must show the corporate Profile fields (fleet_size) and not the individual ones.
    customer = rows.find((r) => r.category === 'corporate' && r.status === 'active' && typeof r.email === 'string' && r.email !== '' && r.city !== 'Stellenbosch')!;
    expect(customer).toBeDefined();
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    card = await openSidebar(page, 'customer-card');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  it('finds the customer by e-mail and opens the card with the Profile fields of their category', async () => {
    await card.fill('#q', String(customer.email));
    const hit = card.locator(`#results button[data-id="${String(customer.id)}"]`);
    await hit.click();
    await expect.poll(() => card.inputValue('#f-email')).toBe(customer.email);
    expect(await card.inputValue('#f-city')).toBe(customer.city);
    expect(await card.locator('h2').textContent()).toContain(String(customer.id));
    expect(await card.locator('[data-profile="fleet_size"]').count()).toBe(1);
    expect(await card.locator('[data-profile="vat_number"]').count()).toBe(1);
    expect(await card.locator('[data-profile="riding_style"]').count()).toBe(0);
    expect(await card.locator('#profile label', { hasText: 'vat_number *' }).count()).toBe(1);
  });

  it('shows a bad e-mail beside the field and writes nothing', async () => {
    const before = await fileHash(workbench.workbookPath);
    const version = workbench.bridge.version();
    await card.fill('#f-email', 'not an e-mail');
    await card.click('#save');
    const issue = card.locator('[data-place="field:email"] .issue');
    await expect.poll(() => issue.textContent()).toBe('Enter a valid e-mail address.');
    expect(await issue.isVisible()).toBe(true);
    expect(await card.textContent('#status')).toBe('Not saved: 1 field needs attention.');
    await workbench.bridge.idle();
    expect(workbench.bridge.version()).toBe(version);
    expect(await fileHash(workbench.workbookPath)).toBe(before);
  });

  it('saves a contract field and a Profile field in one call, and the file has both', async () => {
    await page.click('#tabs button[data-tab="Customers"]');
    await page.fill('#filter', String(customer.id));
    // The row whose id cell is the customer's: the id also stands inside membership numbers (FC-0000012-3 holds C-000001).
    const tableRow = page.locator('#grid tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${String(customer.id)}$`) }) });
    await expect.poll(() => tableRow.count()).toBe(1);

    const calls: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/')) calls.push(new URL(req.url()).pathname);
    });
    await card.fill('#f-email', String(customer.email)); // undo the bad e-mail of the previous test
    await card.fill('#f-city', 'Stellenbosch');
    await card.fill('[data-profile="fleet_size"]', '17');
    await card.fill('[data-profile="vat_number"]', '4123456789');
    await card.click('#save');
    await expect.poll(() => card.textContent('#status')).toBe('Saved.');
    expect(calls).toEqual(['/api/saveCustomer']);
    expect(await card.locator('[data-place="field:email"] .issue').isVisible()).toBe(false);

    // The workbench's table shows the saved row without a reload.
    await expect.poll(() => tableRow.textContent()).toContain('Stellenbosch');

    await workbench.bridge.idle();
    const saved = (await customersOnDisk(workbench.workbookPath)).find((r) => r.id === customer.id)!;
    expect(saved.city).toBe('Stellenbosch');
    expect(saved.fleet_size).toBe(17);
    expect(saved.vat_number).toBe('4123456789');
    expect(saved.email).toBe(customer.email);
    expect(saved.first_name).toBe(customer.first_name);
    expect(saved.updated_at).not.toBe(customer.updated_at);
  });

  it('shows markup typed into a name as text, in the card and in the table', async () => {
    const markup = '<img src=x onerror="window.__pwned=1">Eve';
    await card.fill('#f-first_name', markup);
    await card.click('#save');
    await expect.poll(() => card.textContent('#status')).toBe('Saved.');
    expect(await card.locator('h2').textContent()).toContain(markup);
    expect(await card.locator('img').count()).toBe(0);
    expect(await card.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect.poll(() => page.locator('#grid tbody tr', { hasText: markup }).count()).toBe(1);
    expect(await page.locator('#grid img').count()).toBe(0);
    await workbench.bridge.idle();
    const saved = (await customersOnDisk(workbench.workbookPath)).find((r) => r.id === customer.id)!;
    expect(saved.first_name).toBe(markup);
  });

  it('opens the customer on the row selected in the table', async () => {
    const rows = await customersOnDisk(workbench.workbookPath);
    const other = rows.find((r) => r.category === 'individual' && r.status === 'active')!;
    const row = await selectRow(page, 'Customers', String(other.id));
    expect(row).toBe(rows.indexOf(other) + 2);
    await card.click('#selected');
    await expect.poll(() => card.locator('h2').textContent()).toContain(`${String(other.id)} · row ${row}`);
    expect(await card.locator('[data-profile="riding_style"]').count()).toBe(1);
    expect(await card.locator('[data-profile="fleet_size"]').count()).toBe(0);
  });
});
