// What one google.script.run call costs before and while it does its work, paid the way Apps Script pays it:
// every call compiles the whole of Code.js and runs its top level in a fresh realm, then runs the function.
// Each run here: a new vm context with the Apps Script globals faked over a 200-customer demo sheet,
// `new vm.Script(code)` (compile), `runInContext` (top level), then one sidebar call. Median and p95.
//   node bench/run.mjs addon-call     ADDON_CALL_RUNS=N for more runs (default 31); ADDON_CALL_CODE=A.js,B.js times
//                                     those builds instead of a fresh one, run for run in turn, so load hits each alike;
//                                     ADDON_CALL_CLOCK=cpu times with this process's CPU time instead of the wall clock
//                                     (steadier on a machine busy with other work: waiting for a core is not counted)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { generateDemo, writeDemo } from '../functions/demo';
import { MemoryWorkbook, type CellValue, type Grid } from '../shared/workbook';
import { FakeSpreadsheet } from '../tests/addon/fakes/spreadsheet-app';
import { appsScriptContext } from '../tests/build/apps-script-vm';

const RUNS = Math.max(21, Number(process.env.ADDON_CALL_RUNS ?? 31));
const CPU = process.env.ADDON_CALL_CLOCK === 'cpu';
/** Milliseconds on the chosen clock: the wall clock, or this process's user + system CPU time. */
function clock(): number {
  if (!CPU) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
const TODAY = '2026-11-23';

/** Rows per tab, header first. */
type Tabs = Record<string, CellValue[][]>;

/** The demo workbook's tabs as rows (header first), built once and copied into a fresh fake per run. */
function demoTabs(customers: number): Tabs {
  const memory = new MemoryWorkbook();
  writeDemo(memory, generateDemo({ customers, seed: 1, today: TODAY }));
  return Object.fromEntries(memory.tabNames().map((name) => {
    const grid = memory.read(name) as Grid;
    return [name, [grid.header, ...grid.rows]];
  }));
}

/** A fresh realm with Apps Script's services over a fresh copy of the demo sheet (the cursor on row 2). */
function freshRealm(tabs: Tabs): vm.Context {
  const fake = new FakeSpreadsheet('Africa/Johannesburg');
  for (const [name, rows] of Object.entries(tabs)) fake.addSheet(name, rows.map((r) => [...r]));
  const services = fake.services();
  const range = { getSheet: () => ({ getName: () => 'Customers' }), getRow: () => 2 };
  const properties = { getProperty: () => null, getProperties: () => ({}) };
  return appsScriptContext({
    SpreadsheetApp: { getActiveSpreadsheet: () => fake, getActiveRange: () => range, flush: () => services.flush() },
    LockService: { getDocumentLock: () => services.documentLock() },
    Utilities: { formatDate: (d: Date, zone: string, pattern: string) => services.formatDate(d, zone, pattern) },
    Session: { getActiveUser: () => ({ getEmail: () => 'owner@shop.example' }), getScriptTimeZone: () => 'Africa/Johannesburg' },
    PropertiesService: { getScriptProperties: () => properties, getDocumentProperties: () => properties, getUserProperties: () => properties },
  }).context;
}

interface Sample {
  compile: number;
  top: number;
  call: number;
}

/** One call paid in full: compile, top level, the call itself (checked to answer ok). */
function once(code: string, tabs: Tabs, method: string, input: unknown, run: string): Sample {
  const context = freshRealm(tabs);
  const t0 = clock();
  // A new file name per run, so V8's per-isolate compilation cache cannot hand back an earlier compile.
  const script = new vm.Script(code, { filename: `Code-${method}-${run}.js` });
  const t1 = clock();
  script.runInContext(context);
  const t2 = clock();
  const result = (context[method] as (input: unknown) => { ok?: boolean; issues?: unknown })(input);
  const t3 = clock();
  if (result?.ok !== true) throw new Error(`${method} did not answer ok: ${JSON.stringify(result?.issues ?? result).slice(0, 300)}`);
  return { compile: t1 - t0, top: t2 - t1, call: t3 - t2 };
}

function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const fmt = (ms: number): string => ms.toFixed(1).padStart(6);

const dist = mkdtempSync(path.join(tmpdir(), 'regulars-bench-'));
try {
  const given = process.env.ADDON_CALL_CODE?.split(',').filter((f) => f !== '');
  if (!given) spawnSync(process.execPath, ['scripts/build.mjs', 'addon'], { stdio: 'inherit', env: { ...process.env, REGULARS_DIST: dist } });
  const builds = (given ?? [path.join(dist, 'addon', 'Code.js')]).map((file) => ({ name: given ? file : 'Code.js', code: readFileSync(file, 'utf8') }));
  const tabs = demoTabs(200);
  const calls: [string, unknown][] = [
    ['getSelectedCustomer', {}],
    ['listCampaigns', {}],
  ];
  for (const b of builds) console.log(`${b.name}: ${b.code.length.toLocaleString('en-US')} bytes`);
  console.log(`${RUNS} runs per call and build, each in a fresh realm over a 200-customer demo sheet; builds take turns; ${CPU ? 'CPU time' : 'wall clock'}.`);
  const width = Math.max(...builds.map((b) => b.name.length)) + 22;
  console.log(`${'call / build'.padEnd(width)}${'compile'.padStart(16)}${'top level'.padStart(16)}${'compile+top'.padStart(16)}${'the call'.padStart(16)}${'total'.padStart(16)}`);
  console.log(`${''.padEnd(width)}${'   median    p95'.repeat(5)}   (ms)`);
  for (const [method, input] of calls) {
    builds.forEach((b, j) => once(b.code, tabs, method, input, `${j}-warm`)); // warms Node's own code (the fakes), not the bundle: each run compiles anew
    const samples = builds.map(() => [] as Sample[]);
    for (let i = 0; i < RUNS; i++) builds.forEach((b, j) => samples[j]!.push(once(b.code, tabs, method, input, `${j}-${i}`)));
    builds.forEach((b, j) => {
      const runs = samples[j]!;
      const columns = [
        runs.map((s) => s.compile),
        runs.map((s) => s.top),
        runs.map((s) => s.compile + s.top),
        runs.map((s) => s.call),
        runs.map((s) => s.compile + s.top + s.call),
      ];
      console.log(`${`${method} / ${b.name}`.padEnd(width)}${columns.map((xs) => `${fmt(quantile(xs, 0.5))}${fmt(quantile(xs, 0.95))}    `).join('')}`);
    });
  }
} finally {
  rmSync(dist, { recursive: true, force: true });
}
