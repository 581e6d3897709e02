// Issue 9, item 3 in headless Chromium: the customer card as the hub. A new customer (offered when a search
// finds nothing), a complaint logged and resolved, the timeline paged newest first, each checked in the .xlsx;
// screenshots at 1366x768 go to CARD_SHOTS (default /tmp).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { customersTab, interactionsTab, readTable, consentLogTab, outboxTab, purchasesTab, mergeLogTab, type Workbook } from '../../shared/workbook';
import { openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const SHOTS = process.env.CARD_SHOTS ?? '/tmp';

async function onDisk(file: string): Promise<Workbook> {
  return openXlsxWorkbook(file);
}

describe('the customer card as the hub (Chromium)', { timeout: 180_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let card: Frame;

  beforeAll(async () => {
    workbench = await startWorkbench({ now: '2026-11-23T07:45:00Z' });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    await page.setViewportSize({ width: 1366, height: 768 });
    card = await openSidebar(page, 'customer-card');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  it('shows the whole search placeholder at 1366x768, the buttons wrapping below when the pane is narrow', async () => {
    // The placeholder's width in the input's own font, against the room inside its padding.
    const fit = await card.$eval('#q', (input) => {
      const q = input as HTMLInputElement;
      const style = getComputedStyle(q);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      return { text: ctx.measureText(q.placeholder).width, room: q.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
    });
    expect(fit.text).toBeLessThanOrEqual(fit.room);
  });

  it('offers "New customer" when a search finds nothing, refuses it without a name, and creates it with a new id', async () => {
    const before = readTable(await onDisk(workbench.workbookPath), customersTab, 'dmy')!;
    const highest = Math.max(...before.rows.map((r) => Number(r.record.id.slice(2)) || 0));
    await card.fill('#q', 'Thandeka Zwelithini');
    await card.locator('#new-from-search').click();
    await expect.poll(() => card.inputValue('#f-first_name')).toBe('Thandeka');
    expect(await card.inputValue('#f-last_name')).toBe('Zwelithini');
    expect(await card.getAttribute('#f-birth_date', 'placeholder')).toBe('DD/MM/YYYY');

    // Without any name the card refuses, next to the first name, and writes nothing.
    const version = workbench.bridge.version();
    await card.fill('#f-first_name', '');
    await card.fill('#f-last_name', '');
    await card.fill('#f-email', 'thandeka@example.com');
    await card.click('#save');
    const nameIssue = card.locator('[data-place="field:first_name"] .issue');
    await expect.poll(() => nameIssue.textContent()).toBe('A customer needs a first name, a last name or a company.');
    await workbench.bridge.idle();
    expect(workbench.bridge.version()).toBe(version);

    await card.fill('#f-first_name', 'Thandeka');
    await card.fill('#f-last_name', 'Zwelithini');
    await card.fill('#f-phone', '083 123 4567');
    await card.fill('#f-birth_date', '09/08/1991');
    await card.click('#save');
    await expect.poll(() => card.textContent('#status')).toMatch(/^Customer C-\d{6} created\./);
    const id = (await card.textContent('#status'))!.match(/C-\d{6}/)![0];
    expect(Number(id.slice(2))).toBeGreaterThan(highest);
    expect(await card.inputValue('#f-phone')).toBe('083 123 4567');
    expect(await card.inputValue('#f-birth_date')).toBe('09/08/1991');
    await page.screenshot({ path: `${SHOTS}/card-new-customer-1366x768.png` });

    await workbench.bridge.idle();
    const saved = readTable(await onDisk(workbench.workbookPath), customersTab, 'dmy')!.rows.find((r) => r.record.id === id)!.record;
    expect(saved).toMatchObject({ first_name: 'Thandeka', last_name: 'Zwelithini', email: 'thandeka@example.com', phone: '+27831234567', birth_date: '1991-08-09', source: 'card', status: 'active', created_at: '2026-11-23T07:45:00Z' });
  });

  it('logs a complaint and resolves it (who, when, how); the file has both rows', async () => {
    await card.click('button[data-kind="complaint"]');
    await card.fill('#qa-subject', 'Brake cable frayed after service');
    await card.fill('#qa-notes', 'Came back the next day');
    await page.screenshot({ path: `${SHOTS}/card-quick-action-1366x768.png` });
    await card.click('.quick-save');
    await expect.poll(() => card.textContent('#status')).toMatch(/^Logged: Complaint \(I-\d{6}\)\./);
    const ref = (await card.textContent('#status'))!.match(/I-\d{6}/)![0];
    const resolve = card.locator(`button[data-resolve="${ref}"]`);
    await expect.poll(() => resolve.count()).toBe(1);
    expect(await card.locator('#timeline-items li').first().textContent()).toContain('Complaint (open): Brake cable frayed after service');

    await resolve.click();
    await card.fill('#qa-resolved_by', 'Nomsa');
    await card.fill('#qa-resolved_at', '23/11/2026');
    await card.fill('#qa-resolution', 'Replaced the cable free of charge');
    await card.click('.quick-save');
    await expect.poll(() => card.textContent('#status')).toBe('Complaint resolved.');
    expect(await card.locator('[data-resolve]').count()).toBe(0);

    await workbench.bridge.idle();
    const rows = readTable(await onDisk(workbench.workbookPath), interactionsTab, 'dmy')!.rows.map((r) => r.record);
    const complaint = rows.find((r) => r.id === ref)!;
    expect(complaint).toMatchObject({ kind: 'complaint', subject: 'Brake cable frayed after service', status: 'resolved', resolved_at: '2026-11-23', staff: 'e2e@example.test' });
    const log = rows.find((r) => r.customer_id === complaint.customer_id && r.subject === 'Resolved: Brake cable frayed after service')!;
    expect(log).toMatchObject({ staff: 'Nomsa', notes: 'Replaced the cable free of charge' });
  });

  it('pages the timeline of a long-standing customer, newest first, in the business time zone', async () => {
    const wb = await onDisk(workbench.workbookPath);
    const count = new Map<string, number>();
    const add = (id: string): void => void count.set(id, (count.get(id) ?? 0) + 1);
    for (const r of readTable(wb, purchasesTab, 'dmy')?.rows ?? []) add(r.record.customer_id);
    for (const r of readTable(wb, interactionsTab, 'dmy')?.rows ?? []) add(r.record.customer_id);
    for (const r of readTable(wb, outboxTab, 'dmy')?.rows ?? []) add(r.record.customer_id);
    for (const r of readTable(wb, consentLogTab, 'dmy')?.rows ?? []) add(r.record.customer_id);
    const merges = readTable(wb, mergeLogTab, 'dmy')?.rows ?? [];
    const customers = readTable(wb, customersTab, 'dmy')!.rows.filter((r) => r.record.status === 'active' && merges.every((m) => m.record.survivor_id !== r.record.id && !m.record.merged_ids.includes(r.record.id)));
    const best = customers.map((r) => r.record).sort((a, b) => (count.get(b.id) ?? 0) - (count.get(a.id) ?? 0))[0]!;
    const total = count.get(best.id) ?? 0;
    expect(total).toBeGreaterThan(20);

    await card.fill('#q', best.email || best.id);
    await card.locator(`#results button[data-id="${best.id}"]`).click();
    await expect.poll(() => card.locator('h2').textContent()).toContain(best.id);
    const items = card.locator('#timeline-items li');
    expect(await items.count()).toBe(20);
    await card.locator('h2').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/card-summary-1366x768.png` });
    expect(await card.textContent('#timeline-count')).toBe(`Showing 20 of ${total}, newest first (times in Africa/Johannesburg).`);
    await card.click('#timeline-more');
    await expect.poll(() => items.count()).toBe(Math.min(40, total));
    while (!(await card.locator('#timeline-more').isHidden())) {
      const n = await items.count();
      await card.click('#timeline-more');
      await expect.poll(() => items.count()).toBeGreaterThan(n);
    }
    expect(await items.count()).toBe(total);
    // Newest first: each line's date (DD/MM/YYYY[ HH:MM]) is no later than the one above it.
    const stamps = (await card.locator('#timeline-items .when').allTextContents()).map((w) => {
      const m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}:\d{2}))?$/.exec(w)!;
      expect(m, w).not.toBeNull();
      return `${m[3]}-${m[2]}-${m[1]}T${m[4] ?? ''}`;
    });
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! <= stamps[i - 1]!, `${stamps[i]} after ${stamps[i - 1]}`).toBe(true);
    expect(await card.textContent('#churn-reason')).toMatch(/^(Last purchase|Bought today|No purchases)/);
    await card.locator('#timeline-items').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/card-timeline-1366x768.png` });
  });
});
