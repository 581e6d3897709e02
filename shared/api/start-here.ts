import { campaignsTab, cellText, customersTab, mapHeader, readTable, type Grid, type Workbook } from '../workbook';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

/** The four first steps of a new business, in the order they are best done. */
export type StartHereKey = 'import' | 'duplicates' | 'score' | 'messages';

/** One step of the "Start here" list: done or not (read from the workbook), and where it is done. */
export interface StartHereStep {
  key: StartHereKey;
  title: string;
  /** What the step does, or what was found when it is done. */
  detail: string;
  done: boolean;
  /** The sidebar that does it. */
  sidebar: string;
  /** The command line that does it, for a host without that sidebar. */
  command?: string;
}

/** The "Start here" list and how many of its steps are done. */
export interface StartHere {
  steps: StartHereStep[];
  done: number;
}

/** The "Start here" panel's call. */
export interface StartHereApi {
  getStartHere: (input: NoInput) => ApiResult<StartHere>;
}

/** Tabs written by capabilities this one only looks at (by name, so it needs none of their code). */
const IMPORT_LOG = 'Import log';
const MERGE_LOG = 'Merge log';
const DEDUPE_DECISIONS = 'Dedupe decisions';

/** Columns that only scoring fills; any of them filled on any customer means customers were scored. */
const SCORED = ['p_alive', 'clv_12m', 'rfm_segment', 'churn_risk'] as const;

/** Rows of a log tab that were not undone (a log without an undone_at column counts every row). */
function liveLogRows(grid: Grid | undefined): number {
  if (!grid) return 0;
  const undone = grid.header.findIndex((h) => h.trim().toLowerCase() === 'undone_at');
  return grid.rows.filter((cells) => cells.some((c) => cellText(c) !== '') && (undone < 0 || cellText(cells[undone] ?? null) === '')).length;
}

/** Distinct values of one column among live log rows (imports and merges log one row per changed row). */
function distinctLive(grid: Grid | undefined, column: string): number {
  if (!grid) return 0;
  const at = grid.header.findIndex((h) => h.trim().toLowerCase() === column);
  const undone = grid.header.findIndex((h) => h.trim().toLowerCase() === 'undone_at');
  const seen = new Set<string>();
  for (const cells of grid.rows) {
    if (undone >= 0 && cellText(cells[undone] ?? null) !== '') continue;
    const value = at < 0 ? '' : cellText(cells[at] ?? null);
    if (value !== '') seen.add(value);
  }
  return seen.size;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Customers rows with at least one scored column filled. */
function scoredCustomers(wb: Workbook): number {
  const grid = wb.read(customersTab.name);
  if (!grid) return 0;
  const map = mapHeader(customersTab.columns, grid.header);
  const at = SCORED.map((f) => map.indexOf.get(f)).filter((i): i is number => i !== undefined);
  return grid.rows.filter((cells) => at.some((i) => cellText(cells[i] ?? null) !== '')).length;
}

/**
 * Where a new business stands on its first steps, read from the workbook alone: customers imported (live
 * Import log rows), duplicates dealt with (a merge kept in the Merge log, or a "not a duplicate" decision),
 * customers scored (scored columns filled), messages set up (an active campaign). Reads only; writes nothing.
 */
export function startHereSteps(wb: Workbook): StartHere {
  const imports = distinctLive(wb.read(IMPORT_LOG), 'import_id');
  const importRows = liveLogRows(wb.read(IMPORT_LOG));
  const merges = distinctLive(wb.read(MERGE_LOG), 'merge_id');
  const decisions = liveLogRows(wb.read(DEDUPE_DECISIONS));
  const scored = scoredCustomers(wb);
  const active = readTable(wb, campaignsTab)?.rows.filter((r) => r.record.active === true).length ?? 0;
  const steps: StartHereStep[] = [
    {
      key: 'import',
      title: 'Import your customers',
      detail: importRows > 0 ? `${plural(Math.max(imports, 1), 'import', 'imports')} done.` : 'Bring in your customer list: CSV, Excel or vCard, from any shop or contacts app.',
      done: importRows > 0,
      sidebar: 'import',
      command: 'npx regulars import customers.csv --into workbook.xlsx',
    },
    {
      key: 'duplicates',
      title: 'Find duplicates',
      detail:
        merges + decisions > 0
          ? [merges > 0 ? `${plural(merges, 'merge', 'merges')} kept` : '', decisions > 0 ? `${plural(decisions, 'pair', 'pairs')} marked not a duplicate` : ''].filter((s) => s !== '').join(', ') + '.'
          : 'Find customers entered twice and merge them (every merge can be undone).',
      done: merges + decisions > 0,
      sidebar: 'duplicates',
    },
    {
      key: 'score',
      title: 'Score customers',
      detail: scored > 0 ? `${plural(scored, 'customer', 'customers')} scored.` : 'Work out who is likely to come back, their value and who is at risk.',
      done: scored > 0,
      sidebar: 'dashboard',
    },
    {
      key: 'messages',
      title: 'Set up messages',
      detail: active > 0 ? `${plural(active, 'campaign', 'campaigns')} active.` : 'Turn on greetings: welcome, thank-you, birthday and win-back messages.',
      done: active > 0,
      sidebar: 'messages',
    },
  ];
  return { steps, done: steps.filter((s) => s.done).length };
}

/** Implements the "Start here" call over the host's workbook. */
export function createStartHereApi(deps: ServerDeps): StartHereApi {
  return {
    getStartHere() {
      return { ok: true, value: startHereSteps(deps.workbook()) };
    },
  };
}
