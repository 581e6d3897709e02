import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyPurchaseImport, planPurchaseImport, undoImport } from '../../../shared/import';
import { customersTab, purchasesTab, readTable, type Workbook } from '../../../shared/workbook';
import { readSourceFile } from '../../../functions/import/read-file';
import { FIXTURES, importFixtures } from './fixture-import';

const CTX = { importId: 'IMP-P', at: '2026-12-06T10:00:00Z', by: 'test' };

async function importPurchases(wb: Workbook, names: string[]) {
  const tables = await Promise.all(names.map((n) => readSourceFile(n, readFileSync(path.join(FIXTURES, 'purchases', n)))));
  return applyPurchaseImport(wb, planPurchaseImport(wb, tables, { country: 'ZA' }), CTX);
}

function purchases(wb: Workbook) {
  const ids = new Map(readTable(wb, customersTab)!.rows.map((r) => [r.record.id, `${r.record.first_name} ${r.record.last_name}`]));
  return readTable(wb, purchasesTab)!.rows.map((r) => [ids.get(r.record.customer_id), r.record.date, r.record.amount, r.record.description, r.record.channel]);
}

describe('purchase imports', () => {
  it('folds Shopify line items into one purchase per order, keeps a return negative, creates the missing customer', async () => {
    const { wb } = await importFixtures(['shopify-customers.csv'], { country: 'ZA' });
    const result = await importPurchases(wb, ['shopify-orders.csv']);
    expect(result.files[0]).toMatchObject({ rows: 3, created: 3, skipped: 0, issues: [], customersCreated: 1 });
    expect(purchases(wb)).toEqual([
      ['Naledi Khumalo', '2024-03-02', 500, '#1001: Chain lube; Brake pads', 'web'],
      ['Sam New', '2024-03-05', 1200, '#1002: Helmet', 'web'],
      ['Naledi Khumalo', '2024-03-09', -75, '#1003: Chain lube (returned)', 'pos'],
    ]);
    expect(readTable(wb, customersTab)!.rows.find((r) => r.record.email === 'sam.new@example.com')!.record.phone).toBe('+27715550999');
  });

  it('keeps a Square refund of a payment as its own negative purchase, and skips a sale with no customer', async () => {
    const { wb } = await importFixtures(['square-customers.csv'], { country: 'ZA' });
    const result = await importPurchases(wb, ['square-transactions.csv']);
    expect(result.files[0]!.issues).toEqual([{ row: 3, column: 'Customer ID', reason: 'no customer (e-mail, phone, id or name); row skipped' }]);
    expect(purchases(wb)).toEqual([
      ['Bongani Zulu', '2024-01-15', 45, 'kQ1x3vZ9: Flat white', 'Point of Sale'],
      ['Bongani Zulu', '2024-01-17', -45, 'kQ1x3vZ9: Flat white', 'Point of Sale'],
    ]);
  });

  it('reads Yoco amounts with a decimal comma, skips a declined card, matches by e-mail; plain sheets match a unique name', async () => {
    const { wb } = await importFixtures(['hubspot-contacts.csv', 'google-contacts.csv'], { country: 'ZA' });
    const result = await importPurchases(wb, ['yoco-transactions.csv', 'plain-sales.csv']);
    expect(result.files.map((f) => [f.created, f.skipped])).toEqual([[2, 1], [3, 0]]);
    expect(purchases(wb)).toEqual([
      ['Priya Naidoo', '2024-02-01', 320, 'Service: gear tune', 'Card'],
      ['Priya Naidoo', '2024-02-03', -120, 'Refund: tube', 'Card'],
      ['Thandi Nkosi', '2024-02-03', 250, 'Flowers', ''],
      ['Thandi Nkosi', '2024-02-14', 1250, "Valentine's bouquet order", ''],
      ['Walk-in Guest', '2024-02-15', 80, '', ''],
    ]);
  });

  it('a second import of the same file adds nothing; undo removes the purchases and the customers it created', async () => {
    const { wb } = await importFixtures(['shopify-customers.csv'], { country: 'ZA' });
    const before = structuredClone(readTable(wb, customersTab)!.rows.map((r) => r.record));
    await importPurchases(wb, ['shopify-orders.csv']);
    const again = await importPurchases(wb, ['shopify-orders.csv']);
    expect(again.files[0]).toMatchObject({ created: 0, skipped: 3 });
    expect(readTable(wb, purchasesTab)!.rows).toHaveLength(3);
    expect(undoImport(wb, 'IMP-P', { at: CTX.at })).toMatchObject({ ok: true, removedRows: 4 });
    expect(readTable(wb, purchasesTab)!.rows).toHaveLength(0);
    expect(readTable(wb, customersTab)!.rows.map((r) => r.record)).toEqual(before);
  });
});
