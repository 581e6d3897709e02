// The Dashboard sidebar's "Score customers" in the workbench (headless Chromium, 1366 × 768) when Settings say the
// purchase log is in BigQuery: the workbench has no functions to ask, so the sidebar says why nothing was scored
// and what to do, and the .xlsx file's Customers tab keeps its scores (nothing rewritten from the Purchases tab).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { writeSettings } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const NOW = `${E2E_TODAY}T12:00:00Z`;
/** Where the screenshot goes: a temp folder, so a test run never changes the repository. */
const SHOTS = process.env.REGULARS_SHOTS ?? path.join(os.tmpdir(), 'regulars-dashboard-shots');

describe('Dashboard: Score customers with Settings warehouse = bigquery (workbench)', () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-dashboard-bigquery-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 200, seed: 5, today: E2E_TODAY });
    const wb = await openXlsxWorkbook(file);
    writeSettings(wb, { warehouse: 'bigquery', bigquery_project: 'shop-analytics-42', bigquery_dataset: 'regulars', bigquery_purchases_table: 'purchases' });
    await wb.save(file);
    workbench = await startWorkbench({ workbook: file, now: NOW });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says the workbench cannot reach the clv function, names the setting, and writes nothing', async () => {
    const before = (await openXlsxWorkbook(workbench.workbookPath)).read('Customers')!;
    const frame = await openSidebar(page, 'dashboard');
    await frame.waitForSelector('svg[data-chart="revenue"]', { timeout: 60_000 });
    const scored = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/scoreCustomers');
    await frame.click('#score');
    await scored;
    await workbench.bridge.idle();
    const status = frame.locator('#status');
    await expect.poll(() => status.getAttribute('class')).toContain('error');
    const text = (await status.textContent()) ?? '';
    expect(text).toMatch(/^Settings warehouse is bigquery: the purchase log is the BigQuery table shop-analytics-42\.regulars\.purchases/);
    expect(text).toContain('REGULARS_FUNCTIONS_URL');
    expect(text).toContain('regulars clv score --engine bigquery --project shop-analytics-42 --dataset regulars --table purchases');
    expect(text).toContain('Nothing was written.');
    // The file's Customers tab is cell for cell what it was.
    expect((await openXlsxWorkbook(workbench.workbookPath)).read('Customers')).toEqual(before);
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-score-bigquery-1366.png') });
  }, 120_000);
});
