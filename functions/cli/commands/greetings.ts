import { readGreetingsData, runGreetingsAt, STOPS, type RunReport } from '../../../shared/greetings';
import { campaignsTab, customersTab, describeIssue, interactionsTab, mapHeader, purchasesTab, type Workbook } from '../../../shared/workbook';
import { withRowIds, type AssignedIds } from '../../../shared/api';
import { UsageError, type CliIO, type Command } from '../command';
import { parseSendArgs, type SendArgs } from '../send-args';
import { localSendOptions, reportFooter, sendExitCode, stopMessage, underSendLock } from '../send-run';
import { holidaysFor } from '../../greetings';
import { openXlsxWorkbook, type XlsxWorkbook } from '../../workbook';

const HELP = `Usage: regulars greetings run --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--transport file:DIR | smtp://HOST:PORT] [--approve] [--json]

Plans every campaign message due on that date (birthdays, holidays, thank-yous, reminders…) and sends
each exactly once: the Outbox tab (created if missing) records planned → sending → sent | failed |
skipped (reason) | review, and a second run sends nothing already sent. send_hour only paces the hourly
trigger; this command sends everything due that day.

Options:
  --workbook FILE   the .xlsx workbook (written back in place)
  --date D          the business-local date to run for, as YYYY-MM-DD
  --transport T     file:DIR writes .eml files into DIR (default file:outbox); smtp://[user:pass@]HOST:PORT
                    or smtps://… sends through an SMTP server
  --approve         approve what waits: a campaign's first run and a run of more than Settings approve_over
                    new messages are otherwise recorded as needs_approval and not sent (listed under
                    "needsApproval"); approve them here or in the Messages sidebar
  --json            print the report as JSON
  -h, --help        show this help

The unsubscribe links are signed with a key kept in .regulars/secrets.json next to the workbook (created
on first use, never in the sheet). Exit codes: 0 the run completed (skips included); 1 a send failed, is
uncertain (marked review) or the transport is down; 2 bad input (arguments, unreadable workbook or Settings).
`;

type RunArgs = SendArgs;

function parseArgs(args: string[], cwd: string): RunArgs | 'help' {
  return parseSendArgs(args, cwd, 'greetings', 'run');
}

/** The columns without which nothing can be planned: a clear error rather than a run that silently sends nothing. */
function checkShape(wb: Workbook): void {
  const customers = wb.read(customersTab.name);
  if (!customers) throw new UsageError('the workbook has no Customers tab');
  if (!mapHeader(customersTab.columns, customers.header).indexOf.has('id')) throw new UsageError('Customers row 1 has no "id" column');
  const campaigns = wb.read(campaignsTab.name);
  if (!campaigns) return;
  const map = mapHeader(campaignsTab.columns, campaigns.header);
  for (const column of ['name', 'trigger', 'subject', 'body']) {
    if (!map.indexOf.has(column)) throw new UsageError(`Campaigns row 1 has no "${column}" column`);
  }
}

function describe(report: RunReport, args: RunArgs): string {
  const lines = [`greetings ${report.date} → ${args.transport}`];
  // Every message that went out or needs attention, one line each; skips are counted by reason (--json lists them all).
  for (const m of report.messages) {
    if (m.status !== 'skipped' && m.status !== 'needs_approval') lines.push(`  ${m.status.padEnd(8)} ${m.campaign} · ${m.customer_id}${m.reason ? ` (${m.reason})` : ''}`);
  }
  const skipped = Object.entries(report.skipped).map(([reason, n]) => `${reason} ${n}`);
  const total = Object.values(report.skipped).reduce((a, b) => a + b, 0);
  lines.push(`sent ${report.sent}, skipped ${total}${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}, failed ${report.failed}, review ${report.review}, deferred ${report.deferred}`);
  if (report.elsewhere > 0) lines.push(`${report.elsewhere} being sent by another run`);
  if (report.recovered > 0) lines.push(`${report.recovered} left leased by an interrupted run were never attempted: planned again`);
  if (report.recoveredSent > 0) lines.push(`${report.recoveredSent} sent by an interrupted run before it could record them: recorded sent from its journal`);
  if (report.needsApproval.total > 0) {
    const counts = report.needsApproval.campaigns.map((c) => `${c.campaign} ${c.count}`).join(', ');
    lines.push(`waiting for approval: ${report.needsApproval.total} (${counts}) — not sent; run again with --approve or approve them in the Messages sidebar`);
  }
  if (report.inReview.total > 0) {
    const why = Object.entries(report.inReview.reasons).map(([reason, n]) => `${reason} ${n}`).join(', ');
    lines.push(`in review: ${report.inReview.total} (${why}) — these may have gone out; check the Outbox and set each to sent or planned`);
  }
  lines.push(...reportFooter(report));
  return `${lines.join('\n')}\n`;
}

async function runOnce(args: RunArgs, io: CliIO): Promise<number> {
  let wb: XlsxWorkbook;
  try {
    wb = await openXlsxWorkbook(args.workbook);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  checkShape(wb);
  // Rows typed or pasted by hand get their ids first (under the lock, saved), so they are planned like any other.
  const assigned: AssignedIds[] = [];
  const withIds = withRowIds(wb, assigned);
  for (const tab of [customersTab.name, purchasesTab.name, interactionsTab.name]) withIds.read(tab);
  for (const a of assigned) io.stderr(`note: ${a.ids.length} ${a.tab} row(s) had no id and were given ${a.ids[0]}${a.ids.length > 1 ? ` … ${a.ids[a.ids.length - 1]}` : ''}\n`);
  // Cells that cannot be read are named by row and column (never by value); their rows are planned without them.
  const data = readGreetingsData(wb);
  const warnings = [...data.settingsIssues.map((i) => `Settings row ${i.row}, ${i.key}: ${i.message}`), ...data.issues.map(describeIssue)];
  for (const w of warnings.slice(0, 20)) io.stderr(`warning: ${w}\n`);
  if (warnings.length > 20) io.stderr(`warning: … and ${warnings.length - 20} more (see --json)\n`);
  let progressOpen = false;
  const report = await runGreetingsAt({
    wb,
    ...localSendOptions(args, io),
    holidays: holidaysFor,
    // A progress line on a terminal only; pipes and --json stay clean.
    onProgress: io.isTTY
      ? (done, total) => {
          progressOpen = done < total;
          io.stderr(`\rsending ${done}/${total}${done === total ? '\n' : ''}`);
        }
      : undefined,
  });
  if (progressOpen) io.stderr('\n');
  // A blank Settings time_zone: the CLI knows no spreadsheet zone, so the run was in UTC; say so.
  for (const n of report.notes ?? []) io.stderr(`note: ${n}\n`);
  if (args.json) io.stdout(`${JSON.stringify({ workbook: args.workbook, transport: args.transport, ...report, warnings }, null, 2)}\n`);
  else io.stdout(describe(report, args));
  if (report.stopped !== undefined && STOPS[report.stopped].settings) io.stderr(`regulars greetings: ${stopMessage(report)}\n`);
  return sendExitCode(report);
}

/** `regulars greetings run`: plans and sends the day's messages, recording each in the Outbox. */
export const run: Command = async (args, io) => {
  const parsed = parseArgs(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  return underSendLock('greetings', parsed.workbook, io, () => runOnce(parsed, io));
};
