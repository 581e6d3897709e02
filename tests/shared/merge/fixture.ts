import { mulberry32 } from '../../../shared/kernel';
import {
  consentLogTab,
  customersTab,
  defectionsTab,
  interactionsTab,
  MemoryWorkbook,
  outboxTab,
  purchasesTab,
  type CellValue,
  type Grid,
  type TabDef,
} from '../../../shared/workbook';

/** A small seeded generator, so every run builds the same workbook. */
export const random = mulberry32;

const FIRST = ['Thandi', 'Zoë', "Seán", 'Pieter', '=cmd', '+Tom', 'Ayesha', 'Lerato', 'José', 'Mary-Jane', '-Dash', '@home'];
const LAST = ['Botha', 'Naidoo', "O'Neil", 'van der Merwe', 'Dlamini', 'Smith', 'Müller', 'Nkosi'];
const EXTRA_CUSTOMER_COLUMNS = ['Favourite drink', 'Card no', '', 'Extra', 'Extra'];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function id(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

function rowOf(header: readonly string[], cells: Record<string, CellValue>, extra: readonly CellValue[] = []): CellValue[] {
  const row = header.map((h) => (h in cells ? (cells[h] ?? null) : null));
  const firstExtra = header.length - extra.length;
  extra.forEach((v, i) => (row[firstExtra + i] = v));
  return row;
}

/** Sizes of a generated workbook. */
export interface Sizes {
  customers: number;
  purchasesPer: number;
  seed?: number;
  /** Leave some purchases without an id, as hand-kept sheets do (default true). */
  blankIds?: boolean;
}

/**
 * A workbook as a shop would have it: every contract tab, the user's own columns (one with a blank header,
 * two with the same header), formula-looking strings, blank cells ('' and null), numbers, booleans, dates in
 * several forms, hand-typed customers without a status, archived customers, and purchases without an id.
 */
export function buildWorkbook({ customers, purchasesPer, seed = 7, blankIds = true }: Sizes): MemoryWorkbook {
  const rnd = random(seed);
  const cHeader = [...Object.keys(customersTab.columns), ...EXTRA_CUSTOMER_COLUMNS];
  const cRows: CellValue[][] = [];
  for (let n = 1; n <= customers; n++) {
    const first = pick(rnd, FIRST);
    const last = pick(rnd, LAST);
    cRows.push(
      rowOf(
        cHeader,
        {
          id: id('C', n),
          contact_type: pick(rnd, ['customer', 'prospect', '', null]),
          first_name: first,
          last_name: last,
          email: rnd() < 0.2 ? pick(rnd, [null, '']) : `${last.replace(/\W/g, '').toLowerCase()}${n}@example.com`,
          phone: rnd() < 0.3 ? 825550000 + n : pick(rnd, [`+27 82 555 ${String(n).padStart(4, '0')}`, `082-555-${n}`, null]),
          city: pick(rnd, ['Durban', 'Cape Town', '', null]),
          birth_date: pick(rnd, ['1980-03-04', '03/04/1980', 29284, null]),
          email_consent: pick(rnd, [true, false, 'Yes', 'no', null]),
          tags: pick(rnd, ['vip', 'vip, wholesale', '', null]),
          notes: pick(rnd, ['Prefers mornings\nCall first', '-5 stars', '=HYPERLINK("http://x","y")', null]),
          status: rnd() < 0.05 ? 'archived' : pick(rnd, ['active', 'active', 'Active', '', null]),
          created_at: '2024-01-02T08:00:00Z',
          orders: Math.floor(rnd() * 20),
          revenue: Math.round(rnd() * 100000) / 100,
          p_alive: rnd() < 0.5 ? Math.round(rnd() * 1000) / 1000 : null,
        },
        [pick(rnd, ['@coffee', 'tea', '+milk', null]), rnd() < 0.5 ? 1000 + n : `00${n}`, pick(rnd, ['x', null]), 'a', pick(rnd, ['b', true, 0])],
      ),
    );
  }
  const tabs: Record<string, Grid> = { [customersTab.name]: { header: cHeader, rows: cRows } };
  const owner = (): string => id('C', 1 + Math.floor(rnd() * customers));

  const pHeader = [...Object.keys(purchasesTab.columns), 'Till ref'];
  tabs[purchasesTab.name] = {
    header: pHeader,
    rows: Array.from({ length: customers * purchasesPer }, (_, i) =>
      rowOf(
        pHeader,
        {
          id: blankIds && rnd() < 0.05 ? pick(rnd, [null, '']) : id('P', i + 1),
          customer_id: owner(),
          date: pick(rnd, ['2025-01-02', 45000, '2/3/2025']),
          amount: rnd() < 0.8 ? Math.round(rnd() * 50000) / 100 : '1,234.50',
          currency: 'ZAR',
          description: pick(rnd, ['Coffee', '=SUM(A1:A2)', '', null]),
        },
        [pick(rnd, ['T1', 7, null])],
      ),
    ),
  };
  tabs[interactionsTab.name] = simpleTab(interactionsTab, 'I', customers, owner, rnd, (r) => ({
    date: '2025-02-03T10:00:00Z',
    kind: pick(r, ['call', 'visit', 'complaint']),
    notes: pick(r, ['+ said hi', 'ok', null]),
    score: pick(r, [5, null, '4']),
  }));
  tabs[outboxTab.name] = simpleTab(outboxTab, 'O', customers, owner, rnd, (r, i) => ({
    key: `k${i}`,
    campaign: 'birthday',
    to: 'someone@example.com',
    status: pick(r, ['planned', 'sent']),
    attempts: pick(r, [0, 1, null]),
  }));
  tabs[defectionsTab.name] = simpleTab(defectionsTab, 'D', Math.ceil(customers / 5), owner, rnd, (r) => ({
    type: 'no_repurchase',
    lost_profit_estimate: Math.round(r() * 1000),
  }));
  tabs[consentLogTab.name] = simpleTab(consentLogTab, 'K', customers, owner, rnd, (r) => ({
    at: '2024-05-01T09:00:00Z',
    change: pick(r, ['given', 'withdrawn']),
    by: 'till',
  }));
  tabs.Settings = { header: ['key', 'value'], rows: [['business_name', 'Corner Café'], ['country', 'ZA']] };
  return new MemoryWorkbook(tabs);
}

function simpleTab(
  def: TabDef,
  prefix: string,
  count: number,
  owner: () => string,
  rnd: () => number,
  cells: (rnd: () => number, i: number) => Record<string, CellValue>,
): Grid {
  const header = Object.keys(def.columns);
  return { header, rows: Array.from({ length: count }, (_, i) => rowOf(header, { id: id(prefix, i + 1), customer_id: owner(), ...cells(rnd, i) })) };
}

/** The tabs whose rows belong to a customer by customer_id (DESIGN §2, issue 3). */
export const OWNED_TABS = ['Purchases', 'Interactions', 'Outbox', 'Defections', 'Consent log'];

/** The tabs a merge may change, which undo must give back exactly. */
export const DATA_TABS = [customersTab.name, purchasesTab.name, interactionsTab.name, outboxTab.name, defectionsTab.name, consentLogTab.name];

/** Every data tab as stored now, for comparing cell by cell. */
export function snapshotData(wb: MemoryWorkbook): Record<string, Grid | undefined> {
  return Object.fromEntries(DATA_TABS.map((t) => [t, wb.snapshot(t)]));
}

/** Column index of a header in a stored tab. */
export function colIndex(wb: MemoryWorkbook, tab: string, header: string): number {
  const at = wb.snapshot(tab)!.header.indexOf(header);
  if (at < 0) throw new Error(`no column ${header} in ${tab}`);
  return at;
}

/** The stored row of a customer (or any row) by its id. */
export function rowById(wb: MemoryWorkbook, tab: string, rowId: string): CellValue[] {
  return rowInGrid(wb.snapshot(tab)!, rowId);
}

/** The row of a grid with this id. */
export function rowInGrid(grid: Grid, rowId: string): CellValue[] {
  const idCol = grid.header.indexOf('id');
  const row = grid.rows.find((r) => r[idCol] === rowId);
  if (!row) throw new Error(`no row ${rowId}`);
  return row;
}

/** Ids of active customers (status blank or active, any case), in sheet order. */
export function activeIds(wb: MemoryWorkbook): string[] {
  const grid = wb.snapshot(customersTab.name)!;
  const idCol = grid.header.indexOf('id');
  const statusCol = grid.header.indexOf('status');
  return grid.rows.filter((r) => ['', 'active'].includes(String(r[statusCol] ?? '').toLowerCase())).map((r) => String(r[idCol]));
}
