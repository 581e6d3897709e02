import { describe, expect, it } from 'vitest';
import { applyImport, planImport, undoImport, type SourceTable } from '../../../shared/import';
import { consentLogTab, customersTab, importLogTab, MemoryWorkbook, readTable, writeSettings, type Workbook } from '../../../shared/workbook';
import { generateDemo, writeDemo } from '../../../functions/demo';
import { importFixtures } from './fixture-import';

const CTX = { importId: 'IMP-1', at: '2026-12-06T10:00:00Z', by: 'test' };

function csv(file: string, header: string[], ...rows: string[][]): SourceTable {
  return { file, format: 'csv', header, rows, lines: rows.map((_, i) => i + 2) };
}

function customers(wb: Workbook) {
  return readTable(wb, customersTab)?.rows.map((r) => r.record) ?? [];
}

/** Every cell of every tab, for before/after comparisons. */
function everyCell(wb: Workbook, except: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const tab of wb.tabNames()) if (!except.includes(tab)) out[tab] = structuredClone(wb.read(tab));
  return out;
}

describe('planImport / applyImport', () => {
  it('creates customers with new ids and the source, and skips a row with no name, company, e-mail or phone', () => {
    const wb = new MemoryWorkbook();
    const plan = planImport(wb, [csv('list.csv', ['Name', 'Email', 'City'], ['Ann Lee', 'ann@example.com', 'Durban'], ['', '', 'Pretoria'], ['', '', ''])], { country: 'ZA' });
    const result = applyImport(wb, plan, CTX);
    expect(result.files[0]).toMatchObject({ rows: 2, created: 1, updated: 0, skipped: 1 });
    expect(result.files[0]!.issues).toEqual([{ row: 3, column: '', reason: 'no name, company, e-mail or phone; row skipped' }]);
    expect(customers(wb)).toMatchObject([{ id: 'C-000001', first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', city: 'Durban', source: 'CSV import: list.csv', status: 'active' }]);
  });

  it('reports an unparseable phone by row and column and keeps it as written', () => {
    const wb = new MemoryWorkbook();
    const result = applyImport(wb, planImport(wb, [csv('p.csv', ['First Name', 'Phone', 'Email'], ['Ann', 'call me', 'not-an-email'])], { country: 'ZA' }), CTX);
    expect(result.files[0]!.issues).toEqual([
      { row: 2, column: 'Email', reason: 'not a valid e-mail address; kept in notes' },
      { row: 2, column: 'Phone', reason: 'not a phone number that can be dialled; kept as written' },
    ]);
    expect(customers(wb)[0]).toMatchObject({ phone: 'call me', email: '', notes: 'Email: not-an-email' });
  });

  it('a re-import updates the customers it created instead of duplicating them, filling only empty fields', () => {
    const wb = new MemoryWorkbook();
    applyImport(wb, planImport(wb, [csv('a.csv', ['First Name', 'Last Name', 'Email', 'City'], ['Ann', 'Lee', 'ann@example.com', 'Durban'])], { country: 'ZA' }), CTX);
    const again = planImport(wb, [csv('b.csv', ['First Name', 'Last Name', 'Email', 'City', 'Phone'], ['Annie', 'Lee', 'ANN@example.com', 'Cape Town', '082 555 0000'])], { country: 'ZA' });
    const result = applyImport(wb, again, { ...CTX, importId: 'IMP-2', at: '2026-12-07T09:00:00Z' });
    expect(result.files[0]).toMatchObject({ rows: 1, created: 0, updated: 1 });
    expect(result.files[0]!.issues.map((i) => i.column)).toEqual(['First Name', 'City']);
    expect(customers(wb)).toHaveLength(1);
    expect(customers(wb)[0]).toMatchObject({ first_name: 'Ann', city: 'Durban', phone: '+27825550000' });
    const log = readTable(wb, importLogTab)!.rows.map((r) => r.record).filter((r) => r.import_id === 'IMP-2');
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.before)).toEqual({ phone: '', updated_at: '2026-12-06T10:00:00Z' });
  });

  it('with overwrite replaces values and logs each one it overwrote', () => {
    const wb = new MemoryWorkbook();
    applyImport(wb, planImport(wb, [csv('a.csv', ['First Name', 'Email', 'City'], ['Ann', 'ann@example.com', 'Durban'])], { country: 'ZA' }), CTX);
    const result = applyImport(wb, planImport(wb, [csv('b.csv', ['First Name', 'Email', 'City'], ['Ann', 'ann@example.com', 'Cape Town'])], { country: 'ZA', overwrite: true }), { ...CTX, importId: 'IMP-2', at: '2026-12-07T10:00:00Z' });
    expect(result.files[0]).toMatchObject({ updated: 1, issues: [] });
    expect(customers(wb)[0]!.city).toBe('Cape Town');
    const entry = readTable(wb, importLogTab)!.rows.find((r) => r.record.import_id === 'IMP-2')!.record;
    expect(JSON.parse(entry.before)).toEqual({ city: 'Durban', updated_at: '2026-12-06T10:00:00Z' });
  });

  it('matches on phone when there is no e-mail, whatever way the number is written', () => {
    const wb = new MemoryWorkbook();
    applyImport(wb, planImport(wb, [csv('a.csv', ['Name', 'Phone'], ['Ann Lee', '082 555 0000'])], { country: 'ZA' }), CTX);
    const r = applyImport(wb, planImport(wb, [csv('b.csv', ['Name', 'Mobile', 'Email'], ['Ann Lee', '+27 (82) 555-0000', 'ann@example.com'])], { country: 'ZA' }), { ...CTX, importId: 'IMP-2' });
    expect(r.files[0]).toMatchObject({ created: 0, updated: 1 });
    expect(customers(wb)[0]!.email).toBe('ann@example.com');
  });

  it('never folds two rows of one file: both are created and listed as possible duplicates', () => {
    const wb = new MemoryWorkbook();
    const row = ['Ann', 'Lee', 'ann@example.com', '082 555 0000'];
    const result = applyImport(wb, planImport(wb, [csv('twice.csv', ['First Name', 'Last Name', 'Email', 'Phone'], row, [...row])], { country: 'ZA' }), CTX);
    expect(result.files[0]).toMatchObject({ rows: 2, created: 2 });
    expect(customers(wb).map((c) => c.id)).toEqual(['C-000001', 'C-000002']);
    expect(result.possibleDuplicates).toEqual([{ ids: ['C-000001', 'C-000002'], score: 1, reason: 'same_key' }]);
  });

  it('creates a family sharing one mailbox as its people, without listing them as duplicates; a nickname is still listed', () => {
    const wb = new MemoryWorkbook();
    const header = ['First Name', 'Last Name', 'Email', 'Street', 'City'];
    const home = ['olivierfamily@example.co.za', '162 Main Drive', 'Hillcrest'];
    const plan = planImport(wb, [csv('family.csv', header, ['Jacques', 'Olivier', ...home], ['Maria', 'Olivier', ...home], ['Thandiwe', 'Nkosi', 'nkosi@example.co.za', '', ''], ['Thandi', 'Nkosi', 'nkosi@example.co.za', '', ''])], { country: 'ZA' });
    const result = applyImport(wb, plan, CTX);
    expect(result.files[0]).toMatchObject({ rows: 4, created: 4 });
    expect(result.possibleDuplicates).toEqual([{ ids: ['C-000003', 'C-000004'], score: 1, reason: 'same_key' }]);
  });

  it('lists probable duplicates of existing customers that the key does not catch', () => {
    const wb = new MemoryWorkbook();
    const demo = generateDemo({ customers: 200, seed: 3, today: '2026-12-01' });
    writeDemo(wb, demo);
    const someone = customers(wb).find((c) => c.first_name !== '' && c.last_name !== '' && c.phone !== '' && c.street !== '')!;
    const result = applyImport(wb, planImport(wb, [csv('x.csv', ['First Name', 'Last Name', 'Phone', 'Street', 'City'], [someone.first_name, someone.last_name, '', someone.street, someone.city])], {}), CTX);
    expect(result.files[0]!.created).toBe(1);
    const newId = result.createdIds[0]!;
    expect(result.possibleDuplicates.some((d) => d.ids.includes(newId) && d.ids.includes(someone.id))).toBe(true);
  });

  it('matches on an external id column, kept in Customers so the next import finds it', () => {
    const wb = new MemoryWorkbook();
    const header = ['Customer ID', 'First Name', 'Email'];
    applyImport(wb, planImport(wb, [csv('a.csv', header, ['7204', 'Ann', 'ann@example.com'])], { key: 'Customer ID' }), CTX);
    const r = applyImport(wb, planImport(wb, [csv('b.csv', header, ['7204', 'Ann', 'ann.new@example.com'])], { key: 'Customer ID', overwrite: true }), { ...CTX, importId: 'IMP-2' });
    expect(r.files[0]).toMatchObject({ created: 0, updated: 1 });
    expect(customers(wb)).toMatchObject([{ email: 'ann.new@example.com' }]);
    expect(wb.read(customersTab.name)!.header).toContain('Customer ID');
  });

  it('consent columns set email_consent and write a Consent log row naming the source', async () => {
    const { wb } = await importFixtures(['shopify-customers.csv'], { country: 'ZA' });
    const log = readTable(wb, consentLogTab)!.rows.map((r) => r.record);
    const byEmail = new Map(customers(wb).map((c) => [c.email, c]));
    expect(log.map((l) => [l.customer_id, l.change, l.basis, l.source])).toEqual([
      [byEmail.get('naledi.k@example.co.za')!.id, 'given', 'import', 'import of shopify-customers.csv (Shopify, Accepts Email Marketing)'],
      [byEmail.get('ruan.vanwyk@example.co.za')!.id, 'withdrawn', 'import', 'import of shopify-customers.csv (Shopify, Accepts Email Marketing)'],
    ]);
  });

  it('a Mailchimp subscribed export is itself the consent', async () => {
    const { wb } = await importFixtures(['mailchimp-subscribed.csv'], { country: 'ZA' });
    expect(customers(wb).map((c) => c.email_consent)).toEqual([true, true]);
    expect(readTable(wb, consentLogTab)!.rows.map((r) => r.record.source)).toEqual([
      'import of mailchimp-subscribed.csv (Mailchimp, subscribed members export)',
      'import of mailchimp-subscribed.csv (Mailchimp, subscribed members export)',
    ]);
  });

  it('a withdrawal in a later file is honoured even without overwrite; a later "yes" does not undo an opt-out', () => {
    const wb = new MemoryWorkbook();
    const header = ['Email', 'Accepts Email Marketing'];
    applyImport(wb, planImport(wb, [csv('a.csv', header, ['ann@example.com', 'yes'], ['bob@example.com', 'no'])]), CTX);
    applyImport(wb, planImport(wb, [csv('b.csv', header, ['ann@example.com', 'no'], ['bob@example.com', 'yes'])]), { ...CTX, importId: 'IMP-2' });
    expect(customers(wb).map((c) => c.email_consent)).toEqual([false, false]);
    expect(readTable(wb, consentLogTab)!.rows.map((r) => r.record.change)).toEqual(['given', 'withdrawn', 'withdrawn']);
  });
});

describe('date order', () => {
  const header = ['First Name', 'Birthday'];
  it("reads a column by its own values, whatever the country's custom", () => {
    const wb = new MemoryWorkbook();
    const plan = planImport(wb, [csv('d.csv', header, ['A', '03/04/1990'], ['B', '12/25/1985'])], { country: 'ZA' });
    expect(plan.files[0]!.dateOrders).toEqual([{ column: 'Birthday', order: 'mdy', decidedBy: 'values', ambiguous: false }]);
    expect(plan.creates.map((c) => c.record.birth_date)).toEqual(['1990-03-04', '1985-12-25']);
  });

  it('an ambiguous column takes --date-order, else Settings date_order, else the country', () => {
    const table = csv('d.csv', header, ['A', '03/04/1990'], ['B', '11/12/1985']);
    const wb = new MemoryWorkbook();
    const us = planImport(wb, [table], { country: 'US' });
    expect(us.files[0]!.dateOrders[0]).toMatchObject({ order: 'mdy', decidedBy: 'country', ambiguous: true });
    expect(us.creates[0]!.record.birth_date).toBe('1990-03-04');
    writeSettings(wb, { date_order: 'dmy' });
    const settings = planImport(wb, [table], { country: 'US' });
    expect(settings.files[0]!.dateOrders[0]).toMatchObject({ order: 'dmy', decidedBy: 'settings' });
    expect(settings.creates[0]!.record.birth_date).toBe('1990-04-03');
    const option = planImport(wb, [table], { country: 'US', dateOrder: 'mdy' });
    expect(option.files[0]!.dateOrders[0]).toMatchObject({ order: 'mdy', decidedBy: 'option' });
  });

  it('asks nobody about a column whose every date reads the same either way (ISO, --MM-DD, 05/05)', () => {
    const wb = new MemoryWorkbook();
    const plan = planImport(wb, [csv('d.csv', header, ['A', '1985-07-21'], ['B', '--03-14'], ['C', '05/05/1990'])], { country: 'ZA' });
    expect(plan.files[0]!.dateOrders[0]).toMatchObject({ decidedBy: 'country', ambiguous: false });
    expect(plan.creates.map((c) => c.record.birth_date)).toEqual(['1985-07-21', '--03-14', '1990-05-05']);
  });

  it('reports an impossible date by row and column and keeps it in notes', () => {
    const wb = new MemoryWorkbook();
    const plan = planImport(wb, [csv('d.csv', header, ['A', '31/02/1990'], ['B', '25/12/1985'])], { country: 'ZA' });
    expect(plan.files[0]!.issues).toEqual([{ row: 2, column: 'Birthday', reason: 'not a date (read as DMY); kept in notes' }]);
    expect(plan.creates[0]!.record).toMatchObject({ notes: 'Birthday: 31/02/1990' });
  });
});

describe('undoImport', () => {
  it('import then undo: every cell of every tab equal to before (the demo workbook)', async () => {
    const wb = new MemoryWorkbook();
    writeDemo(wb, generateDemo({ customers: 300, seed: 5, today: '2026-12-01' }));
    const someone = customers(wb).find((c) => c.email !== '' && c.city !== '')!;
    const before = everyCell(wb);
    const files = ['google-contacts.csv', 'shopify-customers.csv', 'apple-3.0.vcf', 'mailchimp-subscribed.csv'];
    const { result } = await importFixtures(files, { country: 'ZA', overwrite: true }, wb);
    // One more import that overwrites an existing customer's cells.
    const plan = planImport(wb, [csv('fix.csv', ['Email', 'City', 'Accepts Email Marketing'], [someone.email, 'Somewhere Else', 'no'])], { overwrite: true });
    const second = applyImport(wb, plan, { ...CTX, importId: 'IMP-2' });
    expect(second.files[0]).toMatchObject({ updated: 1 });
    expect(everyCell(wb)).not.toEqual(before);
    expect(undoImport(wb, 'IMP-2', { at: '2026-12-06T11:00:00Z' })).toMatchObject({ ok: true, restoredRows: 1, removedRows: 1 });
    expect(undoImport(wb, result.importId, { at: '2026-12-06T11:00:00Z' })).toMatchObject({ ok: true, removedRows: result.createdIds.length + 4 });
    const after = everyCell(wb, ['Import log']) as Record<string, { header: string[]; rows: unknown[][] }>;
    // Settings keeps the id counters (ids are never issued twice); every other cell is as it was.
    const settings = after.Settings!;
    const counters = settings.rows.filter((r) => String(r[0]).startsWith('last_id.'));
    settings.rows = settings.rows.filter((r) => !counters.includes(r));
    const beforeSettings = (before.Settings as { rows: unknown[][] }).rows.filter((r) => !String(r[0]).startsWith('last_id.'));
    expect(settings.rows).toEqual(beforeSettings);
    delete after.Settings;
    const expected = { ...before } as Record<string, unknown>;
    delete expected.Settings;
    expect(after).toEqual(expected);
    expect(undoImport(wb, 'IMP-2', { at: 'x' })).toEqual({ ok: false, importId: 'IMP-2', fault: 'already_undone' });
    expect(undoImport(wb, 'nope', { at: 'x' })).toEqual({ ok: false, importId: 'nope', fault: 'unknown_import' });
  });

  it('keeps an overwritten date cell typed in the log and puts it back as a date', () => {
    const wb = new MemoryWorkbook();
    applyImport(wb, planImport(wb, [csv('a.csv', ['First Name', 'Email'], ['Ann', 'ann@example.com'])]), CTX);
    const since = wb.read(customersTab.name)!.header.indexOf('customer_since') + 1;
    wb.writeTyped(customersTab.name, [{ row: 2, col: since, value: { kind: 'date', iso: '2020-05-01' } }]);
    const plan = planImport(wb, [csv('b.csv', ['Email', 'Customer since'], ['ann@example.com', '2021-06-02'])], { overwrite: true });
    applyImport(wb, plan, { ...CTX, importId: 'IMP-2', at: '2026-12-07T10:00:00Z' });
    const entry = readTable(wb, importLogTab)!.rows.find((r) => r.record.import_id === 'IMP-2')!.record;
    expect(JSON.parse(entry.before)).toMatchObject({ customer_since: { kind: 'date', iso: '2020-05-01' } });
    expect(wb.typedSnapshot(customersTab.name)![0]![since - 1]).toBe('2021-06-02');
    undoImport(wb, 'IMP-2', { at: CTX.at });
    expect(wb.typedSnapshot(customersTab.name)![0]![since - 1]).toEqual({ kind: 'date', iso: '2020-05-01' });
  });

  it('ids of undone rows are never issued again', () => {
    const wb = new MemoryWorkbook();
    const t = csv('a.csv', ['First Name'], ['Ann']);
    applyImport(wb, planImport(wb, [t]), CTX);
    undoImport(wb, 'IMP-1', { at: CTX.at });
    applyImport(wb, planImport(wb, [t]), { ...CTX, importId: 'IMP-2' });
    expect(customers(wb).map((c) => c.id)).toEqual(['C-000002']);
  });
});
