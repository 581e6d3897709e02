// The CDNOW sample (tests/fixtures/clv/SOURCE.md), read and summarised the way the CLI does it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClvInput, summarise, type RfmSummary } from '../../../shared/clv';
import { dayNumber } from '../../../shared/kernel';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/clv');

/** The raw sample purchase log summarised in weeks with 1997-09-30 as the inclusive calibration end. */
export function cdnowSampleSummary(): RfmSummary {
  const input = parseClvInput(readFileSync(path.join(fixtures, 'CDNOW_sample.txt'), 'utf8'));
  if (input.kind !== 'transactions') throw new Error('CDNOW_sample.txt should read as purchases');
  return summarise(input.log, dayNumber('1997-09-30')!, 'week');
}

/** Hardie's published summary of the same customers: ID → [x, t_x, T, zbar]. */
export function hardieSummary(): Map<string, [number, number, number, number]> {
  const lines = readFileSync(path.join(fixtures, 'cdnow_customers_summary_with_transactions.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const [id, x, tx, T, zbar] = line.split(',').map(Number) as [number, number, number, number, number];
      return [String(id), [x, tx, T, zbar]];
    }),
  );
}

/** CDNOW's sample as purchase-log rows [customer_id, YYYY-MM-DD, amount] (the amount is its last column). */
export function cdnowSampleRows(): [string, string, string][] {
  return readFileSync(path.join(fixtures, 'CDNOW_sample.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map((f) => [f[0]!, `${f[2]!.slice(0, 4)}-${f[2]!.slice(4, 6)}-${f[2]!.slice(6, 8)}`, f[f.length - 1]!]);
}
