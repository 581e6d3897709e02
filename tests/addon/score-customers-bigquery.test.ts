import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../build/apps-script-vm';
import { buildToTemp, removeTempDirs } from '../build/build-to-temp';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';

// The menu item "Score customers" with Settings warehouse = bigquery, as Apps Script runs it: the built Code.js in
// a fresh realm over the SpreadsheetApp fake, with UrlFetchApp, ScriptApp, PropertiesService and Utilities faked
// by name. It must ask the clv function (REGULARS_FUNCTIONS_URL + /clv) to score this spreadsheet from BigQuery,
// show what the function answered, and never rewrite the Customers tab from the partial Purchases tab.

let code = '';

beforeAll(() => {
  code = readFileSync(path.join(buildToTemp(['addon']), 'addon', 'Code.js'), 'utf8');
});
afterAll(removeTempDirs);

interface Fetched {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function setUp(functionsUrl: string | null, answer: { status: number; body: unknown }) {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  fake.addSheet('Settings', [
    ['key', 'value'],
    ['time_zone', 'Africa/Johannesburg'],
    ['warehouse', 'bigquery'],
    ['bigquery_project', 'shop-analytics-42'],
    ['bigquery_dataset', 'regulars'],
    ['bigquery_purchases_table', 'purchases'],
  ]);
  // Scores the function wrote earlier from the whole log; the tab's two purchases are a small part of it.
  fake.addSheet('Customers', [['id', 'first_name', 'status', 'orders', 'revenue', 'clv_12m'], ['C-1', 'Ann', 'active', 41, 2050.5, 812.25], ['C-2', 'Ben', 'active', 3, 99, 40]]);
  fake.addSheet('Purchases', [['id', 'customer_id', 'date', 'amount'], ['P-1', 'C-1', '2025-01-05', 20], ['P-2', 'C-2', '2025-02-01', 30]]);
  const before = fake.sheetNamed('Customers')!.getDataRange().getValues();
  const services = fake.services();
  const alerts: { title: string; text: string }[] = [];
  const fetched: Fetched[] = [];
  const spreadsheet = {
    getId: () => '1AbC-shop-sheet',
    getSheets: () => fake.getSheets(),
    insertSheet: (name: string) => fake.insertSheet(name),
    getSpreadsheetTimeZone: () => fake.getSpreadsheetTimeZone(),
    getSheetByName: (name: string) => fake.sheetNamed(name) ?? null,
  };
  const ui = { alert: (title: string, text: string) => alerts.push({ title, text }), ButtonSet: { OK: 'OK' } };
  const { context } = loadBundle(code, {
    SpreadsheetApp: { getActiveSpreadsheet: () => spreadsheet, getUi: () => ui, flush: () => services.flush() },
    LockService: { getDocumentLock: () => services.documentLock() },
    Utilities: {
      formatDate: (d: Date, zone: string, pattern: string) => services.formatDate(d, zone, pattern),
      newBlob: (text: string) => ({ text }),
      // The payload stays readable: the test checks the JSON the function would inflate.
      gzip: (blob: { text: string }) => ({ getBytes: () => `gzip:${blob.text}` }),
    },
    Session: { getActiveUser: () => ({ getEmail: () => 'owner@shop.example' }) },
    ScriptApp: { getIdentityToken: () => 'id-token' },
    PropertiesService: { getScriptProperties: () => ({ getProperty: (key: string) => (key === 'REGULARS_FUNCTIONS_URL' ? functionsUrl : null) }) },
    UrlFetchApp: {
      fetch: (url: string, request: { headers: Record<string, string>; payload: string }) => {
        fetched.push({ url, headers: request.headers, body: JSON.parse(request.payload.replace(/^gzip:/, '')) });
        return { getResponseCode: () => answer.status, getContentText: () => JSON.stringify(answer.body) };
      },
    },
  });
  (context.runScoreCustomers as () => void)();
  const after = fake.sheetNamed('Customers')!.getDataRange().getValues();
  return { alerts, fetched, before, after, writes: fake.calls.filter((c) => /^set/.test(c.method)).length };
}

const ANSWER = {
  source: 'bigquery:shop-analytics-42.regulars.purchases',
  asOf: '2025-06-30',
  scored: 2,
  buyers: 2,
  cells: 16,
  purchaseModel: 'bgnbd',
  spendModel: 'gamma-gamma',
  warnings: [],
  notes: [],
};

describe('menu: Score customers with Settings warehouse = bigquery (built Code.js)', () => {
  it('asks the clv function to score this spreadsheet from BigQuery and shows its answer', () => {
    const { alerts, fetched, before, after, writes } = setUp('https://europe-west1-shop.cloudfunctions.net/', { status: 200, body: ANSWER });
    expect(fetched).toEqual([{ url: 'https://europe-west1-shop.cloudfunctions.net/clv', headers: { Authorization: 'Bearer id-token', 'Content-Encoding': 'gzip' }, body: { sheet: true, spreadsheetId: '1AbC-shop-sheet' } }]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Customers scored from BigQuery');
    expect(alerts[0]!.text).toMatch(/^2 customers scored from BigQuery \(shop-analytics-42\.regulars\.purchases\) as of 2025-06-30 \(2 with purchases\), using BG\/NBD and Gamma-Gamma\./);
    expect(alerts[0]!.text).toContain('were not updated');
    // C-1's 41 orders are not replaced by the tab's one purchase: the add-on wrote nothing.
    expect(after).toEqual(before);
    expect(writes).toBe(0);
  });

  it('without REGULARS_FUNCTIONS_URL refuses, naming it, and leaves the Customers tab as it was', () => {
    const { alerts, fetched, before, after, writes } = setUp(null, { status: 200, body: ANSWER });
    expect(fetched).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Customers were not scored');
    expect(alerts[0]!.text).toContain('no functions URL is configured (script property REGULARS_FUNCTIONS_URL)');
    expect(after).toEqual(before);
    expect(writes).toBe(0);
  });

  it('shows the function refusing (another spreadsheet) and writes nothing', () => {
    const refusal = { error: 'this clv function scores another spreadsheet (its REGULARS_SPREADSHEET_ID is not the one asked for); nothing was read or written', code: 'other_spreadsheet' };
    const { alerts, before, after, writes } = setUp('https://europe-west1-shop.cloudfunctions.net', { status: 409, body: refusal });
    expect(alerts[0]!.title).toBe('Customers were not scored');
    expect(alerts[0]!.text).toContain('the clv function answered 409: this clv function scores another spreadsheet');
    expect(after).toEqual(before);
    expect(writes).toBe(0);
  });
});
