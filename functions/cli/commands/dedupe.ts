import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIO, Command } from '../command';
import { UsageError } from '../command';
import { ROLES, findClusters } from '../../../shared/dedupe';
import type { DedupeRecord, FindOptions, Role } from '../../../shared/dedupe';
import { duckDbFindClusters, isMemoryLimit, type BigQueryFound, type DuckDbFound } from '../../sql';
import { bigqueryNameProblem } from '../../../shared/sql';
import { findOnBigQuery, type BigQueryDedupeRequest } from './dedupe-bigquery';
import { type Table, looksLikeHeader, readTable, TableError, type MappedColumns, clustersCsv, ColumnError, tableRecords } from '../../dedupe';
import { replaceFile, openXlsxWorkbook } from '../../workbook';
import { customersTab, foldHeader, guardFormula, type CellValue } from '../../../shared/workbook';

const HELP = `Usage:
  regulars dedupe FILE [--link FILE2] [--out clusters.csv] [--field ROLE=COLUMN ...] [--country CC] [--json]
                  [--engine memory|duckdb] [--memory-limit 2GB]
                  [--engine bigquery --project P --dataset D [--location L]]

Finds the records of FILE (.csv or .xlsx) that are the same person and writes one line per record as CSV
with the header id,cluster,score (to --out, or standard output). id is the file's id column trimmed, else
the row number; records that match nothing form their own cluster; score is the record's mean match
probability with the rest of its cluster (0 alone).

  --link FILE2        match the records of FILE against those of FILE2 (not within either file)
  --field ROLE=COLUMN use COLUMN for ROLE; roles: ${ROLES.join(', ')}
                      (recognised from headers otherwise; other columns are compared as generic text)
  --country CC        country for national phone numbers (ISO code, e.g. ZA); inferred from +CC numbers
  --json              print a summary as JSON on standard output (the CSV then needs --out)
  --engine ENGINE     memory (default): everything in this process; duckdb: blocking, comparisons and the
                      model's counts in embedded DuckDB, for lists too large for memory (same answers)
                      bigquery: the same SQL on BigQuery, in work tables of dataset D of project P (loaded from
                      FILE, dropped at the end); signs in with "gcloud auth application-default login"
  --memory-limit SIZE with --engine duckdb: DuckDB's memory limit, e.g. 2GB (it spills to a temporary folder)
  --project P, --dataset D, --location L  with --engine bigquery (L: the dataset's location, e.g. EU)

On 8 MB of input or more the command runs again once in a node with a larger young generation, which spares
millions of short-lived objects a copy (set REGULARS_NO_RESPAWN=1 to stay in one process).
`;

interface Options {
  files: string[];
  out: string | undefined;
  json: boolean;
  country: string | undefined;
  overrides: Partial<Record<Role, string>>;
  engine: 'memory' | 'duckdb' | 'bigquery';
  memoryLimit: string | undefined;
  bigquery: BigQueryDedupeRequest | undefined;
}

function parseArgs(args: string[]): Options | 'help' {
  const files: string[] = [];
  const overrides: Partial<Record<Role, string>> = {};
  let out: string | undefined;
  let link: string | undefined;
  let country: string | undefined;
  let json = false;
  let engine: Options['engine'] = 'memory';
  let memoryLimit: string | undefined;
  const cloud: { project?: string; dataset?: string; location?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--json') {
      json = true;
      continue;
    }
    if (!['--link', '--out', '--field', '--country', '--engine', '--memory-limit', '--project', '--dataset', '--location'].includes(name)) throw new UsageError(`unknown option ${name}. Run "regulars dedupe --help".`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--link') link = value;
    else if (name === '--out') out = value;
    else if (name === '--engine') {
      if (value !== 'memory' && value !== 'duckdb' && value !== 'bigquery') throw new UsageError(`--engine must be memory, duckdb or bigquery, got "${value}"`);
      engine = value;
    } else if (name === '--project' || name === '--dataset') {
      const part = name.slice(2) as 'project' | 'dataset';
      const problem = bigqueryNameProblem(part, value.trim());
      if (problem !== undefined) throw new UsageError(problem);
      cloud[part] = value.trim();
    } else if (name === '--location') {
      if (!/^[A-Za-z0-9-]{2,40}$/.test(value.trim())) throw new UsageError(`--location must be a BigQuery location such as EU, US or europe-west2, got "${value}"`);
      cloud.location = value.trim();
    } else if (name === '--memory-limit') {
      if (!isMemoryLimit(value)) throw new UsageError(`--memory-limit must be a size such as 2GB or 512MB, got "${value}"`);
      memoryLimit = value.trim();
    }
    else if (name === '--country') {
      if (!/^[A-Za-z]{2}$/.test(value)) throw new UsageError(`--country must be a two-letter ISO code such as ZA, got "${value}"`);
      country = value.toUpperCase();
    } else {
      const m = /^([a-z_]+)=(.+)$/.exec(value);
      const role = m?.[1] as Role | undefined;
      if (!m || role === undefined || !(ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`--field must be ROLE=COLUMN with ROLE one of ${ROLES.join(', ')}, got "${value}"`);
      }
      overrides[role] = (m[2] as string).trim();
    }
  }
  if (files.length !== 1) throw new UsageError('give exactly one FILE. Run "regulars dedupe --help".');
  if (link !== undefined) files.push(link);
  if (memoryLimit !== undefined && engine !== 'duckdb') throw new UsageError('--memory-limit goes with --engine duckdb');
  const given = (['project', 'dataset', 'location'] as const).filter((k) => cloud[k] !== undefined);
  if (engine !== 'bigquery' && given.length > 0) throw new UsageError(`--${given[0]} goes with --engine bigquery`);
  let bigquery: BigQueryDedupeRequest | undefined;
  if (engine === 'bigquery') {
    const missing = (['project', 'dataset'] as const).filter((k) => cloud[k] === undefined);
    if (missing.length > 0) throw new UsageError(`--engine bigquery needs --project P --dataset D; missing ${missing.map((k) => `--${k}`).join(', ')}`);
    bigquery = { project: cloud.project as string, dataset: cloud.dataset as string, location: cloud.location };
  }
  return { files, out, json, country, overrides, engine, memoryLimit, bigquery };
}

/** The Customers columns that say who a person is; the rest of the contract (scores, consent, admin) is not evidence. */
const IDENTITY_COLUMNS: ReadonlySet<string> = new Set(['id', 'first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'region', 'postcode', 'country', 'birth_date'].map(foldHeader));
const CONTRACT_COLUMNS: ReadonlySet<string> = new Set(Object.keys(customersTab.columns).map(foldHeader));

/**
 * The first sheet of an .xlsx read straight from the zip (only that sheet is parsed): seconds faster than a
 * full ExcelJS load on a large workbook. A Regulars workbook is read from its Customers tab: merged rows are
 * left out (they already point at their survivor), and so are the contract's columns that are not about who
 * someone is, so 30 scored and admin columns do not slow the model or pass for evidence (a user's own columns
 * stay, as generic text). Undefined when the first row is not a header (read-table guesses the layout of
 * headerless files).
 */
async function readFirstSheet(file: string): Promise<Table | undefined> {
  const wb = await openXlsxWorkbook(file);
  const regulars = wb.tabNames().includes(customersTab.name);
  const tab = regulars ? customersTab.name : wb.tabNames()[0];
  const grid = tab === undefined ? undefined : wb.read(tab);
  if (!grid || grid.header.length === 0 || grid.header.some((h) => h === '') || !looksLikeHeader(grid.header, undefined)) return undefined;
  const text = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());
  const keys = grid.header.map(foldHeader);
  const keep = grid.header.map((_, k) => !regulars || IDENTITY_COLUMNS.has(keys[k]!) || !CONTRACT_COLUMNS.has(keys[k]!));
  const status = regulars ? keys.indexOf(foldHeader('status')) : -1;
  const rows = grid.rows
    .filter((r) => status < 0 || text(r[status]).toLowerCase() !== 'merged')
    .map((r) => grid.header.flatMap((_, k) => (keep[k] ? [text(r[k])] : [])))
    .filter((r) => r.some((c) => c !== ''));
  return { headers: grid.header.filter((_, k) => keep[k]).map((h) => h.trim()), rows, headerless: false };
}

async function load(file: string, io: CliIO): Promise<Table> {
  const full = path.resolve(io.cwd, file);
  if (/\.xlsx$/i.test(full)) {
    try {
      const table = await readFirstSheet(full);
      if (table) return table;
    } catch {
      // Not a zip this reader knows: read-table says why, in its words.
    }
  }
  try {
    return await readTable(full);
  } catch (error) {
    if (error instanceof TableError) throw new UsageError(`${file}: ${error.message.replace(path.resolve(io.cwd, file), file)}`);
    throw error;
  }
}

/**
 * The DuckDB engine with its spill folder (DuckDB writes what exceeds the memory limit there), removed afterwards.
 * The records are handed over: the engine empties the array once it has prepared them.
 */
async function findOnDuckDb(records: DedupeRecord[], options: FindOptions, memoryLimit: string | undefined): Promise<DuckDbFound> {
  const spill = await mkdtemp(path.join(tmpdir(), 'regulars-dedupe-'));
  try {
    return await duckDbFindClusters(records, { ...options, handOver: true, tempDirectory: spill, ...(memoryLimit ? { memoryLimit } : {}) });
  } finally {
    await rm(spill, { recursive: true, force: true });
  }
}

/**
 * The records of the files, and how their columns were mapped. The tables read are dropped on return: at a million
 * rows their cells are hundreds of megabytes the engines never read again.
 */
async function readRecords(files: readonly string[], overrides: Options['overrides'], io: CliIO): Promise<{ records: DedupeRecord[]; columns: MappedColumns[] }> {
  const tables = await Promise.all(files.map((f) => load(f, io)));
  const records: DedupeRecord[] = [];
  const columns: MappedColumns[] = [];
  tables.forEach((table, source) => {
    const label = files[source] as string;
    if (table.rows.length === 0) throw new UsageError(`${label}: no records under the header`);
    try {
      const t = tableRecords(table, overrides, source, label);
      for (const r of t.records) records.push(r);
      columns.push(t.columns);
    } catch (error) {
      if (error instanceof ColumnError) throw new UsageError(error.message);
      throw error;
    }
  });
  return { records, columns };
}

/** `regulars dedupe`: reads one or two files, runs the engine, writes id,cluster,score. */
export const run: Command = async (args, io) => {
  const options = parseArgs(args);
  if (options === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const started = performance.now();
  const { records, columns } = await readRecords(options.files, options.overrides, io);
  const link = options.files.length === 2;
  let lastDrawn = '';
  const onProgress = io.isTTY
    ? (phase: string, done: number): void => {
        const bar = `\r${'#'.repeat(Math.round(done * 20)).padEnd(20, '.')} ${phase.padEnd(10)}`;
        if (bar !== lastDrawn) io.stderr(bar);
        lastDrawn = bar;
      }
    : undefined;
  const find = { link, proposals: false, country: options.country, ...(onProgress ? { onProgress } : {}) };
  const duck = options.engine === 'duckdb' ? await findOnDuckDb(records, find, options.memoryLimit) : undefined;
  const cloud: BigQueryFound | undefined = options.bigquery ? await findOnBigQuery(records, find, options.bigquery, io) : undefined;
  const result = duck ?? cloud ?? findClusters(records, find);
  if (onProgress) io.stderr('\r'.padEnd(33) + '\r');
  // Ids are guarded like the sheet's cells: a spreadsheet opening this CSV must not run `=HYPERLINK(...)`.
  const csv = clustersCsv(result.assignments.map((r) => ({ ...r, id: guardFormula(r.id) })));
  if (options.out !== undefined) {
    const target = path.resolve(io.cwd, options.out);
    try {
      // Beside the target, then renamed over it: a failed write never leaves half a file.
      replaceFile(target, Buffer.from(csv, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot write ${options.out} (${(error as { code?: string }).code ?? 'error'})`);
    }
  } else if (!options.json) {
    io.stdout(csv);
  }
  if (options.json) {
    const s = result.stats;
    io.stdout(
      `${JSON.stringify({
        records: s.records,
        clusters: s.clusters,
        duplicateClusters: s.multiClusters,
        recordsInDuplicateClusters: result.duplicates,
        candidatePairs: s.candidatePairs,
        oversizedBlocks: s.oversizedBlocks,
        country: s.country ?? null,
        link,
        engine: options.engine,
        // Which fields' levels DuckDB computed as SQL, and which by calling the TypeScript comparator.
        ...(duck ? { sqlFields: duck.sqlFields, fallbackFields: duck.fallbackFields, typeScriptFields: duck.typeScriptFields, phaseSeconds: duck.seconds, phaseMemoryMb: duck.memory } : {}),
        ...(cloud ? { sqlFields: cloud.sqlFields, phaseSeconds: cloud.seconds, workTables: cloud.prefix } : {}),
        columns: columns.map((c, k) => ({ file: options.files[k], ...c })),
        fields: s.fields,
        out: options.out ?? null,
        seconds: Math.round(performance.now() - started) / 1000,
      })}\n`,
    );
  } else if (options.out !== undefined) {
    io.stderr(`regulars dedupe: ${result.stats.records} records, ${result.stats.multiClusters} clusters of duplicates → ${options.out}\n`);
  }
  return 0;
};
