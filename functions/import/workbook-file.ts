// A local .xlsx workbook for one command: created when missing; changes made under the adapter's lock and saved.
import { access } from 'node:fs/promises';
import { createXlsxWorkbook, openXlsxWorkbook, type XlsxWorkbook } from '../workbook';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Runs fn on the workbook at `file`. With `write`, fn runs inside wb.withLock (the adapter's file lock: another
 * process's changes are read first and ours saved before it lets go) and a new workbook is created when the file
 * is missing; without, fn only reads (a missing file reads as an empty workbook) and nothing is saved.
 */
export async function withWorkbookFile<T>(file: string, write: boolean, fn: (wb: XlsxWorkbook) => T): Promise<T> {
  const found = await exists(file);
  if (!found) {
    const wb = createXlsxWorkbook();
    const result = fn(wb);
    if (write) await wb.save(file);
    return result;
  }
  const wb = await openXlsxWorkbook(file);
  if (!write) return fn(wb);
  const result = wb.withLock(() => fn(wb));
  await wb.save();
  return result;
}
