import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { Workbook } from '../../shared/workbook';
import { workbookContract, type Seed, type Session } from './workbook.contract';

// The .xlsx adapter is the lead's; the suite runs against it whenever it is in the tree.
const adapterPath = path.resolve(import.meta.dirname, '../../functions/workbook/xlsx-workbook.ts');

interface XlsxModule {
  openXlsxWorkbook(file: string): Promise<Workbook & { save(file?: string): Promise<void>; calls: Record<string, number> }>;
}

async function session(mod: XlsxModule, file: string): Promise<Session> {
  const wb = await mod.openXlsxWorkbook(file);
  return {
    wb,
    calls: () => Object.values(wb.calls).reduce((a, b) => a + b, 0),
    commit: () => wb.save(file),
    reopen: () => session(mod, file),
  };
}

async function seedFile(seed: Seed): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'regulars-contract-')), 'book.xlsx');
  const book = new ExcelJS.Workbook();
  // ExcelJS cannot write a workbook with no sheets; an unrelated tab stands in for "empty".
  if (Object.keys(seed).length === 0) book.addWorksheet('Sheet1');
  for (const [name, rows] of Object.entries(seed)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await book.xlsx.writeFile(file);
  return file;
}

if (existsSync(adapterPath)) {
  const mod = (await import(adapterPath)) as XlsxModule;
  workbookContract({
    name: '.xlsx adapter',
    open: async (seed) => session(mod, await seedFile(seed)),
  });
} else {
  describe.skip('Workbook contract: .xlsx adapter', () => it('runs once functions/workbook/xlsx-workbook.ts exists', () => undefined));
}
