// Issue 13: the Loyalty sidebar in the workbench (headless Chromium). Members per tier equal a plain-loop count of
// the Customers tab; a bad value is refused next to its field and nothing reaches the .xlsx, a good one is saved to
// the Loyalty tab; recent upgrades are listed newest first; and the printable card's QR code, screenshotted as the
// printer would see it (print media), decodes (jsQR) to the customer's membership number. Screenshots go to
// LOYALTY_SHOTS (default /tmp).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook, withWorkbookFile } from '../../functions/workbook/xlsx-workbook';
import { cellText, customersTab, loyaltyTab, readTable, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const NOW = `${E2E_TODAY}T07:00:00Z`;
const SHOTS = process.env.LOYALTY_SHOTS ?? '/tmp';

describe('Loyalty sidebar in the workbench (Chromium)', { timeout: 240_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  let dir = '';
  let customers: Grid;
  /** Two members whose upgrade the test dates, newest first. */
  const upgraded: { id: string; tier: string; number: string; date: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-loyalty-e2e-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 300, seed: 11, today: E2E_TODAY });
    await withWorkbookFile(file, (wb) => {
      const table = readTable(wb, customersTab, 'dmy')!;
      const members = table.rows.filter((r) => r.record.membership_no !== '' && r.record.membership_tier !== '' && r.record.status === 'active' && r.record.contact_type !== 'supplier').slice(0, 2);
      const col = table.map.indexOf.get('tier_upgraded_at')! + 1;
      members.forEach((m, i) => upgraded.push({ id: m.record.id, tier: m.record.membership_tier, number: m.record.membership_no, date: i === 0 ? '2026-11-20' : '2026-11-02' }));
      wb.write('Customers', members.map((m, i) => ({ row: m.row, col, value: upgraded[i]!.date })));
    });
    customers = (await openXlsxWorkbook(file)).read('Customers')!;
    workbench = await startWorkbench({ workbook: file, now: NOW });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
    frame = await openSidebar(page, 'loyalty');
    await frame.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows members per tier as a plain count of the Customers tab, and recent upgrades newest first', async () => {
    const at = (row: readonly unknown[], column: string): string => cellText((row[customers.header.indexOf(column)] ?? null) as never).trim();
    const expected = new Map<string, number>();
    for (const row of customers.rows) {
      const type = at(row, 'contact_type').toLowerCase();
      if (['merged', 'archived'].includes(at(row, 'status')) || at(row, 'merged_into') !== '' || !(type === '' || type === 'customer')) continue;
      const tier = at(row, 'membership_tier') || 'No tier';
      expected.set(tier, (expected.get(tier) ?? 0) + 1);
    }
    const shown = await frame.$$eval('#members tbody tr', (rows) => rows.map((r) => [r.children[0]?.textContent ?? '', Number(r.children[1]?.textContent)] as const));
    const byTier = new Map(shown.filter(([name]) => name !== 'With a membership number'));
    expect(byTier).toEqual(expected);
    expect([...byTier.keys()].slice(0, 4)).toEqual(['Bronze', 'Silver', 'Gold', 'Platinum']);
    const upgrades = await frame.$$eval('#upgrades li', (items) => items.map((li) => li.textContent ?? ''));
    expect(upgrades).toHaveLength(2);
    expect(upgrades[0]).toContain(`2026-11-20`);
    expect(upgrades[0]).toContain(`→ ${upgraded[0]!.tier}`);
    expect(upgrades[1]).toContain(`2026-11-02`);
    await page.screenshot({ path: `${SHOTS}/loyalty-1366x768.png` });
  });

  it('refuses a bad discount next to its field with nothing written, then saves a good one', async () => {
    const gold = frame.locator('fieldset.tier').nth(2);
    expect(await gold.locator('input[data-field="tier"]').inputValue()).toBe('Gold');
    const before = JSON.stringify((await openXlsxWorkbook(workbench.workbookPath)).read('Loyalty'));
    await gold.locator('input[data-field="discount_pct"]').fill('ten');
    await frame.click('#save-tiers');
    const error = gold.locator('[id$="-discount_pct-error"]');
    await error.filter({ hasText: 'Enter a number' }).waitFor({ timeout: 20_000 });
    expect(await gold.locator('input[data-field="discount_pct"]').getAttribute('aria-invalid')).toBe('true');
    expect(await gold.locator('input[data-field="discount_pct"]').inputValue()).toBe('ten');
    expect(await frame.textContent('#status')).toMatch(/Nothing was saved/);
    await gold.locator('input[data-field="discount_pct"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/loyalty-refused-1366x768.png` });
    await workbench.bridge.idle();
    expect(JSON.stringify((await openXlsxWorkbook(workbench.workbookPath)).read('Loyalty'))).toBe(before);

    await gold.locator('input[data-field="discount_pct"]').fill('12,5');
    await frame.click('#save-tiers');
    await frame.waitForFunction(() => /Saved to the Loyalty tab/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    expect(await frame.textContent('#status')).toContain('Gold: discount % 10 → 12.5');
    // The outcome is in sight of whoever pressed Save at the foot of the ladder, not above the fold.
    const seen = await frame.$eval('#status', (s) => { const box = s.getBoundingClientRect(); return box.top >= 0 && box.bottom <= window.innerHeight; });
    expect(seen).toBe(true);
    await workbench.bridge.idle();
    const tiers = readTable(await openXlsxWorkbook(workbench.workbookPath), loyaltyTab, 'dmy')!.rows.map((r) => [r.record.tier, r.record.discount_pct]);
    expect(tiers).toContainEqual(['Gold', 12.5]);
  });

  it('prints a membership card whose QR code decodes to the number', async () => {
    const member = upgraded[0]!;
    await frame.locator('#upgrades li').first().locator('button').click();
    await frame.waitForFunction((n) => document.getElementById('card-view')?.dataset.number === n, member.number, { timeout: 20_000 });
    expect(await frame.textContent('#card-number')).toBe(member.number);
    expect(await frame.textContent('#card-tier')).toBe(member.tier);
    expect(await frame.inputValue('#card-id')).toBe(member.id);
    await frame.locator('#card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/loyalty-card-1366x768.png` });

    // What the printer gets: only the card (print media hides the rest of the sidebar).
    await page.emulateMedia({ media: 'print' });
    expect(await frame.locator('#tiers').isVisible()).toBe(false);
    expect(await frame.locator('#print-card').isVisible()).toBe(false);
    const shot = await frame.locator('#card').screenshot({ path: `${SHOTS}/loyalty-card-print.png` });
    await page.emulateMedia({ media: 'screen' });
    const png = PNG.sync.read(shot);
    const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    expect(decoded?.data).toBe(member.number);
  });

  it('fits Apps Script\'s 300 px sidebar: the card keeps its shape and nothing spills sideways', async () => {
    // The workbench's sidebar pane narrowed to the width Apps Script gives a sidebar.
    await page.evaluate(() => {
      const frame = [...document.querySelectorAll('iframe')].find((f) => f.src.includes('/sidebar/loyalty'));
      if (frame) frame.style.width = '300px';
    });
    await frame.fill('#card-id', upgraded[1]!.id);
    await frame.click('#show-card');
    await frame.waitForFunction((n) => document.getElementById('card-view')?.dataset.number === n, upgraded[1]!.number, { timeout: 20_000 });
    expect(await frame.evaluate(() => window.innerWidth)).toBeLessThanOrEqual(300);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const size = await frame.evaluate(() => {
      const r = document.getElementById('card')!.getBoundingClientRect();
      return { width: r.width, height: r.height };
    });
    // ID-1 proportions (85.6 : 54) kept at the narrower width.
    expect(Math.abs(size.width / size.height - 85.6 / 54)).toBeLessThan(0.03);
    await frame.locator('#card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/loyalty-card-300.png` });
  });

  it('says why a customer without a number has no card', async () => {
    const without = customers.rows.find((r) => cellText(r[customers.header.indexOf('membership_no')] ?? null) === '');
    const id = cellText(without![customers.header.indexOf('id')] ?? null);
    await frame.fill('#card-id', id);
    await frame.click('#show-card');
    await frame.locator('#card-error').filter({ hasText: 'Join membership' }).waitFor({ timeout: 20_000 });
    expect(await frame.locator('#card-view').isVisible()).toBe(false);
  });
});
