import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDashboardSheet } from '../../shared/dashboard';
import type { CellValue } from '../../shared/workbook';
import { loadBundle } from '../build/apps-script-vm';
import { buildToTemp, removeTempDirs } from '../build/build-to-temp';
import { FakeChartSheet } from './fakes/charts';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';

// The menu items "Score customers" and "Dashboard" as Apps Script runs them: the built Code.js in a fresh realm
// over the SpreadsheetApp fake, with Charts, conditional-format rules, alerts and the sidebar faked by name.

let code = '';

beforeAll(() => {
  code = readFileSync(path.join(buildToTemp(['addon']), 'addon', 'Code.js'), 'utf8');
});
afterAll(removeTempDirs);

function setUp() {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  fake.addSheet('Settings', [['key', 'value'], ['margin_pct', 40], ['currency', 'ZAR']]);
  fake.addSheet('Customers', [['id', 'first_name', 'status'], ...Array.from({ length: 30 }, (_, i) => [`C-${i + 1}`, `Name ${i + 1}`, 'active'])]);
  const purchases: (string | number)[][] = [['id', 'customer_id', 'date', 'amount']];
  for (let i = 0; i < 30; i++) for (let v = 0; v <= i % 4; v++) purchases.push([`P-${purchases.length}`, `C-${i + 1}`, `2025-0${1 + ((i + v * 2) % 6)}-1${v}`, 10 + ((i * 7 + v) % 30)]);
  fake.addSheet('Purchases', purchases);
  const services = fake.services();
  const chartSheet = new FakeChartSheet();
  const alerts: { title: string; text: string }[] = [];
  const sidebars: string[] = [];
  const rules: string[] = [];
  const spreadsheet = {
    getSheets: () => fake.getSheets(),
    insertSheet: (name: string) => fake.insertSheet(name),
    getSpreadsheetTimeZone: () => fake.getSpreadsheetTimeZone(),
    getSheetByName: (name: string) => (fake.sheetNamed(name) ? chartSheet : null),
  };
  const rule = () => {
    const steps: string[] = [];
    const builder = {
      setGradientMinpointWithValue: (colour: string, _type: string, value: string) => (steps.push(`min ${colour} ${value}`), builder),
      setGradientMaxpointWithValue: (colour: string, _type: string, value: string) => (steps.push(`max ${colour} ${value}`), builder),
      setRanges: (ranges: unknown[]) => (steps.push(`ranges ${ranges.length}`), builder),
      build: () => (rules.push(steps.join(', ')), { steps }),
    };
    return builder;
  };
  const ui = { alert: (title: string, text: string) => alerts.push({ title, text }), ButtonSet: { OK: 'OK' }, showSidebar: (html: { name: string }) => sidebars.push(html.name) };
  const { context } = loadBundle(code, {
    SpreadsheetApp: { getActiveSpreadsheet: () => spreadsheet, getUi: () => ui, flush: () => services.flush(), newConditionalFormatRule: rule, InterpolationType: { NUMBER: 'NUMBER' } },
    LockService: { getDocumentLock: () => services.documentLock() },
    Utilities: { formatDate: (d: Date, zone: string, pattern: string) => services.formatDate(d, zone, pattern) },
    Session: { getActiveUser: () => ({ getEmail: () => 'owner@shop.example' }) },
    Charts: { ChartType: { LINE: 'line', COLUMN: 'column', BAR: 'bar', PIE: 'pie' } },
    HtmlService: { createHtmlOutputFromFile: (name: string) => ({ name, setTitle(this: { name: string }) { return this; } }) },
  });
  const run = (name: string): void => (context[name] as () => void)();
  return { fake, chartSheet, alerts, sidebars, rules, run };
}

describe('menu: Score customers and Dashboard (built Code.js)', () => {
  it('Score customers writes the scored columns and says what it did', () => {
    const { fake, alerts, run } = setUp();
    run('runScoreCustomers');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Customers scored');
    expect(alerts[0]!.text).toMatch(/^30 customers scored as of \d{4}-\d{2}-\d{2} \(30 with purchases\)/);
    const header = fake.sheetNamed('Customers')!.getDataRange().getValues()[0];
    expect(header).toContain('churn_risk');
  });

  it('Dashboard writes the tab, draws the native charts with the Charts types and opens the sidebar', () => {
    const { fake, chartSheet, sidebars, rules, alerts, run } = setUp();
    run('showDashboard');
    expect(alerts).toEqual([]);
    const tab = fake.sheetNamed('Dashboard')!.getDataRange().getValues();
    expect(tab[0]!.slice(0, 2)).toEqual(['Table', 'Column 1']);
    // The purchases are in early 2025, so by the real clock every buyer is overdue: the at-risk table is empty and
    // gets no chart; everything else is drawn, each with its Charts type.
    expect(readDashboardSheet(tab.slice(1) as CellValue[][]).get('at_risk')!.rows).toEqual([]);
    expect(chartSheet.charts.map((c) => [c.type, c.options.title])).toEqual([
      ['column', 'Revenue by month'],
      ['line', 'Active and new customers by month'],
      ['line', 'Retention and repeat-purchase rate by month'],
      ['line', 'The 80/20 curve'],
      ['pie', 'Customers by value tier'],
      ['column', 'Value by tier'],
      ['bar', 'Customers by RFM segment'],
      ['bar', 'Lost profit by defection type'],
    ]);
    expect(rules).toEqual(['min #ffffff 0, max #1a73e8 1, ranges 1']);
    expect(sidebars).toEqual(['dashboard']);
  });
});
