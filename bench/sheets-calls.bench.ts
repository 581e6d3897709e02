// Sheets calls per operation at 100, 1,000 and 10,000 customers, through both Google adapters: the add-on's
// SpreadsheetApp adapter (over tests/addon/fakes/spreadsheet-app.ts) and the functions' Sheets API adapter
// (over tests/contract/fakes/sheets-api.ts). Each operation runs on a fresh copy of a demo workbook of that
// size; the point is that the counts stay the same as rows grow. Then the add-on's bundle sizes.
//   node bench/run.mjs sheets-calls
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { SpreadsheetWorkbook } from '../addon/server/spreadsheet-workbook';
import { generateDemo, writeDemo } from '../functions/demo';
import { openSheetsApiWorkbook } from '../functions/workbook/sheets-api-workbook';
import { createServerApi } from '../shared/api';
import {
  appendRecords, customersTab, interactionsTab, MemoryWorkbook, migrateWorkbook, openTable, readTable, saveChanges,
  SETTINGS_TAB, type CellValue, type Grid, type Workbook,
} from '../shared/workbook';
import { FakeSpreadsheet } from '../tests/addon/fakes/spreadsheet-app';
import { FakeSheetsApi } from '../tests/contract/fakes/sheets-api';

const SIZES = [100, 1_000, 10_000];
const TODAY = '2026-11-23';

type Tabs = Record<string, CellValue[][]>;

/** The demo workbook of this many customers as plain rows per tab (header first). */
function demoTabs(customers: number): Tabs {
  const memory = new MemoryWorkbook();
  writeDemo(memory, generateDemo({ customers, seed: 1, today: TODAY }));
  const tabs: Tabs = {};
  for (const name of memory.tabNames()) {
    const grid = memory.read(name) as Grid;
    tabs[name] = [grid.header, ...grid.rows];
  }
  return tabs;
}

/** Appends interactions under the lock, as a sidebar or import would (ids from the Settings counter). */
function appendInteractions(wb: Workbook, count: number): string {
  return wb.withLock(() => {
    const table = openTable(wb, interactionsTab);
    const customer = readTable(wb, customersTab)!.rows[0]!.record.id;
    const added = appendRecords(wb, table, Array.from({ length: count }, (_, i) => ({ customer_id: customer, date: `${TODAY}T10:00:00.000Z`, kind: 'call' as const, subject: `Follow-up ${i + 1}` })));
    return `${added.length} rows`;
  });
}

/** Every tab gets the same 100 spare grid rows at every size, so "fits" and "grows" mean the same everywhere. */
const SPARE_ROWS = 100;

/** An operation over a Workbook; returns a short note on what it did (cells, rows). */
type Operation = (wb: Workbook) => string;

const operations: Record<string, Operation> = {
  'open + read Customers': (wb) => `${readTable(wb, customersTab)?.rows.length ?? 0} rows`,
  'save one customer (ServerApi)': (wb) => {
    const api = createServerApi({ workbook: () => wb, now: () => `${TODAY}T09:00:00.000Z`, user: () => 'bench@shop.example' });
    const target = readTable(wb, customersTab)!.rows.at(-1)!.record;
    const result = api.saveCustomer({ id: target.id, changes: { phone: '+27 82 555 0101', notes: 'Called about the service' }, profile: {} });
    if (!result.ok) throw new Error(`save failed: ${JSON.stringify(result.issues)}`);
    return `${result.value.written} cells`;
  },
  'append 50 interactions': (wb) => appendInteractions(wb, 50),
  'append 500 (grid grows)': (wb) => appendInteractions(wb, 500),
  'migrate (3 tabs missing)': (wb) => {
    const { from, to } = wb.withLock(() => migrateWorkbook(wb));
    return `v${from} → v${to}`;
  },
  'rewrite a whole column': (wb) => {
    const table = openTable(wb, customersTab);
    const changes = table.rows.map((r) => ({ row: r.row, before: r.record, after: { ...r.record, account_manager: `AM ${r.row % 7}` } }));
    return `${saveChanges(wb, table, changes)} cells`;
  },
};

/** The migrate case starts from an older workbook: version 0 and some tabs not yet there. */
function prepare(op: string, tabs: Tabs): Tabs {
  if (!op.startsWith('migrate')) return tabs;
  const older = { ...tabs };
  for (const name of ['Campaigns', 'Defections', 'Consent log']) delete older[name];
  older[SETTINGS_TAB] = older[SETTINGS_TAB]!.map((row) => (row[0] === 'schema_version' ? [row[0], 0] : row));
  return older;
}

/** Calls by method, e.g. "getValues 2, setValues 1". */
function byMethod(methods: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const m of methods) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${m} ${n}`).join(', ');
}

interface Run {
  calls: number;
  methods: string;
  note: string;
  ms: number;
}

function viaSpreadsheetApp(tabs: Tabs, op: Operation): Run {
  const fake = new FakeSpreadsheet();
  for (const [name, rows] of Object.entries(tabs)) fake.addSheet(name, rows).maxRows = rows.length + SPARE_ROWS;
  const started = performance.now();
  const note = op(new SpreadsheetWorkbook(fake, fake.services()));
  return { calls: fake.calls.length, methods: byMethod(fake.calls.map((c) => c.method)), note, ms: performance.now() - started };
}

async function viaSheetsApi(tabs: Tabs, op: Operation): Promise<Run> {
  const fake = new FakeSheetsApi();
  for (const [name, rows] of Object.entries(tabs)) fake.addTab(name, rows.map((r) => r.map((c) => c ?? '')), { rows: rows.length + SPARE_ROWS });
  const started = performance.now();
  const wb = await openSheetsApiWorkbook(fake.client(), 'bench');
  const note = op(wb);
  await wb.flush();
  return { calls: fake.calls.length, methods: byMethod(fake.calls.map((c) => c.method)), note, ms: performance.now() - started };
}

const pad = (text: string | number, width: number): string => String(text).padStart(width);
const results: string[] = [];
const breakdown: string[] = [];
const demos = new Map(SIZES.map((n) => [n, demoTabs(n)]));
console.log('Sheets calls per operation (calls, what it did, wall time); each on a fresh demo workbook.\n');
console.log(`${'operation'.padEnd(32)}${'adapter'.padEnd(14)}${SIZES.map((n) => pad(`${n.toLocaleString('en-US')} customers`, 28)).join('')}`);
for (const [name, op] of Object.entries(operations)) {
  for (const adapter of ['SpreadsheetApp', 'Sheets API'] as const) {
    const cells: string[] = [];
    const counts: number[] = [];
    let last: Run = { calls: 0, methods: '', note: '', ms: 0 };
    for (const n of SIZES) {
      const tabs = prepare(name, demos.get(n)!);
      const r = adapter === 'SpreadsheetApp' ? viaSpreadsheetApp(tabs, op) : await viaSheetsApi(tabs, op);
      last = r;
      counts.push(r.calls);
      cells.push(pad(`${r.calls} (${r.note}, ${r.ms.toFixed(0)} ms)`, 28));
    }
    console.log(`${name.padEnd(32)}${adapter.padEnd(14)}${cells.join('')}`);
    breakdown.push(`${name.padEnd(32)}${adapter.padEnd(16)}${last.methods}`);
    if (new Set(counts).size !== 1) results.push(`${name} via ${adapter}: ${counts.join(' / ')} calls`);
  }
}
console.log(`\nThe calls at ${SIZES.at(-1)!.toLocaleString('en-US')} customers by method (the demo workbook has ${Object.keys(demos.get(SIZES[0]!)!).length} tabs; SpreadsheetApp names each tab once per session):`);
for (const line of breakdown) console.log(line);
console.log(results.length === 0 ? '\nEvery operation makes the same number of calls at every size.' : `\nCALLS GROW WITH ROWS:\n${results.join('\n')}`);

// Bundle sizes, from a fresh build of the add-on into a temporary folder.
const dist = mkdtempSync(path.join(tmpdir(), 'regulars-bench-'));
spawnSync(process.execPath, ['scripts/build.mjs', 'addon'], { stdio: 'inherit', env: { ...process.env, REGULARS_DIST: dist } });
console.log('\nAdd-on bundle sizes (minified; gzip is what travels when compressed):');
for (const file of readdirSync(path.join(dist, 'addon')).filter((f) => /\.(js|html)$/.test(f)).sort()) {
  const text = readFileSync(path.join(dist, 'addon', file));
  console.log(`${file.padEnd(28)}${pad(text.length.toLocaleString('en-US'), 10)} bytes${pad(gzipSync(text).length.toLocaleString('en-US'), 10)} bytes gzip`);
}
// What every server call pays before it starts: compiling Code.js and running its top level (V8, as in Apps Script).
{
  const code = readFileSync(path.join(dist, 'addon', 'Code.js'), 'utf8');
  const compile: number[] = [];
  const run: number[] = [];
  for (let i = 0; i < 21; i++) {
    let t = performance.now();
    const script = new vm.Script(code, { filename: `Code-${i}.js` });
    compile.push(performance.now() - t);
    const context = vm.createContext({});
    t = performance.now();
    script.runInContext(context);
    run.push(performance.now() - t);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
  console.log(`\nCode.js per server call (median of 21): compile ${median(compile)} ms, top level ${median(run)} ms`);
}
rmSync(dist, { recursive: true, force: true });
