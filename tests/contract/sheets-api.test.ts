import { openSheetsApiWorkbook } from '../../functions/workbook/sheets-api-workbook';
import { FakeSheetsApi } from './fakes/sheets-api';
import { workbookContract, type Session } from './workbook.contract';

async function session(fake: FakeSheetsApi): Promise<Session> {
  const wb = await openSheetsApiWorkbook(fake.client(), 'sheet-1');
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
