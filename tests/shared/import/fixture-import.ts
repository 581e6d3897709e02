// Test helper: imports fixture files into a workbook through the same edge reader and engine the CLI uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyImport, planImport, type ImportOptions, type ImportResult } from '../../../shared/import';
import { customersTab, MemoryWorkbook, readTable, type Customer, type Workbook } from '../../../shared/workbook';
import { readSourceFile } from '../../../functions/import/read-file';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/import');

/** The fields the fidelity figure compares (what a person typed into the tool). */
export const FIDELITY_FIELDS = ['first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'region', 'postcode', 'country', 'birth_date', 'customer_since', 'tags', 'notes', 'email_consent', 'account_manager'] as const;

/** Hand-written expectations for one fixture: the country to import with and every customer's fields. */
export interface Expected {
  country: string;
  customers: Partial<Record<(typeof FIDELITY_FIELDS)[number], string | boolean>>[];
}

export function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'expected', `${name}.json`), 'utf8')) as Expected;
}

/** Imports fixture files into `wb` (a new MemoryWorkbook by default) and returns the result and the Customers records. */
export async function importFixtures(names: readonly string[], options: ImportOptions = {}, wb: Workbook = new MemoryWorkbook()): Promise<{ wb: Workbook; result: ImportResult; customers: Customer[] }> {
  const tables = await Promise.all(names.map((n) => readSourceFile(n, readFileSync(path.join(FIXTURES, n)))));
  const plan = planImport(wb, tables, options);
  const result = applyImport(wb, plan, { importId: 'IMP-TEST', at: '2026-12-06T10:00:00Z', by: 'test' });
  return { wb, result, customers: readTable(wb, customersTab)?.rows.map((r) => r.record) ?? [] };
}

/** A customer record reduced to the non-empty fidelity fields. */
export function fidelityView(c: Customer): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of FIDELITY_FIELDS) {
    const v = c[f];
    if (v !== undefined && v !== '') out[f] = v;
  }
  return out;
}
