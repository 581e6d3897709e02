// Issue 3, point 5: the Duplicates sidebar in the workbench (headless Chromium) — find duplicates, merge one
// cluster with a chosen survivor and value, see the .xlsx file changed, undo, and find the file restored.
// Issues 10 and 11: the customers carry typed user columns (dates, links, formulas, numbers), which every undo
// must give back as they were; "Merge all" stays hidden until a list is shown, asks first, and is one batch.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { openXlsxWorkbook } from '../../functions/workbook/xlsx-workbook';
import { appendRecords, cellText, customersTab, openTable, type TypedCell, type TypedCellUpdate } from '../../shared/workbook';
import { E2E_TODAY, openBrowser, openSidebar, openWorkbenchPage, startWorkbench, type TestBrowser, type TestWorkbench } from './harness';

const MARKUP = '<img src=x onerror="window.__pwned=1">';

type TypedTab = { header: string[]; rows: TypedCell[][] };

/** Every tab of the file on disk, typed, but the Merge log and its id counter (the history of what was done). */
async function tabsOnDisk(file: string): Promise<Record<string, TypedTab | undefined>> {
  const wb = await openXlsxWorkbook(file);
  const out: Record<string, TypedTab | undefined> = {};
  for (const tab of wb.tabNames()) {
    if (tab === 'Merge log') continue;
    const header = wb.snapshot(tab)?.header ?? [];
    const rows = wb.typedSnapshot(tab) ?? [];
    out[tab] = { header, rows: tab === 'Settings' ? rows.filter((r) => r[0] !== 'last_id.g') : rows };
  }
  return out;
}

/** A user's own typed cells for customer row i: a date, a hyperlink, a formula and a number. */
function userCells(i: number): TypedCell[] {
  return [
    { kind: 'date', iso: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` },
    { kind: 'link', url: `https://shop.example/c/${i}`, text: `Page ${i}` },
    { kind: 'formula', formula: `=${i}*10`, value: i * 10 },
    i * 3,
  ];
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
  let original: Record<string, TypedTab | undefined>;

  beforeAll(async () => {
    // The demo, plus one person entered twice with markup for a first name: it must show as text.
    dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-dup-e2e-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 400, seed: 4, today: E2E_TODAY });
    const wb = await openXlsxWorkbook(file);
    const person = { first_name: MARKUP, last_name: 'Mokoena', email: 'markup.mokoena@example.com', phone: '+27 82 555 0199', street: '12 Long Street', city: 'Cape Town', postcode: '8001', status: 'active' as const };
    appendRecords(wb, openTable(wb, customersTab), [person, { ...person, street: '12 Long St', updated_at: `${E2E_TODAY}T08:00:00Z` }]);
    // The user's own columns, typed as a person would keep them.
    const header = wb.snapshot(customersTab.name)!.header;
    wb.ensureTab(customersTab.name, { header: [...header, 'Visited', 'Website', 'Points', 'Visits'], textColumns: [] });
    const cells: TypedCellUpdate[] = [];
    const rows = wb.snapshot(customersTab.name)!.rows.length;
    for (let i = 0; i < rows; i++) userCells(i).forEach((value, k) => cells.push({ row: i + 2, col: header.length + 1 + k, value }));
    wb.writeTyped(customersTab.name, cells);
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
    // Nothing to merge all before a list is shown: the form is hidden, not merely empty.
    expect(await frame.isVisible('#merge-all')).toBe(false);
    expect(await frame.isVisible('#merge-all-button')).toBe(false);
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
    // Names next to ids: the markup name is shown as text, with each id in brackets.
    expect(await frame.locator('#merges li .line').first().textContent()).toContain(`${MARKUP} Mokoena (${first}) → ${MARKUP} Mokoena (${second})`);
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

  it('merges every group at or above the chosen level after a yes, as one batch that one undo restores', async () => {
    await frame.click('#find');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toMatch(/most certain first/);
    await showAll(frame);
    const scores = await frame.$$eval('.cluster .score', (nodes) => nodes.map((n) => Number((n.textContent ?? '').replace('%', ''))));
    const expected = scores.filter((s) => s >= 99).length;
    expect(expected).toBeGreaterThan(0);
    await frame.fill('#level', '99');
    await expect.poll(() => frame.textContent('#merge-all-button')).toBe(`Merge all (${expected})`);
    const before = await tabsOnDisk(workbench.workbookPath);
    const mergedBefore = (await openXlsxWorkbook(workbench.workbookPath)).snapshot(customersTab.name)!.rows.filter((r) => r.includes('merged')).length;

    // First it asks: the count and three examples; "Cancel" merges nothing.
    await frame.click('#merge-all-button');
    await expect.poll(() => frame.isVisible('#confirm-all')).toBe(true);
    expect(await frame.textContent('#confirm-question')).toContain(`Merge ${expected} group${expected === 1 ? '' : 's'} at or above 99%?`);
    expect(await frame.locator('#confirm-examples li').count()).toBe(Math.min(3, expected));
    expect(await frame.locator('#confirm-examples li').first().textContent()).toMatch(/\(C-\d+\) into .*\(C-\d+\) \(\d+(\.\d)?%\)$/);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: path.join(os.tmpdir(), 'regulars-merge-all-confirm.png') });
    await frame.click('#cancel-merge-all');
    expect(await frame.isVisible('#confirm-all')).toBe(false);
    await workbench.bridge.idle();
    expect(await tabsOnDisk(workbench.workbookPath)).toEqual(before);

    await frame.click('#merge-all-button');
    await frame.click('#confirm-merge-all');
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toContain(`Merged ${expected} group${expected === 1 ? '' : 's'} at or above 99%.`);
    await workbench.bridge.idle();
    const mergedAfter = (await openXlsxWorkbook(workbench.workbookPath)).snapshot(customersTab.name)!.rows.filter((r) => r.includes('merged')).length;
    expect(mergedAfter - mergedBefore).toBeGreaterThanOrEqual(expected);
    expect(await tabsOnDisk(workbench.workbookPath)).not.toEqual(before);

    // One entry for the whole batch, at the top of the list, undone with one click: every cell back, typed.
    const batch = frame.locator('#merges li.batch').first();
    await expect.poll(() => batch.locator('button.undo').textContent()).toBe('Undo this batch');
    expect(await frame.locator('#merges li.batch').count()).toBe(1);
    expect(await batch.locator('.line').textContent()).toMatch(new RegExp(`^Merge all: ${expected} group`));
    await batch.locator('button.undo').click();
    await expect.poll(() => frame.textContent('#status'), { timeout: 60_000 }).toContain(`Undone: the batch of ${expected} merge`);
    await workbench.bridge.idle();
    expect(await tabsOnDisk(workbench.workbookPath)).toEqual(before);
    await expect.poll(() => frame.locator('#merges li.batch button.undo').first().textContent()).toBe('Undone');
  });
});
