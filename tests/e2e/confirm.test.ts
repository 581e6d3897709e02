import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSecretStore, localSecretsFile } from '../../functions/secrets/file-secret-store';
import { unsubscribeSigner } from '../../functions/secrets/secret-store';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { signConfirmToken } from '../../shared/greetings';
import { cellText } from '../../shared/workbook';
import { openBrowser, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** Screenshots at 1366x768 go to CONFIRM_SHOTS (default /tmp). */
const SHOTS = process.env.CONFIRM_SHOTS ?? '/tmp';

describe('a "confirm your details" link opened in a browser', { timeout: 120_000 }, () => {
  let wb: TestWorkbench;
  let browser: TestBrowser;

  beforeAll(async () => {
    wb = await startWorkbench({ customers: 60 });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await wb?.stop();
  });

  async function details(id: string): Promise<Record<string, string>> {
    const grid = (await openXlsxWorkbook(wb.workbookPath)).read('Customers')!;
    const row = grid.rows.find((r) => cellText(r[grid.header.indexOf('id')] ?? null) === id)!;
    return Object.fromEntries(['email', 'phone', 'birth_date', 'last_verified_at'].map((h) => [h, cellText(row[grid.header.indexOf(h)] ?? null)]));
  }

  it('shows the details, refuses a bad birthday next to the field with the focus on it, then saves the corrected phone', async () => {
    const signer = await unsubscribeSigner(fileSecretStore(localSecretsFile(wb.workbookPath)));
    const customerId = cellText((await openXlsxWorkbook(wb.workbookPath)).read('Customers')!.rows[3]![0] ?? null);
    const token = signConfirmToken({ customerId, messageKey: `Confirm|${customerId}|verified:never`, issued: new Date().toISOString().slice(0, 10) }, signer);
    const before = await details(customerId);
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(new URL(`/confirm?token=${encodeURIComponent(token)}`, wb.url).href);
    expect(await page.inputValue('#email')).toBe(before.email);
    await page.screenshot({ path: `${SHOTS}/confirm-page.png` });
    expect(await details(customerId)).toEqual(before);

    await page.fill('#phone', '082 555 1234');
    await page.fill('#birth_date', '31/02/1990');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('#birth_date-error')).toContain('This is not a date');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('birth_date');
    await page.screenshot({ path: `${SHOTS}/confirm-refused.png` });
    expect(await details(customerId)).toEqual(before);

    await page.fill('#birth_date', '');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Thank you');
    const after = await details(customerId);
    expect(after.phone).toBe('+27825551234');
    expect(after.last_verified_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.close();
  });
});
