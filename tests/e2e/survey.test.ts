import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSecretStore, localSecretsFile } from '../../functions/secrets/file-secret-store';
import { unsubscribeSigner } from '../../functions/secrets/secret-store';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { signSurveyToken } from '../../shared/greetings';
import { cellText } from '../../shared/workbook';
import { openBrowser, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** Screenshots at 1366x768 go to SURVEY_SHOTS (default /tmp). */
const SHOTS = process.env.SURVEY_SHOTS ?? '/tmp';

describe('a survey link opened in a browser', { timeout: 120_000 }, () => {
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

  async function answers(): Promise<{ customer: string; score: string; notes: string }[]> {
    const grid = (await openXlsxWorkbook(wb.workbookPath)).read('Interactions')!;
    const col = (name: string): number => grid.header.indexOf(name);
    return grid.rows
      .filter((r) => cellText(r[col('subject')] ?? null) === 'Browser survey (2026-11-20)')
      .map((r) => ({ customer: cellText(r[col('customer_id')] ?? null), score: cellText(r[col('score')] ?? null), notes: cellText(r[col('notes')] ?? null) }));
  }

  it('shows the score, records nothing until the form is sent, then records the answer with its comment', async () => {
    const signer = await unsubscribeSigner(fileSecretStore(localSecretsFile(wb.workbookPath)));
    const customerId = cellText((await openXlsxWorkbook(wb.workbookPath)).read('Customers')!.rows[3]![0] ?? null);
    // Issued today (the workbench's survey route reads the real clock), so the link is live.
    const token = signSurveyToken({ campaign: 'Browser survey', customerId, occasion: '2026-11-20', score: 4, max: 10, issued: new Date().toISOString().slice(0, 10) }, signer);
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(new URL(`/survey?token=${encodeURIComponent(token)}`, wb.url).href);
    expect(await page.textContent('.score')).toBe('4');
    await page.screenshot({ path: `${SHOTS}/survey-page.png` });
    expect(await answers()).toEqual([]);

    await page.fill('#comment', '<b>Waited</b> 40 minutes');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Thank you');
    await page.screenshot({ path: `${SHOTS}/survey-thanks.png` });
    expect(await answers()).toEqual([{ customer: customerId, score: '4', notes: '<b>Waited</b> 40 minutes' }]);
    await page.close();
  });
});
