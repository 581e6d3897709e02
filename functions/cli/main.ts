import type { CliIO, Command } from './command';
import { UsageError } from './command';

const HELP = `regulars — customer retention in the sheet you already use

Usage:
  regulars demo [--out FILE.xlsx] [--customers N] [--seed S]
  regulars import FILE... --into WORKBOOK.xlsx [--country CC] [--map FIELD=COLUMN ...] [--key email|phone|COLUMN] [--date-order dmy|mdy|ymd] [--dry-run] [--json]
  regulars import purchases FILE... --into WORKBOOK.xlsx [same options]
  regulars import undo IMPORT_ID --workbook WORKBOOK.xlsx
  regulars export WORKBOOK.xlsx --tab NAME [--out FILE.csv]
  regulars dedupe FILE [--link FILE2] [--out clusters.csv] [--field ROLE=COLUMN ...] [--country CC] [--json]
  regulars clv fit FILE [--end YYYY-MM-DD] [--unit week|day] [--model bgnbd|mbgnbd|pareto] [--json] [--engine memory|duckdb]
  regulars clv score FILE --end YYYY-MM-DD [--horizon WEEKS] [--discount RATE] [--out scores.csv]
  regulars greetings run --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--transport file:DIR | smtp://HOST:PORT] [--json]
  regulars campaign send NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--transport file:DIR | smtp://HOST:PORT] [--approve] [--json]
  regulars campaign results NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]
  regulars score --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]
  regulars tasks --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--manager NAME] [--json]
  regulars card print CUSTOMER_ID --workbook WORKBOOK.xlsx --out CARD.pdf [--json]
  regulars report (--workbook WORKBOOK.xlsx | --customers FILE --purchases FILE) --date YYYY-MM-DD --by DIMENSION [--segment NAME] [--json]
  regulars report --workbook WORKBOOK.xlsx --date YYYY-MM-DD --write [--segment NAME]
  regulars segment write NAME --workbook WORKBOOK.xlsx --date YYYY-MM-DD [--json]
  regulars workbench [--workbook FILE.xlsx] [--port 8080]

Run "regulars COMMAND --help" for a command's options.
`;

/** Each command is loaded only when called, so start-up stays fast. */
const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  demo: () => import('./commands/demo'),
  import: () => import('./commands/import'),
  export: () => import('./commands/export'),
  dedupe: () => import('./commands/dedupe'),
  clv: () => import('./commands/clv'),
  greetings: () => import('./commands/greetings'),
  campaign: () => import('./commands/campaign'),
  score: () => import('./commands/score'),
  tasks: () => import('./commands/tasks'),
  card: () => import('./commands/card'),
  report: () => import('./commands/report'),
  segment: () => import('./commands/segment'),
  workbench: () => import('./commands/workbench'),
};

/** Runs the CLI with these arguments and returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout('regulars 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`regulars: unknown command "${name}". Run "regulars --help".\n`);
    return 2;
  }
  try {
    const { run } = await load();
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`regulars ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
