// Issue 14: the Segments sidebar in the workbench (headless Chromium). A rule is built by clicks only (column,
// operator, a value from those that exist; a nested "any of" group), the rule text follows, the live count
// equals a plain-loop count of the Customers tab, a typing mistake is shown at its place, the segment is saved
// and found on the Segments tab of the .xlsx, and the report by region draws its table. The live count's time is
// printed (measured, not asserted). Screenshots go to SEGMENTS_SHOTS (default /tmp).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { cellText, readTable, segmentsTab, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const NOW = `${E2E_TODAY}T07:00:00Z`;
const SHOTS = process.env.SEGMENTS_SHOTS ?? '/tmp';

describe('Segments sidebar in the workbench (Chromium)', { timeout: 240_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  let dir = '';
  let customers: Grid;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-segments-e2e-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 600, seed: 7, today: E2E_TODAY });
    customers = (await openXlsxWorkbook(file)).read('Customers')!;
    workbench = await startWorkbench({ workbook: file, now: NOW });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
    frame = await openSidebar(page, 'segments');
    await frame.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Customers rows where every test holds, counted with a plain loop over the tab. */
  function countWhere(tests: Record<string, (value: string) => boolean>): number {
    let n = 0;
    for (const row of customers.rows) {
      if (Object.entries(tests).every(([column, test]) => test(cellText(row[customers.header.indexOf(column)] ?? null)))) n++;
    }
    return n;
  }

  async function countShown(expected: number): Promise<void> {
    await frame.waitForFunction((n) => document.getElementById('count')?.dataset.count === String(n), expected, { timeout: 20_000 });
  }

  it('builds a rule by clicks, shows the live count, and saves it to the Segments tab', async () => {
    // Condition 1: region is Gauteng (picked from the values the column holds).
    await frame.click('.group-head button:has-text("+ condition")');
    let row = frame.locator('.condition').nth(0);
    await row.locator('select[aria-label="Column"]').selectOption('region');
    await row.locator('select[aria-label="Operator"]').selectOption('=');
    const offered = await row.locator('datalist option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(offered).toContain('Gauteng');
    await row.locator('input[aria-label="Value"]').fill('Gauteng');
    // Condition 2: a group "any of": category is corporate, or contact type is one of customer.
    await frame.click('.group-head button:has-text("+ group")');
    const inner = frame.locator('.group .group');
    row = inner.locator('.condition').nth(0);
    await row.locator('select[aria-label="Column"]').selectOption('category');
    await row.locator('input[aria-label="Value"]').fill('corporate');
    row = inner.locator('.condition').nth(1);
    await row.locator('select[aria-label="Column"]').selectOption('contact_type');
    await row.locator('select[aria-label="Operator"]').selectOption('in');
    await row.locator('input[aria-label="Value"]').fill('customer, partner');

    const rule = 'region = "Gauteng" and (category = "corporate" or contact_type in ("customer", "partner"))';
    expect(await frame.inputValue('#rule')).toBe(rule);
    const expected = countWhere({ region: (v) => v.toLowerCase() === 'gauteng' });
    const both = customers.rows.filter((r) => {
      const get = (c: string): string => cellText(r[customers.header.indexOf(c)] ?? null).toLowerCase();
      return get('region') === 'gauteng' && (get('category') === 'corporate' || ['customer', 'partner'].includes(get('contact_type')));
    }).length;
    expect(both).toBeGreaterThan(0);
    expect(both).toBeLessThan(expected);
    await countShown(both);
    expect(await frame.locator('#sample li').count()).toBe(Math.min(8, both));
    console.log(`segments: live count of ${customers.rows.length} customers answered in ${await frame.getAttribute('body', 'data-preview-ms')} ms (workbench round trip)`);
    await page.screenshot({ path: `${SHOTS}/segments-1366x768.png` });

    await frame.fill('#name', 'Gauteng regulars');
    await frame.click('#save');
    await frame.waitForFunction(() => /Saved/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await workbench.bridge.idle();
    const wb = await openXlsxWorkbook(workbench.workbookPath);
    const saved = readTable(wb, segmentsTab)!.rows.map((r) => r.record).find((s) => s.name === 'Gauteng regulars');
    expect(saved).toMatchObject({ rule, members: both });
    expect(saved?.updated_at).toMatch(/^2026-11-23/);
  });

  it('typed text redraws the clicks, and a mistake is shown at its place', async () => {
    await frame.fill('#rule', 'region = "Gauteng" and churn_risk >');
    await frame.waitForSelector('#rule-error .at');
    expect(await frame.textContent('#rule-error')).toMatch(/at character 36: expected a value at the end of the rule/);
    await frame.fill('#rule', 'not (region = "Gauteng") and shoe_size = 3');
    await frame.waitForFunction(() => /no column "shoe_size"/.test(document.getElementById('rule-error')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await frame.fill('#rule', 'not (region = "Gauteng")');
    await countShown(countWhere({ region: (v) => v.toLowerCase() !== 'gauteng' }));
    expect(await frame.locator('.group.negated').count()).toBe(1);
    expect(await frame.inputValue('.group.negated .condition input[aria-label="Value"]')).toBe('Gauteng');
  });

  it('reports by region with a bar per group', async () => {
    await frame.selectOption('#by', 'region');
    await frame.click('#run-report');
    await frame.waitForSelector('#report tbody tr');
    const groups = await frame.$$eval('#report tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    expect(groups).toContain('Gauteng');
    expect(await frame.locator('#report .bar').count()).toBe(groups.length);
    await frame.locator('#report').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/segments-report-1366x768.png` });
  });
});
