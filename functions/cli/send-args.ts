import path from 'node:path';
import { dayNumber } from '../../shared/kernel';
import { UsageError } from './command';
import { commandLine } from './flags';

/** What a sending command (`greetings run`, `campaign send NAME`) reads: the workbook, the day, where mail goes. */
export interface SendArgs {
  workbook: string;
  date: string;
  transport: string;
  json: boolean;
  approve: boolean;
  /** The words that are not options (the campaign's name for `campaign send`). */
  positional: string[];
}

/**
 * Reads `COMMAND SUB [WORD…] --workbook W.xlsx --date YYYY-MM-DD [--transport T] [--json] [--approve]`;
 * `positional` says how many plain words the subcommand takes (0 or 1). 'help' for -h / --help / help.
 */
export function parseSendArgs(args: readonly string[], cwd: string, command: string, sub: string, positional = 0): SendArgs | 'help' {
  const [given, ...rest] = args;
  if (given === '--help' || given === '-h' || given === 'help') return 'help';
  if (given !== sub) throw new UsageError(given === undefined ? `missing subcommand: ${sub} (see regulars ${command} --help)` : `unknown subcommand "${given}" (see regulars ${command} --help)`);
  const out: Partial<SendArgs> & { positional: string[] } = { transport: 'file:outbox', json: false, approve: false, positional: [] };
  for (const { arg, flag, value } of commandLine(rest)) {
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--workbook') out.workbook = path.resolve(cwd, value());
    else if (flag === '--date') out.date = value();
    else if (flag === '--transport') out.transport = value();
    else if (flag === '--json') out.json = true;
    else if (flag === '--approve') out.approve = true;
    else if (arg.startsWith('-') || positional === 0) throw new UsageError(`unknown option "${arg}" (see regulars ${command} --help)`);
    else if (out.positional.length >= positional) throw new UsageError(`one at a time: "${out.positional[0]}" and "${arg}" were both given`);
    else out.positional.push(arg.trim());
  }
  if (!out.workbook) throw new UsageError('--workbook is required');
  if (!/\.xlsx$/i.test(out.workbook)) throw new UsageError('--workbook must name an .xlsx file');
  if (!out.date) throw new UsageError('--date is required (YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || dayNumber(out.date) === undefined) {
    throw new UsageError(`--date "${out.date}" is not a date as YYYY-MM-DD`);
  }
  return out as SendArgs;
}
