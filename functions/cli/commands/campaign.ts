import { onceNotDueReason, ONCE_LATE_DAYS, parseTrigger, readGreetingsData, runGreetingsAt, STOPS, type RunReport } from '../../../shared/greetings';
import { describeIssue } from '../../../shared/workbook';
import { UsageError, type CliIO, type Command } from '../command';
import { parseSendArgs, type SendArgs } from '../send-args';
import { localSendOptions, reportFooter, sendExitCode, stopMessage, underSendLock } from '../send-run';
import { openXlsxWorkbook, type XlsxWorkbook } from '../../workbook';
import { runResults } from './campaign-results';

const HELP = `Usage: regulars campaign send NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--transport file:DIR | smtp://HOST:PORT] [--approve] [--json]
       regulars campaign results NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]   (see regulars campaign results --help)

Sends a one-off campaign (newsletter, event, announcement, offer): the Campaigns row named NAME with
trigger "once", a send_date, and a segment naming a Segments row (blank: every consenting customer). It
goes out when --date is on or after its send_date (and at most ${ONCE_LATE_DAYS} days after it), one message per
mailbox: customers sharing an address get one, sent only when at least one of them consents and none
unsubscribed; merged and archived customers are left out. The Outbox records each address once, so a
second run sends nothing already sent. Approval (a campaign's first run, more than Settings approve_over
messages) and the caps (cap_per_campaign, cap_per_run) apply as for every campaign.

Options:
  --workbook FILE   the .xlsx workbook (written back in place)
  --date D          the business-local date to send on, as YYYY-MM-DD
  --transport T     file:DIR writes .eml files into DIR (default file:outbox); smtp://[user:pass@]HOST:PORT
                    or smtps://… sends through an SMTP server
  --approve         approve what waits (otherwise listed under "needsApproval" and not sent)
  --json            print the report as JSON (as "regulars greetings run --json")
  -h, --help        show this help

Exit codes: 0 the run completed (nothing due yet included); 1 a send failed, is uncertain or the transport
is down; 2 bad input (arguments, no such campaign, not a one-off, unreadable workbook or Settings).
`;

interface CampaignArgs extends SendArgs {
  name: string;
}

function parseArgs(args: string[], cwd: string): CampaignArgs | 'help' {
  const parsed = parseSendArgs(args, cwd, 'campaign', 'send', 1);
  if (parsed === 'help') return parsed;
  const name = parsed.positional[0];
  if (!name) throw new UsageError('the campaign NAME is required (regulars campaign send NAME …)');
  return { ...parsed, name };
}

function describe(report: RunReport, name: string, args: CampaignArgs): string {
  const lines = [`campaign "${name}" ${report.date} → ${args.transport}`];
  for (const m of report.messages) {
    if (m.status !== 'skipped' && m.status !== 'needs_approval') lines.push(`  ${m.status.padEnd(8)} ${m.customer_id}${m.reason ? ` (${m.reason})` : ''}`);
  }
  const skipped = Object.entries(report.skipped).map(([reason, n]) => `${reason} ${n}`);
  const total = Object.values(report.skipped).reduce((a, b) => a + b, 0);
  lines.push(`sent ${report.sent}, skipped ${total}${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}, failed ${report.failed}, review ${report.review}, deferred ${report.deferred}`);
  if (report.needsApproval.total > 0) lines.push(`waiting for approval: ${report.needsApproval.total} — not sent; run again with --approve or approve them in the Messages sidebar`);
  lines.push(...reportFooter(report));
  return `${lines.join('\n')}\n`;
}

async function sendOnce(args: CampaignArgs, io: CliIO): Promise<number> {
  let wb: XlsxWorkbook;
  try {
    wb = await openXlsxWorkbook(args.workbook);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const data = readGreetingsData(wb);
  const warnings = [...data.settingsIssues.map((i) => `Settings row ${i.row}, ${i.key}: ${i.message}`), ...data.issues.map(describeIssue)];
  for (const w of warnings.slice(0, 20)) io.stderr(`warning: ${w}\n`);
  const wanted = args.name.toLowerCase();
  const index = data.campaigns.findIndex((c) => c.name.trim().toLowerCase() === wanted);
  const campaign = data.campaigns[index];
  if (!campaign) throw new UsageError(`the Campaigns tab has no campaign named "${args.name}"`);
  // The decoded campaigns keep the sheet's order below its header: row 2 is the first.
  const where = `Campaigns row ${index + 2}`;
  if (parseTrigger(campaign.trigger)?.trigger !== 'once') throw new UsageError(`${where}, trigger: "${campaign.name}" is not a one-off campaign (its trigger must be "once")`);
  if (campaign.active === false) throw new UsageError(`${where}, active: "${campaign.name}" is switched off; set active to yes to send it`);
  const segment = campaign.segment.trim();
  if (segment !== '' && !data.segments.some((s) => s.name.trim().toLowerCase() === segment.toLowerCase())) {
    throw new UsageError(`${where}, segment: no Segments row is named "${segment}" (leave it blank for every consenting customer)`);
  }
  const notDue = onceNotDueReason(campaign, args.date);
  if (notDue === 'no_send_date') throw new UsageError(`${where}, send_date: blank; a one-off campaign needs the date it goes out`);
  if (notDue === 'too_late') throw new UsageError(`${where}, send_date: ${campaign.send_date} is more than ${ONCE_LATE_DAYS} days before ${args.date}; set a new send_date to send it again`);
  if (notDue === 'before_send_date') {
    if (args.json) io.stdout(`${JSON.stringify({ workbook: args.workbook, transport: args.transport, campaign: campaign.name, date: args.date, notDue, sendDate: campaign.send_date, sent: 0, skipped: {}, needsApproval: { total: 0, campaigns: [] }, warnings }, null, 2)}\n`);
    else io.stdout(`campaign "${campaign.name}" is due on ${campaign.send_date}; nothing sent on ${args.date}\n`);
    return 0;
  }
  const report = await runGreetingsAt({ wb, ...localSendOptions(args, io), campaign: campaign.name });
  if (args.json) io.stdout(`${JSON.stringify({ workbook: args.workbook, transport: args.transport, campaign: campaign.name, ...report, warnings }, null, 2)}\n`);
  else io.stdout(describe(report, campaign.name, args));
  if (report.stopped !== undefined && STOPS[report.stopped].settings) io.stderr(`regulars campaign: ${stopMessage(report)}\n`);
  return sendExitCode(report);
}

/** `regulars campaign send NAME`: sends a one-off campaign to its segment, each mailbox once, through the Outbox. */
export const run: Command = async (args, io) => {
  if (args[0] === 'results') return runResults(args.slice(1), io);
  const parsed = parseArgs(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  return underSendLock('campaign', parsed.workbook, io, () => sendOnce(parsed, io));
};
