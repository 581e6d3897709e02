import { appendRecords, customersTab, interactionsTab, MemoryWorkbook, migrateWorkbook, openTable, profileFieldsTab, purchasesTab } from '../../../shared/workbook';

/** A small workbook: four customers, Profile fields for every category and for companies, some history. */
export function smallWorkbook(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  migrateWorkbook(wb);
  appendRecords(wb, openTable(wb, customersTab), [
    { first_name: 'Zoë', last_name: 'Ødegård', email: 'zoe@example.com', phone: '+27 82 555 0100', category: 'individual', city: 'Cape Town', status: 'active' },
    { first_name: 'Sipho', last_name: 'Nkosi', email: 'sipho@nkosi.co.za', phone: '021 555 7788', category: 'individual', status: 'active' },
    { company: 'Acme Fleet (Pty) Ltd', first_name: '', last_name: '', email: 'buy@acme.example', category: 'corporate', status: 'active' },
    { first_name: 'Zoe', last_name: 'Old', email: 'old@example.com', category: 'individual', status: 'merged', merged_into: 'C-000001' },
  ]);
  appendRecords(wb, openTable(wb, profileFieldsTab), [
    { field: 'riding_style', type: 'choice', choices: 'road, mountain, gravel', required: false, categories: 'individual' },
    { field: 'language', type: 'choice', choices: 'English, Afrikaans', required: false, categories: '' },
    { field: 'vat_number', type: 'text', choices: '', required: true, categories: 'corporate, reseller' },
    { field: 'fleet_size', type: 'number', choices: '', required: false, categories: 'Corporate' },
    { field: 'contract_renewal', type: 'date', choices: '', required: false, categories: 'corporate' },
    { field: 'po_required', type: 'yes/no', choices: '', required: false, categories: 'corporate' },
  ]);
  appendRecords(wb, openTable(wb, purchasesTab), [
    { customer_id: 'C-000001', date: '2026-01-10', amount: 100, currency: 'ZAR', description: 'Tube' },
    { customer_id: 'C-000001', date: '2026-03-05', amount: 250.5, currency: 'ZAR', description: 'Service' },
    { customer_id: 'C-000002', date: '2026-02-01', amount: 999, currency: 'ZAR', description: 'Helmet' },
  ]);
  appendRecords(wb, openTable(wb, interactionsTab), [
    { customer_id: 'C-000001', date: '2026-03-06T10:00:00Z', kind: 'complaint', subject: 'Squeaky brakes', status: 'open' },
    { customer_id: 'C-000001', date: '2026-03-01T10:00:00Z', kind: 'compliment', subject: 'Great fit', status: 'closed' },
  ]);
  // Give the company its VAT number in a column named after the Profile field, as a person would add it.
  const header = wb.snapshot('Customers')!.header;
  wb.ensureTab('Customers', { header: [...header, 'VAT Number', 'Favourite colour'], textColumns: [] });
  const grid = wb.snapshot('Customers')!;
  wb.write('Customers', [
    { row: 4, col: grid.header.length - 1, value: '4123456789' },
    { row: 2, col: grid.header.length, value: 'green' },
  ]);
  wb.clearCache();
  wb.calls.read = wb.calls.write = wb.calls.append = wb.calls.create = 0;
  return wb;
}

/** The value at a customer's row and column header, as stored. */
export function cellOf(wb: MemoryWorkbook, row: number, header: string): unknown {
  const grid = wb.snapshot('Customers')!;
  return grid.rows[row - 2]?.[grid.header.indexOf(header)];
}
