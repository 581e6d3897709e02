import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CliIO, Command } from '../command';
import { UsageError } from '../command';
import {
  ClvError,
  describeParameters,
  fitAndScore,
  fitParameters,
  parseClvInput,
  PURCHASE_MODELS,
  yearIn,
  type ClvInput,
  type ClvOptions,
  type ClvRun,
  type ClvSource,
  type CodedPurchaseLog,
  type PurchaseLog,
  type PurchaseModel,
  type TimeUnit,
} from '../../../shared/clv';
import { dayNumber, isoFromDay } from '../../../shared/kernel';
// Types only: the SQL modules are imported when an engine flag asks for them, so a plain `clv fit` loads neither
// them nor, through them, the dedupe engine.
import type { BigQueryTable } from '../../../shared/sql';
import type { DuckDbOptions } from '../../sql';
import { refundRefusal } from './clv-refusals';
import { logScanner, scanLogFile } from '../../clv';

const HELP = `Usage:
  regulars clv fit FILE [--end YYYY-MM-DD] [--unit week|day] [--model bgnbd|mbgnbd|pareto] [--json] [ENGINE]
  regulars clv score FILE --end YYYY-MM-DD [--horizon WEEKS] [--discount RATE] [--out scores.csv] [ENGINE]

ENGINE: --engine memory (default) or --engine duckdb [--memory-limit 2GB] [--threads N]: DuckDB, embedded,
summarises a large log (CSV with a header, or Parquet) in SQL; the fit and the scores are the same.
Or --engine bigquery --project P --dataset D --table T [--location L] (no FILE): the log is a BigQuery table,
summarised there with Application Default Credentials (docs/bigquery.md); fit --dry-run prints the bytes each
query would scan and runs none.

FILE is a purchase log (customer_id, date, amount: CSV with a header, or whitespace-separated columns
like CDNOW's master file with YYYYMMDD dates) or an RFM summary (frequency/x, recency/t_x, T[, monetary]).

fit     fits a purchase model (default bgnbd) and, when there are amounts, the Gamma-Gamma spend model.
        --end is the last day of the calibration period, inclusive (default: the last purchase date);
        --unit is the time unit of recency and T (default week). --json prints
        {"model","params","logLikelihood","customers","spend":{"p","q","gamma","logLikelihood"}}.
score   fits BG/NBD (or --model) and Gamma-Gamma on purchases up to --end and writes per customer
        p_alive, expected_purchases and expected_spend over --horizon weeks (default 12 months:
        365.25 days, 52.18 weeks) and the CLV discounted at --discount a year (default 0.1), as CSV to
        --out or standard output.
When the data push a model to a limit (almost nobody stops buying, everybody buys at one pace, a single
repeat buyer), the limiting model is the fit and a warning in plain words goes to standard error.
`;

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

const BIGQUERY_FLAGS = ['--project', '--dataset', '--table', '--location'] as const;
const VALUE_FLAGS = new Set(['--end', '--unit', '--model', '--horizon', '--discount', '--out', '--engine', '--memory-limit', '--threads', ...BIGQUERY_FLAGS]);
const ENGINE_FLAGS = ['--engine', '--memory-limit', '--threads', ...BIGQUERY_FLAGS];
const BOOLEAN_FLAGS = new Set(['--json', '--help', '-h', '--dry-run']);

function parseArgs(args: string[], allowed: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!allowed.includes(name)) throw new UsageError(`unknown option ${name}. Run "regulars clv --help".`);
    if (BOOLEAN_FLAGS.has(name)) {
      flags.set(name, true);
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    }
  }
  return { positional, flags };
}

function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function dateFlag(p: Parsed, name: string): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? dayNumber(v) : undefined;
  if (day === undefined) throw new UsageError(`${name} must be a date as YYYY-MM-DD, got "${v}"`);
  return day;
}

function numberFlag(p: Parsed, name: string, fallback: number, check: (v: number) => boolean, rule: string): number {
  const v = stringFlag(p, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${name} must be ${rule}, got "${v}"`);
  return n;
}

function modelFlag(p: Parsed): PurchaseModel {
  const v = stringFlag(p, '--model') ?? 'bgnbd';
  if (!(PURCHASE_MODELS as readonly string[]).includes(v)) throw new UsageError(`--model must be one of ${PURCHASE_MODELS.join(', ')}, got "${v}"`);
  return v as PurchaseModel;
}

/** The file as read: a summary, or a purchase log with its refunds netted. */
type ReadInput = Exclude<ClvInput, { kind: 'transactions' }> | { kind: 'transactions'; log: PurchaseLog | CodedPurchaseLog; hasAmounts: boolean; lastDay: number };

/** The FILE's bytes, or the reason it cannot be read. */
function readBytes(p: Parsed, io: CliIO): Buffer {
  if (p.positional.length !== 1) throw new UsageError('give exactly one FILE. Run "regulars clv --help".');
  try {
    return readFileSync(path.resolve(io.cwd, p.positional[0]!));
  } catch {
    throw new UsageError(`cannot read ${p.positional[0]!}`);
  }
}

function readInput(p: Parsed, io: CliIO, bytes: Buffer = readBytes(p, io)): ReadInput {
  const text = bytes.toString('utf8');
  let input: ClvInput;
  try {
    input = parseClvInput(text);
  } catch (error) {
    if (error instanceof ClvError) throw new UsageError(`${p.positional[0]!}: ${error.message}`);
    throw error;
  }
  if (input.kind === 'summary') {
    const negative = input.monetary?.findIndex((m) => m < 0) ?? -1;
    if (negative >= 0) throw new UsageError(`${p.positional[0]!}: customer ${input.ids[negative]!}: the monetary value ${input.monetary![negative]!} is negative; spend cannot be below 0`);
    return input;
  }
  return { ...input, log: netRefunds(input.log, p.positional[0]!) };
}

/**
 * Nets refunds against the purchases of the same customer and day, so a return lowers that day's spend; a day
 * that nets to 0 was returned whole and is no purchase. A day that nets below 0 (a refund with no purchase that
 * day) cannot be scored and is refused with the customer and date. Logs without a negative amount pass as is.
 */
export function netRefunds(log: PurchaseLog | CodedPurchaseLog, file: string): PurchaseLog | CodedPurchaseLog {
  let anyNegative = false;
  for (let i = 0; i < log.amount.length && !anyNegative; i++) anyNegative = log.amount[i]! < 0;
  if (!anyNegative) return log;
  const customerOf = (i: number): string => ('code' in log ? log.ids[log.code[i]!]! : log.customer[i]!);
  const days = new Map<string, { customer: string; day: number; amount: number; refund: boolean }>();
  for (let i = 0; i < log.day.length; i++) {
    const key = `${log.day[i]!}\u0000${customerOf(i)}`;
    const entry = days.get(key) ?? { customer: customerOf(i), day: log.day[i]!, amount: 0, refund: false };
    entry.amount += log.amount[i]!;
    entry.refund ||= log.amount[i]! < 0;
    days.set(key, entry);
  }
  const customer: string[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  for (const entry of days.values()) {
    // Cents: a purchase of 19.99 less a refund of 19.99 is 0, not -3.5e-15.
    const net = Math.round(entry.amount * 100) / 100;
    if (net < 0) throw new UsageError(refundRefusal(file, entry.customer, entry.day, net));
    if (net === 0 && entry.refund) continue;
    customer.push(entry.customer);
    day.push(entry.day);
    amount.push(net);
  }
  return { customer, day: Int32Array.from(day), amount: Float64Array.from(amount) };
}

/** The pipeline's source: a summary file as is, or the purchase log summarised up to `end` (default: its last day). */
function toSource(input: ReadInput, end: number | undefined): ClvSource {
  if (input.kind === 'summary') return input;
  return { kind: 'log', log: input.log, end: end ?? input.lastDay, hasAmounts: input.hasAmounts };
}

const MODEL_NAMES: Record<PurchaseModel, string> = { bgnbd: 'BG/NBD', mbgnbd: 'MBG/NBD', pareto: 'Pareto/NBD' };

/** Runs the one CLV pipeline; its typed failures become exit-2 reasons. */
function runPipeline(source: ClvSource, options: ClvOptions): ClvRun {
  try {
    return fitAndScore(source, options);
  } catch (error) {
    if (error instanceof ClvError) throw new UsageError(error.code === 'invalid_input' ? error.message : `cannot fit: ${error.message}`);
    throw error;
  }
}

/** The pipeline's notes on standard error: a spend model that could not be fitted (text mode) and warnings. */
function reportNotes(run: ClvRun, io: CliIO, json: boolean): void {
  if (run.spendFault !== undefined && !json) io.stderr(`regulars clv: no spend model: ${run.spendFault}\n`);
  for (const warning of run.warnings) io.stderr(`regulars clv: ${warning}\n`);
}

/** The --engine bigquery flags: the table (all three parts required and checked) and its location. */
async function bigqueryFlags(p: Parsed): Promise<BigQueryEngine> {
  const [project, dataset, table, location] = BIGQUERY_FLAGS.map((flag) => stringFlag(p, flag));
  const missing = (['--project', '--dataset', '--table'] as const).filter((_, i) => [project, dataset, table][i] === undefined);
  if (missing.length > 0) throw new UsageError(`--engine bigquery needs --project P --dataset D --table T; missing ${missing.join(', ')}`);
  const where = { project: project!, dataset: dataset!, table: table! };
  const { bigqueryNameProblem } = await import('../../../shared/sql');
  for (const part of ['project', 'dataset', 'table'] as const) {
    const problem = bigqueryNameProblem(part, where[part]);
    if (problem !== undefined) throw new UsageError(problem);
  }
  if (location !== undefined && !/^[A-Za-z0-9-]{2,40}$/.test(location)) throw new UsageError(`--location must be a BigQuery location such as US, EU or europe-west2, got "${location}"`);
  if (p.flags.has('--memory-limit') || p.flags.has('--threads')) throw new UsageError('--memory-limit and --threads go with --engine duckdb');
  if (p.positional.length > 0) throw new UsageError('--engine bigquery reads the table named by --project, --dataset and --table; give no FILE');
  return { kind: 'bigquery', where, location };
}

/** The engine flags: undefined for the in-memory engine, DuckDB's settings for --engine duckdb, the table for --engine bigquery. */
async function engineFlags(p: Parsed): Promise<DuckDbOptions | BigQueryEngine | undefined> {
  const engine = stringFlag(p, '--engine') ?? 'memory';
  if (engine !== 'memory' && engine !== 'duckdb' && engine !== 'bigquery') throw new UsageError(`--engine must be memory, duckdb or bigquery, got "${engine}"`);
  if (engine === 'bigquery') return await bigqueryFlags(p);
  const stray = BIGQUERY_FLAGS.find((flag) => p.flags.has(flag)) ?? (p.flags.has('--dry-run') ? '--dry-run' : undefined);
  if (stray !== undefined) throw new UsageError(`${stray} goes with --engine bigquery`);
  const memoryLimit = stringFlag(p, '--memory-limit');
  const threads = stringFlag(p, '--threads');
  if (engine === 'memory') {
    if (memoryLimit !== undefined || threads !== undefined) throw new UsageError('--memory-limit and --threads go with --engine duckdb');
    return undefined;
  }
  const { isMemoryLimit } = await import('../../sql');
  if (memoryLimit !== undefined && !isMemoryLimit(memoryLimit)) throw new UsageError(`--memory-limit must be a size such as 2GB or 512MB, got "${memoryLimit}"`);
  const n = numberFlag(p, '--threads', 0, (v) => Number.isInteger(v) && v >= 1 && v <= 256, 'a whole number of threads from 1');
  return { ...(memoryLimit === undefined ? {} : { memoryLimit }), ...(threads === undefined ? {} : { threads: n }) };
}

/** --engine bigquery: the table to read and where its jobs run. */
interface BigQueryEngine {
  kind: 'bigquery';
  where: BigQueryTable;
  location: string | undefined;
}

/**
 * What `clv fit` fits in memory: a plain purchase log read, summarised and compressed by the WebAssembly scanner
 * (the same rows, bit for bit, as the TypeScript readers give; REGULARS_CLV_SCANNER=off turns it off), anything
 * else read by the TypeScript readers.
 */
function memoryFitSource(p: Parsed, io: CliIO, end: number | undefined, unit: TimeUnit): ClvSource {
  const bytes = readBytes(p, io);
  const scanner = io.env.REGULARS_CLV_SCANNER === 'off' ? null : logScanner();
  const scanned = scanner ? scanLogFile(scanner, bytes, { end, unit }) : undefined;
  if (scanned) return { kind: 'distinct', data: scanned.data, spend: scanned.spend, end: scanned.end };
  return toSource(readInput(p, io, bytes), end);
}

/** The pipeline's source from BigQuery (its client loaded only now). */
async function bigqueryInput(engine: BigQueryEngine, io: CliIO, end: number | undefined, unit: 'week' | 'day', purpose: 'fit' | 'score'): Promise<ClvSource> {
  const { bigquerySource } = await import('./clv-bigquery');
  return bigquerySource({ where: engine.where, location: engine.location, end, unit, purpose }, io);
}

/** The pipeline's source from DuckDB (loaded only now, with the native module behind it). */
async function duckdbInput(p: Parsed, io: CliIO, database: DuckDbOptions, end: number | undefined, unit: 'week' | 'day', purpose: 'fit' | 'score'): Promise<ClvSource> {
  if (p.positional.length !== 1) throw new UsageError('give exactly one FILE. Run "regulars clv --help".');
  const { duckdbSource } = await import('./clv-duckdb');
  return duckdbSource({ name: p.positional[0]!, file: path.resolve(io.cwd, p.positional[0]!), end, unit, purpose, database }, io);
}

async function fit(args: string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ['--end', '--unit', '--model', '--json', '--help', '-h', '--dry-run', ...ENGINE_FLAGS]);
  if (p.flags.has('--help') || p.flags.has('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const unit = stringFlag(p, '--unit') ?? 'week';
  if (unit !== 'week' && unit !== 'day') throw new UsageError(`--unit must be week or day, got "${unit}"`);
  const model = modelFlag(p);
  const end = dateFlag(p, '--end');
  const database = await engineFlags(p);
  if (database !== undefined && 'kind' in database && p.flags.has('--dry-run')) {
    const { bigqueryEstimate } = await import('./clv-bigquery');
    return bigqueryEstimate({ where: database.where, location: database.location, end, unit, purpose: 'fit' }, io);
  }
  const source =
    database === undefined ? memoryFitSource(p, io, end, unit) : 'kind' in database ? await bigqueryInput(database, io, end, unit, 'fit') : await duckdbInput(p, io, database, end, unit, 'fit');
  const json = p.flags.has('--json');
  const run = runPipeline(source, { model, unit, score: false });
  const result = run.fit!;
  const spend = run.spend;
  reportNotes(run, io, json);
  if (json) {
    io.stdout(
      `${JSON.stringify({
        model: result.model,
        params: fitParameters(result),
        logLikelihood: result.logLikelihood,
        customers: result.customers,
        spend: spend ? { ...spend.params, logLikelihood: spend.logLikelihood } : null,
        ...(run.warnings.length > 0 ? { warnings: run.warnings } : {}),
      })}\n`,
    );
    return 0;
  }
  const period = run.end === undefined ? '' : `, calibration to ${isoFromDay(run.end)}`;
  io.stdout(`${MODEL_NAMES[model]} on ${result.customers} customers (${run.data.x.length} distinct x, t_x, T; unit ${unit}${period})\n`);
  io.stdout(`  ${describeParameters(result)}\n  log-likelihood ${result.logLikelihood.toFixed(2)}\n`);
  if (spend) {
    const { p: sp, q, gamma } = spend.params;
    io.stdout(`Gamma-Gamma on ${spend.customers} repeat buyers\n  p = ${sp.toFixed(4)}  q = ${q.toFixed(4)}  gamma = ${gamma.toFixed(4)}\n`);
    io.stdout(`  log-likelihood ${spend.logLikelihood.toFixed(2)}\n`);
  }
  return 0;
}

/** One CSV field: the sheet's formula guard first (ids included), then quoting. */
function csvField(text: string, guardFormula: (text: string) => string): string {
  const guarded = guardFormula(text);
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function num(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

async function score(args: string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ['--end', '--horizon', '--discount', '--out', '--model', '--help', '-h', ...ENGINE_FLAGS]);
  if (p.flags.has('--help') || p.flags.has('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const horizon = numberFlag(p, '--horizon', yearIn('week'), (v) => v > 0 && v <= 5200, 'a number of weeks above 0');
  const discount = numberFlag(p, '--discount', 0.1, (v) => v >= 0 && v < 10, 'an annual rate such as 0.1');
  const model = modelFlag(p);
  const end = dateFlag(p, '--end');
  const database = await engineFlags(p);
  let source: ClvSource;
  if (database) {
    if (end === undefined) throw new UsageError('score needs --end YYYY-MM-DD for a purchase log');
    source = 'kind' in database ? await bigqueryInput(database, io, end, 'week', 'score') : await duckdbInput(p, io, database, end, 'week', 'score');
  } else {
    const input = readInput(p, io);
    if (input.kind === 'transactions' && end === undefined) throw new UsageError('score needs --end YYYY-MM-DD for a purchase log');
    source = toSource(input, end);
  }
  const run = runPipeline(source, { model, unit: 'week', horizonDays: horizon * 7, discountRate: discount });
  reportNotes(run, io, false);
  const scores = run.scores!;
  const summary = run;
  // Loaded only here: `clv fit` never pays for the workbook module (and zod) at start-up.
  const { guardFormula } = await import('../../../shared/workbook');
  const target = stringFlag(p, '--out');
  // Written beside the target and renamed over it at the end: a failed run never leaves half a scores file.
  const full = target === undefined ? undefined : path.resolve(io.cwd, target);
  const tmp = full === undefined ? undefined : path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.tmp`);
  let fd: number | undefined;
  if (tmp !== undefined) {
    try {
      fd = openSync(tmp, 'w');
    } catch {
      throw new UsageError(`cannot write ${target!}`);
    }
  }
  // Written in blocks of rows, so a million customers never sit in memory as one string.
  const emit = (text: string): void => (fd === undefined ? io.stdout(text) : void writeSync(fd, text));
  let written = false;
  try {
    let block = 'customer_id,frequency,recency,T,p_alive,expected_purchases,expected_spend,clv\n';
    for (let i = 0; i < summary.ids.length; i++) {
      block += `${csvField(summary.ids[i]!, guardFormula)},${summary.x[i]!},${num(summary.tx[i]!)},${num(summary.T[i]!)},${num(scores.pAlive![i]!)},${num(scores.expectedPurchases[i]!)},${num(scores.expectedSpend[i]!)},${num(scores.clv[i]!)}\n`;
      if (block.length > 1 << 16) {
        emit(block);
        block = '';
      }
    }
    emit(block);
    written = true;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (tmp !== undefined && !written) rmSync(tmp, { force: true });
  }
  if (tmp !== undefined && full !== undefined) {
    try {
      renameSync(tmp, full);
    } catch {
      rmSync(tmp, { force: true });
      throw new UsageError(`cannot write ${target!}`);
    }
  }
  if (target !== undefined) {
    io.stderr(`regulars clv: scored ${summary.ids.length} customers into ${target}\n`);
  }
  return 0;
}

/** `regulars clv fit|score`: fits BTYD models to a purchase log or summary and scores its customers. */
export const run: Command = (args, io) => dispatch(args, io);

async function dispatch(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'fit') return await fit(rest, io);
  if (sub === 'score') return await score(rest, io);
  throw new UsageError(`unknown subcommand "${sub}"; use fit or score. Run "regulars clv --help".`);
}
