import path from 'node:path';
import { access } from 'node:fs/promises';
import { createCampaignResultsApi, type CampaignResultsLine } from '../../../shared/api';
import { money, type GroupOutcome, type Interval } from '../../../shared/campaigns';
import { dayNumber } from '../../../shared/kernel';
import { UsageError, type CliIO } from '../command';
import { commandLine } from '../flags';
import { openXlsxWorkbook } from '../../workbook';

/** `regulars campaign results` help: shown by --help and named in every usage error. */
export const RESULTS_HELP = `Usage: regulars campaign results NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]

What the campaign named NAME brought, as of --date: messages sent, failed and held out, customers who
unsubscribed, survey answers, and purchases within Settings attribution_days (default 7) after each message —
from the day after it went out, refunds netted. With a holdout (Campaigns holdout_pct) the customers held out
are measured the same way, and the lift of the mailed group over them is shown with 95% intervals: the
difference in buying rate (Newcombe) and in revenue per customer (Welch), and the revenue the campaign added.

Options:
  --workbook FILE   the .xlsx workbook (read only)
  --date D          the business-local date the results are as of, YYYY-MM-DD (later purchases do not count)
  --json            print the results as JSON
  -h, --help        show this help

Exit codes: 0 results printed; 2 bad input (arguments, no such campaign, unreadable workbook or Settings).
`;

interface ResultsArgs {
  name: string;
  workbook: string;
  date: string;
  json: boolean;
}

function parse(args: readonly string[], cwd: string): ResultsArgs | 'help' {
  const out: Partial<ResultsArgs> = { json: false };
  for (const { arg, flag, value } of commandLine(args)) {
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--workbook') out.workbook = path.resolve(cwd, value());
    else if (flag === '--date') out.date = value();
    else if (flag === '--json') out.json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" (see regulars campaign results --help)`);
    else if (out.name !== undefined) throw new UsageError(`one campaign at a time: "${out.name}" and "${arg}" were both given`);
    else out.name = arg.trim();
  }
  if (!out.name) throw new UsageError('the campaign NAME is required (regulars campaign results NAME …)');
  if (!out.workbook) throw new UsageError('--workbook is required');
  if (!/\.xlsx$/i.test(out.workbook)) throw new UsageError('--workbook must name an .xlsx file');
  if (!out.date) throw new UsageError('--date is required (YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || dayNumber(out.date) === undefined) throw new UsageError(`--date "${out.date}" is not a date as YYYY-MM-DD`);
  return out as ResultsArgs;
}

const percent = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const pts = (x: number | null): string => (x === null ? '–' : `${x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)} points`);
const cash = (x: number | null, currency: string): string => (x === null ? '–' : money(x, currency));

function group(label: string, g: GroupOutcome, currency: string): string {
  return `  ${label.padEnd(8)} ${g.customers} customers, ${g.converted} bought (${percent(g.conversionRate)}), revenue ${money(g.revenue, currency)} (${cash(g.revenuePerCustomer, currency)} per customer)`;
}

/** An estimate (signed: +R 23.33) with its interval, as the results sentence writes them. */
function span(i: Interval, show: (x: number | null) => string): string {
  return `${i.estimate !== null && i.estimate > 0 ? '+' : ''}${show(i.estimate)} (95% CI ${show(i.low)} to ${show(i.high)})`;
}

/** The results as the terminal shows them: counts, each group's figures, the lift, and the sentence. */
function describe(r: CampaignResultsLine, currency: string): string {
  const skipped = Object.entries(r.skipped).map(([reason, n]) => `${reason} ${n}`);
  const lines = [
    `campaign "${r.campaign}" results as of ${r.asOf} (purchases within ${r.attributionDays} days after each message)`,
    `  sent ${r.sent}, failed ${r.failed}, review ${r.review}, held out ${r.holdout}, waiting ${r.waiting}, skipped ${skipped.length === 0 ? 0 : skipped.join(', ')}`,
    `  unsubscribed ${r.unsubscribed}`,
    `  survey answers ${r.survey.answers}${r.survey.nps === null ? '' : `, NPS ${Math.round(r.survey.nps)} (${r.survey.npsAnswers})`}${r.survey.meanRating === null ? '' : `, mean rating ${r.survey.meanRating.toFixed(2)} of 5 (${r.survey.ratings})`}`,
    group('mailed', r.mailed, currency),
  ];
  if (r.control) lines.push(group('control', r.control, currency));
  if (r.lift) {
    lines.push(`  lift: buying rate ${span(r.lift.conversion, pts)}`);
    lines.push(`        revenue per customer ${span(r.lift.revenuePerCustomer, (x) => cash(x, currency))}`);
    lines.push(`        revenue added ${span(r.lift.incrementalRevenue, (x) => cash(x, currency))}`);
  }
  if (r.openWindows > 0) lines.push(`  ${r.openWindows} messages are younger than ${r.attributionDays} days: their figures may still grow`);
  lines.push(r.sentence);
  return `${lines.join('\n')}\n`;
}

/** `regulars campaign results NAME`: one campaign's results and lift, read from the workbook as the sidebar reads them. */
export async function runResults(args: string[], io: CliIO): Promise<number> {
  const parsed = parse(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(RESULTS_HELP);
    return 0;
  }
  await access(parsed.workbook).catch(() => {
    throw new UsageError(`cannot read ${parsed.workbook}: no such file`);
  });
  const wb = await openXlsxWorkbook(parsed.workbook).catch((error: unknown) => {
    throw new UsageError((error as Error).message);
  });
  // The sidebar's own call, with the date given: one definition of what a campaign's results are.
  const api = createCampaignResultsApi({ workbook: () => wb, now: () => `${parsed.date}T12:00:00Z`, user: () => '' });
  const answer = api.getCampaignResults({ campaign: parsed.name, date: parsed.date });
  if (!answer.ok) throw new UsageError(answer.issues.map((i) => (i.path[0] === 'campaign' ? `the Campaigns tab has no campaign named "${parsed.name}"` : i.message)).join('; '));
  const line = answer.value.campaigns[0]!;
  if (parsed.json) io.stdout(`${JSON.stringify({ workbook: parsed.workbook, currency: answer.value.currency, ...line }, null, 2)}\n`);
  else io.stdout(describe(line, answer.value.currency));
  return 0;
}
