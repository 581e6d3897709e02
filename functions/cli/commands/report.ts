import { access } from 'node:fs/promises';
import path from 'node:path';
import { asDimension, buildReport, NO_COSTS, REPORT_DIMENSIONS, ReportLedger, reportOnWorkbook, type Report, type ReportDimension, type ReportRow } from '../../../shared/reports';
import { dayNumber } from '../../../shared/kernel';
import type { WrittenReports } from '../../../shared/api';
import { UsageError, type CliIO, type Command } from '../command';
import { commandLine } from '../flags';
import { openXlsxWorkbook } from '../../workbook';
import { readCustomersCsv, readPurchasesCsv, type CsvIssue } from './report-csv';

const HELP = `Usage: regulars report (--workbook WORKBOOK.xlsx | --customers FILE --purchases FILE) --date YYYY-MM-DD --by DIMENSION [--segment NAME] [--json]
       regulars report --workbook WORKBOOK.xlsx --date YYYY-MM-DD --write [--by DIMENSION] [--segment NAME] [--json]

Customers, activity, retention, CLV, cost and profit per group, as of a date. The last 12 months are the 365
days ending on --date (inclusive), the previous 12 months the 365 days before those. Only customers with status
active count, and only contact type customer (or blank) unless the report is by contact_type.

Options:
  --workbook FILE    the .xlsx workbook (read only); costs come from its Settings, Interactions and Outbox
  --customers FILE   a customers CSV (Customers tab columns) in place of --workbook, with --purchases FILE
  --purchases FILE   a purchases CSV (customer_id, date, amount); only margin_pct 30 and no costs apply
  --date D           the business-local date, YYYY-MM-DD
  --by DIMENSION     ${REPORT_DIMENSIONS.join(', ')}
  --segment NAME     only the members of this saved segment (workbook only)
  --write            write the reports by every dimension to the workbook's Reports tab (replaced whole: it
                     is derived), one row per group and a total per dimension, then the 80/20 lines;
                     --by is then optional (with it, that report is printed too)
  --json             print {"by", "date", "rows": [{"group", "customers", "active_12m", "revenue_12m",
                     "retention_rate", "repeat_rate", "clv_sum", "value_at_risk", "cost_12m", "profit_12m"}],
                     "total", "pareto"}
  -h, --help         show this help
`;

interface ReportArgs {
  workbook?: string;
  customers?: string;
  purchases?: string;
  date: string;
  /** Optional only with --write. */
  by?: ReportDimension;
  segment?: string;
  json: boolean;
  write: boolean;
}

function parseArgs(args: readonly string[], cwd: string): ReportArgs | 'help' {
  const out: Partial<ReportArgs> = { json: false, write: false };
  for (const { arg, flag, value } of commandLine(args)) {
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--workbook') out.workbook = path.resolve(cwd, value());
    else if (flag === '--customers') out.customers = path.resolve(cwd, value());
    else if (flag === '--purchases') out.purchases = path.resolve(cwd, value());
    else if (flag === '--date') out.date = value();
    else if (flag === '--segment') out.segment = value();
    else if (flag === '--json') out.json = true;
    else if (flag === '--write') out.write = true;
    else if (flag === '--by') {
      const text = value();
      const by = asDimension(text);
      if (!by) throw new UsageError(`--by "${text}" is not a dimension; use one of ${REPORT_DIMENSIONS.join(', ')}`);
      out.by = by;
    } else throw new UsageError(`unknown option "${arg}" (see regulars report --help)`);
  }
  if (out.workbook && (out.customers || out.purchases)) throw new UsageError('give either --workbook or --customers with --purchases, not both');
  if (!out.workbook && !(out.customers && out.purchases)) throw new UsageError('--workbook, or --customers and --purchases, are required');
  if (out.workbook && !/\.xlsx$/i.test(out.workbook)) throw new UsageError('--workbook must name an .xlsx file');
  if (!out.date) throw new UsageError('--date is required (YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || dayNumber(out.date) === undefined) throw new UsageError(`--date "${out.date}" is not a date as YYYY-MM-DD`);
  if (out.write && !out.workbook) throw new UsageError('--write writes to a workbook\'s Reports tab: use --workbook');
  if (!out.by && !out.write) throw new UsageError(`--by is required: one of ${REPORT_DIMENSIONS.join(', ')}`);
  if (!out.workbook && (out.by === 'segment' || out.segment !== undefined)) throw new UsageError('segments live on a workbook\'s Segments tab: use --workbook for --by segment or --segment');
  return out as ReportArgs;
}

async function readable(file: string): Promise<void> {
  await access(file).catch(() => {
    throw new UsageError(`cannot read ${file}: no such file`);
  });
}

async function fromWorkbook(args: ReportArgs & { by: ReportDimension; workbook: string }): Promise<Report> {
  await readable(args.workbook);
  let result: ReturnType<typeof reportOnWorkbook>;
  try {
    // Read only: no lock is taken and nothing is saved.
    const wb = await openXlsxWorkbook(args.workbook);
    result = reportOnWorkbook(wb, { by: args.by, date: args.date, ...(args.segment !== undefined ? { segment: args.segment } : {}) });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Cannot read')) throw new UsageError(error.message.split('\n')[0] ?? error.message);
    throw error;
  }
  if (!result.ok) throw new UsageError(result.problem.message);
  return result.report;
}

function noteIssues(io: CliIO, file: string, issues: readonly CsvIssue[]): void {
  for (const i of issues) io.stderr(i.line > 0 ? `regulars report: ${path.basename(file)} line ${i.line}, column ${i.column}: ${i.reason}; the row was left out\n` : `regulars report: ${path.basename(file)}: ${i.reason}\n`);
}

function fromCsv(args: ReportArgs & { by: ReportDimension; customers: string; purchases: string }, io: CliIO): Report {
  const read = readCustomersCsv(args.customers, args.by);
  if (read.missing.includes('id')) throw new UsageError(`${args.customers} has no id column`);
  if (read.missing.includes('status')) io.stderr(`regulars report: ${path.basename(args.customers)} has no status column; every row is taken as active\n`);
  noteIssues(io, args.customers, read.issues);
  const ledger = new ReportLedger(args.date, read.customers, NO_COSTS);
  let purchases: ReturnType<typeof readPurchasesCsv>;
  try {
    purchases = readPurchasesCsv(args.purchases, ledger, 'dmy');
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  noteIssues(io, args.purchases, purchases.issues);
  if (purchases.unknownCustomers > 0) io.stderr(`regulars report: ${purchases.unknownCustomers} purchases name a customer id not in ${path.basename(args.customers)}; they are left out\n`);
  return buildReport({ by: args.by, date: args.date, ledger });
}

const money = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 0 });
const pct = (n: number | null): string => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);

function describe(report: Report): string {
  const head = ['group', 'customers', 'active 12m', 'revenue 12m', 'retention', 'repeat', 'CLV', 'value at risk', 'cost 12m', 'profit 12m'];
  const cells = (r: ReportRow): string[] => [r.group, String(r.customers), String(r.active_12m), money(r.revenue_12m), pct(r.retention_rate), pct(r.repeat_rate), money(r.clv_sum), money(r.value_at_risk), money(r.cost_12m), money(r.profit_12m)];
  const table = [head, ...report.rows.map(cells), cells(report.total)];
  const widths = head.map((_, k) => Math.max(...table.map((row) => row[k]!.length)));
  const line = (row: string[]): string => row.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  const { revenue, profit, loss_makers } = report.pareto;
  const share = (c: typeof revenue, what: string): string =>
    c.share_for_80 === null ? `no ${what} in the last 12 months` : `${pct(c.share_for_80)} of customers (${c.count_for_80}) make 80% of the ${what}; the top 20% make ${pct(c.top20_share)}`;
  return [
    `Report by ${report.by} as of ${report.date} (last 12 months: the 365 days to ${report.date})`,
    '',
    line(table[0]!),
    ...table.slice(1).map(line),
    '',
    share(revenue, 'revenue'),
    share(profit, 'profit'),
    `${loss_makers.customers} customer(s) cost more than they bring (together ${money(loss_makers.loss)})${loss_makers.worst.length > 0 ? `; the most: ${loss_makers.worst.slice(0, 5).map((w) => `${w.id} ${money(w.profit_12m)}`).join(', ')}` : ''}`,
    '',
  ].join('\n');
}

/** Writes every dimension's report to the Reports tab under the workbook's lock (the API is loaded only for this). */
async function writeReportsTab(workbook: string, date: string, segment: string | undefined): Promise<WrittenReports> {
  const [{ withRowIds, writeReportsOn }, { onWorkbook }] = await Promise.all([import('../../../shared/api'), import('./score')]);
  const result = await onWorkbook(workbook, (wb) => writeReportsOn(withRowIds(wb, []), date, segment));
  if (!result.ok) throw new UsageError(result.issues.map((i) => i.message).join(' '));
  return result.value;
}

/** `regulars report`: a report by dimension from a workbook or from CSV exports. */
export const run: Command = async (args, io) => {
  const parsed = parseArgs(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (parsed.write) {
    const written = await writeReportsTab(parsed.workbook!, parsed.date, parsed.segment);
    for (const note of written.notes) io.stderr(`regulars report: ${note}\n`);
    if (parsed.by === undefined) {
      io.stdout(parsed.json ? `${JSON.stringify(written, null, 2)}\n` : `wrote ${written.rows} rows to the ${written.tab} tab: reports by ${written.dimensions.join(', ')} as of ${written.date}${written.segment ? ` (members of "${written.segment}" only)` : ''}\n`);
      return 0;
    }
  }
  let report: Report;
  if (parsed.workbook !== undefined) report = await fromWorkbook({ ...parsed, by: parsed.by!, workbook: parsed.workbook });
  else {
    const files = { customers: parsed.customers!, purchases: parsed.purchases! };
    await readable(files.customers);
    await readable(files.purchases);
    report = fromCsv({ ...parsed, by: parsed.by!, ...files }, io);
  }
  io.stdout(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
  return 0;
};
