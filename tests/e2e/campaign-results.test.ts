// Issue 13 §2–4 in the workbench (headless Chromium, 1366x768): the Messages sidebar's live count follows the form,
// its Results view shows a campaign's lift over its control group with the 95% intervals worked out by hand in
// tests/shared/campaigns/results.test.ts, and the Dashboard shows NPS by month and by segment from the survey
// answers, counted here again straight from the Interactions tab.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { isCustomerContact } from '../../shared/loyalty';
import { createDemoWorkbook } from '../../functions/demo';
import { appendRecords, customersTab, interactionsTab, openTable, readTable, segmentsTab } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

/** Screenshots at 1366x768 go to RESULTS_SHOTS (default the temp folder). */
const SHOTS = process.env.RESULTS_SHOTS ?? os.tmpdir();
const WAIT = { timeout: 30_000 };
type Cell = string | number | boolean | null;

async function writeXlsx(file: string, tabs: Record<string, Cell[][]>): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(tabs)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await book.xlsx.writeFile(file);
}

const people = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** The hand-worked example (A–E mailed, F–H held out), Cape Town and Durban customers, and a newsletter to come. */
async function shop(file: string): Promise<void> {
  const outbox = people.map((c, i) => [`O-${i + 1}`, `Spring|${c}|once:2027-05-10`, 'Spring', c, `${c.toLowerCase()}@x.example`, 'Spring', i < 5 ? 'sent' : 'holdout', i < 5 ? '' : 'holdout', '2027-05-10', i < 5 ? '2027-05-10T08:00:00Z' : null]);
  await writeXlsx(file, {
    Settings: [['key', 'value'], ['business_name', 'Fynbos Cycles'], ['time_zone', 'UTC'], ['currency', 'R'], ['attribution_days', '7'], ['cool_down_days', '0'], ['public_url', 'http://localhost:8080']],
    Customers: [['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'city', 'status'], ...people.map((c, i) => [c, `Person ${c}`, `${c.toLowerCase()}@x.example`, c === 'H' ? 'no' : 'yes', c === 'B' ? '2027-05-12' : null, i < 5 ? 'Cape Town' : 'Durban', 'active'])],
    Segments: [['id', 'name', 'rule'], ['S-1', 'Cape Town', 'city = "Cape Town"'], ['S-2', 'Durban', 'city = "Durban"']],
    Campaigns: [
      ['id', 'name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour', 'send_date', 'holdout_pct'],
      ['M-1', 'Spring', 'once', null, '', 'Spring', 'Hello', 'yes', 9, '2027-05-10', 30],
      ['M-2', 'Summer', 'once', null, '', 'Summer', 'Hello', 'no', 9, '2027-07-05', null],
    ],
    Outbox: [['id', 'key', 'campaign', 'customer_id', 'to', 'subject', 'status', 'reason', 'planned_for', 'sent_at'], ...outbox],
    Purchases: [['id', 'customer_id', 'date', 'amount'], ['P-1', 'A', '2027-05-10', 100], ['P-2', 'A', '2027-05-12', 120], ['P-3', 'B', '2027-05-17', 80], ['P-4', 'C', '2027-05-18', 50], ['P-5', 'D', '2027-05-11', 60], ['P-6', 'D', '2027-05-13', -60], ['P-7', 'F', '2027-05-15', 50]],
    Interactions: [['id', 'customer_id', 'date', 'kind', 'subject', 'score', 'score_max'], ['I-1', 'A', '2027-05-13', 'survey', 'Spring (once:2027-05-10)', 9, 10]],
  });
}

describe('campaign results and satisfaction in the workbench (Chromium, 1366x768)', { timeout: 240_000 }, () => {
  let dir = '';
  let browser: TestBrowser;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-results-e2e-'));
    browser = await openBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('Messages sidebar', () => {
    let workbench: TestWorkbench;
    let page: Page;
    let frame: Frame;

    beforeAll(async () => {
      const file = path.join(dir, 'shop.xlsx');
      await shop(file);
      workbench = await startWorkbench({ workbook: file, now: '2027-06-30T10:00:00.000Z' });
      page = await openWorkbenchPage(browser, workbench);
      await page.setViewportSize({ width: 1366, height: 768 });
      frame = await openSidebar(page, 'messages');
      await frame.waitForSelector('#campaign-pick option[value="Summer"]', { state: 'attached', timeout: 30_000 });
    }, 120_000);

    afterAll(async () => {
      await workbench?.stop();
    });

    it('counts who gets a campaign as the form is edited, from the sender\u2019s own plan', async () => {
      await frame.selectOption('#campaign-pick', 'Summer');
      // Everyone consenting on 2027-07-05: A, C–G (B unsubscribed, H has no consent).
      await expect.poll(() => frame.getAttribute('#audience .count', 'data-recipients'), WAIT).toBe('6');
      expect(await frame.textContent('#audience .count')).toBe('6 customers get it if sent on 2027-07-05 (not sent: 1 unsubscribed, 1 no consent). It waits for your approval first.');
      // Typing a segment (not saved) narrows it: Durban is F, G (H has no consent).
      await frame.fill('#f-segment', 'Durban');
      await expect.poll(() => frame.getAttribute('#audience .count', 'data-recipients'), WAIT).toBe('2');
      // A holdout of 100% holds both out.
      await frame.fill('#f-holdout_pct', '100');
      await expect.poll(() => frame.getAttribute('#audience .count', 'data-holdout'), WAIT).toBe('2');
      expect(await frame.getAttribute('#audience .count', 'data-recipients')).toBe('0');
      await frame.fill('#f-holdout_pct', '');
      await frame.click('#audience summary');
      expect(await frame.$$eval('#audience .sample li', (nodes) => nodes.map((n) => n.textContent))).toEqual(['Person F (F)', 'Person G (G)']);
      await page.screenshot({ path: path.join(SHOTS, 'messages-audience-1366x768.png') });
    });

    it('shows a campaign\u2019s results and its lift over the control group with 95% intervals', async () => {
      await frame.click('#views button[data-view="results"]');
      await frame.waitForSelector('#results-lines tr[data-campaign="Spring"]', WAIT);
      const row = await frame.$$eval('#results-lines tr[data-campaign="Spring"] td', (cells) => cells.map((c) => c.textContent));
      // Campaign, sent, failed, unsubscribed, answers, revenue of the mailed within 7 days.
      expect(row).toEqual(['Spring', '5', '0', '1', '1', 'R 200.00']);
      const detail = frame.locator('.result[data-campaign="Spring"]');
      expect(await detail.getAttribute('data-verdict')).toBe('unclear');
      expect(await detail.locator('.sentence').textContent()).toBe('Against the control group of 3: revenue per customer +R 23.33 (95% CI −R 50.87 to R 97.54), buying rate +6.7 points (95% CI −47.2 points to 52.5 points): not yet distinguishable from chance.');
      expect(await detail.locator('.lift dd').allTextContents()).toEqual(['+6.7 points (95% CI −47.2 points to 52.5 points)', '+R 23.33 (95% CI −R 50.87 to R 97.54)', '+R 116.67 (95% CI −R 254.36 to R 487.69)']);
      expect(await detail.locator('tbody tr').allTextContents()).toEqual(['Mailed540.0%R 40.00', 'Control333.3%R 16.67']);
      // Nothing wider than the sidebar.
      expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, 'messages-results-1366x768.png') });
    });
  });

  describe('Dashboard sidebar', () => {
    let workbench: TestWorkbench;
    let page: Page;
    let frame: Frame;

    beforeAll(async () => {
      // The demo with two saved segments, so NPS by segment has something to compare.
      const file = path.join(dir, 'demo.xlsx');
      await createDemoWorkbook(file, { customers: 600, seed: 1, today: E2E_TODAY });
      const demo = await openXlsxWorkbook(file);
      appendRecords(demo, openTable(demo, segmentsTab), [{ name: 'Corporate', rule: 'category = "corporate"' }, { name: 'Individuals', rule: 'category = "individual"' }]);
      await demo.save(file);
      workbench = await startWorkbench({ workbook: file, now: `${E2E_TODAY}T12:00:00Z` });
      page = await openWorkbenchPage(browser, workbench);
      await page.setViewportSize({ width: 1366, height: 768 });
      frame = await openSidebar(page, 'dashboard');
      await frame.waitForSelector('svg[data-chart="satisfaction_segments"]', { timeout: 90_000 });
    }, 150_000);

    afterAll(async () => {
      await workbench?.stop();
    });

    it('draws NPS by month from the survey answers, with readable text and one sentence under it', async () => {
      // NPS per month counted here from the Interactions tab: customers only (active, blank contact type or customer).
      const wb = await openXlsxWorkbook(workbench.workbookPath);
      const customers = readTable(wb, customersTab)!.rows.map((r) => r.record).filter((c) => c.status === 'active' && isCustomerContact(c));
      const counted = new Set(customers.map((c) => c.id.trim()));
      const category = new Map(customers.map((c) => [c.id.trim(), c.category.trim()]));
      const months = new Map<string, { n: number; promoters: number; detractors: number }>();
      const byCategory = new Map<string, { n: number; promoters: number; detractors: number }>();
      for (const { record: i } of readTable(wb, interactionsTab)!.rows) {
        if (i.kind !== 'survey' || i.score === undefined || i.score_max === 5 || !counted.has(i.customer_id.trim()) || (i.date ?? '').slice(0, 10) > E2E_TODAY) continue;
        const m = months.get(i.date!.slice(0, 7)) ?? { n: 0, promoters: 0, detractors: 0 };
        m.n++;
        if (i.score >= 9) m.promoters++;
        else if (i.score <= 6) m.detractors++;
        months.set(i.date!.slice(0, 7), m);
        const c = byCategory.get(category.get(i.customer_id.trim()) ?? '') ?? { n: 0, promoters: 0, detractors: 0 };
        c.n++;
        if (i.score >= 9) c.promoters++;
        else if (i.score <= 6) c.detractors++;
        byCategory.set(category.get(i.customer_id.trim()) ?? '', c);
      }
      expect(months.size).toBeGreaterThan(6);
      const marks = await frame.$$eval('svg[data-chart="satisfaction_months"] .mark', (nodes) => nodes.map((n) => ({ label: n.getAttribute('data-label') ?? '', value: n.getAttribute('data-value') })));
      for (const m of marks) {
        const expected = months.get(m.label);
        if (!expected) expect(m.value).toBe('');
        else expect(Number(m.value)).toBeCloseTo((100 * (expected.promoters - expected.detractors)) / expected.n, 1);
      }
      expect(marks.filter((m) => m.value !== '').length).toBe(Math.min(24, months.size));
      // "All customers" first in the segment chart, with every answer.
      const all = [...months.values()].reduce((s, m) => ({ n: s.n + m.n, promoters: s.promoters + m.promoters, detractors: s.detractors + m.detractors }), { n: 0, promoters: 0, detractors: 0 });
      const bars = await frame.$$eval('svg[data-chart="satisfaction_segments"] .mark', (nodes) => nodes.map((n) => ({ label: n.getAttribute('data-label'), value: Number(n.getAttribute('data-value')) })));
      const nps = (g: { n: number; promoters: number; detractors: number } | undefined): number => (g ? (100 * (g.promoters - g.detractors)) / g.n : NaN);
      expect(bars.map((b) => b.label)).toEqual(['All customers', 'Corporate', 'Individuals']);
      expect(bars[0]!.value).toBeCloseTo(nps(all), 1);
      expect(bars[1]!.value).toBeCloseTo(nps(byCategory.get('corporate')), 1);
      expect(bars[2]!.value).toBeCloseTo(nps(byCategory.get('individual')), 1);
      // Readable: no chart text under 11 px, and a sentence under each chart.
      const small = await frame.evaluate(() => {
        const out: string[] = [];
        for (const chart of document.querySelectorAll<SVGSVGElement>('#satisfaction svg[data-chart]')) {
          const scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
          for (const t of chart.querySelectorAll('text')) if (parseFloat(getComputedStyle(t).fontSize) * scale < 11) out.push(t.textContent ?? '');
        }
        return out;
      });
      expect(small).toEqual([]);
      const captions = await frame.$$eval('#satisfaction figcaption', (nodes) => nodes.map((n) => n.textContent ?? ''));
      expect(captions).toHaveLength(2);
      expect(captions[0]).toMatch(/^NPS in 2026-11 was [+−]?\d+, (up|down) \d+ points from 2026-10|^NPS in 2026-11 was [+−]?\d+, the same as 2026-10/);
      // Every cell of the by-segment table says something: a figure, or a dash where no answer is on its scale.
      const cells = await frame.$$eval('#satisfaction td', (nodes) => nodes.map((n) => (n.textContent ?? '').trim()));
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.filter((c) => c === '')).toEqual([]);
      await frame.evaluate(() => document.querySelector('#satisfaction')!.scrollIntoView());
      await page.screenshot({ path: path.join(SHOTS, 'dashboard-satisfaction-1366x768.png') });
    });

    it('follows the segment picker: NPS of the segment\'s customers only, by month and by segment', async () => {
      // Counted again from the Interactions tab, keeping the answers of active corporate customers only.
      const wb = await openXlsxWorkbook(workbench.workbookPath);
      const corporate = new Set(readTable(wb, customersTab)!.rows.map((r) => r.record).filter((c) => c.status === 'active' && isCustomerContact(c) && c.category.trim() === 'corporate').map((c) => c.id.trim()));
      const months = new Map<string, { n: number; promoters: number; detractors: number }>();
      for (const { record: i } of readTable(wb, interactionsTab)!.rows) {
        if (i.kind !== 'survey' || i.score === undefined || i.score_max === 5 || !corporate.has(i.customer_id.trim()) || (i.date ?? '').slice(0, 10) > E2E_TODAY) continue;
        const m = months.get(i.date!.slice(0, 7)) ?? { n: 0, promoters: 0, detractors: 0 };
        m.n++;
        if (i.score >= 9) m.promoters++;
        else if (i.score <= 6) m.detractors++;
        months.set(i.date!.slice(0, 7), m);
      }
      expect(months.size).toBeGreaterThan(3);
      const nps = (g: { n: number; promoters: number; detractors: number }): number => (100 * (g.promoters - g.detractors)) / g.n;
      const all = [...months.values()].reduce((s, m) => ({ n: s.n + m.n, promoters: s.promoters + m.promoters, detractors: s.detractors + m.detractors }), { n: 0, promoters: 0, detractors: 0 });
      const everyone = await frame.$eval('svg[data-chart="satisfaction_segments"] .mark', (n) => Number(n.getAttribute('data-value')));

      await frame.selectOption('#segment', 'Corporate');
      await frame.waitForFunction(() => document.querySelector('svg[data-chart="satisfaction_segments"] .mark')?.getAttribute('data-label') === 'Segment "Corporate"', undefined, { timeout: 60_000 });
      expect(await frame.textContent('#satisfaction [data-covers]')).toBe(`Covers the ${corporate.size} active customers in segment "Corporate" today; the rows below are those of them also in each saved segment.`);
      const bars = await frame.$$eval('svg[data-chart="satisfaction_segments"] .mark', (nodes) => nodes.map((n) => ({ label: n.getAttribute('data-label'), value: n.getAttribute('data-value') })));
      // The segment itself, then the saved segments within it: Corporate is all of it, no individual is corporate.
      expect(bars.map((b) => b.label)).toEqual(['Segment "Corporate"', 'Corporate', 'Individuals']);
      expect(Number(bars[0]!.value)).toBeCloseTo(nps(all), 1);
      expect(Number(bars[1]!.value)).toBeCloseTo(nps(all), 1);
      expect(bars[2]!.value).toBe('');
      expect(Number(bars[0]!.value)).not.toBeCloseTo(everyone, 1);
      const marks = await frame.$$eval('svg[data-chart="satisfaction_months"] .mark', (nodes) => nodes.map((n) => ({ label: n.getAttribute('data-label') ?? '', value: n.getAttribute('data-value') })));
      for (const m of marks) {
        const expected = months.get(m.label);
        if (!expected) expect(m.value).toBe('');
        else expect(Number(m.value)).toBeCloseTo(nps(expected), 1);
      }
      // Every month with a corporate answer inside the chart's window (the last 24 months, to today) has its mark.
      const start = marks[0]?.label ?? '';
      expect(marks.filter((m) => m.value !== '').length).toBe([...months.keys()].filter((k) => k >= start).length);
      await frame.evaluate(() => document.querySelector('#satisfaction')!.scrollIntoView());
      await page.screenshot({ path: path.join(SHOTS, 'dashboard-satisfaction-segment-1366x768.png') });
    });
  });
});
