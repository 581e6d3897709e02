import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { cellText, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** A tab of the saved .xlsx as objects keyed by header. */
async function rowsOf(file: string, tab: string): Promise<Record<string, string>[]> {
  const grid: Grid = (await openXlsxWorkbook(file)).read(tab)!;
  return grid.rows.map((r) => Object.fromEntries(grid.header.map((h, i) => [h, cellText(r[i] ?? null)])));
}

/** Each server call rewrites the demo .xlsx (about 2 s on this machine), so answers are waited for generously. */
const WAIT = { timeout: 30_000 };

describe('Messages sidebar in the workbench', { timeout: 120_000 }, () => {
  let wb: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;

  beforeAll(async () => {
    // 08:00 UTC is 10:00 in the demo's Johannesburg time zone on the demo's today.
    wb = await startWorkbench({ now: `${E2E_TODAY}T08:00:00.000Z` });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, wb);
    frame = await openSidebar(page, 'messages');
    await frame.waitForSelector('#campaign-pick option[value="Birthday"]', { state: 'attached', timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await wb?.stop();
  });

  it('refuses a bad send hour next to the field, without touching the file', async () => {
    await frame.selectOption('#campaign-pick', 'Birthday');
    await frame.fill('#f-send_hour', '25');
    await frame.click('#save');
    await expect.poll(() => frame.textContent('[data-issue="send_hour"]'), WAIT).toContain('outside the allowed range');
    await wb.bridge.idle();
    const birthday = (await rowsOf(wb.workbookPath, 'Campaigns')).find((r) => r.name === 'Birthday');
    expect(birthday?.send_hour).toBe('8');
  });

  it('edits a campaign and the edit is in the .xlsx', async () => {
    await frame.selectOption('#campaign-pick', 'Birthday');
    expect(await frame.inputValue('#f-subject')).toBe('Happy birthday, {{first_name}}!');
    await frame.fill('#f-subject', 'Many happy returns, {{first_name}}');
    await frame.fill('#f-send_hour', '9');
    await frame.click('#save');
    await expect.poll(() => frame.textContent('#status'), WAIT).toContain('Saved “Birthday”');
    expect(await frame.locator('[data-issue]').count()).toBe(0);
    await wb.bridge.idle();
    const birthday = (await rowsOf(wb.workbookPath, 'Campaigns')).find((r) => r.name === 'Birthday');
    expect(birthday).toMatchObject({ subject: 'Many happy returns, {{first_name}}', send_hour: '9', trigger: 'birthday' });
  });

  it("previews a customer's message with their name filled in, the HTML in a sandboxed frame", async () => {
    await wb.bridge.idle();
    const customers = await rowsOf(wb.workbookPath, 'Customers');
    const customer = customers.find((c) => /^[A-Za-z]+$/.test(c.first_name ?? '') && c.status !== 'merged')!;
    await frame.selectOption('#campaign-pick', 'Birthday');
    await frame.fill('#preview-customer', customer.id!);
    await frame.click('#preview');
    await expect.poll(() => frame.textContent('#preview-subject'), WAIT).toBe(`Many happy returns, ${customer.first_name}`);
    expect(await frame.textContent('#preview-to')).toContain(customer.email);
    expect(await frame.getAttribute('#preview-html', 'sandbox')).toBe('');
    expect(await frame.getAttribute('#preview-html', 'srcdoc')).toContain('Unsubscribe');
    expect(await frame.textContent('#preview-text')).toContain(`Hi ${customer.first_name},`);
  });

  it("shows today's plan: every birthday line is a customer born on this day", async () => {
    await frame.click('#views button[data-view="plan"]');
    await expect.poll(() => frame.textContent('#plan-date'), WAIT).toContain(E2E_TODAY);
    const lines = await frame.locator('#plan-lines tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '').concat((r as HTMLElement).dataset.customer ?? '')));
    expect(lines.length).toBeGreaterThan(0);
    await wb.bridge.idle();
    const customers = await rowsOf(wb.workbookPath, 'Customers');
    const birthdays = lines.filter((l) => l[0] === 'Birthday');
    expect(birthdays.length).toBeGreaterThan(0);
    for (const line of birthdays) {
      const c = customers.find((x) => x.id === line[4]);
      expect(c, line[4]).toBeDefined();
      expect([c!.first_name, c!.last_name].filter(Boolean).join(' ') || c!.id).toBe(line[1]);
      // Dates are stored as date cells (read back as ISO) or typed text (DD/MM/YYYY); both name 23 November.
      expect(c!.birth_date, line[1]).toMatch(/^\d{4}-11-23|^23\/11\//);
    }
  });

  it('lists the Outbox', async () => {
    await frame.click('#views button[data-view="outbox"]');
    await expect.poll(() => frame.textContent('#outbox-counts'), WAIT).not.toBe('');
  });
});
