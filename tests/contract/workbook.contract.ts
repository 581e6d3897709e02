import { describe, expect, test } from 'vitest';
import type { CellValue, Workbook } from '../../shared/workbook';

/** Tabs a subject starts with: header row first, as existing content typed by a person (no formats). */
export type Seed = Record<string, CellValue[][]>;

/** One session of a Workbook implementation over some backing store. */
export interface Session {
  wb: Workbook;
  /** Calls made to the backing store so far (what a real sheet would see). */
  calls(): number;
  /** Makes buffered writes durable (flush, save); a no-op for adapters that write at once. */
  commit(): Promise<void>;
  /** A new session over what is stored now. */
  reopen(): Promise<Session>;
}

/** A Workbook implementation under test. */
export interface Subject {
  name: string;
  open(seed: Seed): Promise<Session>;
  /** Cases this implementation is known to fail, each with the reason (test name → reason). */
  skip?: Readonly<Record<string, string>>;
}

const FORMULA_LOOKING = ['=HYPERLINK("http://evil.example","click")', '+27 82 555 0100', '-5', '@x', '=1+1', '-Dlamini', '\tTabbed', '\rReturned'];

/** Rows of a narrow customers-like tab: id, name, phone, joined. */
function people(n: number): CellValue[][] {
  const rows: CellValue[][] = [['id', 'name', 'phone', 'joined', 'Favourite colour']];
  for (let i = 1; i <= n; i++) rows.push([`C-${String(i).padStart(6, '0')}`, `Person ${i}`, `Phone ${i}`, i, i % 2 === 0 ? 'green' : 'blue']);
  return rows;
}

/** The shared Workbook contract: every adapter must pass it unchanged (DESIGN §1, STYLE: Hono). */
export function workbookContract(subject: Subject): void {
  describe(`Workbook contract: ${subject.name}`, () => {
    const it = (name: string, fn: () => Promise<void>): void => {
      const reason = subject.skip?.[name];
      if (reason) test.skip(`${name} — skipped: ${reason}`, fn);
      else test(name, fn);
    };
    it('reads a missing tab as undefined and lists the tabs that exist', async () => {
      const { wb } = await subject.open({ People: people(2) });
      expect(wb.read('Nope')).toBeUndefined();
      expect(wb.tabNames()).toContain('People');
      expect(wb.tabNames()).not.toContain('Nope');
    });

    it('reads header and rows, each row as long as the header', async () => {
      const { wb } = await subject.open({ People: [['id', 'name', 'note'], ['C-1', 'Ann'], ['C-2', 'Ben', 'x']] });
      const grid = wb.read('People');
      expect(grid?.header).toEqual(['id', 'name', 'note']);
      expect(grid?.rows).toEqual([
        ['C-1', 'Ann', null],
        ['C-2', 'Ben', 'x'],
      ]);
    });

    it('ensureTab creates a missing tab with its header, and it persists', async () => {
      const session = await subject.open({});
      session.wb.ensureTab('Loyalty', { header: ['tier', 'min_spend_12m', 'perks'], textColumns: ['tier', 'perks'] });
      expect(session.wb.tabNames()).toContain('Loyalty');
      expect(session.wb.read('Loyalty')).toEqual({ header: ['tier', 'min_spend_12m', 'perks'], rows: [] });
      await session.commit();
      const again = await session.reopen();
      expect(again.wb.read('Loyalty')).toEqual({ header: ['tier', 'min_spend_12m', 'perks'], rows: [] });
    });

    it('ensureTab adds only the missing columns, after the user’s own, keeping their data', async () => {
      const session = await subject.open({ People: people(2) });
      session.wb.ensureTab('People', { header: ['ID', 'name', 'email', 'mobile'], textColumns: ['mobile'] });
      const expected = ['id', 'name', 'phone', 'joined', 'Favourite colour', 'email', 'mobile'];
      expect(session.wb.read('People')?.header).toEqual(expected);
      session.wb.ensureTab('People', { header: ['email'], textColumns: [] });
      await session.commit();
      const grid = (await session.reopen()).wb.read('People');
      expect(grid?.header).toEqual(expected);
      expect(grid?.rows[1]).toEqual(['C-000002', 'Person 2', 'Phone 2', 2, 'green', null, null]);
    });

    it('write changes only the given cells', async () => {
      const session = await subject.open({ People: people(6) });
      const before = session.wb.read('People')!;
      const snapshot = { header: [...before.header], rows: before.rows.map((r) => [...r]) };
      session.wb.write('People', [
        { row: 2, col: 2, value: 'Ann' },
        { row: 6, col: 2, value: 'Eve' },
        { row: 4, col: 4, value: 42 },
      ]);
      await session.commit();
      const after = (await session.reopen()).wb.read('People')!;
      const expected = snapshot.rows.map((r) => [...r]);
      expected[0]![1] = 'Ann';
      expected[4]![1] = 'Eve';
      expected[2]![3] = 42;
      expect(after.header).toEqual(snapshot.header);
      expect(after.rows).toEqual(expected);
      // The session's own view reflects its writes without another read.
      expect(session.wb.read('People')!.rows).toEqual(expected);
    });

    it('appends rows after the last row, padded to the header', async () => {
      const session = await subject.open({ People: people(3) });
      session.wb.append('People', [
        ['C-000004', 'Dee'],
        ['C-000005', 'Eli', 'Phone 5', 5, 'red'],
      ]);
      expect(session.wb.read('People')!.rows).toHaveLength(5);
      await session.commit();
      const rows = (await session.reopen()).wb.read('People')!.rows;
      expect(rows.slice(2)).toEqual([
        ['C-000003', 'Person 3', 'Phone 3', 3, 'blue'],
        ['C-000004', 'Dee', null, null, null],
        ['C-000005', 'Eli', 'Phone 5', 5, 'red'],
      ]);
    });

    it('appends beyond the sheet’s initial grid of rows', async () => {
      const session = await subject.open({});
      session.wb.ensureTab('Big', { header: ['id', 'n'], textColumns: ['id'] });
      const rows: CellValue[][] = Array.from({ length: 1500 }, (_, i) => [`X${i}`, i]);
      session.wb.append('Big', rows);
      await session.commit();
      const grid = (await session.reopen()).wb.read('Big')!;
      expect(grid.rows).toHaveLength(1500);
      expect(grid.rows[1499]).toEqual(['X1499', 1499]);
    });

    it('replaceRows replaces every data row and clears rows left over', async () => {
      const session = await subject.open({ People: people(4) });
      session.wb.replaceRows('People', [['C-9', 'Only', null, 1, 'x']]);
      await session.commit();
      expect((await session.reopen()).wb.read('People')!.rows).toEqual([['C-9', 'Only', null, 1, 'x']]);
    });

    it('keeps formula-looking user strings as text, in plain and in text columns, by write and by append', async () => {
      const session = await subject.open({});
      session.wb.ensureTab('Notes', { header: ['id', 'plain', 'text'], textColumns: ['id', 'text'] });
      session.wb.append('Notes', FORMULA_LOOKING.map((s, i) => [`N${i}`, s, s]));
      await session.commit();
      const next = await session.reopen();
      expect(next.wb.read('Notes')!.rows).toEqual(FORMULA_LOOKING.map((s, i) => [`N${i}`, s, s]));
      next.wb.write('Notes', [{ row: 2, col: 2, value: '=IMPORTXML("http://x","//a")' }]);
      await next.commit();
      expect((await next.reopen()).wb.read('Notes')!.rows[0]![1]).toBe('=IMPORTXML("http://x","//a")');
    });

    it('keeps leading zeros in text columns, and numbers, booleans and ISO dates as themselves', async () => {
      const session = await subject.open({});
      session.wb.ensureTab('Contacts', { header: ['phone', 'postcode', 'amount', 'vip', 'birth_date'], textColumns: ['phone', 'postcode'] });
      session.wb.append('Contacts', [
        ['0821234567', '0081', 12.5, true, '1990-02-28'],
        ['00123', '0001', 0, false, '2024-02-29'],
      ]);
      await session.commit();
      expect((await session.reopen()).wb.read('Contacts')!.rows).toEqual([
        ['0821234567', '0081', 12.5, true, '1990-02-28'],
        ['00123', '0001', 0, false, '2024-02-29'],
      ]);
    });

    it('withLock runs the function and returns its value', async () => {
      const { wb } = await subject.open({ People: people(1) });
      expect(wb.withLock(() => wb.read('People')!.rows.length)).toBe(1);
    });

    it('makes as many calls per operation for 10,000 rows as for 10', async () => {
      const measure = async (n: number): Promise<Record<string, number>> => {
        let session = await subject.open({ People: people(n) });
        const out: Record<string, number> = {};
        const step = async (name: string, op: (wb: Workbook) => void): Promise<void> => {
          const start = session.calls();
          op(session.wb);
          await session.commit();
          out[name] = session.calls() - start;
        };
        await step('read', (wb) => {
          wb.read('People');
          wb.read('People');
        });
        await step('write', (wb) =>
          wb.write('People', [
            { row: 2, col: 2, value: 'First' },
            { row: n + 1, col: 2, value: 'Last' },
            { row: Math.ceil(n / 2), col: 5, value: 'red' },
          ]),
        );
        // 1,500 rows outgrow the grid in both cases, so both pay for growing it once.
        await step('append', (wb) => wb.append('People', Array.from({ length: 1500 }, (_, i) => [`N${i}`, `New ${i}`])));
        await step('ensureTab', (wb) => wb.ensureTab('People', { header: ['id', 'email', 'mobile'], textColumns: ['mobile'] }));
        await step('create', (wb) => wb.ensureTab('Log', { header: ['at', 'what'], textColumns: ['what'] }));
        session = await session.reopen();
        const start = session.calls();
        session.wb.read('People');
        out.reopenAndRead = session.calls() - start;
        return out;
      };
      const small = await measure(10);
      const large = await measure(10_000);
      expect(large).toEqual(small);
      // Reading a tab twice costs no more than once; nothing costs more than a handful of calls.
      for (const count of Object.values(small)) expect(count).toBeLessThanOrEqual(12);
    });
  });
}
