// Issue 9, point 5: the workbench's first screen explains itself (headless Chromium at 1366×768) — a "Start
// here" list whose steps tick themselves off from the workbook (scoring ticks "Score customers"), sidebars
// under their human names, and every step linked to the place that does it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { listSidebars } from '../../functions/workbench';
import { openBrowser, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

describe('Start here on the workbench (Chromium)', { timeout: 180_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let activeCampaigns: number;

  beforeAll(async () => {
    workbench = await startWorkbench();
    const campaigns = (await openXlsxWorkbook(workbench.workbookPath)).read('Campaigns')!;
    const active = campaigns.header.indexOf('active');
    activeCampaigns = campaigns.rows.filter((r) => r[active] === true).length;
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  const step = (key: string) => page.locator(`#start li[data-step="${key}"]`);

  it('opens on the Start here list, with what the demo workbook has done already ticked', async () => {
    expect(await page.locator('#start').isVisible()).toBe(true);
    expect(await page.locator('#sidebar').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#start li').count()).toBe(4);
    expect(await page.locator('#start li strong').allTextContents()).toEqual(['Import your customers', 'Find duplicates', 'Score customers', 'Set up messages']);
    // The demo has campaigns switched on, no import, no merge and no scores yet.
    expect(activeCampaigns).toBeGreaterThan(0);
    expect(await step('messages').getAttribute('data-done')).toBe('true');
    expect(await step('messages').locator('p').textContent()).toBe(`${activeCampaigns} campaigns active.`);
    for (const key of ['import', 'duplicates', 'score']) expect(await step(key).getAttribute('data-done'), key).toBe('false');
    expect(await page.textContent('#start-progress')).toBe('1 of 4 done');
    await page.screenshot({ path: `${process.env.GRID_SHOTS ?? '/tmp'}/start-here-1366x768.png` });
  });

  it('names the sidebars for people, and links each step to where it is done', async () => {
    expect(await page.locator('#sidebars button[data-sidebar="customer-card"]').textContent()).toBe('Customer card');
    expect(await page.locator('#sidebars button[data-sidebar="duplicates"]').textContent()).toBe('Duplicates');
    const sidebars = await listSidebars(new URL('../../dist/addon', import.meta.url).pathname);
    if (sidebars.includes('import')) expect(await step('import').locator('button[data-open="import"]').count()).toBe(1);
    else expect(await step('import').locator('code').textContent()).toContain('regulars import');
    expect(await step('duplicates').locator('button[data-open="duplicates"]').textContent()).toBe('Go to Duplicates');
  });

  it('ticks "Score customers" once the Dashboard sidebar has scored them', async () => {
    const opened = page.waitForEvent('framenavigated', { predicate: (f) => f.parentFrame() === page.mainFrame() && new URL(f.url()).pathname === '/sidebar/dashboard' });
    await step('score').locator('button[data-open="dashboard"]').click();
    const dashboard = await opened;
    await dashboard.waitForLoadState('load');
    expect(await page.locator('#start').isHidden()).toBe(true);
    const scored = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/scoreCustomers');
    await dashboard.click('#score');
    await scored;
    await workbench.bridge.idle();
    // The file now holds scores; back on Start here the step is ticked with how many customers were scored.
    const customers = (await openXlsxWorkbook(workbench.workbookPath)).read('Customers')!;
    const pAlive = customers.header.indexOf('p_alive');
    const withScores = customers.rows.filter((r) => r[pAlive] !== null && r[pAlive] !== '').length;
    expect(withScores).toBeGreaterThan(0);
    await page.click('#sidebars button[data-panel="start-here"]');
    await expect.poll(() => step('score').getAttribute('data-done')).toBe('true');
    expect(await step('score').locator('p').textContent()).toMatch(/^\d+ customers scored\.$/);
    expect(Number((await step('score').locator('p').textContent())!.split(' ')[0])).toBeGreaterThanOrEqual(withScores);
    expect(await page.textContent('#start-progress')).toBe('2 of 4 done');
    expect(await step('score').locator('.tick').getAttribute('aria-label')).toBe('done');
  });
});
