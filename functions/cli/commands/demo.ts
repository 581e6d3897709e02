import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type Command } from '../command';
import { localDateOf } from '../../../shared/kernel';

const HELP = `Usage: regulars demo [--out FILE.xlsx] [--customers N] [--seed S] [--json]

Writes a realistic demo workbook for a South African bike shop: customers of every contact type and
category, three years of purchases, interactions, duplicates and look-alikes, default campaigns,
loyalty tiers, profile fields and settings. The same seed always gives the same workbook.

Options:
  --out FILE.xlsx   where to write it (default: workbook.xlsx in the current folder; replaced if it exists)
  --customers N     Customers rows, about a tenth of them duplicates (default 2400, at least 10)
  --seed S          a whole number that fixes the random choices (default 1)
  --json            print a summary as JSON
  -h, --help        show this help
`;

interface DemoArgs {
  out: string;
  customers: number;
  seed: number;
  json: boolean;
}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text.trim())) throw new UsageError(`${flag} needs a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}`);
  return n;
}

function parseArgs(args: string[], cwd: string): DemoArgs | 'help' {
  const out: DemoArgs = { out: path.resolve(cwd, 'workbook.xlsx'), customers: 2400, seed: 1, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--out': {
        const file = value();
        if (file === undefined || file.trim() === '' || file.startsWith('--')) throw new UsageError('--out needs a file name');
        if (!/\.xlsx$/i.test(file)) throw new UsageError('--out must name an .xlsx file');
        out.out = path.resolve(cwd, file);
        break;
      }
      case '--customers':
        out.customers = wholeNumber('--customers', value(), 10, 500_000);
        break;
      case '--seed':
        out.seed = wholeNumber('--seed', value(), 0, 4_294_967_295);
        break;
      case '--json':
        out.json = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}" (see regulars demo --help)`);
    }
  }
  return out;
}

/** Today in Johannesburg, the demo business's time zone: the only clock read, here at the edge. */
function todayInJohannesburg(): string {
  return localDateOf(Date.now(), 'Africa/Johannesburg');
}

/** `regulars demo`: writes the demo workbook and prints what is in it. */
export const run: Command = async (args, io) => {
  const parsed = parseArgs(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const today = io.env.REGULARS_TODAY ?? todayInJohannesburg();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('REGULARS_TODAY must be a date as YYYY-MM-DD');
  const started = performance.now();
  const { createDemoWorkbook } = await import('../../demo');
  if (io.isTTY && !parsed.json) io.stderr(`Writing ${parsed.customers} customers to ${parsed.out} …\n`);
  // Links in the demo's mail point at the workbench as `regulars workbench` will start it ($PORT, else 8080);
  // the workbench corrects a local address to its real port when it starts.
  const port = io.env.PORT !== undefined && /^\d+$/.test(io.env.PORT) ? io.env.PORT : '8080';
  const data = await createDemoWorkbook(parsed.out, { customers: parsed.customers, seed: parsed.seed, today, publicUrl: `http://localhost:${port}` });
  const summary = {
    file: parsed.out,
    seed: parsed.seed,
    today,
    bytes: (await stat(parsed.out)).size,
    seconds: Math.round(performance.now() - started) / 1000,
    tabs: {
      Customers: data.customers.length,
      'Profile fields': data.profileFields.length,
      Purchases: data.purchases.length,
      Interactions: data.interactions.length,
      Campaigns: data.campaigns.length,
      Loyalty: data.loyalty.length,
      Defections: data.defections.length,
      'Consent log': data.consentLog.length,
    },
    duplicates: data.truth.duplicates.length,
    lookAlikeGroups: data.truth.traps.length,
  };
  if (parsed.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else {
    const counts = Object.entries(summary.tabs).map(([tab, n]) => `  ${tab.padEnd(15)} ${n}`).join('\n');
    io.stdout(`Wrote ${summary.file} (${(summary.bytes / 1024).toFixed(0)} KB, seed ${summary.seed}, as of ${today}) in ${summary.seconds.toFixed(1)} s\n${counts}\n  including ${summary.duplicates} duplicate rows and ${summary.lookAlikeGroups} groups of look-alikes that are different people\n`);
  }
  return 0;
};
