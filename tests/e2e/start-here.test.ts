// Issue 9, point 5: the workbench's first screen explains itself (headless Chromium at 1366×768) — the add-on's
// "Start here" sidebar, shown first, whose steps tick themselves off from the workbook (scoring ticks "Score
// customers"), sidebars under their human names, and every step linked to the sidebar that does it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { listSidebars } from '../../functions/workbench';
import { openBrowser, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

describe('Start here on the workbench (Chromium)', { timeout: 180_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let activeCampaigns: number;
  let start: Frame;

  beforeAll(async () => {
    workbench = await startWorkbench();
    const campaigns = (await openXlsxWorkbook(workbench.workbookPath)).read('Campaigns')!;
    const active = campaigns.header.indexOf('active');
    activeCampaigns = campaigns.rows.filter((r) => r[active] === true).length;
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
    start = await startFrame();
  }, 120_000);

  /** The Start here sidebar's frame once it has drawn its list. */
  async function startFrame(): Promise<Frame> {
    const shown = page.locator('#sidebar[src="/sidebar/start-here"]');
    await shown.waitFor();
    const frame = (await (await shown.elementHandle()).contentFrame())!;
    await frame.waitForSelector('body[data-ready="true"]');
    return frame;
  }

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  const step = (key: string) => start.locator(`li[data-step="${key}"]`);

  it('opens on the Start here list, with what the demo workbook has done already ticked', async () => {
    expect(await page.locator('#sidebars button').first().getAttribute('data-sidebar')).toBe('start-here');
    expect(await page.locator('#sidebars button[data-sidebar="start-here"]').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => start.locator('li').count()).toBe(4);
    expect(await start.locator('li strong').allTextContents()).toEqual(['Import your customers', 'Find duplicates', 'Score customers', 'Set up messages']);
    // The demo has campaigns switched on, no import, no merge and no scores yet.
    expect(activeCampaigns).toBeGreaterThan(0);
    expect(await step('messages').getAttribute('data-done')).toBe('true');
    expect(await step('messages').locator('p').textContent()).toBe(`${activeCampaigns} campaigns active.`);
    for (const key of ['import', 'duplicates', 'score']) expect(await step(key).getAttribute('data-done'), key).toBe('false');
    expect(await start.textContent('#progress')).toBe('1 of 4 done');
    await page.screenshot({ path: `${process.env.GRID_SHOTS ?? '/tmp'}/start-here-1366x768.png` });
  });

  it('names the sidebars for people, and links each step to where it is done', async () => {
    expect(await page.locator('#sidebars button[data-sidebar="customer-card"]').textContent()).toBe('Customer card');
    expect(await page.locator('#sidebars button[data-sidebar="duplicates"]').textContent()).toBe('Duplicates');
    const sidebars = await listSidebars(new URL('../../dist/addon', import.meta.url).pathname);
    if (sidebars.includes('import')) expect(await step('import').locator('button[data-open="import"]').count()).toBe(1);
    else expect(await step('import').locator('code').textContent()).toContain('regulars import');
    expect(await step('duplicates').locator('button[data-open="duplicates"]').textContent()).toBe('Go to Duplicates');
    // The link asks the page to open the Duplicates sidebar in its place.
    await step('duplicates').locator('button[data-open="duplicates"]').click();
    await page.locator('#sidebar[src="/sidebar/duplicates"]').waitFor();
    expect(await page.locator('#sidebars button[data-sidebar="duplicates"]').getAttribute('aria-selected')).toBe('true');
    await page.click('#sidebars button[data-sidebar="start-here"]');
    start = await startFrame();
  });

  it('ticks "Score customers" once the Dashboard sidebar has scored them', async () => {
    const opened = page.waitForEvent('framenavigated', { predicate: (f) => f.parentFrame() === page.mainFrame() && new URL(f.url()).pathname === '/sidebar/dashboard' });
    await step('score').locator('button[data-open="dashboard"]').click();
    const dashboard = await opened;
    await dashboard.waitForLoadState('load');
    expect(await page.locator('#sidebars button[data-sidebar="dashboard"]').getAttribute('aria-selected')).toBe('true');
    const scored = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/scoreCustomers');
    await dashboard.click('#score');
    await scored;
    await workbench.bridge.idle();
    // The file now holds scores; back on Start here the step is ticked with how many customers were scored.
    const customers = (await openXlsxWorkbook(workbench.workbookPath)).read('Customers')!;
    const pAlive = customers.header.indexOf('p_alive');
    const withScores = customers.rows.filter((r) => r[pAlive] !== null && r[pAlive] !== '').length;
    expect(withScores).toBeGreaterThan(0);
    await page.click('#sidebars button[data-sidebar="start-here"]');
    start = await startFrame();
    await expect.poll(() => step('score').getAttribute('data-done')).toBe('true');
    expect(await step('score').locator('p').textContent()).toMatch(/^\d+ customers scored\.$/);
    expect(Number((await step('score').locator('p').textContent())!.split(' ')[0])).toBeGreaterThanOrEqual(withScores);
    expect(await start.textContent('#progress')).toBe('2 of 4 done');
    expect(await step('score').locator('.tick').getAttribute('aria-label')).toBe('done');
  });
});
