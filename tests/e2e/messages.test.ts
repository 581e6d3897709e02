import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { main } from '../../functions/cli/main';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { cellText, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** A tab of the saved .xlsx as objects keyed by header. */
async function rowsOf(file: string, tab: string): Promise<Record<string, string>[]> {
  const grid: Grid = (await openXlsxWorkbook(file)).read(tab)!;
  return grid.rows.map((r) => Object.fromEntries(grid.header.map((h, i) => [h, cellText(r[i] ?? null)])));
}

/** Settings as key → value, read from the saved file. */
async function settingsOf(file: string): Promise<Map<string, string>> {
  const grid: Grid = (await openXlsxWorkbook(file)).read('Settings')!;
  return new Map(grid.rows.map((r) => [cellText(r[0] ?? null), cellText(r[1] ?? null)]));
}

/** Screenshots at 1366x768 go to MESSAGES_SHOTS (default /tmp). */
const SHOTS = process.env.MESSAGES_SHOTS ?? '/tmp';

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
    await page.setViewportSize({ width: 1366, height: 768 });
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
    await expect.poll(() => frame.textContent('#save-status'), WAIT).toContain('Saved “Birthday”');
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

  it('wrote its own address (port included) into Settings public_url on start, so links in mail reach it', async () => {
    await wb.bridge.idle();
    expect((await settingsOf(wb.workbookPath)).get('public_url')).toBe(`http://localhost:${wb.port}`);
  });

  it('creates a campaign switched off, with a trigger in words and a holiday picked by name; the status is next to Save', async () => {
    await frame.click('#views button[data-view="campaigns"]');
    await frame.click('#new-campaign');
    expect(await frame.isDisabled('#f-active')).toBe(true);
    expect(await frame.isVisible('#active-note')).toBe(true);
    // Saving with nothing filled in: the first invalid field gets the focus.
    await frame.click('#save');
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id), WAIT).toBe('f-name');
    expect(await frame.textContent('#save-status')).toContain('correct the marked fields');
    await frame.fill('#f-name', 'Christmas card');
    const labels = await frame.locator('#f-trigger option').allTextContents();
    expect(labels).toContain('We miss you (lapsed customers)');
    await frame.selectOption('#f-trigger', 'holiday');
    expect(await frame.isVisible('#f-holiday')).toBe(true);
    const holidays = await frame.locator('#f-holiday option').allTextContents();
    expect(holidays).toContain('Christmas Day (2026-12-25)');
    await frame.selectOption('#f-holiday', { label: 'Christmas Day (2026-12-25)' });
    await page.screenshot({ path: `${SHOTS}/messages-holiday-picker-1366x768.png` });
    await frame.fill('#f-subject', 'Merry Christmas, {{first_name}}');
    await frame.fill('#f-body', 'Hi {{first_name}}, thank you for this year.');
    await frame.click('#save');
    await expect.poll(() => frame.textContent('#save-status'), WAIT).toContain('switched off');
    await wb.bridge.idle();
    const saved = (await rowsOf(wb.workbookPath, 'Campaigns')).find((r) => r.name === 'Christmas card');
    expect(saved).toMatchObject({ trigger: 'holiday:christmas-day', active: 'false' });
    expect(await frame.isDisabled('#f-active')).toBe(false);
  });

  it('sends a test to the address typed: locally an .eml file in the outbox folder, and the sidebar says where', async () => {
    await frame.selectOption('#campaign-pick', 'Birthday');
    await frame.fill('#preview-customer', (await rowsOf(wb.workbookPath, 'Customers')).find((c) => c.email && c.status !== 'merged')!.id!);
    await frame.fill('#test-to', 'not an address');
    await frame.click('#send-test');
    await expect.poll(() => frame.textContent('#test-status'), WAIT).toContain('not an e-mail address');
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('test-to');
    await frame.fill('#test-to', 'tester@example.org');
    await frame.click('#send-test');
    const outboxDir = path.join(path.dirname(wb.workbookPath), 'outbox');
    await expect.poll(() => frame.textContent('#test-status'), WAIT).toContain(outboxDir);
    expect(await frame.textContent('#test-where')).toContain(outboxDir);
    await page.screenshot({ path: `${SHOTS}/messages-test-send-1366x768.png` });
    const files = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    expect(await readFile(path.join(outboxDir, files[0]!), 'utf8')).toMatch(/^To: <tester@example\.org>/m);
    const prefs = path.join(path.dirname(wb.workbookPath), '.regulars', 'prefs.json');
    expect(existsSync(prefs) && JSON.parse(await readFile(prefs, 'utf8'))).toMatchObject({ 'test_to:e2e@example.test': 'tester@example.org' });
  });

  it("the demo's first day waits for approval; the owner approves it in the sidebar and exactly that set is planned", async () => {
    // A scheduled run (the CLI, as the hourly trigger would) plans the day: above approve_over, nothing goes.
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => undefined, isTTY: false, cwd: path.dirname(wb.workbookPath), env: {} };
    expect(await main(['greetings', 'run', '--workbook', wb.workbookPath, '--date', E2E_TODAY, '--transport', 'file:mail', '--json'], io)).toBe(0);
    const report = JSON.parse(out) as { sent: number; needsApproval: { total: number; campaigns: { campaign: string; count: number }[] } };
    expect(report.sent).toBe(0);
    expect(report.needsApproval.total).toBeGreaterThan(50);

    await frame.click('#views button[data-view="plan"]');
    await expect.poll(() => frame.isVisible('#approval'), WAIT).toBe(true);
    expect(await frame.textContent('#approval-badge')).toBe(String(report.needsApproval.total));
    const rows = await frame.locator('#approval-campaigns tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows).toEqual(report.needsApproval.campaigns.map((c) => [c.campaign, String(c.count)]));
    expect(await frame.textContent('#approve')).toBe(`Approve ${report.needsApproval.total}`);
    await page.screenshot({ path: `${SHOTS}/messages-approval-1366x768.png` });

    await frame.click('#approve');
    await expect.poll(() => frame.textContent('#approval-status'), WAIT).toContain(`Approved ${report.needsApproval.total} messages`);
    // The note comes first; the box goes once the plan has been read again.
    await expect.poll(() => frame.isVisible('#approval'), WAIT).toBe(false);
    await page.screenshot({ path: `${SHOTS}/messages-approved-1366x768.png` });
    await wb.bridge.idle();
    const outbox = await rowsOf(wb.workbookPath, 'Outbox');
    expect(outbox.filter((r) => r.status === 'needs_approval')).toHaveLength(0);
    expect(outbox.filter((r) => r.status === 'planned')).toHaveLength(report.needsApproval.total);
  });
});
