import { access } from 'node:fs/promises';
import path from 'node:path';
import { createAnalyticsApi, withRowIds, type ScoreCustomersResult, type WarehouseScoreResult } from '../../../shared/api';
import { dayNumber } from '../../../shared/kernel';
import { UsageError, type Command } from '../command';
import { commandLine } from '../flags';
import { LockBusy, withWorkbookFile } from '../../workbook';

const HELP = `Usage: regulars score --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]

Does everything "Score customers" does, as of that date: fits the lifetime model on the purchases up to it and
writes the scored Customers columns (orders, revenue, P(alive), CLV, tier, RFM segment, churn risk), records new
defections (one open defection per customer and type) and brings the Tasks tab up to date (new tasks added, none
duplicated, none that a person marked done reopened), and sets loyalty tiers from the last 12 months (a tier
going up dates tier_upgraded_at, which fires the tier-upgrade campaign) and membership numbers by Settings
membership_rule. cost_12m and profit_12m (Settings margin_pct and cost_*) are those "regulars report" counts
over the 365 days to the date, so they add up to its totals. The workbook is written back in place, under its lock.

Options:
  --workbook FILE   the .xlsx workbook
  --date D          the business-local date to score as of, YYYY-MM-DD
  --json            print the result as JSON
  -h, --help        show this help
`;

/** The arguments shared by score and tasks. */
export interface WorkbookDateArgs {
  workbook: string;
  date: string;
  json: boolean;
  /** Options a command adds (tasks: --manager). */
  extra: Record<string, string>;
}

/** Parses --workbook, --date, --json and the named extra options; 'help' when help was asked for. */
export function parseWorkbookDate(args: readonly string[], cwd: string, command: string, extras: readonly string[] = []): WorkbookDateArgs | 'help' {
  const out: Partial<WorkbookDateArgs> & { extra: Record<string, string> } = { json: false, extra: {} };
  for (const { arg, flag, value } of commandLine(args)) {
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--workbook') out.workbook = path.resolve(cwd, value());
    else if (flag === '--date') out.date = value();
    else if (flag === '--json') out.json = true;
    else if (extras.includes(flag)) out.extra[flag.slice(2)] = value();
    else throw new UsageError(`unknown option "${arg}" (see regulars ${command} --help)`);
  }
  if (!out.workbook) throw new UsageError('--workbook is required');
  if (!/\.xlsx$/i.test(out.workbook)) throw new UsageError('--workbook must name an .xlsx file');
  if (!out.date) throw new UsageError('--date is required (YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || dayNumber(out.date) === undefined) throw new UsageError(`--date "${out.date}" is not a date as YYYY-MM-DD`);
  return out as WorkbookDateArgs;
}

/** Opens the workbook under its lock, runs fn and saves what it changed; bad files and a held lock are usage errors. */
export async function onWorkbook<T>(file: string, fn: Parameters<typeof withWorkbookFile<T>>[1]): Promise<T> {
  await access(file).catch(() => {
    throw new UsageError(`cannot read ${file}: no such file`);
  });
  try {
    return await withWorkbookFile(file, fn);
  } catch (error) {
    if (error instanceof LockBusy) throw new UsageError(`another process${error.holder ? ` (pid ${error.holder.pid})` : ''} is using ${file}; try again when it is done`);
    if (error instanceof Error && error.message.startsWith('Cannot read')) throw new UsageError(error.message.split('\n')[0] ?? error.message);
    throw error;
  }
}

function describe(r: ScoreCustomersResult | WarehouseScoreResult): string {
  // A CLI host has no functions to call, so a BigQuery warehouse is refused before this; said plainly if not.
  if (r.source !== 'sheet') return `scored ${r.scored} customers as of ${r.asOf} from ${r.table}; ${r.cells} cells written\n${r.messages.map((m) => `note: ${m}\n`).join('')}`;
  const lines = [
    `scored ${r.scored} customers as of ${r.asOf} (${r.buyers} with purchases; models: ${r.purchaseModel}, ${r.spendModel}); ${r.cells} cells written`,
    `defections: ${r.newDefections} new`,
    `tasks: ${r.tasks.created} new, ${r.tasks.closed} no longer needed, ${r.tasks.open} open`,
    `loyalty: ${r.loyalty.members} with a tier, ${r.loyalty.upgrades} up, ${r.loyalty.downgrades} down, ${r.loyalty.issued} membership numbers issued`,
    ...r.messages.map((m) => `note: ${m}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `regulars score`: what the menu's "Score customers" does, on a local workbook as of a date. */
export const run: Command = async (args, io) => {
  const parsed = parseWorkbookDate(args, io.cwd, 'score');
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  // A plain date is read as that business-local day (no time zone shift), and stamps done_at with it.
  // Rows typed or pasted by hand get their ids on the first read, as in the add-on and the workbench.
  const result = await onWorkbook(parsed.workbook, (wb) => createAnalyticsApi({ workbook: () => withRowIds(wb, []), now: () => parsed.date, user: () => 'regulars score' }).scoreCustomers({}));
  if (!result.ok) {
    for (const issue of result.issues) io.stderr(`regulars score: ${issue.message}\n`);
    return 2;
  }
  io.stdout(parsed.json ? `${JSON.stringify({ workbook: parsed.workbook, ...result.value }, null, 2)}\n` : describe(result.value));
  return 0;
};
