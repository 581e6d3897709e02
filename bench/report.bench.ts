// `regulars report`, timed as whole processes the way a user runs it:
//   1. a demo workbook of 20,000 customers (scored first), reported by region (target ≤ 3 s);
//   2. 1,000,000 customers and 10,000,000 purchases as CSV files in /tmp, reported by region (target ≤ 20 s).
//   3. the Segments sidebar's live count (previewSegment) over 10,000 customers, tabs already read as in the
//      workbench (target < 200 ms).
// `node bench/run.mjs report`; REPORT_BENCH_PURCHASES=1000000 runs a lighter second case on a busy machine;
// REPORT_BENCH_ONLY=preview runs only the third, REPORT_BENCH_ONLY=workbook only the first (with `report --write` and
// `segment write`, which save the workbook); REPORT_BENCH_KEEP=1 keeps the generated files in /tmp.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createDemoWorkbook } from '../functions/demo';
import { openXlsxWorkbook, withWorkbookFile } from '../functions/workbook/xlsx-workbook';
import { createSegmentsApi } from '../shared/api';
import { mulberry32 } from '../shared/kernel';

const CLI = path.resolve('dist/cli/regulars.mjs');
const DIR = '/tmp/regulars-report-bench';
const DATE = '2026-11-23';

function timed(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`regulars ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return seconds;
}

/** The same data on every run. */
const random = mulberry32;

async function writeLines(file: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  let batch: string[] = [];
  for (let i = 0; i < count; i++) {
    batch.push(line(i));
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = [];
    }
  }
  if (batch.length > 0) out.write(`${batch.join('\n')}\n`);
  await new Promise((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve(undefined))));
}

const REGIONS = ['Gauteng', 'Western Cape', 'KwaZulu-Natal', 'Eastern Cape', 'Free State', 'Limpopo', 'Mpumalanga', 'North West', 'Northern Cape'];

async function livePreview(): Promise<void> {
  const file = path.join(DIR, 'demo-10000.xlsx');
  if (!existsSync(file)) await createDemoWorkbook(file, { customers: 10_000, seed: 2, today: DATE });
  const wb = await openXlsxWorkbook(file);
  const api = createSegmentsApi({ workbook: () => wb, now: () => `${DATE}T08:00:00Z`, user: () => 'bench' });
  api.previewSegment({ rule: 'region = "Gauteng"' });
  const rules = ['region = "Gauteng"', 'region in ("Gauteng", "Western Cape") and (category = "corporate" or contact_type in ("customer", "partner"))', 'not (tags contains "vip") and customer_since within last 365 days', 'top 10% by revenue', 'email is empty or email_consent = no'];
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const rule of rules) {
      const started = performance.now();
      const r = api.previewSegment({ rule, sample: 8 });
      times.push(performance.now() - started);
      if (!r.ok || r.value.count === null) throw new Error(`preview of ${rule} failed`);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`segment live count over 10,000 customers: median ${times[times.length >> 1]!.toFixed(1)} ms, worst ${times[times.length - 1]!.toFixed(1)} ms of ${times.length} previews (target < 200 ms)`);
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  await livePreview();
  if (process.env.REPORT_BENCH_ONLY === 'preview') return;
  const workbook = path.join(DIR, 'demo-20000.xlsx');
  if (!existsSync(workbook)) {
    timed(['demo', '--out', workbook, '--customers', '20000', '--seed', '1']);
    timed(['score', '--workbook', workbook, '--date', DATE]);
  }
  const wbRuns = [0, 1, 2].map(() => timed(['report', '--workbook', workbook, '--date', DATE, '--by', 'region', '--json']));
  console.log(`workbook of 20,000 customers (${(statSync(workbook).size / 1e6).toFixed(1)} MB), by region: ${wbRuns.map((s) => s.toFixed(2)).join(' s, ')} s whole process (target ≤ 3 s)`);
  const segRun = timed(['report', '--workbook', workbook, '--date', DATE, '--by', 'rfm_segment', '--json']);
  console.log(`  by rfm_segment: ${segRun.toFixed(2)} s`);
  const writeRun = timed(['report', '--workbook', workbook, '--date', DATE, '--write']);
  console.log(`  --write (every dimension to the Reports tab, saved): ${writeRun.toFixed(2)} s whole process`);
  await withWorkbookFile(workbook, (wb) => {
    if (!(wb.read('Segments')?.rows ?? []).some((r) => r[1] === 'Bench Gauteng')) wb.append('Segments', [['S-009901', 'Bench Gauteng', 'region = "Gauteng"', null, null, null]]);
  });
  // The first write marks every member; a kept workbook (REPORT_BENCH_KEEP) has them marked already, so it writes nothing.
  const memberRun = timed(['segment', 'write', 'Bench Gauteng', '--workbook', workbook, '--date', DATE]);
  console.log(`  segment write (members to the Customers segments column, saved): ${memberRun.toFixed(2)} s whole process`);
  if (process.env.REPORT_BENCH_ONLY === 'workbook') {
    if (process.env.REPORT_BENCH_KEEP !== '1') rmSync(DIR, { recursive: true, force: true });
    return;
  }

  const customersCount = 1_000_000;
  const purchasesCount = Number(process.env.REPORT_BENCH_PURCHASES ?? 10_000_000);
  const customers = path.join(DIR, 'customers-1m.csv');
  const purchases = path.join(DIR, `purchases-${purchasesCount}.csv`);
  const next = random(11);
  if (!existsSync(customers)) {
    await writeLines(customers, 'id,contact_type,status,region,clv_12m,churn_risk', customersCount, (i) => `C-${String(i + 1).padStart(7, '0')},${next() < 0.9 ? 'customer' : 'prospect'},${next() < 0.97 ? 'active' : 'archived'},${REGIONS[Math.floor(next() * REGIONS.length)]},${(next() * 5000).toFixed(2)},${next().toFixed(3)}`);
  }
  if (!existsSync(purchases)) {
    const start = Date.UTC(2021, 0, 1);
    await writeLines(purchases, 'id,customer_id,date,amount', purchasesCount, (i) => {
      const day = new Date(start + Math.floor(next() * 2153) * 86_400_000).toISOString().slice(0, 10);
      return `P-${i + 1},C-${String(Math.floor(next() * customersCount) + 1).padStart(7, '0')},${day},${(next() * 2000 - 50).toFixed(2)}`;
    });
  }
  const mb = (statSync(customers).size + statSync(purchases).size) / 1e6;
  const csvRun = timed(['report', '--customers', customers, '--purchases', purchases, '--date', DATE, '--by', 'region', '--json']);
  console.log(`CSV: 1,000,000 customers + ${purchasesCount.toLocaleString('en')} purchases (${mb.toFixed(0)} MB), by region: ${csvRun.toFixed(2)} s whole process (target ≤ 20 s)`);
  if (process.env.REPORT_BENCH_KEEP !== '1') rmSync(DIR, { recursive: true, force: true });
}

await main();
