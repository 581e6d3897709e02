import { MemoryWorkbook } from '../../shared/workbook';
import { workbookContract, type Session } from './workbook.contract';

function session(wb: MemoryWorkbook): Session {
  return {
    wb,
    calls: () => wb.calls.read + wb.calls.write + wb.calls.append + wb.calls.create,
    commit: () => Promise.resolve(),
    reopen: () => {
      wb.clearCache();
      return Promise.resolve(session(wb));
    },
  };
}

workbookContract({
  name: 'MemoryWorkbook',
  open: (seed) => {
    const tabs = Object.fromEntries(Object.entries(seed).map(([name, [header = [], ...rows]]) => [name, { header: header.map(String), rows: rows.map((r) => header.map((_, i) => r[i] ?? null)) }]));
    return Promise.resolve(session(new MemoryWorkbook(tabs)));
  },
});
