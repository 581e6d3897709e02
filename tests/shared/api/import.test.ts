import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxTable } from '../../../functions/import/read-file';
import { createServerApi, SERVER_API_METHODS, type ApiResult, type ImportPreview, type ImportProgress, type ImportRequest, type ServerApi } from '../../../shared/api';
import { consentLogTab, customersTab, purchasesTab, readTable, type MemoryWorkbook } from '../../../shared/workbook';
import { smallWorkbook } from './fixture';

// The Import sidebar's calls, through createServerApi over a MemoryWorkbook, with files made the way the tools make them.

/** A Shopify customers export as Shopify writes it: quoted tags, phone numbers with a leading apostrophe. */
const SHOPIFY_CSV = [
  'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags',
  "'7204829134107,Naledi,Khumalo,naledi.k@example.co.za,yes,,14 Vilakazi St,,Soweto,GT,ZA,'1804,,'+27825550301,no,1520.00,4,,no,\"VIP, Wholesale\"",
  "'7204829134108,Zoë,Ødegård,zoe@example.com,yes,,1 Long St,,Cape Town,WC,ZA,'8001,,,no,0.00,0,Prefers e-mail,no,",
  "'7204829134109,Pieter,van der Merwe,pieter@@example,no,,,,,,,,,'+27215550303,no,0.00,0,,no,",
  "'7204829134110,Naledi,Khumalo,naledi.k@example.co.za,no,,,,,,,,,,no,0.00,0,second account,no,",
  ',,,,,,,,,,,,,,,,,,,',
].join('\r\n');

const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64');

function setup(host: Parameters<typeof createServerApi>[1] = {}): { wb: MemoryWorkbook; api: ServerApi; clock: { now: string } } {
  const wb = smallWorkbook();
  const clock = { now: '2026-12-06T09:30:00.000Z' };
  const api = createServerApi({ workbook: () => wb, now: () => clock.now, user: () => 'owner@example.com' }, host);
  return { wb, api, clock };
}

function value<T>(answer: ApiResult<T>): T {
  if (!answer.ok) throw new Error(JSON.stringify(answer.issues));
  return answer.value;
}

const shopify = (extra: Partial<ImportRequest> = {}): ImportRequest => ({ kind: 'customers', file: { name: 'customers_export.csv', content: b64(SHOPIFY_CSV) }, ...extra });

function everyTab(wb: MemoryWorkbook): Record<string, unknown> {
  return Object.fromEntries(wb.tabNames().sort().map((t) => [t, wb.snapshot(t)]));
}

async function runToEnd(api: ServerApi, request: ImportRequest): Promise<ImportProgress> {
  let extra: { importId?: string; at?: string } = {};
  for (;;) {
    const p = value(await api.runImport({ ...request, ...extra }));
    if (p.done) return p;
    extra = { importId: p.importId, at: p.at };
  }
}

describe('previewImport', () => {
  it('maps a Shopify export, reports bad rows by row and column, lists repeated keys, and writes nothing', async () => {
    const { wb, api } = setup();
    const before = everyTab(wb);
    const p: ImportPreview = value(await api.previewImport(shopify()));
    expect(everyTab(wb)).toEqual(before);
    expect(p).toMatchObject({ file: 'customers_export.csv', format: 'csv', source: 'Shopify', rows: 4, skipped: 0 });
    expect(p.mapping.find((m) => m.field === 'email')).toEqual({ field: 'email', columns: ['Email'], samples: ['naledi.k@example.co.za', 'zoe@example.com', 'pieter@@example'] });
    expect(p.mapping.find((m) => m.field === 'consent')?.columns).toEqual(['Accepts Email Marketing']);
    expect(p.unmapped).toContain('Total Spent');
    // Line 4 of the file holds "pieter@@example".
    expect(p.issues).toContainEqual({ row: 4, column: 'Email', reason: 'not a valid e-mail address; kept in notes' });
    // Zoë exists (zoe@example.com): an update; Naledi twice and Pieter are new.
    expect([p.creates, p.updates]).toEqual([3, 1]);
    expect(p.possibleDuplicates).toContainEqual({ names: ['row 2 of customers_export.csv', 'row 5 of customers_export.csv'], score: 1, reason: 'same_key' });
  });

  it('applies a changed mapping, and puts a mapping to a column the file lacks next to that field', async () => {
    const { api } = setup();
    const p = value(await api.previewImport(shopify({ map: { notes: 'Tags', tags: '' } })));
    expect(p.mapping.find((m) => m.field === 'notes')?.columns).toEqual(['Tags']);
    expect(p.mapping.some((m) => m.field === 'tags')).toBe(false);
    const wrong = value(await api.previewImport(shopify({ map: { company: 'Firma' } })));
    expect(wrong.problems).toEqual([{ field: 'company', column: 'Firma', reason: '"Firma" is not a column of this file' }]);
  });

  it('asks about a date column that fits both orders, and reads it as answered', async () => {
    const { api } = setup();
    const csv = 'Name,Email,Birthday\nAnn Lee,ann@example.com,03/04/1990\nBo Chan,bo@example.com,05/06/1985\n';
    const request: ImportRequest = { kind: 'customers', file: { name: 'list.csv', content: b64(csv) } };
    const asked = value(await api.previewImport(request));
    expect(asked.askDateOrder).toEqual(['Birthday']);
    const answered = value(await api.previewImport({ ...request, dateOrder: 'mdy' }));
    expect(answered.askDateOrder).toEqual([]);
    expect(answered.dateOrders).toEqual([{ column: 'Birthday', order: 'mdy', decidedBy: 'option', ambiguous: true }]);
  });

  it('says where a file went wrong, next to the file: not base64, empty, an .xlsx where no reader is', async () => {
    const { api } = setup();
    const issue = async (file: { name: string; content: string }): Promise<unknown> => {
      const a = await api.previewImport({ kind: 'customers', file });
      return a.ok ? a : a.issues.map((i) => [i.path, i.message]);
    };
    expect(await issue({ name: 'x.csv', content: '@@@' })).toEqual([[['file'], 'x.csv did not arrive whole; choose it again.']]);
    expect(await issue({ name: 'x.csv', content: '' })).toEqual([[['file'], 'x.csv is empty.']]);
    const noXlsx = createServerApi({ workbook: () => smallWorkbook(), now: () => '2026-12-06T09:30:00Z', user: () => 'x' }, { readXlsx: undefined });
    const a = await noXlsx.previewImport({ kind: 'customers', file: { name: 'book.xlsx', content: b64(new Uint8Array([0x50, 0x4b, 3, 4])) } });
    expect(!a.ok && a.issues[0]).toMatchObject({ path: ['file'], message: expect.stringContaining('save it as CSV') as unknown });
  });

  it('reads Windows-1252 text (detected, not asked)', async () => {
    const { api } = setup();
    // "Renée" in Windows-1252: é is the single byte 0xE9.
    const bytes = new Uint8Array([...Buffer.from('First name,Last name,Email\r\nRen'), 0xe9, ...Buffer.from('e,Botha,renee@example.com\r\n')]);
    const p = value(await api.previewImport({ kind: 'customers', file: { name: 'excel.csv', content: b64(bytes) } }));
    expect(p.mapping.find((m) => m.field === 'first_name')?.samples).toEqual(['Renée']);
  });

  it('reads an .xlsx through the host\'s reader (the workbench passes ExcelJS)', async () => {
    const { api } = setup({ readXlsx: xlsxTable });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contacts');
    sheet.addRow(['First Name', 'Last Name', 'E-mail Address']);
    sheet.addRow(['Thabo', 'Mbeki', 'thabo@example.com']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const p = value(await api.previewImport({ kind: 'customers', file: { name: 'contacts.xlsx', content: b64(bytes) } }));
    expect(p).toMatchObject({ format: 'xlsx', rows: 1, creates: 1 });
    expect(p.mapping.find((m) => m.field === 'email')?.samples).toEqual(['thabo@example.com']);
  });
});

describe('runImport, listImports, undoImport', () => {
  it('imports, reports created/updated/skipped and the duplicates by name, logs it, and undo puts every cell back', async () => {
    const { wb, api, clock } = setup();
    const customersBefore = wb.snapshot(customersTab.name);
    const consentBefore = wb.snapshot(consentLogTab.name);
    const done = await runToEnd(api, shopify());
    expect(done).toMatchObject({ importId: 'I-20261206-093000', done: true, applied: done.total });
    expect(done.summary?.files[0]).toMatchObject({ rows: 4, created: 3, updated: 1, skipped: 0 });
    expect(done.summary?.possibleDuplicates).toContainEqual({ ids: ['C-000005', 'C-000007'], names: ['Naledi Khumalo', 'Naledi Khumalo'], score: 1, reason: 'same_key' });
    const customers = readTable(wb, customersTab)!.rows.map((r) => r.record);
    expect(customers.find((c) => c.id === 'C-000005')).toMatchObject({ first_name: 'Naledi', email: 'naledi.k@example.co.za', phone: '+27825550301', tags: 'VIP, Wholesale', email_consent: true });
    // Zoë had no postcode: filled; her city was already Cape Town.
    expect(customers.find((c) => c.email === 'zoe@example.com')).toMatchObject({ postcode: '8001', street: '1 Long St' });
    const log = value(api.listImports({}));
    expect(log.imports[0]).toMatchObject({ importId: 'I-20261206-093000', files: ['customers_export.csv'], created: 3, updated: 1, undoneAt: '', by: 'owner@example.com' });

    clock.now = '2026-12-06T09:45:00.000Z';
    expect(value(api.undoImport({ importId: 'I-20261206-093000' }))).toMatchObject({ removedRows: 3 + 4, restoredRows: 1, missing: [] });
    expect(wb.snapshot(customersTab.name)).toEqual(customersBefore);
    expect(wb.snapshot(consentLogTab.name)).toEqual(consentBefore);
    expect(value(api.listImports({})).imports[0]?.undoneAt).toMatch(/^2026-12-06T09:45/);
    const again = api.undoImport({ importId: 'I-20261206-093000' });
    expect(!again.ok && again.issues[0]?.message).toBe('Import I-20261206-093000 is already undone.');
    // A second import in the same second gets its own id.
    clock.now = '2026-12-06T09:30:00.000Z';
    expect((await runToEnd(api, shopify())).importId).toBe('I-20261206-093000-2');
  });

  it('goes in chunks of 2,000 rows, each call carrying on from the Import log, and a repeated call redoes nothing', async () => {
    const { wb, api, clock } = setup();
    const lines = ['First Name,Last Name,Email'];
    for (let i = 0; i < 2_500; i++) lines.push(`Name${i},Family${i},n${i}@example.com`);
    const request: ImportRequest = { kind: 'customers', file: { name: 'big.csv', content: b64(lines.join('\n')) }, map: {} };
    const first = value(await api.runImport(request));
    expect(first).toMatchObject({ done: false, applied: 2_000, total: 2_500 });
    expect(readTable(wb, customersTab)!.rows).toHaveLength(4 + 2_000);
    // Later calls (a resume after the sidebar lost its answer, too) log under the first call's time.
    clock.now = '2026-12-06T09:40:00.000Z';
    const resume = { ...request, importId: first.importId, at: first.at };
    const second = value(await api.runImport(resume));
    expect(second).toMatchObject({ done: true, applied: 2_500, total: 2_500 });
    expect(second.summary?.files[0]).toMatchObject({ rows: 2_500, created: 2_500 });
    expect(value(await api.runImport(resume))).toMatchObject({ done: true, applied: 2_500 });
    const customers = readTable(wb, customersTab)!.rows.map((r) => r.record);
    expect(customers).toHaveLength(4 + 2_500);
    expect(new Set(customers.slice(4).map((c) => c.created_at))).toEqual(new Set(['2026-12-06T09:30:00.000Z']));
  });

  it('writes only the mapping chosen: a column left out is not imported', async () => {
    const { wb, api } = setup();
    await runToEnd(api, shopify({ map: { tags: '' } }));
    const naledi = readTable(wb, customersTab)!.rows.find((r) => r.record.id === 'C-000005')!.record;
    expect(naledi.tags).toBe('');
  });

  it('imports purchases, creating the customers they name', async () => {
    const { wb, api } = setup();
    const csv = 'Date,Email,Amount,Description\n2026-11-02,zoe@example.com,120.00,Tube\n2026-11-03,new.buyer@example.com,-40.00,Refund\n';
    const done = await runToEnd(api, { kind: 'purchases', file: { name: 'sales.csv', content: b64(csv) } });
    expect(done.summary?.files[0]).toMatchObject({ created: 2, customersCreated: 1, skipped: 0 });
    const rows = readTable(wb, purchasesTab)!.rows.map((r) => [r.record.customer_id, r.record.date, r.record.amount]);
    expect(rows.slice(-2)).toEqual([
      ['C-000001', '2026-11-02', 120],
      ['C-000005', '2026-11-03', -40],
    ]);
  });

  it('refuses to undo an import that does not exist', () => {
    const { api } = setup();
    const a = api.undoImport({ importId: 'I-nope' });
    expect(!a.ok && a.issues).toEqual([{ path: ['importId'], code: 'not_found', message: 'There is no import I-nope in the Import log.' }]);
  });

  it('is in SERVER_API_METHODS, so the add-on exports it and the workbench bridges it', () => {
    expect(SERVER_API_METHODS).toEqual(expect.arrayContaining(['previewImport', 'runImport', 'listImports', 'undoImport']));
  });
});
