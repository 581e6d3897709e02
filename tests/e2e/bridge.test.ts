// The workbench in a real browser: tables, row selection and the google.script.run bridge, sidebar-independent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { openBrowser, openSidebar, openWorkbenchPage, selectRow, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Calls google.script.run.<method>(input) inside the sidebar, as a sidebar would, and reports which handler ran. */
function run(frame: Frame, method: string, input: unknown): Promise<Outcome> {
  return frame.evaluate(
    ([m, arg]) =>
      new Promise<Outcome>((resolve) => {
        const g = (window as unknown as { google: { script: { run: Record<string, (...a: unknown[]) => unknown> } } }).google;
        const runner = (g.script.run.withSuccessHandler as (h: (v: unknown) => void) => typeof g.script.run)((value) => resolve({ ok: true, value }));
        const both = (runner.withFailureHandler as (h: (e: Error) => void) => typeof g.script.run)((e) => resolve({ ok: false, error: e.message }));
        (both[m] as (x: unknown) => void)(arg);
      }),
    [method, input] as const,
  );
}

describe('workbench in Chromium', { timeout: 120_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let sidebar: Frame;

  beforeAll(async () => {
    workbench = await startWorkbench();
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    sidebar = await openSidebar(page, 'customer-card');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  it('pages the 2,400 demo customers 100 rows at a time', async () => {
    await page.click('#tabs button[data-tab="Customers"]');
    await expect.poll(() => page.textContent('#range')).toBe('1–100 of 2400');
    expect(await page.locator('#grid tbody tr').count()).toBe(100);
    await page.click('#next');
    await expect.poll(() => page.textContent('#range')).toBe('101–200 of 2400');
    expect(await page.locator('#grid tbody tr').first().getAttribute('data-row')).toBe('102');
  });

  it('answers google.script.run with the server API over the workbook', async () => {
    const wb = await openXlsxWorkbook(workbench.workbookPath);
    const grid = wb.read('Customers')!;
    const id = grid.header.indexOf('id');
    const email = grid.header.indexOf('email');
    const row = grid.rows.find((r) => typeof r[email] === 'string' && r[email] !== '')!;
    const found = await run(sidebar, 'searchCustomers', { query: row[email] });
    expect(found.ok).toBe(true);
    const hits = (found as { value: { ok: boolean; value: { id: string }[] } }).value;
    expect(hits.ok).toBe(true);
    expect(hits.value.map((h) => h.id)).toContain(row[id]);
  });

  it('sends what is not a ServerApi method to the failure handler', async () => {
    const outcome = await run(sidebar, 'setUpWorkbook', {});
    expect(outcome).toEqual({ ok: false, error: 'setUpWorkbook is not a server function' });
  });

  it('makes a clicked Customers row the selection getSelectedCustomer opens', async () => {
    const wb = await openXlsxWorkbook(workbench.workbookPath);
    const grid = wb.read('Customers')!;
    const target = grid.rows[349]!; // sheet row 351, on the fourth page
    const id = String(target[grid.header.indexOf('id')]);
    const row = await selectRow(page, 'Customers', id);
    expect(row).toBe(351);
    const outcome = await run(sidebar, 'getSelectedCustomer', {});
    expect(outcome).toMatchObject({ ok: true, value: { ok: true, value: { id, row: 351 } } });
  });

  it('passes the user object to the handler, and google.script.host.close hides the sidebar', async () => {
    const echoed = await sidebar.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const g = (window as unknown as { google: { script: { run: Record<string, (...a: unknown[]) => Record<string, (...a: unknown[]) => unknown>> } } }).google;
          const runner = g.script.run.withUserObject!('mine');
          const withHandler = runner.withSuccessHandler!((_value: unknown, user: unknown) => resolve(user)) as Record<string, (x: unknown) => void>;
          withHandler.searchCustomers!({ query: 'zz' });
        }),
    );
    expect(echoed).toBe('mine');
    await sidebar.evaluate(() => (window as unknown as { google: { script: { host: { close(): void } } } }).google.script.host.close());
    await expect.poll(() => page.locator('#sidebar').isHidden()).toBe(true);
  });
});
