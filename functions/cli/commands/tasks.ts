import { listTasksOn, refreshTasksOn, type TaskView } from '../../../shared/api';
import type { Command } from '../command';
import { onWorkbook, parseWorkbookDate } from './score';

const HELP = `Usage: regulars tasks --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--manager NAME] [--json]

Brings the Tasks tab up to date for that date without rescoring (open complaints, follow-ups due, customers at
risk worth a call, defections to contact, low survey scores, stale records; nothing duplicated, nothing a person
marked done reopened) and lists the open tasks, due first.

Options:
  --workbook FILE   the .xlsx workbook (the Tasks tab is written back in place, under its lock)
  --date D          the business-local date, YYYY-MM-DD
  --manager NAME    only this account manager's tasks (as the Tasks tab's manager column spells it)
  --json            print {"tasks": [{"id", "customer_id", "name", "phone", "email", "reason", "due", "manager", "value", "status"}]}
  -h, --help        show this help
`;

/** The fields the CLI contract prints for each task. */
function contract(t: TaskView): Record<string, string | number | null> {
  return { id: t.id, customer_id: t.customer_id, name: t.name, phone: t.phone, email: t.email, reason: t.reason, due: t.due, manager: t.manager, value: t.value, status: t.status };
}

function describe(tasks: readonly TaskView[], asOf: string): string {
  const lines = [`${tasks.length} open task(s) as of ${asOf}`];
  let manager: string | undefined;
  const byManager = [...tasks].sort((a, b) => a.manager.localeCompare(b.manager));
  for (const t of byManager) {
    if (t.manager !== manager) {
      manager = t.manager;
      lines.push('', manager === '' ? 'Nobody yet' : manager);
    }
    const reach = [t.phone, t.email].filter((s) => s !== '').join(' · ');
    lines.push(`  ${t.due}${t.overdue ? '!' : ' '} ${t.id}  ${t.reason}: ${t.name} (${t.customer_id})${reach ? ` ${reach}` : ''}${t.value !== null ? `  value ${t.value}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `regulars tasks`: derives the date's tasks into the Tasks tab and lists the open ones. */
export const run: Command = async (args, io) => {
  const parsed = parseWorkbookDate(args, io.cwd, 'tasks', ['--manager']);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const outcome = await onWorkbook(parsed.workbook, (wb) => {
    const refreshed = refreshTasksOn(wb, parsed.date);
    if (!refreshed.ok) return refreshed;
    return listTasksOn(wb, parsed.date, parsed.extra.manager === undefined ? {} : { manager: parsed.extra.manager });
  });
  if (!outcome.ok) {
    for (const issue of outcome.issues) io.stderr(`regulars tasks: ${issue.message}\n`);
    return 2;
  }
  const list = outcome.value;
  io.stdout(parsed.json ? `${JSON.stringify({ tasks: list.tasks.map(contract) }, null, 2)}\n` : describe(list.tasks, list.asOf));
  return 0;
};
