import { describe, expect, it } from 'vitest';
import { parseClvInput, summarise } from '../../../shared/clv';
import { dayNumber } from '../../../shared/kernel';

// The plain-CSV reader (one small loop) and the general reader must read a log the same way: the quote on the
// last line below sends the second file through the general reader, whose reading is the reference.

const rows = Array.from({ length: 400 }, (_, i) => `C${1 + Math.floor(i / 3)},1997-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},${(i * 1.37).toFixed(2)}`);

describe('plain CSV purchase logs', () => {
  it('reads ids, dates and amounts exactly as the general reader does', () => {
    const plain = parseClvInput(`customer_id,date,amount\n${rows.join('\n')}\n`);
    const general = parseClvInput(`customer_id,date,amount\r\n${rows.join('\r\n')}\r\n"C999",1997-09-30,1\r\n`);
    if (plain.kind !== 'transactions' || general.kind !== 'transactions') throw new Error('expected purchase logs');
    expect(plain.log.day).toHaveLength(400);
    expect(Array.from(plain.log.day)).toEqual(Array.from(general.log.day).slice(0, 400));
    expect(Array.from(plain.log.amount)).toEqual(Array.from(general.log.amount).slice(0, 400));
    const ids = (log: typeof plain.log): string[] => Array.from(log.code, (c) => log.ids[c]!);
    expect(ids(plain.log)).toEqual(ids(general.log).slice(0, 400));
    // By hand: row 10 is C4 on 1997-02-11 for 13.70.
    expect([ids(plain.log)[10], plain.log.day[10], plain.log.amount[10]]).toEqual(['C4', dayNumber('1997-02-11'), 13.7]);
    const end = dayNumber('1997-12-31')!;
    expect(summarise(plain.log, end).x).toEqual(summarise(general.log, end).x.subarray(0, 134));
  });

  it('numbers a customer who comes back after others once, in order of first appearance', () => {
    const shuffled = ['C2,1997-03-01,5', 'C1,1997-01-02,4', 'C2,1997-03-08,6', 'C3,1997-02-01,1', 'C1,1997-01-09,2', 'C2,1997-04-01,7'];
    const plain = parseClvInput(`customer_id,date,amount\n${shuffled.join('\n')}\n`);
    const general = parseClvInput(`customer_id,date,amount\n${shuffled.join('\n')}\n"C9",1997-05-01,1\n`);
    if (plain.kind !== 'transactions' || general.kind !== 'transactions' || !('code' in plain.log) || !('code' in general.log)) throw new Error('expected coded logs');
    expect(plain.log.ids).toEqual(['C2', 'C1', 'C3']);
    expect(Array.from(plain.log.code)).toEqual([0, 1, 0, 2, 1, 0]);
    expect(Array.from(general.log.code).slice(0, 6)).toEqual([0, 1, 0, 2, 1, 0]);
    // By hand: C2 bought on 3 days, C1 on 2, C3 once.
    expect(Array.from(summarise(plain.log, dayNumber('1997-12-31')!).x)).toEqual([2, 1, 0]);
  });

  it('reads a date with a letter in it as no date, named by line', () => {
    expect(() => parseClvInput('customer_id,date,amount\nC1,1997-01-02,4\nC2,1997-0a-03,4\n')).toThrow('line 3: the date is not YYYY-MM-DD or YYYYMMDD');
    expect(() => parseClvInput('customer_id,date,amount\nC1,1997-01-02,4\nC2,19/7-01-03,4\n')).toThrow('line 3');
  });

  it('leaves anything unusual to the general reader: padded fields, refunds, a bad date named by line', () => {
    const padded = parseClvInput('customer_id,date,amount\n C1 , 1997-01-02 , 4.5\nC1,1997-01-09,-1.5\n');
    if (padded.kind !== 'transactions') throw new Error('expected a purchase log');
    expect(Array.from(padded.log.amount)).toEqual([4.5, -1.5]);
    expect(() => parseClvInput('customer_id,date,amount\nC1,1997-01-02,4\nC2,1997-02-30,4\n')).toThrow('line 3: the date is not YYYY-MM-DD or YYYYMMDD');
  });
});
