import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseClvInput, spendData, summarise } from '../../../shared/clv';
import { dayNumber } from '../../../shared/kernel';

// The full CDNOW cohort lives in the workspace's shared data (../shared/data/clv beside the repo), with a
// summary derived independently by the steering repo's Python script (see that folder's README).
const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/clv');
const present = existsSync(path.join(data, 'CDNOW_master.txt')) && existsSync(path.join(data, 'cdnow_master_summary_cal39w.csv'));

describe.skipIf(!present)('the full CDNOW log summarised (23,570 customers)', () => {
  it('matches the independently derived summary: repeat days, recency, age, mean spend and holdout days', () => {
    const input = parseClvInput(readFileSync(path.join(data, 'CDNOW_master.txt'), 'utf8'));
    if (input.kind !== 'transactions') throw new Error('expected purchases');
    expect(input.log.day).toHaveLength(69_659);
    const end = dayNumber('1997-09-30')!;
    const s = summarise(input.log, end, 'week');
    const whole = summarise(input.log, dayNumber('1998-06-30')!, 'week');
    expect(s.ids).toHaveLength(23_570);
    const reference = readFileSync(path.join(data, 'cdnow_master_summary_cal39w.csv'), 'utf8').trim().split('\n').slice(1);
    expect(reference).toHaveLength(23_570);
    const index = new Map(s.ids.map((id, i) => [Number(id), i]));
    const wholeIndex = new Map(whole.ids.map((id, i) => [Number(id), i]));
    for (const line of reference) {
      const [id, x, tx, T, monetary, xStar] = line.split(',').map(Number) as [number, number, number, number, number, number];
      const i = index.get(id)!;
      expect(s.x[i]).toBe(x);
      expect(Math.abs(s.tx[i]! - tx)).toBeLessThan(1e-6);
      expect(Math.abs(s.T[i]! - T)).toBeLessThan(1e-6);
      expect(Math.abs(s.monetary[i]! - monetary)).toBeLessThan(1e-6);
      // Holdout repeat days = all days to 1998-06-30 minus the calibration's.
      expect(whole.x[wholeIndex.get(id)!]! - x).toBe(xStar);
    }
    let repeaters = 0;
    for (const x of s.x) if (x > 0) repeaters++;
    expect(repeaters).toBe(9_451);
    // Customer 10244 repeats once with $0, so the Gamma-Gamma model gets 9,450 customers.
    expect(spendData(s.x, s.monetary).x).toHaveLength(9_450);
  });
});
