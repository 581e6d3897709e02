import { createXlsxWorkbook } from '../workbook';
import { generateDemo, type DemoData, type DemoOptions } from './generate';
import { writeDemo } from './write';

export { DEMO_PUBLIC_URL, DEFAULT_DEMO_CUSTOMERS, DEFAULT_DEMO_SEED, MIN_DEMO_CUSTOMERS, generateDemo, type DemoData, type DemoOptions, type DemoTruth } from './generate';
export type { DuplicateKind } from './duplicates';
export type { TrapKind } from './traps';
export { writeDemo } from './write';

/** Generates the demo for these options and saves it as an .xlsx workbook at `path`; returns the data written. */
export async function createDemoWorkbook(path: string, options: DemoOptions): Promise<DemoData> {
  const data = generateDemo(options);
  const wb = createXlsxWorkbook();
  writeDemo(wb, data);
  await wb.save(path);
  return data;
}
