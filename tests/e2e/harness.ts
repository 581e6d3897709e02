// Browser-test harness for the workbench: a workbench on a private copy of a workbook, and headless Chromium.
//   const wb = await startWorkbench();                 // demo workbook (seed 1), random free port
//   const browser = await openBrowser();
//   const page = await openWorkbenchPage(browser, wb);  // the workbench page, loaded
//   const card = await openSidebar(page, 'customer-card');
//   ... card.getByRole(...) ...; then openXlsxWorkbook(wb.workbookPath) to check the file
//   await browser.close(); await wb.stop();
// Needs the add-on built (npm test builds it; else `node scripts/build.mjs addon`).
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { createDemoWorkbook } from '../../functions/demo';
import { findBrowser, NO_BROWSER } from './browser';
import { findRoot, listSidebars, openOrCreateWorkbook, startWorkbenchServer, type Bridge } from '../../functions/workbench';

/** The demo's day when a test does not pick one: fixed, so every run sees the same birthdays and recency. */
export const E2E_TODAY = '2026-11-23';

export interface WorkbenchOptions {
  /** An .xlsx file to serve (a copy is made; the original is never touched). Default: the demo workbook. */
  workbook?: string;
  /** Seed of the demo workbook (default 1); ignored when `workbook` is given. */
  seed?: number;
  /** Customers rows of the demo (default 2400). */
  customers?: number;
  /** The demo's today, YYYY-MM-DD (default E2E_TODAY). */
  today?: string;
  /** The clock the server API sees, as an ISO date-time (default: the real time). */
  now?: string;
}

export interface TestWorkbench {
  /** The page's address, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  /** The private .xlsx copy the workbench reads and saves; open it with openXlsxWorkbook to check changes. */
  workbookPath: string;
  /** The bridge, to wait for calls under way (bridge.idle()) or read the version. */
  bridge: Bridge;
  /** Stops the server (after calls under way have saved) and deletes the temp folder. */
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const demoCache = new Map<string, Promise<string>>();

/** A demo workbook generated once per process and options, then copied for each workbench. */
function cachedDemo(seed: number, customers: number, today: string): Promise<string> {
  const key = `${seed}-${customers}-${today}`;
  let made = demoCache.get(key);
  if (!made) {
    made = (async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-demo-'));
      const file = path.join(dir, `demo-${key}.xlsx`);
      await createDemoWorkbook(file, { seed, customers, today });
      return file;
    })();
    demoCache.set(key, made);
  }
  return made;
}

/** The repo's built add-on; a clear error when no sidebar is built yet. */
async function builtAddon(): Promise<string> {
  const root = findRoot(here);
  const dir = root ? path.join(root, 'dist', 'addon') : '';
  if (!root || (await listSidebars(dir)).length === 0) throw new Error('No built sidebars in dist/addon: run `node scripts/build.mjs addon` (npm test does).');
  return dir;
}

/** Starts a workbench in this process on a temp copy of a workbook, on a free port. */
export async function startWorkbench(options: WorkbenchOptions = {}): Promise<TestWorkbench> {
  const addonDir = await builtAddon();
  const source = options.workbook ?? (await cachedDemo(options.seed ?? 1, options.customers ?? 2400, options.today ?? E2E_TODAY));
  if (!existsSync(source)) throw new Error(`No workbook at ${source}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-workbench-'));
  const workbookPath = path.join(dir, 'workbook.xlsx');
  await copyFile(source, workbookPath);
  const { wb } = await openOrCreateWorkbook(workbookPath, options.today ?? E2E_TODAY);
  const now = options.now;
  const server = await startWorkbenchServer({ wb, workbookPath, addonDir, port: 0, user: 'e2e@example.test', ...(now ? { now: () => now } : {}) });
  return {
    url: server.url,
    port: server.port,
    workbookPath,
    bridge: server.bridge,
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Closes Chromium and deletes its profile. */
  close(): Promise<void>;
}

/** Headless Chromium (see ./browser for which one) with a fresh profile; one line saying what to install when none starts. */
export async function openBrowser(): Promise<TestBrowser> {
  const browser = await findBrowser();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'regulars-chromium-'));
  await mkdir(profile, { recursive: true });
  let context: BrowserContext;
  try {
    // Playwright takes the profile folder as an argument of launchPersistentContext rather than --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: ['--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(`The ${browser.source} browser at ${browser.executablePath} did not start (${first}). ${NO_BROWSER}`);
  }
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab on the workbench page, once its tabs and sidebar list have loaded. */
export async function openWorkbenchPage(browser: TestBrowser, workbench: Pick<TestWorkbench, 'url'>): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(workbench.url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Opens a sidebar in the workbench's sidebar pane and returns its frame once loaded. */
export async function openSidebar(page: Page, name: string): Promise<Frame> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame.parentFrame() === page.mainFrame() && new URL(frame.url()).pathname === `/sidebar/${name}`,
  });
  await page.click(`#sidebars button[data-sidebar="${name}"]`);
  const frame = await navigated;
  await frame.waitForLoadState('load');
  return frame;
}

/** Shows a tab in the workbench and clicks the first row containing `text` (what getSelectedCustomer then reads). */
export async function selectRow(page: Page, tab: string, text: string): Promise<number> {
  await page.click(`#tabs button[data-tab="${tab}"]`);
  await page.fill('#filter', text);
  // The row with a cell that is exactly the text (an id also stands inside membership numbers: FC-0000012-3 holds C-000001).
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = page.locator('#grid tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${escaped}$`) }) }).first();
  await row.waitFor();
  const selected = page.waitForResponse((res) => new URL(res.url()).pathname === '/workbench/select');
  await row.click();
  await selected;
  return Number(await row.getAttribute('data-row'));
}
