import { describe, expect, test } from 'vitest';
import type { CellValue, TypedCell, TypedCellUpdate, Workbook } from '../../shared/workbook';

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

/** Names of the typed-cell cases, for skip lists of adapters that do not have readTyped/writeTyped yet. */
export const TYPED_CASES = [
  'writeTyped then readTyped round-trips dates, formulas, links and plain values across sessions',
  'a typed cell read back writes back as the same cell, a date-time included',
  'writeTyped keeps the type of every cell it does not update, inside its block too',
  'a plain write over a typed cell replaces it, link and formula included',
  'a plain write keeps the type of every cell it does not update, inside its block too',
  'readTyped and writeTyped make as many calls for 10,000 rows as for 10',
] as const;

/** The port methods for typed cells, which every adapter must have for these cases. */
function typed(wb: Workbook): Required<Pick<Workbook, 'readTyped' | 'writeTyped'>> {
  if (!wb.readTyped || !wb.writeTyped) throw new Error('this adapter has no readTyped/writeTyped');
  return { readTyped: wb.readTyped.bind(wb), writeTyped: wb.writeTyped.bind(wb) };
}

const LINK: TypedCell = { kind: 'link', url: 'https://shop.example/ann?a=1&b="2"', text: 'Ann’s page' };
const DATE: TypedCell = { kind: 'date', iso: '2024-02-29' };
const FORMULA = { kind: 'formula', formula: '=1+1' } as const;

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

    it(TYPED_CASES[0], async () => {
      const session = await subject.open({ People: people(7) });
      session.wb.read('People');
      const updates: TypedCellUpdate[] = [
        { row: 2, col: 4, value: DATE },
        { row: 3, col: 5, value: LINK },
        { row: 4, col: 2, value: { ...FORMULA, value: 2 } },
        { row: 5, col: 2, value: '=not a formula' },
        { row: 6, col: 3, value: 42 },
        { row: 7, col: 5, value: null },
        { row: 8, col: 4, value: true },
      ];
      typed(session.wb).writeTyped('People', updates);
      // The session's own view shows the plain form at once: a date as ISO, a link as its text.
      const view = session.wb.read('People')!.rows;
      expect([view[0]![3], view[1]![4], view[3]![1], view[5]![4]]).toEqual(['2024-02-29', 'Ann’s page', '=not a formula', null]);
      await session.commit();
      const again = await session.reopen();
      const rows = typed(again.wb).readTyped('People', [2, 3, 4, 5, 6, 7, 8]);
      expect(rows.map((r) => r.length)).toEqual(Array<number>(7).fill(5));
      expect(rows[0]).toEqual(['C-000001', 'Person 1', 'Phone 1', DATE, 'blue']);
      expect(rows[1]).toEqual(['C-000002', 'Person 2', 'Phone 2', 2, LINK]);
      expect(rows[2]![1]).toMatchObject(FORMULA);
      expect(rows[3]![1]).toBe('=not a formula');
      expect(rows[4]![2]).toBe(42);
      expect(rows[5]![4]).toBeNull();
      expect(rows[6]![3]).toBe(true);
      // Rows in any order, and one row alone, read the same.
      expect(typed(again.wb).readTyped('People', [3, 2])).toEqual([rows[1], rows[0]]);
    });

    it(TYPED_CASES[1], async () => {
      const session = await subject.open({ People: people(4) });
      session.wb.read('People');
      typed(session.wb).writeTyped('People', [
        { row: 2, col: 4, value: { kind: 'date', iso: '2025-01-02T10:30:00' } },
        { row: 2, col: 5, value: LINK },
        { row: 2, col: 2, value: { kind: 'formula', formula: '=LEN("abc")', value: 3 } },
      ]);
      await session.commit();
      const first = await session.reopen();
      const read = typed(first.wb).readTyped('People', [2])[0]!;
      expect(read[3]).toMatchObject({ kind: 'date' });
      expect((read[3] as { iso: string }).iso.startsWith('2025-01-02T10:30')).toBe(true);
      // What was read goes back, as undo puts it back, into other rows, and reads the same again.
      typed(first.wb).writeTyped('People', [3, 4].flatMap((row) => [1, 3, 4].map((c) => ({ row, col: c + 1, value: read[c]! }))));
      await first.commit();
      const second = typed((await first.reopen()).wb).readTyped('People', [2, 3, 4]);
      for (const row of second.slice(1)) for (const c of [1, 3, 4]) expect(row[c], `column ${c + 1}`).toEqual(second[0]![c]);
      expect(second[0]![3]).toEqual(read[3]);
      expect(second[0]![4]).toEqual(LINK);
    });

    it(TYPED_CASES[2], async () => {
      const session = await subject.open({ People: people(6) });
      session.wb.read('People');
      typed(session.wb).writeTyped('People', [
        { row: 3, col: 3, value: LINK },
        { row: 4, col: 3, value: { ...FORMULA, value: 2 } },
        { row: 4, col: 4, value: DATE },
      ]);
      await session.commit();
      const next = await session.reopen();
      next.wb.read('People');
      // Updates at the corners of rows 2–5 × columns 2–4, so a block-writing adapter spans the typed cells.
      typed(next.wb).writeTyped('People', [
        { row: 2, col: 2, value: 'Ann' },
        { row: 5, col: 4, value: 99 },
        { row: 3, col: 2, value: { kind: 'date', iso: '2023-12-31' } },
      ]);
      await next.commit();
      const rows = typed((await next.reopen()).wb).readTyped('People', [2, 3, 4, 5]);
      expect(rows[1]![2]).toEqual(LINK);
      expect(rows[2]![2]).toMatchObject(FORMULA);
      expect(rows[2]![3]).toEqual(DATE);
      expect(rows[0]![1]).toBe('Ann');
      expect(rows[3]![3]).toBe(99);
      expect(rows[1]![1]).toEqual({ kind: 'date', iso: '2023-12-31' });
      expect([rows[0]![2], rows[0]![3], rows[3]![1], rows[3]![2]]).toEqual(['Phone 1', 1, 'Person 4', 'Phone 4']);
    });

    it(TYPED_CASES[3], async () => {
      const session = await subject.open({ People: people(3) });
      session.wb.read('People');
      typed(session.wb).writeTyped('People', [
        { row: 2, col: 5, value: LINK },
        { row: 3, col: 5, value: { ...FORMULA, value: 2 } },
      ]);
      await session.commit();
      const next = await session.reopen();
      next.wb.read('People');
      next.wb.write('People', [
        { row: 2, col: 5, value: 'plain' },
        { row: 3, col: 5, value: '=2+2' },
      ]);
      await next.commit();
      const rows = typed((await next.reopen()).wb).readTyped('People', [2, 3]);
      expect([rows[0]![4], rows[1]![4]]).toEqual(['plain', '=2+2']);
    });

    it(TYPED_CASES[4], async () => {
      const session = await subject.open({ People: people(6) });
      session.wb.read('People');
      typed(session.wb).writeTyped('People', [
        { row: 3, col: 3, value: LINK },
        { row: 4, col: 3, value: { ...FORMULA, value: 2 } },
        { row: 4, col: 4, value: DATE },
      ]);
      await session.commit();
      const next = await session.reopen();
      next.wb.read('People');
      // Corners of rows 2–5 × columns 2–4, as a customer save of a name and a joined date would be.
      next.wb.write('People', [
        { row: 2, col: 2, value: 'Ann' },
        { row: 5, col: 4, value: 99 },
      ]);
      await next.commit();
      const rows = typed((await next.reopen()).wb).readTyped('People', [2, 3, 4, 5]);
      expect(rows[1]![2]).toEqual(LINK);
      expect(rows[2]![2]).toMatchObject(FORMULA);
      expect(rows[2]![3]).toEqual(DATE);
      expect([rows[0]![1], rows[3]![3], rows[0]![3], rows[3]![2]]).toEqual(['Ann', 99, 1, 'Phone 4']);
    });

    it(TYPED_CASES[5], async () => {
      const measure = async (n: number): Promise<Record<string, number>> => {
        const session = await subject.open({ People: people(n) });
        session.wb.read('People');
        await session.commit();
        const out: Record<string, number> = {};
        let start = session.calls();
        typed(session.wb).writeTyped('People', [
          { row: 2, col: 5, value: LINK },
          { row: Math.ceil(n / 2), col: 4, value: DATE },
          { row: n + 1, col: 2, value: { ...FORMULA, value: 2 } },
          { row: n + 1, col: 5, value: LINK },
        ]);
        await session.commit();
        out.writeTyped = session.calls() - start;
        const next = await session.reopen();
        next.wb.read('People');
        start = next.calls();
        const rows = typed(next.wb).readTyped('People', [2, Math.ceil(n / 2), n + 1]);
        out.readTyped = next.calls() - start;
        expect(rows[0]![4]).toEqual(LINK);
        expect(rows[1]![3]).toEqual(DATE);
        expect(rows[2]![4]).toEqual(LINK);
        return out;
      };
      const small = await measure(10);
      const large = await measure(10_000);
      expect(large).toEqual(small);
      for (const count of Object.values(small)) expect(count).toBeLessThanOrEqual(12);
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
