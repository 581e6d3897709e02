import { describe, expect, it } from 'vitest';
import { openSheetsApiWorkbook } from '../../functions/workbook/sheets-api-workbook';
import { FakeSheetsApi } from './fakes/sheets-api';
import { workbookContract, type Session } from './workbook.contract';

async function session(fake: FakeSheetsApi): Promise<Session> {
  // Every tab read with its cell types, so readTyped has them (one more call at open).
  const wb = await openSheetsApiWorkbook(fake.client(), 'sheet-1', { typedTabs: fake.tabs.map((t) => t.title) });
  return {
    wb,
    calls: () => fake.calls.length,
    commit: async () => {
      await wb.flush();
    },
    reopen: () => session(fake),
  };
}

workbookContract({
  name: 'Sheets API adapter (over a fake client)',
  open: (seed) => {
    const fake = new FakeSheetsApi();
    for (const [name, rows] of Object.entries(seed)) fake.addTab(name, rows);
    return session(fake);
  },
});

describe('Sheets API adapter: typed cells from grid data', () => {
  it('reads a DATE-formatted serial as its day, a DATE_TIME one with its wall-clock time, a link run as a link', async () => {
    const fake = new FakeSheetsApi();
    // Serial 45000 is 15 March 2023 in Sheets and Excel (day 0 = 30 December 1899); .75 is 18:00.
    const tab = fake.addTab('People', [
      ['id', 'joined', 'seen', 'site', 'n'],
      ['C-1', 45000, 45000.75, 'Our page', 45000],
    ]);
    tab.dateFormats.set('1:1', 'DATE');
    tab.dateFormats.set('1:2', 'DATE_TIME');
    tab.links.set('1:3', 'https://shop.example/');
    const wb = await openSheetsApiWorkbook(fake.client(), 'sheet-1', { typedTabs: ['People'] });
    expect(wb.readTyped('People', [2])).toEqual([
      ['C-1', { kind: 'date', iso: '2023-03-15' }, { kind: 'date', iso: '2023-03-15T18:00:00' }, { kind: 'link', url: 'https://shop.example/', text: 'Our page' }, 45000],
    ]);
    // read() keeps the serial number, as before (the codec reads it in date columns).
    expect(wb.read('People')!.rows[0]![1]).toBe(45000);
    expect(fake.count('spreadsheets.get')).toBe(2);
  });

  it('writes a date as its serial with a date format only where the cell has none, and asks for types it was not given', async () => {
    const fake = new FakeSheetsApi();
    const tab = fake.addTab('People', [
      ['id', 'joined', 'other'],
      ['C-1', 45000, null],
    ]);
    tab.dateFormats.set('1:1', 'DATE');
    const wb = await openSheetsApiWorkbook(fake.client(), 'sheet-1', { typedTabs: ['People'] });
    wb.writeTyped('People', [
      { row: 2, col: 2, value: { kind: 'date', iso: '2024-02-29' } },
      { row: 2, col: 3, value: { kind: 'date', iso: '2024-02-29' } },
    ]);
    await wb.flush();
    const sent = fake.calls.at(-1)!.params as { requestBody: { requests: { updateCells: { fields: string; rows: { values: unknown[] }[] } }[] } };
    // 29 February 2024 is serial 45351.
    expect(sent.requestBody.requests.map((r) => [r.updateCells.fields, r.updateCells.rows[0]!.values[0]])).toEqual([
      ['userEnteredValue,textFormatRuns', { userEnteredValue: { numberValue: 45351 } }],
      ['userEnteredValue,textFormatRuns,userEnteredFormat.numberFormat', { userEnteredValue: { numberValue: 45351 }, userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } } }],
    ]);
    const plain = await openSheetsApiWorkbook(fake.client(), 'sheet-1');
    expect(() => plain.readTyped('People', [2])).toThrow(/typedTabs/);
  });
});
