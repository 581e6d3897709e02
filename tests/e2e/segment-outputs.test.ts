// Issue 14: the sheet outputs of segments in the workbench (headless Chromium, 1366×768). "Write members" in the
// Segments sidebar marks the members in the Customers `segments` column of the .xlsx (checked with a plain loop),
// "Write to sheet" fills the Reports tab over the chosen segment, and the Dashboard's segment picker redraws the
// dashboard over the members only (revenue per month checked against their Purchases rows). Screenshots go to
// SEGMENTS_SHOTS (default /tmp).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook, withWorkbookFile } from '../../functions/workbook/xlsx-workbook';
import { cellText, type CellValue, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const NOW = `${E2E_TODAY}T07:00:00Z`;
const SHOTS = process.env.SEGMENTS_SHOTS ?? '/tmp';

type Row = Record<string, CellValue>;
const rowsOf = (grid: Grid | undefined): Row[] => (grid?.rows ?? []).map((cells) => Object.fromEntries(grid!.header.map((h, i) => [h, cells[i] ?? null])));
const isGauteng = (c: Row): boolean => cellText(c.region ?? null).trim().toLowerCase() === 'gauteng';

describe('segment outputs in the workbench (Chromium)', { timeout: 240_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-segment-outputs-e2e-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 400, seed: 7, today: E2E_TODAY });
    await withWorkbookFile(file, (wb) => wb.append('Segments', [['S-000101', 'Gauteng', 'region = "Gauteng"', 'Customers in Gauteng', null, null]]));
    workbench = await startWorkbench({ workbook: file, now: NOW });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const status = (frame: Frame, pattern: RegExp): Promise<unknown> =>
    frame.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')?.textContent ?? ''), pattern.source, { timeout: 30_000 });

  it('Write members marks each member in the segments column; Write to sheet fills the Reports tab', async () => {
    const frame = await openSidebar(page, 'segments');
    await frame.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await frame.click('button[aria-label="Write the members of Gauteng"]');
    await status(frame, /"Gauteng": \d+ members; \d+ marked/);
    await workbench.bridge.idle();
    const customers = rowsOf((await openXlsxWorkbook(workbench.workbookPath)).read('Customers'));
    const members = customers.filter(isGauteng).length;
    expect(members).toBeGreaterThan(10);
    expect(await frame.textContent('#status')).toContain(`"Gauteng": ${members} members; ${members} marked and 0 unmarked`);
    for (const c of customers) expect(cellText(c.segments ?? null), cellText(c.id ?? null)).toBe(isGauteng(c) ? 'Gauteng' : '');
    await page.screenshot({ path: `${SHOTS}/segments-write-members-1366x768.png` });

    await frame.selectOption('#only', 'Gauteng');
    await frame.click('#write-report');
    await status(frame, /The Reports tab holds \d+ rows/);
    await workbench.bridge.idle();
    const reports = rowsOf((await openXlsxWorkbook(workbench.workbookPath)).read('Reports'));
    const counted = customers.filter((c) => isGauteng(c) && c.status === 'active' && ['', 'customer'].includes(cellText(c.contact_type ?? null).trim())).length;
    expect(reports.find((r) => r.dimension === 'region' && r.group === 'total')?.customers).toBe(counted);
    expect(new Set(reports.map((r) => r.only_segment))).toEqual(new Set(['Gauteng']));
    expect(await frame.textContent('#status')).toContain(`The Reports tab holds ${reports.length} rows`);
    // The tab as the owner sees it in the workbench grid.
    await page.click('#tabs button[data-tab="Reports"]');
    await page.waitForSelector('#grid tbody tr');
    await page.screenshot({ path: `${SHOTS}/segments-write-report-1366x768.png` });
  });

  it('the Dashboard picker redraws the dashboard over the segment\'s members', async () => {
    const frame = await openSidebar(page, 'dashboard');
    await frame.waitForSelector('svg[data-chart="revenue"]', { timeout: 60_000 });
    await frame.waitForSelector('#segment option[value="Gauteng"]', { state: 'attached' });
    const everyone = await frame.textContent('#heading');
    await frame.selectOption('#segment', 'Gauteng');
    await frame.waitForFunction(() => /segment "Gauteng"/.test(document.getElementById('heading')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await frame.waitForSelector('svg[data-chart="revenue"]');
    expect(await frame.textContent('#heading')).not.toBe(everyone);
    // Revenue per month of the members only, by a plain loop over the tabs: merged rows count for their survivor;
    // prospects, suppliers and partners are not customers, so their purchases are not on a Dashboard (issue 13 §6).
    const wb = await openXlsxWorkbook(workbench.workbookPath);
    const customers = rowsOf(wb.read('Customers'));
    const isCustomer = (c: Row): boolean => ['', 'customer'].includes(cellText(c.contact_type ?? null).trim().toLowerCase());
    const ids = new Set(customers.filter((c) => isGauteng(c) && isCustomer(c)).map((c) => cellText(c.id ?? null)));
    for (const c of customers) if (c.status === 'merged' && isCustomer(c) && ids.has(cellText(c.merged_into ?? null))) ids.add(cellText(c.id ?? null));
    const revenue = new Map<string, number>();
    for (const p of rowsOf(wb.read('Purchases'))) {
      const date = cellText(p.date ?? null);
      if (!ids.has(cellText(p.customer_id ?? null)) || date.slice(0, 10) > E2E_TODAY) continue;
      const month = date.slice(0, 7);
      revenue.set(month, (revenue.get(month) ?? 0) + Number(p.amount ?? 0));
    }
    const marks = await frame.$$eval('svg[data-chart="revenue"] .mark', (nodes) => nodes.map((n) => ({ label: n.getAttribute('data-label') ?? '', value: Number(n.getAttribute('data-value')) })));
    expect(marks.length).toBeGreaterThan(6);
    for (const m of marks) expect(m.value, m.label).toBeCloseTo(revenue.get(m.label) ?? 0, 2);
    await page.screenshot({ path: `${SHOTS}/dashboard-segment-1366x768.png` });

    await frame.click('#write');
    await frame.waitForFunction(() => /The Dashboard tab holds/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await workbench.bridge.idle();
    const tab = (await openXlsxWorkbook(workbench.workbookPath)).read('Dashboard');
    expect(cellText(tab?.rows[0]?.[1] ?? null)).toMatch(/segment "Gauteng"/);
  });
});
