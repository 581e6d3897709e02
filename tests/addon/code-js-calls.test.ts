import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersTab, SCHEMA_VERSION, TABS } from '../../shared/workbook';
import { loadBundle } from '../build/apps-script-vm';
import { buildToTemp, removeTempDirs } from '../build/build-to-temp';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';

// Sidebar calls as Apps Script runs them: the built Code.js in a fresh realm, its top-level functions called
// the way google.script.run calls them, over the SpreadsheetApp fake. This proves the delegates reach the real
// server code, and that what comes back can cross google.script.run (JSON only: no Date, no undefined).

let code = '';

beforeAll(() => {
  code = readFileSync(path.join(buildToTemp(['addon']), 'addon', 'Code.js'), 'utf8');
});
afterAll(removeTempDirs);

const HEADER = Object.keys(customersTab.columns);
function customer(values: Record<string, string>): (string | null)[] {
  return HEADER.map((h) => values[h] ?? null);
}

/** A small Customers tab (rows 2-4) and the Apps Script services over it; `selectedRow` is the cursor. */
function setUp(selectedRow?: number) {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  fake.addSheet('Customers', [
    HEADER,
    customer({ id: 'C-000001', contact_type: 'customer', category: 'individual', first_name: 'Nomsa', last_name: 'Dlamini', email: 'nomsa@example.co.za', city: 'Durban', status: 'active' }),
    customer({ id: 'C-000002', contact_type: 'customer', category: 'individual', first_name: 'Pieter', last_name: 'van Wyk', email: 'pieter@example.co.za', city: 'Stellenbosch', status: 'active' }),
    customer({ id: 'C-000003', contact_type: 'customer', category: 'corporate', first_name: 'Aisha', last_name: 'Patel', company: 'Patel Cycles', city: 'Johannesburg', status: 'active' }),
  ]);
  const services = fake.services();
  const range = selectedRow === undefined ? null : { getSheet: () => ({ getName: () => 'Customers' }), getRow: () => selectedRow };
  const { context, accesses } = loadBundle(code, {
    SpreadsheetApp: { getActiveSpreadsheet: () => fake, getActiveRange: () => range, flush: () => services.flush() },
    LockService: { getDocumentLock: () => services.documentLock() },
    Utilities: { formatDate: (d: Date, zone: string, pattern: string) => services.formatDate(d, zone, pattern) },
    Session: { getActiveUser: () => ({ getEmail: () => 'owner@shop.example' }) },
  });
  const call = (name: string, input: unknown): unknown => (context[name] as (i: unknown) => unknown)(input);
  return { fake, call, accesses };
}

/** Paths of values google.script.run cannot carry (Date, undefined, functions, non-finite numbers). */
function nonJson(value: unknown, at = '$'): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonJson(v, `${at}[${i}]`));
  if (typeof value === 'object' && Object.prototype.toString.call(value) === '[object Object]') {
    return Object.entries(value).flatMap(([k, v]) => nonJson(v, `${at}.${k}`));
  }
  return [at];
}

describe('Code.js sidebar calls over SpreadsheetApp', () => {
  it('searchCustomers finds a customer by surname, with its sheet row', () => {
    const { call } = setUp();
    const result = call('searchCustomers', { query: 'dlamini' }) as { ok: boolean; value: { id: string; row: number; city: string }[] };
    expect(nonJson(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.value.map((c) => [c.id, c.row, c.city])).toEqual([['C-000001', 2, 'Durban']]);
  });

  it('getCustomerCard opens a card by id', () => {
    const { call } = setUp();
    const result = call('getCustomerCard', { id: 'C-000002' }) as { ok: boolean; value: { id: string; row: number; fields: Record<string, unknown> } };
    expect(nonJson(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.value.row).toBe(3);
    expect(result.value.fields.last_name).toBe('van Wyk');
  });

  it('getSelectedCustomer opens the customer on the selected row', () => {
    const { call } = setUp(4);
    const result = call('getSelectedCustomer', {}) as { ok: boolean; value: { id: string } };
    expect(result.ok).toBe(true);
    expect(result.value.id).toBe('C-000003');
  });

  it('saveCustomer writes the changed cell under the document lock, as text', () => {
    const { fake, call } = setUp();
    const result = call('saveCustomer', { id: 'C-000003', changes: { phone: '+27 82 555 0101' }, profile: {} }) as { ok: boolean; value: { written: number } };
    expect(nonJson(result)).toEqual([]);
    expect(result.ok).toBe(true);
    const sheet = fake.sheetNamed('Customers')!.dump();
    const phone = HEADER.indexOf('phone');
    // Row 4 of the sheet, stored as E.164 (by the add-on's phone-lite stand-in); a leading + would have made a
    // formula without the guard.
    expect(sheet.values[3]![phone]).toBe('+27825550101');
    expect(sheet.formulas[3]![phone]).toBeUndefined();
    expect([fake.count('waitLock'), fake.count('releaseLock'), fake.lockHeld]).toEqual([1, 1, false]);
  });

  it('refuses bad input as data, not as a thrown error', () => {
    const { call } = setUp();
    const result = call('getCustomerCard', { row: 'two' }) as { ok: boolean; issues: unknown[] };
    expect(result.ok).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
    expect(nonJson(result)).toEqual([]);
  });

  it('findDuplicates runs the bundled engine in Apps Script for a small sheet (phones read by the stand-in)', () => {
    const fake = new FakeSpreadsheet('Africa/Johannesburg');
    fake.addSheet('Settings', [['key', 'value'], ['country', 'ZA']]);
    fake.addSheet('Customers', [
      HEADER,
      customer({ id: 'C-000001', first_name: 'Nomsa', last_name: 'Dlamini', email: 'nomsa.dlamini@example.co.za', phone: '082 555 1234', city: 'Durban', birth_date: '1984-03-02', status: 'active' }),
      customer({ id: 'C-000002', first_name: 'Pieter', last_name: 'van Wyk', email: 'pieter@example.co.za', phone: '021 555 9876', city: 'Stellenbosch', status: 'active' }),
      customer({ id: 'C-000003', first_name: 'nomsa', last_name: 'DLAMINI', email: 'Nomsa.Dlamini@example.co.za', phone: '+27 82 555 1234', city: 'Durban', birth_date: '1984-03-02', status: 'active' }),
      customer({ id: 'C-000004', first_name: 'Aisha', last_name: 'Patel', email: 'aisha@example.co.za', city: 'Johannesburg', status: 'active' }),
    ]);
    const services = fake.services();
    const { context } = loadBundle(code, {
      SpreadsheetApp: { getActiveSpreadsheet: () => fake, getActiveRange: () => null, flush: () => services.flush() },
      LockService: { getDocumentLock: () => services.documentLock() },
      Utilities: { formatDate: (d: Date, zone: string, pattern: string) => services.formatDate(d, zone, pattern) },
      Session: { getActiveUser: () => ({ getEmail: () => 'owner@shop.example' }) },
      PropertiesService: { getScriptProperties: () => ({ getProperty: () => null }), getDocumentProperties: () => ({ getProperty: () => null }) },
    });
    const result = (context.findDuplicates as (i: unknown) => unknown)({}) as { ok: boolean; value: { engine: string; clusters: { members: { id: string }[] }[] } };
    expect(result.ok).toBe(true);
    expect(result.value.clusters.map((c) => c.members.map((m) => m.id).sort())).toEqual([['C-000001', 'C-000003']]);
    expect(nonJson(result)).toEqual([]);
  });

  it('setUpWorkbook creates every contract tab in an empty spreadsheet and records the schema version', () => {
    const fake = new FakeSpreadsheet();
    const services = fake.services();
    const { context } = loadBundle(code, {
      SpreadsheetApp: { getActiveSpreadsheet: () => fake, flush: () => services.flush() },
      LockService: { getDocumentLock: () => services.documentLock() },
      Utilities: { formatDate: (d: Date, zone: string, pattern: string) => services.formatDate(d, zone, pattern) },
    });
    expect((context.setUpWorkbook as () => unknown)()).toEqual({ from: 0, to: SCHEMA_VERSION });
    for (const def of TABS) expect(fake.sheetNamed(def.name), def.name).toBeDefined();
    expect(fake.sheetNamed('Customers')!.dump().values[0]).toEqual(HEADER);
  });
});
