import { randomBytes } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  applyImport,
  dryRunResult,
  planImport,
  planPurchaseImport,
  undoImport,
  CUSTOMER_TARGETS,
  PURCHASE_TARGETS,
  type ImportOptions,
  type ImportPlan,
  type ImportResult,
  type PurchasePlan,
  type SourceTable,
  applyPurchaseImport,
  purchaseDryRun,
} from '../../../shared/import';
import { UsageError, type CliIO, type Command } from '../command';
import { commandLine } from '../flags';
import { readSourceFile, UnreadableFileError, withWorkbookFile } from '../../import';

const HELP = `Usage:
  regulars import FILE... --into WORKBOOK.xlsx [--country CC] [--map FIELD=COLUMN ...] [--key email|phone|COLUMN]
                  [--date-order dmy|mdy|ymd] [--overwrite] [--dry-run] [--json]
  regulars import purchases FILE... --into WORKBOOK.xlsx [same options]
  regulars import undo IMPORT_ID --workbook WORKBOOK.xlsx [--json]

Imports customers (or purchases) into the workbook, which is created when it does not exist. Files: CSV with
, ; TAB or | between fields in UTF-8 (with or without BOM), UTF-16 or Windows-1252 (all detected), .xlsx
(the first sheet with data) and vCard .vcf (2.1, 3.0, 4.0). The exports of Google Contacts, Outlook, Shopify,
Square, WooCommerce, Mailchimp and HubSpot are recognised by their headers and map with no hand work.

Rows are matched to the customers that existed before the import — by e-mail, then phone (or --key) — and
fill their empty fields; other rows become new customers. Two rows of the files are never folded into one:
both are created and listed as possible duplicates, as are probable duplicates the dedupe engine finds.
Marketing-consent columns set email_consent and write a Consent log row. Every import is one entry in the
Import log; "regulars import undo" puts every cell back.

Options:
  --into FILE        the .xlsx workbook (created if missing)
  --country CC       ISO country for national phone numbers and dates (default: Settings country)
  --map FIELD=COLUMN take FIELD from the file's COLUMN (repeatable; FIELD= leaves a field out). Fields:
                     ${CUSTOMER_TARGETS.join(', ')}
                     purchases: ${PURCHASE_TARGETS.join(', ')}
  --key K            match on email (then phone; the default), phone, or an id COLUMN of the file (kept in
                     a Customers column of that name, so a re-import matches)
  --date-order O     how to read dates like 03/04/2025 when a column's values do not tell (else Settings
                     date_order, else the country's custom)
  --overwrite        replace values the workbook already has (each one is logged for undo)
  --dry-run          show the mapping, sample values and every issue; write nothing
  --json             print {"importId", "files": [...], "possibleDuplicates"} as JSON
  -h, --help         show this help

Exit codes: 0 the import ran (skipped rows are issues, not failures); 2 unusable input, with a one-line reason.
`;

interface ImportArgs {
  mode: 'customers' | 'purchases';
  files: string[];
  into: string;
  options: ImportOptions;
  dryRun: boolean;
  json: boolean;
}

interface UndoArgs {
  mode: 'undo';
  importId: string;
  workbook: string;
  json: boolean;
}

function parseArgs(args: string[], cwd: string): ImportArgs | UndoArgs | 'help' {
  const first = args[0];
  const mode = first === 'purchases' ? 'purchases' : first === 'undo' ? 'undo' : 'customers';
  const rest = mode === 'customers' ? args : args.slice(1);
  const positional: string[] = [];
  const map: Record<string, string> = {};
  const options: ImportOptions = {};
  let into: string | undefined;
  let workbook: string | undefined;
  let dryRun = false;
  let json = false;
  for (const { arg, flag, value } of commandLine(rest)) {
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--into':
        into = path.resolve(cwd, value());
        break;
      case '--workbook':
        workbook = path.resolve(cwd, value());
        break;
      case '--country': {
        const c = value().toUpperCase();
        if (!/^[A-Z]{2}$/.test(c)) throw new UsageError(`--country "${c}" is not an ISO country code such as ZA`);
        options.country = c;
        break;
      }
      case '--map': {
        const m = /^([^=]+)=(.*)$/.exec(value());
        if (!m) throw new UsageError('--map needs FIELD=COLUMN');
        map[m[1]!.trim()] = m[2]!.trim();
        break;
      }
      case '--key':
        options.key = value();
        break;
      case '--date-order': {
        const o = value().toLowerCase();
        if (o !== 'dmy' && o !== 'mdy' && o !== 'ymd') throw new UsageError('--date-order must be dmy, mdy or ymd');
        options.dateOrder = o;
        break;
      }
      case '--overwrite':
        options.overwrite = true;
        break;
      case '--dry-run':
        dryRun = true;
        break;
      case '--json':
        json = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}" (see regulars import --help)`);
        positional.push(arg);
    }
  }
  if (mode === 'undo') {
    if (positional.length !== 1) throw new UsageError('undo needs one IMPORT_ID (see regulars import --help)');
    const target = workbook ?? into;
    if (!target) throw new UsageError('--workbook is required');
    return { mode, importId: positional[0]!, workbook: target, json };
  }
  if (positional.length === 0) throw new UsageError('no FILE to import (see regulars import --help)');
  const target = into ?? workbook;
  if (!target) throw new UsageError('--into WORKBOOK.xlsx is required');
  if (!/\.xlsx$/i.test(target)) throw new UsageError('--into must name an .xlsx file');
  if (Object.keys(map).length > 0) options.map = map;
  return { mode, files: positional.map((f) => path.resolve(cwd, f)), into: target, options, dryRun, json };
}

async function readAll(files: readonly string[]): Promise<SourceTable[]> {
  const tables: SourceTable[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      throw new UsageError(`cannot read ${file}: no such file`);
    }
    try {
      tables.push(await readSourceFile(file, bytes));
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new UsageError(error.message);
      throw error;
    }
  }
  return tables;
}

/** Mapping problems and files nothing could be read from are unusable input (exit 2), before anything is written. */
function checkPlan(plan: ImportPlan | PurchasePlan, needed: readonly string[]): void {
  for (const f of plan.files) {
    const problem = f.problems[0];
    if (problem) {
      throw new UsageError(
        problem.reason === 'unknown_field'
          ? `--map ${problem.field}=…: "${problem.field}" is not a field we import (see regulars import --help)`
          : `${f.file} has no column "${problem.column}"${problem.field === 'key' ? ' (--key)' : ` (--map ${problem.field})`}`,
      );
    }
    if (f.rows > 0 && !f.mapping.some((m) => needed.includes(m.field))) {
      throw new UsageError(`${f.file}: no column could be mapped to ${needed.join(', ')} (headers: ${f.unmapped.slice(0, 8).join(', ')}); use --map FIELD=COLUMN`);
    }
  }
}

function newImportId(at: string): string {
  return `IMP-${at.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${randomBytes(2).toString('hex')}`;
}

function describePreview(plan: ImportPlan | PurchasePlan): string {
  const lines: string[] = [];
  for (const f of plan.files) {
    lines.push(`${f.file} (${f.preset.label}, ${f.format}): ${f.rows} rows`);
    for (const m of f.mapping) lines.push(`  ${m.field.padEnd(16)} ← ${m.columns.map((c) => `"${c}"`).join(', ')}${m.samples.length > 0 ? `   e.g. ${m.samples.map((s) => JSON.stringify(s)).join(', ')}` : ''}`);
    if (f.unmapped.length > 0) lines.push(`  not imported: ${f.unmapped.map((c) => `"${c}"`).join(', ')}`);
    for (const d of f.dateOrders) lines.push(`  dates in "${d.column}" read as ${d.order.toUpperCase()} (${d.decidedBy === 'values' ? "the column's own values" : d.decidedBy})${d.ambiguous ? ' — ambiguous: --date-order to choose' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeResult(result: ImportResult, dryRun: boolean, workbook: string): string {
  const lines: string[] = [];
  for (const f of result.files) {
    lines.push(`${f.file}: ${f.rows} rows → ${f.created} ${dryRun ? 'to create' : 'created'}, ${f.updated} ${dryRun ? 'to update' : 'updated'}, ${f.skipped} skipped, ${f.issues.length} issues`);
    for (const i of f.issues.slice(0, 20)) lines.push(`  row ${i.row}${i.column ? `, "${i.column}"` : ''}: ${i.reason}`);
    if (f.issues.length > 20) lines.push(`  … and ${f.issues.length - 20} more (see --json)`);
  }
  if (result.possibleDuplicates.length > 0) {
    lines.push(`${result.possibleDuplicates.length} possible duplicates (review them in Duplicates; nothing was merged):`);
    for (const d of result.possibleDuplicates.slice(0, 10)) lines.push(`  ${d.ids.join(' ~ ')} (${d.reason === 'same_key' ? 'same e-mail or phone' : `score ${d.score}`})`);
  }
  if (dryRun) lines.push('dry run: nothing was written');
  else lines.push(`import ${result.importId} (undo: regulars import undo ${result.importId} --workbook ${path.basename(workbook)})`);
  return `${lines.join('\n')}\n`;
}

function jsonOf(result: ImportResult): string {
  return `${JSON.stringify({ importId: result.importId, files: result.files.map(({ preset: _preset, ...f }) => ({ ...f, preset: _preset })), possibleDuplicates: result.possibleDuplicates }, null, 2)}\n`;
}

async function runImport(args: ImportArgs, io: CliIO): Promise<number> {
  // Phase lines on a terminal only; pipes and --json stay clean.
  const progress = (text: string): void => {
    if (io.isTTY) io.stderr(`\r${text}\x1b[K`);
  };
  progress(`reading ${args.files.length} file${args.files.length === 1 ? '' : 's'}…`);
  const tables = await readAll(args.files);
  progress(`matching ${tables.reduce((n, t) => n + t.rows.length, 0).toLocaleString('en')} rows and looking for duplicates…`);
  const at = new Date().toISOString().slice(0, 19) + 'Z';
  const by = io.env.USER ?? io.env.USERNAME ?? 'regulars import';
  const result = await withWorkbookFile(args.into, !args.dryRun, (wb) => {
      if (args.mode === 'purchases') {
        const plan = planPurchaseImport(wb, tables, args.options);
        checkPlan(plan, ['amount', 'date']);
        if (!args.json && args.dryRun) io.stdout(describePreview(plan));
        return args.dryRun ? purchaseDryRun(plan) : applyPurchaseImport(wb, plan, { importId: newImportId(at), at, by });
      }
      const plan = planImport(wb, tables, args.options);
      // The rows are in the plan now; letting the tables go keeps the peak lower while the workbook is written.
      tables.length = 0;
      checkPlan(plan, ['first_name', 'last_name', 'full_name', 'company', 'email', 'phone']);
      if (!args.json && args.dryRun) io.stdout(describePreview(plan));
      return args.dryRun ? dryRunResult(plan) : applyImport(wb, plan, { importId: newImportId(at), at, by });
  });
  progress('');
  if (io.isTTY) io.stderr('\r');
  io.stdout(args.json ? jsonOf(result) : describeResult(result, args.dryRun, args.into));
  return 0;
}

async function runUndo(args: UndoArgs, io: CliIO): Promise<number> {
  const at = new Date().toISOString().slice(0, 19) + 'Z';
  const result = await withWorkbookFile(args.workbook, true, (wb) => undoImport(wb, args.importId, { at }));
  if (!result.ok) throw new UsageError(result.fault === 'unknown_import' ? `no import ${args.importId} in the Import log` : `import ${args.importId} was already undone`);
  if (args.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(`undid import ${result.importId}: ${result.restoredRows} rows put back, ${result.removedRows} created rows removed${result.missing.length > 0 ? `; ${result.missing.length} rows no longer there (left as they are)` : ''}\n`);
  return 0;
}

/** `regulars import`: customers or purchases from exports into the workbook, and undo. */
export const run: Command = async (args, io) => {
  const parsed = parseArgs(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (parsed.mode === 'undo' && !(await access(parsed.workbook).then(() => true, () => false))) throw new UsageError(`cannot read ${parsed.workbook}: no such file`);
  try {
    return parsed.mode === 'undo' ? await runUndo(parsed, io) : await runImport(parsed, io);
  } catch (error) {
    if (error instanceof Error && error.name === 'LockBusy') throw new UsageError(error.message.split('\n')[0]);
    if (error instanceof Error && /^(cannot read|Cannot read)/.test(error.message)) throw new UsageError(error.message.split('\n')[0]);
    throw error;
  }
};
