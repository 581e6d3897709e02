import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TABS, decodeCell, foldHeader, guardFormula, importLogTab, mapHeader, parseSettings, SETTINGS_TAB, type CellValue, type TabDef } from '../../../shared/workbook';
import { UsageError, type Command } from '../command';
import { commandLine } from '../flags';
import { openXlsxWorkbook } from '../../workbook';

const HELP = `Usage: regulars export WORKBOOK.xlsx --tab NAME [--out FILE.csv]

Writes one tab as CSV (UTF-8, comma-separated, RFC 4180 quoting) for the people who leave: the contract's
column names as the header (a user's own columns keep theirs), dates as ISO YYYY-MM-DD (a birthday without a
year as --MM-DD), and a cell that starts with = + - @ gets a leading apostrophe so no spreadsheet runs it.

Options:
  --tab NAME     the tab to export (Customers, Purchases, Interactions, Settings, …; case ignored)
  --out FILE     where to write (default: standard output)
  -h, --help     show this help
`;

const ALL_TABS: readonly TabDef[] = [...TABS, importLogTab];

/** One CSV field: formula guard first, then quoting when it holds a comma, quote, line break or edge space. */
export function csvField(value: CellValue, yearlessDate = false): string {
  if (value === null) return '';
  // A birthday without a year is written `--MM-DD` as the contract says, the one '-' left unguarded.
  const text = typeof value !== 'string' ? String(value) : yearlessDate && /^--\d{2}-\d{2}$/.test(value) ? value : guardFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A known date column's cell as ISO when it can be read (in the business's date order); anything else as it is. */
function isoCell(def: TabDef, field: string | undefined, cell: CellValue, order: 'dmy' | 'mdy'): CellValue {
  const column = field === undefined ? undefined : def.columns[field];
  if (!column || (column.kind !== 'date' && column.kind !== 'datetime') || cell === null || cell === '') return cell;
  const parsed = decodeCell(column, cell, order);
  return parsed.ok && typeof parsed.value === 'string' ? parsed.value : cell;
}

/** `regulars export`: a tab of the workbook as CSV. */
export const run: Command = async (args, io) => {
  let file: string | undefined;
  let tab: string | undefined;
  let out: string | undefined;
  for (const { arg, flag, value } of commandLine(args)) {
    if (flag === '-h' || flag === '--help') {
      io.stdout(HELP);
      return 0;
    } else if (flag === '--tab') tab = value();
    else if (flag === '--out') out = path.resolve(io.cwd, value());
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" (see regulars export --help)`);
    else if (file === undefined) file = path.resolve(io.cwd, arg);
    else throw new UsageError(`one WORKBOOK only (got "${arg}" too)`);
  }
  if (!file) throw new UsageError('no WORKBOOK.xlsx to export from (see regulars export --help)');
  if (!tab) throw new UsageError('--tab NAME is required');
  let wb;
  try {
    wb = await openXlsxWorkbook(file);
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const name = wb.tabNames().find((t) => foldHeader(t) === foldHeader(tab));
  const grid = name === undefined ? undefined : wb.read(name);
  if (!grid || name === undefined) throw new UsageError(`the workbook has no tab "${tab}" (it has: ${wb.tabNames().join(', ')})`);
  const def = ALL_TABS.find((t) => t.name === name);
  const fieldAt = new Map<number, string>();
  if (def) for (const [field, at] of mapHeader(def.columns, grid.header).indexOf) fieldAt.set(at, field);
  const order = parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
  const header = grid.header.map((h, i) => fieldAt.get(i) ?? h);
  const lines = [header.map((h) => csvField(h)).join(',')];
  for (const row of grid.rows) {
    lines.push(
      grid.header
        .map((_, i) => {
          const field = fieldAt.get(i);
          const kind = def && field !== undefined ? def.columns[field]?.kind : undefined;
          return csvField(def ? isoCell(def, field, row[i] ?? null, order) : (row[i] ?? null), kind === 'date');
        })
        .join(','),
    );
  }
  const csv = `${lines.join('\r\n')}\r\n`;
  if (out) {
    await writeFile(out, csv, 'utf8');
    io.stderr(`exported ${grid.rows.length} rows of ${name} to ${path.basename(out)}\n`);
  } else io.stdout(csv);
  return 0;
};
