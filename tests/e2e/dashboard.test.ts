// Issue 4, point 5: the Dashboard sidebar in the workbench (headless Chromium) draws the dashboard specs as inline
// SVG with the workbook's figures, and "Score customers" writes the scored columns into the .xlsx file.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { createDemoWorkbook } from '../../functions/demo';
import { createAnalyticsApi, SCORED_COLUMNS } from '../../shared/api';
import { isCustomerContact } from '../../shared/loyalty';
import { customersTab, openTable, parseSettings, purchasesTab, readTable, saveChanges, SETTINGS_TAB, type Workbook } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const NOW = `${E2E_TODAY}T12:00:00Z`;
/**
 * Where the screenshots go: a temp folder, so a test run never changes the repository; REGULARS_SHOTS=docs/img
 * refreshes the ones the README shows.
 */
const SHOTS = process.env.REGULARS_SHOTS ?? path.join(os.tmpdir(), 'regulars-dashboard-shots');
const MARKUP = '<img src=x onerror="window.__pwned=1">';

/** Revenue, active customers and purchase rows per month, counted straight from the Purchases rows. */
function monthly(wb: Workbook): { revenue: Map<string, number>; active: Map<string, number>; orders: Map<string, number> } {
  const order = parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
  const customers = readTable(wb, customersTab, order)!.rows.map((r) => r.record);
  // Prospects, suppliers and partners are not customers: their purchases are not on the Dashboard (issue 13 §6).
  const others = new Set(customers.filter((c) => !isCustomerContact(c)).map((c) => c.id.trim()));
  const into = new Map(customers.filter((c) => c.status === 'merged' && c.merged_into !== '').map((c) => [c.id, c.merged_into]));
  const survivor = (id: string): string => {
    let current = id;
    for (let i = 0; i < 32 && into.has(current); i++) current = into.get(current)!;
    return current;
  };
  const revenue = new Map<string, number>();
  const buyers = new Map<string, Set<string>>();
  const orders = new Map<string, number>();
  for (const { record: p } of readTable(wb, purchasesTab, order)!.rows) {
    if (p.customer_id.trim() === '' || others.has(p.customer_id.trim()) || p.date === undefined || p.date.slice(0, 10) > E2E_TODAY) continue;
    const month = p.date.slice(0, 7);
    revenue.set(month, (revenue.get(month) ?? 0) + (p.amount ?? 0));
    if ((p.amount ?? 0) < 0) continue;
    orders.set(p.customer_id.trim(), (orders.get(p.customer_id.trim()) ?? 0) + 1);
    const set = buyers.get(month) ?? new Set<string>();
    set.add(survivor(p.customer_id.trim()));
    buyers.set(month, set);
  }
  return { revenue, active: new Map([...buyers].map(([m, s]) => [m, s.size])), orders };
}

/**
 * Runs in the page: every chart text under 11 px on screen (its font size × the SVG's scale), every text whose box
 * leaves its SVG, and every shortened label (ending in "…") without its full text in a <title>, or a label that was
 * shortened (its <title> differs from what is shown) without an ellipsis.
 */
function readabilityProblems(): string[] {
  const out: string[] = [];
  for (const chart of document.querySelectorAll<SVGSVGElement>('svg[data-chart]')) {
    const id = chart.getAttribute('data-chart');
    const box = chart.getBoundingClientRect();
    const viewBox = chart.viewBox.baseVal;
    const scale = viewBox && viewBox.width > 0 ? box.width / viewBox.width : 1;
    for (const text of chart.querySelectorAll('text')) {
      const shown = [...text.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' ').trim();
      if (shown === '') continue;
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (size < 11) out.push(`${id}: "${shown}" is ${size.toFixed(1)} px`);
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) out.push(`${id}: "${shown}" is clipped`);
      const full = text.querySelector('title')?.textContent ?? null;
      if (shown.endsWith('…') && (full === null || !full.startsWith(shown.slice(0, -1).split(' ')[0]!))) out.push(`${id}: "${shown}" is cut without its full text`);
      // A shown text that is the start of its full text, stopping inside a word or after a separator, was cut.
      const next = full !== null && full !== shown && full.startsWith(shown) ? full[shown.length]! : '';
      if (!shown.endsWith('…') && (/[.,]$/.test(shown) || (/\w$/.test(shown) && /\w/.test(next)))) out.push(`${id}: "${shown}" is cut without an ellipsis`);
      if (/\d\.$/.test(shown)) out.push(`${id}: "${shown}" ends in a cut number`);
    }
  }
  return out;
}

async function marks(frame: Frame, chart: string, series?: string): Promise<{ label: string; value: number | null }[]> {
  return frame.$$eval(
    `svg[data-chart="${chart}"] .mark`,
    (nodes, wanted) =>
      nodes
        .filter((n) => wanted === null || n.getAttribute('data-series') === wanted)
        .map((n) => ({ label: n.getAttribute('data-label') ?? '', value: n.getAttribute('data-value') === '' ? null : Number(n.getAttribute('data-value')) })),
    series ?? null,
  );
}

describe('dashboard sidebar in the workbench (Chromium)', { timeout: 180_000 }, () => {
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  let dir = '';
  let defectionsBefore = 0;

  beforeAll(async () => {
    // The demo, with markup for the first name of the customer at the top of the defections list.
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-dashboard-e2e-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 300, seed: 11, today: E2E_TODAY });
    const wb = await openXlsxWorkbook(file);
    const view = createAnalyticsApi({ workbook: () => wb, now: () => NOW, user: () => 'e2e' }).getDashboard({});
    if (!view.ok) throw new Error('no dashboard');
    const top = String(view.value.tables.find((t) => t.id === 'defections')!.rows[0]![0]);
    const table = openTable(wb, customersTab);
    const row = table.rows.find((r) => r.record.id === top)!;
    saveChanges(wb, table, [{ row: row.row, before: row.record, after: { ...row.record, first_name: MARKUP } }]);
    await wb.save(file);
    defectionsBefore = wb.snapshot('Defections')?.rows.length ?? 0;
    workbench = await startWorkbench({ workbook: file, now: NOW });
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    frame = await openSidebar(page, 'dashboard');
    await frame.waitForSelector('svg[data-chart="revenue"]', { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart, with revenue and active customers per month matching the Purchases tab', async () => {
    // Satisfaction and NPS (issue 13 §4) load after the rest, from their own call.
    await frame.waitForSelector('svg[data-chart="satisfaction_segments"]', { timeout: 60_000 });
    const charts = await frame.$$eval('svg[data-chart]', (nodes) => nodes.map((n) => `${n.getAttribute('data-chart')}:${n.getAttribute('data-type')}`));
    expect(charts).toEqual(['revenue:column', 'active:line', 'retention:line', 'cohorts:heatmap', 'pareto:line', 'tiers_customers:pie', 'tiers_value:column', 'segments:bar', 'at_risk:bar', 'defection_types:bar', 'satisfaction_months:line', 'satisfaction_segments:bar']);
    const expected = monthly(await openXlsxWorkbook(workbench.workbookPath));
    const revenue = await marks(frame, 'revenue');
    expect(revenue.length).toBeGreaterThan(6);
    expect(revenue.at(-1)!.label).toBe(E2E_TODAY.slice(0, 7));
    for (const m of revenue) expect(m.value).toBeCloseTo(expected.revenue.get(m.label) ?? 0, 2);
    const active = await marks(frame, 'active', 'Active customers');
    expect(active.map((m) => m.value)).toEqual(active.map((m) => expected.active.get(m.label) ?? 0));
    // The cohort heatmap: each drawn cell shows its share as a whole percent (M0, always 100%, may be left out here).
    const cells = await marks(frame, 'cohorts', 'M1');
    expect(cells.length).toBeGreaterThan(0);
    const printed = await frame.$$eval('svg[data-chart="cohorts"] text.cell.middle', (nodes) => nodes.map((n) => n.textContent ?? ''));
    for (const c of cells) expect(printed).toContain(String(Math.round(c.value! * 100)));
    // A customer's name is text: the markup shows literally in the defections list and nothing of it ran.
    expect(await frame.locator('[data-table="defections"] tbody tr').first().textContent()).toContain(MARKUP);
    expect(await frame.locator('#app img').count()).toBe(0);
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  for (const width of [300, 1366]) {
    it(`is readable at ${width} px: no chart text under 11 px, no clipped or cut label, and a sentence under each chart`, async () => {
      const wide = await browser.newPage();
      try {
        await wide.setViewportSize({ width, height: width < 500 ? 1400 : 900 });
        await wide.goto(new URL('/sidebar/dashboard', workbench.url).href);
        const errors: string[] = [];
        wide.on('pageerror', (e) => errors.push(e.message));
        wide.on('console', (m) => errors.push(m.text()));
        await wide.waitForSelector('svg[data-chart="defection_types"]', { timeout: 60_000 }).catch(async (e: unknown) => {
          throw new Error(`${String(e)} ${errors.join(' | ')} ${await wide.textContent('body')}`);
        });
        await wide.waitForSelector('svg[data-chart="satisfaction_segments"]', { timeout: 60_000 });
        const problems = await wide.evaluate(readabilityProblems);
        expect(problems).toEqual([]);
        // Every category a mark stands for is printed whole, or shortened with "…" and whole in its tooltip.
        const missing = await wide.evaluate(() => {
          const out: string[] = [];
          for (const chart of document.querySelectorAll('svg[data-type="bar"]')) {
            const printed = [...chart.querySelectorAll('text')].flatMap((t) => [[...t.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' '), t.querySelector('title')?.textContent ?? '']);
            for (const m of chart.querySelectorAll('.mark')) if (!printed.includes(m.getAttribute('data-label') ?? '')) out.push(m.getAttribute('data-label') ?? '');
          }
          return out;
        });
        expect(missing).toEqual([]);
        // Labelled axes: money in the Settings currency with compact ticks, several ticks on the value axis.
        const ticks = await wide.$$eval('svg[data-chart="revenue"] text.tick.end', (nodes) => nodes.map((n) => n.textContent ?? ''));
        expect(ticks.length).toBeGreaterThanOrEqual(4);
        expect(await wide.textContent('svg[data-chart="revenue"] text.axis-title')).toMatch(/^Revenue \(\w+\)$/);
        const captions = await wide.$$eval('figure figcaption', (nodes) => nodes.map((n) => n.textContent ?? ''));
        expect(captions).toHaveLength(12);
        for (const c of captions) expect(c).toMatch(/^\S.{20,}[.:]?/);
        if (width === 1366) {
          // Wide enough for the whole heat map: M0 is every cohort's 100% month.
          const m0 = await wide.$$eval('svg[data-chart="cohorts"] .mark[data-series="M0"]', (nodes) => nodes.map((n) => Number(n.getAttribute('data-value'))));
          expect(m0.length).toBeGreaterThan(0);
          expect(m0.every((v) => v === 1)).toBe(true);
        }
        // Nothing wider than the pane: no sideways scrolling.
        expect(await wide.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
        // REGULARS_SHOTS_FULL=1 also keeps the whole page, to look at every chart.
        if (process.env.REGULARS_SHOTS_FULL) await wide.screenshot({ path: path.join(SHOTS, `dashboard-${width}-full.png`), fullPage: true });
        await wide.evaluate(() => document.querySelector('figure[data-figure="revenue"]')!.scrollIntoView());
        await wide.screenshot({ path: path.join(SHOTS, `dashboard-${width}.png`) });
      } finally {
        await wide.close();
      }
    });
  }

  it('"Score customers" writes the scored columns to Customers in the .xlsx', async () => {
    await frame.click('#score');
    await expect.poll(() => frame.textContent('#status'), { timeout: 90_000 }).toMatch(/^Scored \d+ customers as of 2026-11-23/);
    await workbench.bridge.idle();
    const wb = await openXlsxWorkbook(workbench.workbookPath);
    const grid = wb.snapshot(customersTab.name)!;
    for (const column of SCORED_COLUMNS) expect(grid.header).toContain(column);
    const at = (name: string) => grid.header.indexOf(name);
    const { orders } = monthly(wb);
    let buyers = 0;
    for (const row of grid.rows) {
      const id = String(row[at('id')] ?? '');
      if (row[at('status')] === 'merged') continue;
      for (const column of SCORED_COLUMNS) expect(Number.isNaN(row[at(column)])).toBe(false);
      const p = row[at('p_alive')];
      if (p !== null) expect(p as number).toBeGreaterThanOrEqual(0);
      if (p !== null) expect(p as number).toBeLessThanOrEqual(1);
      if ((orders.get(id) ?? 0) > 0) {
        buyers++;
        // Each customer's own purchase rows (merged customers' rows add to theirs, so at least as many).
        expect(row[at('orders')] as number).toBeGreaterThanOrEqual(orders.get(id)!);
        expect(['high', 'medium', 'low']).toContain(row[at('clv_tier')]);
      }
    }
    expect(buyers).toBeGreaterThan(50);
    // Newly detected defections are recorded once each, with a lost-profit estimate.
    const defections = wb.snapshot('Defections')!;
    const col = (name: string) => defections.header.indexOf(name);
    const key = (r: readonly unknown[]) => `${String(r[col('customer_id')])}|${String(r[col('type')])}|${String(r[col('detected_at')])}`;
    const added = defections.rows.slice(defectionsBefore);
    expect(added.length).toBeGreaterThan(0);
    const existing = new Set(defections.rows.slice(0, defectionsBefore).map(key));
    expect(new Set(added.map(key)).size).toBe(added.length);
    expect(added.some((r) => existing.has(key(r)))).toBe(false);
    expect(added.every((r) => typeof r[col('lost_profit_estimate')] === 'number')).toBe(true);
  });
});
