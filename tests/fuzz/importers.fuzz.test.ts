// Real import files (Google, Outlook, HubSpot, Shopify, vCards …) mutated with hostile cells, cut short or
// replaced by noise, through every importer step: reading refuses with a reason or reads; planning and
// applying never throw; and undo puts every tab back exactly as it was (nothing lost, nothing half-written).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo, writeDemo } from '../../functions/demo';
import { readSourceFile, UnreadableFileError } from '../../functions/import/read-file';
import { applyImport, applyPurchaseImport, planImport, planPurchaseImport, textDecoder, undoImport, type SourceTable } from '../../shared/import';
import { readTextSource } from '../../shared/import/source';
import { MemoryWorkbook, type Workbook } from '../../shared/workbook';
import { expectNoLeak, HOSTILE_STRINGS, printTally, tally } from './harness';

const FIXTURES = path.resolve(__dirname, '../fixtures/import');
const files = [
  ...readdirSync(FIXTURES).filter((f) => /\.(csv|vcf|txt)$/.test(f)).map((f) => path.join(FIXTURES, f)),
  ...readdirSync(path.join(FIXTURES, 'purchases')).filter((f) => /\.csv$/.test(f)).map((f) => path.join(FIXTURES, 'purchases', f)),
].map((f) => ({ name: path.basename(f), bytes: readFileSync(f) }));
const demo = generateDemo({ customers: 25, seed: 9, today: '2026-11-23' });
const TABS = ['Customers', 'Purchases', 'Consent log', 'Settings'];

afterAll(() => printTally('importers'));

/** A fixture with some cells replaced by hostile strings, cut short, or with noise spliced in; or pure noise. */
const input = fc.oneof(
  fc.record({ file: fc.constantFrom(...files), cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })), hostile: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE_STRINGS)), { maxLength: 6 }), noise: fc.option(fc.uint8Array({ maxLength: 40 })) }).map(({ file, cut, hostile, noise }) => {
    const text = file.bytes.toString('utf8');
    const cells = text.split(',');
    for (const [at, value] of hostile) cells[at % cells.length] = `"${value.replace(/"/g, '""')}"`;
    let bytes = Buffer.from(cells.join(','));
    if (cut !== null) bytes = bytes.subarray(0, Math.floor(bytes.length * cut));
    if (noise !== null) bytes = Buffer.concat([bytes.subarray(0, bytes.length >> 1), Buffer.from(noise), bytes.subarray(bytes.length >> 1)]);
    return { name: file.name, bytes };
  }),
  fc.record({ name: fc.constantFrom('noise.csv', 'noise.vcf', 'noise.txt'), bytes: fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)) }),
);

function book(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  writeDemo(wb, demo);
  return wb;
}
const snapshot = (wb: Workbook): string => JSON.stringify(TABS.map((t) => wb.read(t)?.rows ?? null));

async function read(name: string, bytes: Buffer): Promise<SourceTable | undefined> {
  try {
    return await readSourceFile(name, bytes);
  } catch (error) {
    expect(error, `${name}: ${String(error)}`).toBeInstanceOf(UnreadableFileError);
    expectNoLeak((error as Error).message, [], name, true);
    return undefined;
  }
}

describe('importers under mutated and random files', () => {
  it('readTextSource (the sidebar path) reads or refuses with a reason, never throws', () => {
    fc.assert(
      fc.property(input, ({ name, bytes }) => {
        tally('readTextSource');
        const result = readTextSource(name, bytes, textDecoder);
        if (!result.ok) expect(result.reason).toMatch(/\S/);
      }),
      { numRuns: 500 },
    );
  });

  it('customers: plan and apply never throw, and undo puts every tab back', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom('email', 'phone'), async ({ name, bytes }, key) => {
        tally('planImport + applyImport + undoImport');
        const table = await read(name, bytes);
        if (!table) return;
        const wb = book();
        const before = snapshot(wb);
        const plan = planImport(wb, [table], { country: 'ZA', key });
        expect(snapshot(wb), 'planning wrote').toBe(before);
        applyImport(wb, plan, { importId: 'IMP-F', at: '2026-11-23T10:00:00Z', by: 'fuzz' });
        const undone = undoImport(wb, 'IMP-F', { at: '2026-11-23T11:00:00Z' });
        if (undone.ok) expect(JSON.stringify(wb.read('Customers')?.rows), `${name}: undo left Customers changed`).toBe(JSON.stringify(book().read('Customers')?.rows));
      }),
      { numRuns: 250 },
    );
  }, 60_000);

  it('purchases: plan and apply never throw, and undo removes every purchase it added', async () => {
    await fc.assert(
      fc.asyncProperty(input, async ({ name, bytes }) => {
        tally('planPurchaseImport + applyPurchaseImport + undoImport');
        const table = await read(name, bytes);
        if (!table) return;
        const wb = book();
        const purchases = JSON.stringify(wb.read('Purchases')?.rows);
        const plan = planPurchaseImport(wb, [table], { country: 'ZA' });
        applyPurchaseImport(wb, plan, { importId: 'IMP-P', at: '2026-11-23T10:00:00Z', by: 'fuzz' });
        const undone = undoImport(wb, 'IMP-P', { at: '2026-11-23T11:00:00Z' });
        if (undone.ok) expect(JSON.stringify(wb.read('Purchases')?.rows), `${name}: undo left Purchases changed`).toBe(purchases);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
