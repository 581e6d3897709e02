// Ids for rows typed or pasted by hand. Every sidebar call reads the workbook through one decorated port, so
// this is the one place that sees a Customers (or Purchases, Interactions, ...) row without an id before any
// capability does: it gives it a new id under the document lock, never reusing one (the Settings counter of
// shared/workbook/ids), and the call's answer says so in a note. Duplicates, the card, the Messages plan and
// scoring therefore all see those rows as customers with ids.
import { allocateIds, cellText, counterKey, customersTab, ensureTable, isBlank, mapHeader, parseSettings, SETTINGS_TAB, TABS, writeSettings, type Grid, type TabDef, type Workbook } from '../workbook';
import type { ApiResult } from './result';
import type { ServerDeps } from './deps';

/** Rows that got ids during one call, by tab. */
export interface AssignedIds {
  tab: string;
  rows: number[];
  ids: string[];
}

const ID_TABS = new Map<string, TabDef>(TABS.map((t) => [t.name, t]));

/** Sheet rows (2-based) holding something but no id; with the id column's index, or -1 when the tab has none. */
function rowsWithoutId(def: TabDef, grid: Grid): { idAt: number; rows: number[] } {
  const idAt = mapHeader(def.columns, grid.header).indexOf.get('id') ?? -1;
  const rows: number[] = [];
  grid.rows.forEach((cells, i) => {
    const blankId = idAt < 0 || isBlank(cells[idAt] ?? null) || cellText(cells[idAt] ?? null).trim() === '';
    if (blankId && cells.some((c, j) => j !== idAt && !isBlank(c ?? null))) rows.push(i + 2);
  });
  return { idAt, rows };
}

/** Gives ids to the rows of `tab` that lack one; call holding the lock. Returns what it gave. */
export function assignMissingIds(wb: Workbook, def: TabDef): AssignedIds | undefined {
  let grid = wb.read(def.name);
  if (!grid) return undefined;
  let { idAt, rows } = rowsWithoutId(def, grid);
  if (rows.length === 0) return undefined;
  // Tabs a person sets up by hand (Campaigns, Loyalty, ...) may have no id column and need none; a Customers
  // list pasted without one gets the contract's missing columns, ids among them.
  if (idAt < 0 && def.name !== customersTab.name) return undefined;
  if (idAt < 0) {
    ensureTable(wb, def);
    grid = wb.read(def.name) ?? grid;
    ({ idAt, rows } = rowsWithoutId(def, grid));
    if (idAt < 0 || rows.length === 0) return undefined;
  }
  const key = counterKey(def.idPrefix);
  const existing = grid.rows.map((cells) => cellText(cells[idAt] ?? null));
  const { ids, last } = allocateIds(def.idPrefix, existing, Number(parseSettings(wb.read(SETTINGS_TAB)).extra[key] ?? 0), rows.length);
  writeSettings(wb, { [key]: last });
  wb.write(
    def.name,
    rows.map((row, i) => ({ row, col: idAt + 1, value: ids[i] ?? null })),
  );
  return { tab: def.name, rows, ids };
}

/**
 * The workbook as the sidebar calls see it: the first read of an id'd tab gives ids to rows without one
 * (checked without the lock, assigned under it after a fresh read), recorded in `assigned`.
 */
export function withRowIds(wb: Workbook, assigned: AssignedIds[]): Workbook {
  const checked = new Set<string>();
  const read = (tab: string): Grid | undefined => {
    const grid = wb.read(tab);
    const def = ID_TABS.get(tab);
    if (!grid || !def || checked.has(tab)) return grid;
    checked.add(tab);
    if (rowsWithoutId(def, grid).rows.length === 0) return grid;
    const given = wb.withLock(() => assignMissingIds(wb, def));
    if (given) assigned.push(given);
    return wb.read(tab);
  };
  return {
    tabNames: () => wb.tabNames(),
    read,
    ensureTab: (tab, layout) => wb.ensureTab(tab, layout),
    write: (tab, updates) => wb.write(tab, updates),
    append: (tab, rows) => wb.append(tab, rows),
    replaceRows: (tab, rows) => wb.replaceRows(tab, rows),
    ...(wb.readTyped ? { readTyped: (tab: string, rows: readonly number[]) => wb.readTyped!(tab, rows) } : {}),
    ...(wb.writeTyped ? { writeTyped: (tab: string, updates: Parameters<NonNullable<Workbook['writeTyped']>>[1]) => wb.writeTyped!(tab, updates) } : {}),
    withLock: (fn) => wb.withLock(fn),
  };
}

/** The note an answer carries about ids given: "Gave new ids to 2 rows typed by hand in Customers (rows 14, 15): C-000101, C-000102." */
export function assignedNote(a: AssignedIds): string {
  const n = a.rows.length;
  const list = (items: readonly (string | number)[]): string => (items.length <= 6 ? items.join(', ') : `${items.slice(0, 3).join(', ')} … ${items.slice(-2).join(', ')}`);
  return `Gave new ids to ${n} row${n === 1 ? '' : 's'} typed by hand in ${a.tab} (row${n === 1 ? '' : 's'} ${list(a.rows)}): ${list(a.ids)}.`;
}

function withNotes<T>(result: T, assigned: readonly AssignedIds[]): T {
  if (assigned.length === 0 || !result || typeof result !== 'object' || (result as { ok?: unknown }).ok !== true) return result;
  const answer = result as unknown as ApiResult<unknown>;
  return { ...answer, notes: [...(answer.ok ? (answer.notes ?? []) : []), ...assigned.map(assignedNote)] } as T;
}

/**
 * The API (the ServerApi) built by `build` over a workbook that gives ids to hand-typed rows; each call's answer carries a
 * note for the ids it gave. Each call gets its own record, so calls under way at once do not mix their notes.
 */
export function withIdsForTypedRows<Api extends object>(deps: ServerDeps, build: (deps: ServerDeps) => Api): Api {
  const names = Object.keys(build(deps)) as (keyof Api)[];
  const api: Partial<Record<keyof Api, (input: never) => unknown>> = {};
  for (const name of names) {
    api[name] = (input: never) => {
      const assigned: AssignedIds[] = [];
      const inner = build({ ...deps, workbook: () => withRowIds(deps.workbook(), assigned) });
      const result = (inner[name] as (input: never) => unknown)(input);
      if (result instanceof Promise) return result.then((value: unknown) => withNotes(value, assigned));
      return withNotes(result, assigned);
    };
  }
  return api as Api;
}
