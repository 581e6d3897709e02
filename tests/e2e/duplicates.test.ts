// Issue 3, point 5: the Duplicates sidebar in the workbench (headless Chromium) — find duplicates, merge one
// cluster with a chosen survivor and value, see the .xlsx file changed, undo, and find the file restored.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { appendRecords, cellText, customersTab, openTable, type Grid } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const MARKUP = '<img src=x onerror="window.__pwned=1">';

/** Every tab of the file on disk, but the Merge log and its id counter (the history of what was done). */
async function tabsOnDisk(file: string): Promise<Record<string, Grid | undefined>> {
  const wb = await openXlsxWorkbook(file);
  const out: Record<string, Grid | undefined> = {};
  for (const tab of wb.tabNames()) {
    if (tab === 'Merge log') continue;
    const grid = wb.snapshot(tab);
    out[tab] = tab === 'Settings' && grid ? { ...grid, rows: grid.rows.filter((r) => r[0] !== 'last_id.g') } : grid;
  }
  return out;
}

async function customer(file: string, id: string): Promise<Record<string, string>> {
  const grid = (await openXlsxWorkbook(file)).snapshot(customersTab.name)!;
  const row = grid.rows.find((r) => cellText(r[grid.header.indexOf('id')]) === id)!;
  return Object.fromEntries(grid.header.map((h, i) => [h, cellText(row[i])]));
}

/** Clicks "Show more" until every cluster is drawn. */
async function showAll(frame: Frame): Promise<void> {
  for (let i = 0; i < 20 && (await frame.isVisible('#more')); i++) await frame.click('#more');
}

describe('duplicates sidebar in the workbench (Chromium)', { timeout: 180_000 }, () => {
  let dir = '';
  let workbench: TestWorkbench;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  let original: Record<string, Grid | undefined>;

  beforeAll(async () => {
    // The demo, plus one person entered twice with markup for a first name: it must show as text.
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-dup-e2e-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 400, seed: 4, today: E2E_TODAY });
    const wb = await openXlsxWorkbook(file);
    const person = { first_name: MARKUP, last_name: 'Mokoena', email: 'markup.mokoena@example.com', phone: '+27 82 555 0199', street: '12 Long Street', city: 'Cape Town', postcode: '8001', status: 'active' as const };
    appendRecords(wb, openTable(wb, customersTab), [person, { ...person, street: '12 Long St', updated_at: `${E2E_TODAY}T08:00:00Z` }]);
    await wb.save(file);
    workbench = await startWorkbench({ workbook: file });
    original = await tabsOnDisk(workbench.workbookPath);
    browser = await openBrowser();
    page = await openWorkbenchPage(browser, workbench);
    frame = await openSidebar(page, 'duplicates');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds duplicates best first, side by side, with markup shown as text', async () => {
    await frame.click('#find');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toMatch(/possible duplicate groups?, most certain first among \d+ customers/);
    const scores = await frame.$$eval('.cluster .score', (nodes) => nodes.map((n) => Number((n.textContent ?? '').replace('%', ''))));
    expect(scores.length).toBeGreaterThan(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The markup pair is found (further down: "Show more"), shown as literal text, and nothing of it ran.
    const markupCluster = frame.locator('.cluster', { hasText: MARKUP });
    await showAll(frame);
    await expect.poll(() => markupCluster.count()).toBe(1);
    expect(await frame.locator('.cluster img').count()).toBe(0);
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Differing fields are marked; same values are not.
    expect(await markupCluster.locator('tr[data-field="street"]').getAttribute('class')).toBe('differs');
    expect(await markupCluster.locator('tr[data-field="email"]').getAttribute('class')).toBeNull();
  });

  it('merges one cluster with the chosen survivor and value; the file changes; undo restores it', async () => {
    const cluster = frame.locator('.cluster', { hasText: MARKUP });
    const ids = await cluster.locator('th.member').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-id') ?? ''));
    expect(ids).toHaveLength(2);
    // Keep the second record, but take the first record's way of writing the street.
    const [first, second] = ids as [string, string];
    const firstStreet = (await customer(workbench.workbookPath, first)).street!;
    expect(firstStreet).not.toBe((await customer(workbench.workbookPath, second)).street);
    await cluster.locator(`input[type=radio][value="${second}"]`).check();
    await cluster.locator('tr[data-field="street"] input[type=radio][value="0"]').check();
    await cluster.locator('button.merge').click();
    await expect.poll(() => frame.textContent('#status')).toContain(`Merged ${first} into ${second}.`);
    await workbench.bridge.idle();

    const kept = await customer(workbench.workbookPath, second);
    const gone = await customer(workbench.workbookPath, first);
    expect(kept.street).toBe(firstStreet);
    expect(kept.status).toBe('active');
    expect(gone.status).toBe('merged');
    expect(gone.merged_into).toBe(second);
    expect(await frame.locator('.cluster', { hasText: MARKUP }).count()).toBe(0);

    const undo = frame.locator('#merges button.undo').first();
    await expect.poll(() => undo.textContent()).toBe('Undo');
    expect(await frame.locator('#merges li .line').first().textContent()).toContain(`${first} → ${second}`);
    await undo.click();
    await expect.poll(() => frame.textContent('#status')).toContain(`Undone: ${second}, ${first} are separate again.`);
    await workbench.bridge.idle();
    expect(await tabsOnDisk(workbench.workbookPath)).toEqual(original);
    await expect.poll(() => frame.locator('#merges button.undo').first().textContent()).toBe('Undone');
  });

  it('marks a cluster "not a duplicate" so a new search no longer proposes it', async () => {
    await frame.click('#find');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toMatch(/most certain first/);
    await showAll(frame);
    const cluster = frame.locator('.cluster', { hasText: MARKUP });
    await expect.poll(() => cluster.count()).toBe(1);
    await cluster.locator('button.not-duplicate').click();
    await expect.poll(() => frame.textContent('#status')).toContain('will not be proposed again');
    await workbench.bridge.idle();
    await frame.click('#find');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toMatch(/most certain first/);
    await showAll(frame);
    expect(await frame.locator('.cluster').count()).toBeGreaterThan(3);
    expect(await frame.locator('.cluster', { hasText: MARKUP }).count()).toBe(0);
  });

  it('merges every group at or above the chosen level in one go', async () => {
    await frame.click('#find');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toMatch(/most certain first/);
    await showAll(frame);
    const scores = await frame.$$eval('.cluster .score', (nodes) => nodes.map((n) => Number((n.textContent ?? '').replace('%', ''))));
    const expected = scores.filter((s) => s >= 99).length;
    expect(expected).toBeGreaterThan(0);
    await frame.fill('#level', '99');
    await expect.poll(() => frame.textContent('#merge-all-button')).toBe(`Merge all (${expected})`);
    const mergedBefore = (await openXlsxWorkbook(workbench.workbookPath)).snapshot(customersTab.name)!.rows.filter((r) => r.includes('merged')).length;
    await frame.click('#merge-all-button');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toContain(`Merged ${expected} group${expected === 1 ? '' : 's'} at or above 99%.`);
    await workbench.bridge.idle();
    const mergedAfter = (await openXlsxWorkbook(workbench.workbookPath)).snapshot(customersTab.name)!.rows.filter((r) => r.includes('merged')).length;
    expect(mergedAfter - mergedBefore).toBeGreaterThanOrEqual(expected);
    // The Undo list shows the 30 most recent merges, each undoable.
    expect(await frame.locator('#merges button.undo', { hasText: /^Undo$/ }).count()).toBe(Math.min(expected, 30));
  });
});
