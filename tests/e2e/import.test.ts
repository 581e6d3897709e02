// Issue 9: the Import sidebar in the workbench (headless Chromium). A Shopify customers export made here is picked,
// its mapping and validation report are shown (a bad row named by row and column), one mapping is changed, the
// import runs, the rows are in the .xlsx, and undo from the Import log puts the .xlsx back. Screenshots at
// 1366×768 and at a 300 px sidebar go to IMPORT_SHOTS (default /tmp).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { customersTab, importLogTab, readTable, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const NOW = `${E2E_TODAY}T08:15:00.000Z`;
const SHOTS = process.env.IMPORT_SHOTS ?? '/tmp';
const HEADER = 'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags';

/** Every tab of the .xlsx as grids. */
async function tabsOf(file: string): Promise<Record<string, Grid | undefined>> {
  const wb = await openXlsxWorkbook(file);
  return Object.fromEntries(wb.tabNames().map((t) => [t, wb.read(t)]));
}

describe('Import sidebar in the workbench (Chromium)', { timeout: 240_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  let dir = '';
  let csv = '';
  let before: Record<string, Grid | undefined> = {};
  let existingEmail = '';

  beforeAll(async () => {
    workbench = await startWorkbench({ seed: 5, customers: 300, now: NOW });
    before = await tabsOf(workbench.workbookPath);
    const customers = readTable(await openXlsxWorkbook(workbench.workbookPath), customersTab)!;
    // A customer with an e-mail and no company: the import fills the empty field.
    existingEmail = customers.rows.find((r) => r.record.email !== '' && r.record.company === '' && r.record.status === 'active')!.record.email;
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-import-e2e-'));
    csv = path.join(dir, 'customers_export.csv');
    // As Shopify writes it: CRLF, ids and phones with a leading apostrophe, tags quoted.
    await writeFile(
      csv,
      [
        HEADER,
        "'7204829134107,Naledi,Khumalo,naledi.k@example.co.za,yes,,14 Vilakazi St,,Soweto,GT,ZA,'1804,,'+27825550301,no,1520.00,4,,no,\"VIP, Wholesale\"",
        "'7204829134108,Ruan,van Wyk,ruan.vanwyk@example.co.za,no,Van Wyk Boerdery,Plaas 12,,Stellenbosch,WC,ZA,'7600,,'+27215550302,no,0.00,0,Phoned about a refund,no,",
        "'7204829134109,Pieter,du Toit,pieter@@example,no,,,,,,,,,'+27215550303,no,0.00,0,,no,",
        `'7204829134110,Known,Customer,${existingEmail},,Known Co,,,,,,,,,no,0.00,0,,no,`,
        "'7204829134111,Naledi,Khumalo,naledi.k@example.co.za,no,,,,,,,,,,no,0.00,0,second account,no,",
      ].join('\r\n') + '\r\n',
    );
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
    frame = await openSidebar(page, 'import');
    await frame.waitForSelector('#imports');
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the mapping with sample values and the report with the bad row by row and column, writing nothing', async () => {
    await frame.setInputFiles('#file', csv);
    await frame.waitForSelector('#preview:not([hidden])');
    expect(await frame.textContent('#summary')).toBe('5 rows in customers_export.csv (Shopify): 4 new customers, 1 to update, 0 rows skipped.');
    expect(await frame.inputValue('#map-email')).toBe('Email');
    expect(await frame.textContent('.map-row[data-field="email"] .samples')).toContain('naledi.k@example.co.za');
    expect(await frame.inputValue('#map-tags')).toBe('Tags');
    const report = await frame.$$eval('#report tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    // "pieter@@example" is on line 4 of the file.
    expect(report).toContainEqual(['4', 'Email', 'not a valid e-mail address; kept in notes']);
    expect(await frame.textContent('#dupes')).toContain('row 2 of customers_export.csv · row 6 of customers_export.csv');
    await page.screenshot({ path: `${SHOTS}/import-preview-1366x768.png` });
    await workbench.bridge.idle();
    expect(await tabsOf(workbench.workbookPath)).toEqual(before);
  });

  it('changes one mapping (Tags not imported) and the preview follows', async () => {
    await frame.selectOption('#map-tags', '');
    await expect.poll(async () => frame.textContent('#unmapped')).toContain('Tags');
    // The field moves to "Other fields", with no values.
    expect(await frame.$('#mapping .map-row[data-field="tags"]')).toBeNull();
    await frame.click('#more-fields summary');
    expect(await frame.textContent('#mapping-more .map-row[data-field="tags"] .samples')).toBe('');
    expect(await frame.inputValue('#map-tags')).toBe('');
  });

  it('imports, shows created/updated/skipped and the duplicates, and the rows are in the .xlsx', async () => {
    await frame.click('#import');
    await frame.waitForSelector('#result:not([hidden]) .counts');
    expect(await frame.textContent('#result .counts')).toBe('4 created, 1 updated, 0 skipped.');
    expect(await frame.textContent('#result')).toContain('Naledi Khumalo · Naledi Khumalo');
    await page.screenshot({ path: `${SHOTS}/import-result-1366x768.png` });
    await workbench.bridge.idle();
    const wb = await openXlsxWorkbook(workbench.workbookPath);
    const customers = readTable(wb, customersTab)!.rows.map((r) => r.record);
    const naledi = customers.filter((c) => c.email === 'naledi.k@example.co.za');
    expect(naledi).toHaveLength(2);
    expect(naledi[0]).toMatchObject({ first_name: 'Naledi', last_name: 'Khumalo', city: 'Soweto', phone: '+27825550301', email_consent: true, tags: '' });
    expect(customers.find((c) => c.last_name === 'du Toit')?.notes).toContain('pieter@@example');
    expect(customers.find((c) => c.email === existingEmail)?.company).toBe('Known Co');
    expect(await frame.textContent('#imports')).toContain('customers_export.csv');
  });

  it('opens Duplicates from the result', async () => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f.parentFrame() === page.mainFrame() && new URL(f.url()).pathname === '/sidebar/duplicates' });
    await frame.click('#open-duplicates');
    await navigated;
    frame = await openSidebar(page, 'import');
    await frame.waitForSelector('#imports li');
  });

  it('undoes the import from the Import log, after a confirmation, and the .xlsx is back as before', async () => {
    await frame.click('#imports button[data-undo]');
    await frame.click('#imports button[data-confirm-undo]');
    // 4 customers and their 4 Consent log rows removed (the known customer's row states no consent); 1 row put back.
    await expect.poll(async () => frame.textContent('#status')).toBe('Undone: 8 rows removed, 1 row put back as they were.');
    await frame.waitForSelector('#imports .undone');
    await page.screenshot({ path: `${SHOTS}/import-undone-1366x768.png` });
    await workbench.bridge.idle();
    const after = await tabsOf(workbench.workbookPath);
    // The Import log keeps the import (marked undone) and Settings keeps the id counters, so no id is issued twice.
    for (const tab of Object.keys(after)) if (tab !== importLogTab.name && tab !== 'Settings') expect(after[tab], tab).toEqual(before[tab]);
    const log = readTable(await openXlsxWorkbook(workbench.workbookPath), importLogTab)!.rows;
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((r) => r.record.undone_at !== '')).toBe(true);
  });

  it('counts a row that matches a customer with nothing new as already up to date, so the counts add up', async () => {
    const again = path.join(dir, 'again.csv');
    await writeFile(again, `Email\n${existingEmail}\nnew.person@example.com\n`);
    await frame.setInputFiles('#file', again);
    await expect.poll(async () => frame.textContent('#summary')).toBe('2 rows in again.csv (CSV): 1 new customers, 0 to update, 1 already up to date, 0 rows skipped.');
  });

  it('asks how a date column with dates that fit both orders is written, and reads it as answered', async () => {
    const list = path.join(dir, 'members.csv');
    await writeFile(list, 'Name,Email,Birthday\nAnn Lee,ann@example.com,03/04/1990\nBo Chan,bo@example.com,05/06/1985\n');
    await frame.setInputFiles('#file', list);
    await frame.waitForSelector('#date-question');
    expect(await frame.textContent('#date-question p')).toBe('The dates in "Birthday" (such as 03/04/1990) could be read day first or month first. How does this file write them?');
    // The demo's business is South African: day first until told otherwise.
    expect(await frame.textContent('#date-reading')).toBe('So 03/04/1990 is read as 3 April 1990.');
    await frame.selectOption('#date-order', 'mdy');
    await expect.poll(async () => frame.textContent('#date-reading')).toBe('So 03/04/1990 is read as 4 March 1990.');
    await page.screenshot({ path: `${SHOTS}/import-date-question-1366x768.png` });
  });

  it('fits a 300 px sidebar: nothing wider than the pane', async () => {
    const narrow = await browser.newPage();
    await narrow.setViewportSize({ width: 300, height: 700 });
    await narrow.goto(`${workbench.url}sidebar/import`);
    await narrow.setInputFiles('#file', csv);
    await narrow.waitForSelector('#preview:not([hidden])');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
    await narrow.screenshot({ path: `${SHOTS}/import-sidebar-300.png`, fullPage: true });
    await narrow.close();
  });
});
