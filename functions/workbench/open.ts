import { existsSync } from 'node:fs';
import { DEFAULT_DEMO_CUSTOMERS, DEFAULT_DEMO_SEED, generateDemo, writeDemo } from '../demo';
import { createXlsxWorkbook, openXlsxWorkbook, type XlsxWorkbook } from '../workbook';
import { localDateOf } from '../../shared/kernel';

/** The workbook the workbench serves, and whether it was just created from the demo. */
export interface OpenedWorkbook {
  wb: XlsxWorkbook;
  created: boolean;
}

/** Today in Johannesburg, the demo business's time zone (REGULARS_TODAY pins it for tests). */
export function demoToday(env: Readonly<Record<string, string | undefined>>): string {
  const pinned = env.REGULARS_TODAY;
  if (pinned !== undefined && pinned !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned)) throw new Error('REGULARS_TODAY must be a date as YYYY-MM-DD');
    return pinned;
  }
  return localDateOf(Date.now(), 'Africa/Johannesburg');
}

/**
 * Opens the .xlsx file, or writes the demo workbook there first when there is none. The demo is kept in
 * memory after saving, so a first start does not read back what it has just written.
 */
export async function openOrCreateWorkbook(file: string, today: string): Promise<OpenedWorkbook> {
  if (existsSync(file)) return { wb: await openXlsxWorkbook(file), created: false };
  const wb = createXlsxWorkbook();
  writeDemo(wb, generateDemo({ customers: DEFAULT_DEMO_CUSTOMERS, seed: DEFAULT_DEMO_SEED, today }));
  await wb.save(file);
  return { wb, created: true };
}
