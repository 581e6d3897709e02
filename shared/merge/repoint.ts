import {
  allocateIds,
  cellText,
  consentLogTab,
  counterKey,
  defectionsTab,
  interactionsTab,
  mapHeader,
  outboxTab,
  parseSettings,
  purchasesTab,
  SETTINGS_TAB,
  type CellValue,
  type Grid,
  type TabDef,
  type TypedCell,
  type Workbook,
} from '../workbook';
import { typedRows, type RowChange } from './log';
import type { MergeIssue } from './types';

/** The tabs whose rows belong to a customer through customer_id, re-pointed to the survivor on a merge. */
export const REPOINTED_TABS: readonly TabDef[] = [purchasesTab, interactionsTab, outboxTab, defectionsTab, consentLogTab];

/** The re-pointing a merge needs: changes, the grids they refer to, and id counters to store. */
export interface RepointPlan {
  changes: RowChange[];
  grids: Map<string, Grid>;
  counters: Record<string, number>;
  issues: MergeIssue[];
}

/**
 * Finds every row of the re-pointed tabs that belongs to a merged customer (each tab read once). A row with
 * a blank id is given a new one as part of the change, so undo can find it again (and blank it again); a row
 * whose id is shared by another row cannot be found again by id, so it is refused.
 */
export function planRepoints(wb: Workbook, mergedIds: ReadonlySet<string>, survivorId: string): RepointPlan {
  const plan: RepointPlan = { changes: [], grids: new Map(), counters: {}, issues: [] };
  for (const def of REPOINTED_TABS) {
    const grid = wb.read(def.name);
    if (!grid) continue;
    const map = mapHeader(def.columns, grid.header);
    const ownerCol = map.indexOf.get('customer_id');
    if (ownerCol === undefined) continue;
    const hits = grid.rows.flatMap((row, i) => (mergedIds.has(cellText(row[ownerCol])) ? [i] : []));
    if (hits.length === 0) continue;
    plan.grids.set(def.name, grid);
    const idCol = map.indexOf.get('id');
    if (idCol === undefined) {
      plan.issues.push({ code: 'no_id_column', tab: def.name });
      continue;
    }
    const uses = new Map<string, number>();
    for (const row of grid.rows) {
      const id = cellText(row[idCol]);
      if (id !== '') uses.set(id, (uses.get(id) ?? 0) + 1);
    }
    const blank = hits.filter((i) => cellText(grid.rows[i]?.[idCol]) === '');
    const fresh = blank.length > 0 ? allocate(wb, def, uses.keys(), blank.length, plan.counters) : [];
    const typed = typedRows(wb, def.name, grid, hits);
    let next = 0;
    for (const i of hits) {
      const row: readonly CellValue[] = grid.rows[i] ?? [];
      let id = cellText(row[idCol]);
      const updates = new Map<number, TypedCell>([[ownerCol, survivorId]]);
      if (id === '') {
        id = fresh[next++] ?? '';
        updates.set(idCol, id);
      } else if ((uses.get(id) ?? 0) > 1) {
        plan.issues.push({ code: 'row_id_duplicate', tab: def.name, id, row: i + 2 });
        continue;
      }
      plan.changes.push({ tab: def.name, index: i, rowId: id, before: typed.get(i) ?? [...row], updates });
    }
  }
  return plan;
}

function allocate(wb: Workbook, def: TabDef, existing: Iterable<string>, count: number, counters: Record<string, number>): string[] {
  const key = counterKey(def.idPrefix);
  const { extra } = parseSettings(wb.read(SETTINGS_TAB));
  const { ids, last } = allocateIds(def.idPrefix, existing, Number(extra[key] ?? 0), count);
  counters[key] = last;
  return ids;
}
