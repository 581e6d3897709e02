// Issue 9, point 4: the workbench grid is editable like a sheet (headless Chromium) — a typed cell lands in the
// .xlsx through the workbook codec, a bad date is refused at the cell with nothing written, a formula-looking
// string is stored as text, and a customer row can be added (with a new id) by typing into the last row.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import type { CellValue, Grid } from '../../shared/workbook';
import { openBrowser, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** A tab of the file as it is on disk now. */
async function tabOnDisk(file: string, tab: string): Promise<Grid> {
  return (await openXlsxWorkbook(file)).read(tab)!;
}

function records(grid: Grid): Record<string, CellValue>[] {
  return grid.rows.map((cells) => Object.fromEntries(grid.header.map((h, i) => [h, cells[i] ?? null])));
}

async function fileHash(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** 1-based column of a header in the grid shown now. */
async function colOf(page: Page, header: string): Promise<number> {
  const names = await page.locator('#grid thead th[data-name]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-name')));
  const at = names.indexOf(header);
  expect(at, header).toBeGreaterThanOrEqual(0);
  return at + 1;
}

async function showRow(page: Page, tab: string, id: string): Promise<number> {
  await page.click(`#tabs button[data-tab="${tab}"]`);
  await page.fill('#filter', id);
  // Wait for the filtered page itself (a few rows), not the page shown before the filter applied. An id can also
  // stand inside other cells (a membership number FC-0000012-3 holds C-000001), so the row is the one whose id cell it is.
  await expect.poll(async () => Number(/of (\d+)/.exec((await page.textContent('#range')) ?? '')?.[1] ?? 0)).toBeLessThan(100);
  const row = page.locator('#grid tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${id}$`) }) }).first();
  return Number(await row.getAttribute('data-row'));
}

async function saved(page: Page, action: () => Promise<void>): Promise<void> {
  const answer = page.waitForResponse((res) => new URL(res.url()).pathname === '/workbench/cell');
  await action();
  await answer;
}

describe('editable grid in the workbench (Chromium)', { timeout: 180_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let customers: Record<string, CellValue>[];

  beforeAll(async () => {
    workbench = await startWorkbench();
    customers = records(await tabOnDisk(workbench.workbookPath, 'Customers'));
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  it('saves a double-clicked cell on Enter and moves down; the file has it', async () => {
    const target = customers.find((c) => c.status === 'active' && typeof c.city === 'string' && c.city !== 'Polokwane')!;
    const row = await showRow(page, 'Customers', String(target.id));
    const col = await colOf(page, 'city');
    const td = page.locator(`#grid tbody tr[data-row="${row}"] td[data-col="${col}"]`);
    await td.dblclick();
    await page.locator('input.editor').fill('Polokwane');
    await saved(page, () => page.keyboard.press('Enter'));
    await expect.poll(() => td.textContent()).toBe('Polokwane');
    await workbench.bridge.idle();
    const after = records(await tabOnDisk(workbench.workbookPath, 'Customers')).find((c) => c.id === target.id)!;
    expect(after.city).toBe('Polokwane');
    expect(after.first_name).toBe(target.first_name);
    // The save stamps updated_at, as the card's save does.
    expect(after.updated_at).not.toBe(target.updated_at);
    // With one row shown (filtered, so no new row is offered) Enter has nowhere lower to go: the cursor stays there.
    expect(await page.locator('#grid td.active').count()).toBe(1);
  });

  it('refuses an impossible date at the cell and writes nothing', async () => {
    const target = customers.find((c) => c.status === 'active' && c.id !== customers[0]!.id)!;
    const row = await showRow(page, 'Customers', String(target.id));
    const col = await colOf(page, 'birth_date');
    const before = await fileHash(workbench.workbookPath);
    const version = workbench.bridge.version();
    const td = page.locator(`#grid tbody tr[data-row="${row}"] td[data-col="${col}"]`);
    await td.click();
    // Typing starts the edit, as in a sheet: the first key replaces the cell.
    await page.keyboard.type('31/02/2026');
    await saved(page, () => page.keyboard.press('Enter'));
    const error = page.locator('#tablewrap .cell-error');
    await expect.poll(() => error.textContent()).toBe('Not a date: type it as 31/12/2026 or 2026-12-31.');
    expect(await td.getAttribute('aria-invalid')).toBe('true');
    // What was typed is kept for correcting, not dropped.
    expect(await page.locator('input.editor').inputValue()).toBe('31/02/2026');
    await page.screenshot({ path: `${process.env.GRID_SHOTS ?? '/tmp'}/grid-bad-date-1366x768.png` });
    await workbench.bridge.idle();
    expect(workbench.bridge.version()).toBe(version);
    expect(await fileHash(workbench.workbookPath)).toBe(before);
    // Esc gives the old value back.
    await page.keyboard.press('Escape');
    await expect.poll(() => td.textContent()).toBe(target.birth_date === null ? '' : String(target.birth_date));
    expect(await error.count()).toBe(0);
  });

  it('stores a formula-looking string as text, not as a formula', async () => {
    const target = customers.find((c) => c.status === 'active' && c.id !== customers[0]!.id && c.id !== customers[1]!.id)!;
    const row = await showRow(page, 'Customers', String(target.id));
    const col = await colOf(page, 'notes');
    const typed = '=HYPERLINK("http://evil.example","click")';
    await page.locator(`#grid tbody tr[data-row="${row}"] td[data-col="${col}"]`).dblclick();
    await page.locator('input.editor').fill(typed);
    await saved(page, () => page.keyboard.press('Enter'));
    await workbench.bridge.idle();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbench.workbookPath);
    const cellOnDisk = book.getWorksheet('Customers')!.getRow(row).getCell(col);
    expect(cellOnDisk.type).toBe(ExcelJS.ValueType.String);
    expect(cellOnDisk.value).toBe(typed);
    expect(cellOnDisk.formula).toBeUndefined();
  });

  it('adds a customer by typing into the row after the last, with a new id', async () => {
    await page.click('#tabs button[data-tab="Customers"]');
    await page.fill('#filter', '');
    await page.click('#add-row');
    const editor = page.locator('input.editor');
    await editor.waitFor();
    const firstCol = await colOf(page, 'first_name');
    // The new row's editing starts at the first column that can be typed into (the id is Regulars').
    await page.keyboard.press('Escape');
    await page.locator(`#grid tfoot tr[data-row="new"] td[data-col="${firstCol}"]`).dblclick();
    await editor.fill('Thandiwe');
    await saved(page, () => page.keyboard.press('Tab'));
    // Tab moved the cursor to Last name of the row just added (no longer the row for a new one).
    const active = page.locator('#grid tbody td.active');
    await expect.poll(() => active.getAttribute('data-col')).toBe(String(firstCol + 1));
    await page.keyboard.type('Mokoena');
    await saved(page, () => page.keyboard.press('Enter'));
    await workbench.bridge.idle();
    const after = records(await tabOnDisk(workbench.workbookPath, 'Customers'));
    expect(after.length).toBe(customers.length + 1);
    const added = after[after.length - 1]!;
    expect(added).toMatchObject({ first_name: 'Thandiwe', last_name: 'Mokoena', status: 'active' });
    const highest = Math.max(...customers.map((c) => Number(String(c.id).slice(2))));
    expect(added.id).toBe(`C-${String(highest + 1).padStart(6, '0')}`);
    expect(typeof added.created_at).toBe('string');
    // The grid shows the new row with its id, and offers a fresh row below it.
    await expect.poll(() => page.locator(`#grid tbody tr[data-row="${customers.length + 2}"]`, { hasText: String(added.id) }).count()).toBe(1);
    expect(await page.locator('#grid tfoot tr[data-row="new"]').count()).toBe(1);
  });

  it('records a purchase typed into Purchases, refusing a bad amount first', async () => {
    const customer = customers.find((c) => c.status === 'active')!;
    await page.click('#tabs button[data-tab="Purchases"]');
    await page.fill('#filter', '');
    const before = (await tabOnDisk(workbench.workbookPath, 'Purchases')).rows.length;
    await page.click('#add-row');
    await page.locator('input.editor').waitFor();
    await page.keyboard.press('Escape');
    const at = async (header: string) => page.locator(`#grid tfoot tr[data-row="new"] td[data-col="${await colOf(page, header)}"]`);
    await (await at('amount')).dblclick();
    await page.locator('input.editor').fill('twelve');
    await saved(page, () => page.keyboard.press('Enter'));
    await expect.poll(() => page.locator('#tablewrap .cell-error').textContent()).toBe('Not a number: type digits, e.g. 1250.50.');
    await page.keyboard.press('Escape');
    await (await at('customer_id')).dblclick();
    await page.locator('input.editor').fill(String(customer.id));
    await saved(page, () => page.keyboard.press('Enter'));
    const row = before + 2;
    const dateTd = page.locator(`#grid tbody tr[data-row="${row}"] td[data-col="${await colOf(page, 'date')}"]`);
    await dateTd.dblclick();
    await page.locator('input.editor').fill('3/11/2026');
    await saved(page, () => page.keyboard.press('Tab'));
    await page.keyboard.type('1,250.50');
    await saved(page, () => page.keyboard.press('Enter'));
    await workbench.bridge.idle();
    const purchases = records(await tabOnDisk(workbench.workbookPath, 'Purchases'));
    expect(purchases.length).toBe(before + 1);
    // Day first (the demo business is South African): 3 November, stored as ISO; the amount as a number.
    expect(purchases[purchases.length - 1]).toMatchObject({ customer_id: customer.id, date: '2026-11-03', amount: 1250.5 });
  });

  it('logs a complaint typed into Interactions, with the time of day kept', async () => {
    const customer = customers.find((c) => c.status === 'active')!;
    await page.click('#tabs button[data-tab="Interactions"]');
    const before = (await tabOnDisk(workbench.workbookPath, 'Interactions')).rows.length;
    await page.click('#add-row');
    await page.locator('input.editor').waitFor();
    await page.keyboard.press('Escape');
    await page.locator(`#grid tfoot tr[data-row="new"] td[data-col="${await colOf(page, 'customer_id')}"]`).dblclick();
    await page.locator('input.editor').fill(String(customer.id));
    // Tab right along the new row: date, then kind.
    await saved(page, () => page.keyboard.press('Tab'));
    const active = page.locator('#grid tbody td.active');
    await expect.poll(() => active.getAttribute('data-col')).toBe(String(await colOf(page, 'date')));
    await page.keyboard.type('24/11/2026 09:30');
    await saved(page, () => page.keyboard.press('Tab'));
    await expect.poll(() => active.getAttribute('data-col')).toBe(String(await colOf(page, 'kind')));
    await page.keyboard.type('Complaint');
    await saved(page, () => page.keyboard.press('Enter'));
    await workbench.bridge.idle();
    const rows = records(await tabOnDisk(workbench.workbookPath, 'Interactions'));
    expect(rows.length).toBe(before + 1);
    expect(rows[rows.length - 1]).toMatchObject({ customer_id: customer.id, date: '2026-11-24T09:30:00', kind: 'complaint' });
    expect(String(rows[rows.length - 1]!.id)).toMatch(/^I-\d{6}$/);
  });

  it('shows human column labels with the contract name as the tooltip, and keeps the header row as it was', async () => {
    await page.click('#tabs button[data-tab="Customers"]');
    const th = page.locator('#grid thead th[data-name="email_consent"]');
    expect(await th.textContent()).toBe('E-mail consent');
    expect(await th.getAttribute('title')).toBe('email_consent');
    expect(await page.locator('#grid thead th[data-name="first_name"]').textContent()).toBe('First name');
    const header = (await tabOnDisk(workbench.workbookPath, 'Customers')).header;
    expect(header).toContain('email_consent');
    expect(header).not.toContain('E-mail consent');
  });

  it('reaches every tab at 1366×768: none is clipped or hidden', async () => {
    // The Dashboard tab exists once it is built; build it, so the strip holds every tab a business would have.
    await workbench.bridge.call('buildDashboard', [{}]);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.screenshot({ path: `${process.env.GRID_SHOTS ?? '/tmp'}/workbench-1366x768.png` });
    const tabs = (await openXlsxWorkbook(workbench.workbookPath)).tabNames();
    expect(tabs).toContain('Settings');
    expect(tabs).toContain('Dashboard');
    const viewport = page.viewportSize()!;
    for (const tab of tabs) {
      const button = page.locator(`#tabs button[data-tab="${tab}"]`);
      const box = (await button.boundingBox())!;
      expect(box, tab).not.toBeNull();
      expect(box.x, tab).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, tab).toBeLessThanOrEqual(viewport.width - 340);
      expect(box.y + box.height, tab).toBeLessThanOrEqual(viewport.height);
    }
    await page.click('#tabs button[data-tab="Settings"]');
    await expect.poll(() => page.locator('#grid thead th[data-name="key"]').count()).toBe(1);
  });
});
