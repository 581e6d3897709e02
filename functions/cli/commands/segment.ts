import path from 'node:path';
import { withRowIds, writeMembersOn, SEGMENTS_COLUMN } from '../../../shared/api';
import { dayNumber } from '../../../shared/kernel';
import { UsageError, type Command } from '../command';
import { commandLine } from '../flags';
import { onWorkbook } from './score';

const HELP = `Usage: regulars segment write NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]

Marks the members of the saved segment NAME (a row of the Segments tab) in the "${SEGMENTS_COLUMN}" column of
Customers, as of that date: each member's cell lists the segment (with any other segments written before,
separated by "; "), and a customer who has left it loses it. Only changed cells are written, in one batch;
their old values go to the Import log, so "regulars import undo ID" (or Undo in the Import sidebar) puts the
column back. In the sheet, filter Customers on the column ("contains VIP") to see a segment's rows.

Options:
  --workbook FILE   the .xlsx workbook (written back in place, under its lock)
  --date D          the business-local date the rule is evaluated on (rules may name dates), YYYY-MM-DD
  --json            print {"segment", "members", "added", "removed", "undoId"}
  -h, --help        show this help
`;

interface SegmentArgs {
  name: string;
  workbook: string;
  date: string;
  json: boolean;
}

function parseArgs(args: readonly string[], cwd: string): SegmentArgs | 'help' {
  const [verb, ...rest] = args;
  if (verb === undefined || verb === '-h' || verb === '--help') return 'help';
  if (verb !== 'write') throw new UsageError(`unknown subcommand "${verb}" (regulars segment write NAME …)`);
  const out: Partial<SegmentArgs> = { json: false };
  for (const { arg, flag, value } of commandLine(rest)) {
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--workbook') out.workbook = path.resolve(cwd, value());
    else if (flag === '--date') out.date = value();
    else if (flag === '--json') out.json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" (see regulars segment --help)`);
    else if (out.name === undefined) out.name = arg;
    else throw new UsageError(`one segment NAME at a time ("${out.name}" and "${arg}" given); quote a name with spaces`);
  }
  if (!out.name?.trim()) throw new UsageError('the segment NAME is required (regulars segment write NAME …)');
  if (!out.workbook) throw new UsageError('--workbook is required');
  if (!/\.xlsx$/i.test(out.workbook)) throw new UsageError('--workbook must name an .xlsx file');
  if (!out.date) throw new UsageError('--date is required (YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || dayNumber(out.date) === undefined) throw new UsageError(`--date "${out.date}" is not a date as YYYY-MM-DD`);
  return out as SegmentArgs;
}

/** `regulars segment write`: a saved segment's members marked in the Customers `segments` column. */
export const run: Command = async (args, io) => {
  const parsed = parseArgs(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const result = await onWorkbook(parsed.workbook, (wb) => writeMembersOn(withRowIds(wb, []), parsed.name, { now: parsed.date, by: 'regulars segment write' }));
  if (!result.ok) throw new UsageError(result.issues.map((i) => i.message).join(' '));
  const r = result.value;
  io.stdout(
    parsed.json
      ? `${JSON.stringify(r, null, 2)}\n`
      : `segment "${r.segment}": ${r.members} members as of ${parsed.date}; ${r.added} marked, ${r.removed} unmarked in the ${SEGMENTS_COLUMN} column${r.undoId ? ` (undo: regulars import undo ${r.undoId} --workbook ${path.basename(parsed.workbook)})` : ''}\n`,
  );
  return 0;
};
