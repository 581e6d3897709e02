import { describe, expect, it } from 'vitest';
import { applyImport, applyPurchaseImport, planImport, planPurchaseImport, undoImport, type ImportOptions, type SourceTable } from '../../../shared/import';
import { runImportChunk, type ChunkJob, type ChunkProgress } from '../../../shared/import/chunked';
import { customersTab, type MemoryWorkbook, type Workbook } from '../../../shared/workbook';
import { smallWorkbook } from './fixture';

// A large import in Apps Script goes in chunks, the Import log as checkpoint: chunked must equal one-shot, cell
// for cell on every tab (logs included), and a resumed import must too.

const SHOPIFY = ['Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Default Address Company', 'Default Address Address1', 'Default Address City', 'Default Address Zip', 'Phone', 'Note', 'Tags'];

/** A Shopify customers export of n new customers plus rows that update, withdraw consent, repeat a key or are unusable. */
function shopify(n: number): SourceTable {
  const rows: string[][] = [
    ['1', 'Zoë', 'Ødegård', 'zoe@example.com', 'yes', '', '1 Long St', 'Cape Town', '8001', '', 'Likes gravel', 'VIP'],
    ['2', 'Sipho', 'Nkosi', 'sipho@nkosi.co.za', 'no', '', '', '', '', '', '', ''],
  ];
  for (let i = 0; i < n; i++) {
    rows.push([String(100 + i), `Name${i}`, `Surname${i % 7}`, `new${i}@example.com`, i % 3 === 0 ? 'yes' : 'no', i % 5 === 0 ? `Shop ${i}` : '', `${i} Main Rd`, 'Durban', '4001', `082 555 ${String(1000 + i)}`, '', i % 4 === 0 ? 'Wholesale' : '']);
    if (i % 9 === 4) rows.push([String(900 + i), `Name${i}`, `Surname${i % 7}`, `new${i}@example.com`, '', '', '', '', '', '', 'same e-mail again', '']);
  }
  rows.push(['3', 'Bad', 'Mail', 'not-an-email', '', '', '', '', '', '', '', '']);
  rows.push(['4', '', '', '', '', '', '', '', '', '', '', '']);
  rows.push(['5', '', '', '', 'yes', '', '', '', '', '', 'a note only', '']);
  return { file: 'customers_export.csv', format: 'csv', header: SHOPIFY, rows, lines: rows.map((_, i) => i + 2) };
}

const OPTIONS: ImportOptions = { country: 'ZA' };
const CTX = { importId: 'I-20261206-100000', at: '2026-12-06T10:00:00Z', by: 'owner@example.com' };

function everyTab(wb: MemoryWorkbook): Record<string, unknown> {
  return Object.fromEntries(wb.tabNames().sort().map((t) => [t, wb.snapshot(t)]));
}

function oneShot(table: SourceTable, options: ImportOptions = OPTIONS): MemoryWorkbook {
  const wb = smallWorkbook();
  wb.withLock(() => applyImport(wb, planImport(wb, [table], options), CTX));
  return wb;
}

/** Runs chunks until done; each call a fresh session (cache cleared), as each google.script.run call is. */
function chunked(wb: MemoryWorkbook, table: SourceTable, job: ChunkJob, options: ImportOptions = OPTIONS, calls: ChunkProgress[] = []): ChunkProgress[] {
  for (let guard = 0; guard < 1000; guard++) {
    wb.clearCache();
    const p = wb.withLock(() => runImportChunk(wb, [table], options, job));
    calls.push(p);
    if (!p.ok || p.done) return calls;
  }
  throw new Error('no end');
}

describe('runImportChunk', () => {
  it('gives every cell of every tab the one-shot import gives, Import log and Consent log included', () => {
    const table = shopify(40);
    const expected = everyTab(oneShot(table));
    const wb = smallWorkbook();
    const calls = chunked(wb, table, { ...CTX, kind: 'customers', chunk: 7 });
    // Hand-counted: 2 updates (Zoë, Sipho); 45 creates (40, 4 repeated e-mails at i = 4, 13, 22, 31, and "Bad Mail");
    // 42 Consent log rows (40 new customers' yes/no, Zoë given, Sipho withdrawn) → 1 + 7 + 6 calls of at most 7.
    expect(calls.length).toBe(14);
    expect(calls.map((c) => c.ok && c.applied)).toEqual([2, 9, 16, 23, 30, 37, 44, 47, 54, 61, 68, 75, 82, 89]);
    expect(everyTab(wb)).toEqual(expected);
  });

  it('reports the whole import once done: counts per file, skipped rows with row and column, duplicates by id', () => {
    const table = shopify(10);
    const wb = smallWorkbook();
    const last = chunked(wb, table, { ...CTX, kind: 'customers', chunk: 4 }).at(-1)!;
    expect(last.ok && last.done).toBe(true);
    if (!last.ok) return;
    const file = last.result!.files[0]!;
    expect(file).toMatchObject({ rows: 16, created: 12, updated: 2, skipped: 2 });
    // "not-an-email" is on the 14th data row: file line 15; the row with a note only is line 17.
    expect(file.issues).toContainEqual({ row: 15, column: 'Email', reason: 'not a valid e-mail address; kept in notes' });
    expect(file.issues).toContainEqual({ row: 17, column: '', reason: 'no name, company, e-mail or phone; row skipped' });
    // new4 is repeated: both rows created, listed as a same_key pair by their new ids (10 + the repeat + "Bad Mail").
    const ids = last.result!.createdIds;
    expect(ids).toHaveLength(12);
    expect(last.result!.possibleDuplicates).toContainEqual({ ids: [ids[4], ids[5]], score: 1, reason: 'same_key' });
  });

  it('resumes after a call that died before writing, and after an answer that never arrived, to the one-shot result', () => {
    const table = shopify(30);
    const expected = everyTab(oneShot(table));
    const wb = smallWorkbook();
    let dieOnRead = false;
    // A session that stops at its first read (Apps Script's 6-minute stop between chunks looks the same).
    const dying: Workbook = {
      tabNames: () => wb.tabNames(),
      read: (tab) => {
        if (dieOnRead) throw new Error('Exceeded maximum execution time');
        return wb.read(tab);
      },
      ensureTab: (t, l) => wb.ensureTab(t, l),
      write: (t, u) => wb.write(t, u),
      append: (t, r) => wb.append(t, r),
      replaceRows: (t, r) => wb.replaceRows(t, r),
      readTyped: (t, r) => wb.readTyped(t, r),
      writeTyped: (t, u) => wb.writeTyped(t, u),
      withLock: (fn) => wb.withLock(fn),
    };
    const job: ChunkJob = { ...CTX, kind: 'customers', chunk: 5 };
    for (let i = 0; i < 3; i++) {
      wb.clearCache();
      runImportChunk(dying, [table], OPTIONS, job);
    }
    dieOnRead = true;
    wb.clearCache();
    expect(() => runImportChunk(dying, [table], OPTIONS, job)).toThrow('Exceeded maximum execution time');
    dieOnRead = false;
    // The answer of this one is lost: the caller does not know it went through and just calls again.
    wb.clearCache();
    runImportChunk(dying, [table], OPTIONS, job);
    chunked(wb, table, job);
    expect(everyTab(wb)).toEqual(expected);
  });

  it('makes the same number of Sheets calls per chunk whatever the size of the file', () => {
    const perChunk = (n: number): string[] => {
      const wb = smallWorkbook();
      const seen: string[] = [];
      const job: ChunkJob = { ...CTX, kind: 'customers', chunk: 10 };
      for (;;) {
        wb.clearCache();
        const before = { ...wb.calls };
        const p = wb.withLock(() => runImportChunk(wb, [shopify(n)], { ...OPTIONS, duplicates: false }, job));
        seen.push(JSON.stringify({ read: wb.calls.read - before.read, write: wb.calls.write - before.write, append: wb.calls.append - before.append }));
        if (!p.ok || p.done) return [...new Set(seen)].sort();
      }
    };
    expect(perChunk(400)).toEqual(perChunk(40));
  });

  it('is undone by undoImport to the workbook as it was', () => {
    const wb = smallWorkbook();
    const before = wb.snapshot(customersTab.name);
    chunked(wb, shopify(12), { ...CTX, kind: 'customers', chunk: 5 });
    expect(wb.snapshot(customersTab.name)).not.toEqual(before);
    // 14 customers (12, new4 again, "Bad Mail") and their 14 Consent log rows removed; Zoë and Sipho put back.
    wb.clearCache();
    expect(wb.withLock(() => undoImport(wb, CTX.importId, { at: '2026-12-06T11:00:00Z' }))).toMatchObject({ ok: true, removedRows: 28, restoredRows: 2 });
    expect(wb.snapshot(customersTab.name)).toEqual(before);
    wb.clearCache();
    expect(runImportChunk(wb, [shopify(12)], OPTIONS, { ...CTX, kind: 'customers' })).toEqual({ ok: false, importId: CTX.importId, fault: 'already_undone' });
  });

  it('imports purchases in chunks to the one-shot result, new customers first', () => {
    const header = ['Name', 'Email', 'Created at', 'Total', 'Lineitem name', 'Billing Name'];
    const rows: string[][] = [];
    for (let i = 0; i < 12; i++) {
      rows.push([`#${1000 + i}`, i % 2 === 0 ? 'zoe@example.com' : `buyer${i % 5}@example.com`, `2026-0${1 + (i % 9)}-1${i % 10}`, `${100 + i}.50`, 'Tube', `Buyer ${i % 5}`]);
      if (i % 4 === 0) rows.push([`#${1000 + i}`, '', '', '', 'Pump', '']);
    }
    const table: SourceTable = { file: 'orders_export.csv', format: 'csv', header, rows, lines: rows.map((_, i) => i + 2) };
    const one = smallWorkbook();
    one.withLock(() => applyPurchaseImport(one, planPurchaseImport(one, [table], OPTIONS), CTX));
    const wb = smallWorkbook();
    const calls = chunked(wb, table, { ...CTX, kind: 'purchases', chunk: 2 });
    // 12 orders (the "Pump" lines fold into their order) and 5 new buyers (buyer0 … buyer4).
    expect(calls.at(-1)).toMatchObject({ ok: true, done: true, applied: 17, total: 17 });
    expect(everyTab(wb)).toEqual(everyTab(one));
  });
});
