// The workbook adapters on Node, the public face of functions/workbook: a local .xlsx (a locked, zip-level store)
// and a Google Sheet through the Sheets API, with the file lock and atomic replace they rest on.
export { XlsxWorkbook, createXlsxWorkbook, openXlsxWorkbook, withWorkbookFile, lockPathOf, type XlsxOptions, type XlsxCalls } from './xlsx-workbook';
export { SheetsApiWorkbook, openSheetsApiWorkbook, createSheetsClient, type SheetsClient, type OpenSheetsOptions } from './sheets-api-workbook';
export { acquireLockSync, tryLockSync, readLockOwner, LockBusy, type HeldLock, type LockOwner, type LockOptions } from './file-lock';
export { replaceFile } from './atomic-file';
