// Issue 9: every bad date form typed into every date field of the customer card (the contract dates, a
// Profile date of the customer's category, and the dates of the quick actions) is refused beside the field,
// and the .xlsx is not touched: no call writes, the file's bytes stay the same.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { customersTab, readTable } from '../../shared/workbook';
import { openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** Impossible dates, dates in the wrong order for a day-first business (South Africa, the demo's Settings), and junk. */
const BAD_DATES = ['31/02/2026', '02/31/2026', '12/31/2025', '2026-13-01', '2026-02-30', '00/01/2026', '29/02/2027', '32/01/2026', '1/1/20266', 'abcd', '15/15/15', '--02-30'];
const MESSAGE = 'Enter a real date as DD/MM/YYYY.';

async function fileHash(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

describe('bad dates on the customer card (Chromium)', { timeout: 240_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let card: Frame;
  let hash = '';
  let version = 0;

  beforeAll(async () => {
    workbench = await startWorkbench();
    const customers = readTable(await openXlsxWorkbook(workbench.workbookPath), customersTab, 'dmy')!;
    // A corporate customer: their card has the corporate Profile date (contract_renewal) as well.
    const corporate = customers.rows.find((r) => r.record.category === 'corporate' && r.record.status === 'active' && r.record.email !== '')!.record;
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
    card = await openSidebar(page, 'customer-card');
    await card.fill('#q', corporate.email);
    await card.locator(`#results button[data-id="${corporate.id}"]`).click();
    await card.locator('h2', { hasText: corporate.id }).waitFor();
    await workbench.bridge.idle();
    hash = await fileHash(workbench.workbookPath);
    version = workbench.bridge.version();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  it('shows the business pattern as the placeholder of every date input, and no browser date input', async () => {
    expect(await card.locator('input[type="date"]').count()).toBe(0);
    for (const selector of ['#f-birth_date', '#f-customer_since', '[data-profile="contract_renewal"]']) {
      expect(await card.getAttribute(selector, 'placeholder'), selector).toBe('DD/MM/YYYY');
    }
  });

  it.each(BAD_DATES)('refuses %s in Birthday, Customer since and contract_renewal, beside each, saving nothing', async (typed) => {
    await card.fill('#f-birth_date', typed);
    await card.fill('#f-customer_since', typed);
    await card.fill('[data-profile="contract_renewal"]', typed);
    await card.fill('#f-city', `Somewhere ${typed}`); // a good change alongside must not be saved either
    await card.click('#save');
    // The click shows "Saving…" at once, so this waits for this save's answer, not the last one's.
    await expect.poll(() => card.textContent('#status')).toBe('Not saved: 3 fields need attention.');
    for (const place of ['field:birth_date', 'field:customer_since', 'profile:contract_renewal']) {
      const issue = card.locator(`[data-place="${place}"] .issue`);
      expect(await issue.textContent(), `${typed} in ${place}`).toBe(MESSAGE);
      expect(await issue.isVisible()).toBe(true);
    }
    expect(await card.locator('[data-place="field:city"] .issue').isVisible()).toBe(false);
    if (typed === BAD_DATES[0]) {
      await card.locator('#f-birth_date').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.CARD_SHOTS ?? '/tmp'}/card-bad-date-1366x768.png` });
    }
    await workbench.bridge.idle();
    expect(workbench.bridge.version()).toBe(version);
    expect(await fileHash(workbench.workbookPath)).toBe(hash);
  });

  it.each(BAD_DATES)('refuses %s in the date fields of logging a call and recording a purchase', async (typed) => {
    await card.click('button[data-kind="call"]');
    await card.fill('#qa-date', typed);
    await card.fill('#qa-follow_up_date', typed);
    await card.fill('#qa-subject', 'Called about the order');
    await card.click('.quick-save');
    for (const place of ['q:date', 'q:follow_up_date']) {
      const issue = card.locator(`[data-place="${place}"] .issue`);
      await expect.poll(() => issue.textContent()).toBe(MESSAGE);
    }
    await card.click('button[data-kind="purchase"]');
    await card.fill('#qa-date', typed);
    await card.fill('#qa-amount', '100');
    await card.click('.quick-save');
    await expect.poll(() => card.locator('[data-place="q:date"] .issue').textContent()).toBe(MESSAGE);
    await workbench.bridge.idle();
    expect(workbench.bridge.version()).toBe(version);
    expect(await fileHash(workbench.workbookPath)).toBe(hash);
  });

  it('takes a good date in the business order once the bad ones are gone', async () => {
    await card.click('#close');
    const first = readTable(await openXlsxWorkbook(workbench.workbookPath), customersTab, 'dmy')!.rows.find((r) => r.record.category === 'corporate' && r.record.status === 'active' && r.record.email !== '')!.record;
    await card.fill('#q', first.email);
    await card.locator(`#results button[data-id="${first.id}"]`).click();
    await expect.poll(() => card.locator('h2').textContent()).toContain(first.id);
    await card.fill('#f-birth_date', '03/04/1980');
    await card.click('#save');
    await expect.poll(() => card.textContent('#status')).toBe('Saved.');
    expect(await card.inputValue('#f-birth_date')).toBe('03/04/1980');
    await workbench.bridge.idle();
    const saved = readTable(await openXlsxWorkbook(workbench.workbookPath), customersTab, 'dmy')!.rows.find((r) => r.record.id === first.id)!.record;
    expect(saved.birth_date).toBe('1980-04-03');
    await page.screenshot({ path: `${process.env.CARD_SHOTS ?? '/tmp'}/card-dates-1366x768.png` });
  });
});
