import { SpreadsheetWorkbook } from '../../addon/server/spreadsheet-workbook';
import { FakeSpreadsheet } from '../addon/fakes/spreadsheet-app';
import { workbookContract, type Session } from './workbook.contract';

function session(fake: FakeSpreadsheet): Session {
  return {
    wb: new SpreadsheetWorkbook(fake, fake.services()),
    calls: () => fake.calls.length,
    commit: () => Promise.resolve(),
    reopen: () => Promise.resolve(session(fake)),
  };
}

workbookContract({
  name: 'SpreadsheetApp adapter (over a fake)',
  open: (seed) => {
    const fake = new FakeSpreadsheet();
    for (const [name, rows] of Object.entries(seed)) fake.addSheet(name, rows);
    return Promise.resolve(session(fake));
  },
});
