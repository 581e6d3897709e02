// CLV on a large log with DuckDB: `regulars clv fit FILE --engine duckdb --json` on 10,000,000 simulated purchases
// (BG/NBD-like, ~600,000 customers over two years), as CSV and as Parquet, whole process: wall time and peak RSS
// (GNU time), against the in-memory engine on the same CSV, and the parameters of both. CLV_DUCKDB_ROWS=50000000 for
// the 50-million target; CLV_DUCKDB_LIMIT sets --memory-limit (default 1.5GB).
// Run: node bench/run.mjs clv-duckdb   (CLV_DUCKDB_ROWS=10000000; the log is generated once into
// CLV_DUCKDB_DIR, default /tmp/regulars-clv-duckdb, and kept for the next run; CLV_DUCKDB_MEMORY=0 skips the memory engine)
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { openDuckDb } from '../functions/sql';
import { isoFromDay } from '../shared/kernel';
import { simulateBg } from '../tests/shared/clv/simulate';

const ROWS = Number(process.env.CLV_DUCKDB_ROWS ?? 10_000_000);
const dir = process.env.CLV_DUCKDB_DIR ?? '/tmp/regulars-clv-duckdb';
const cli = path.resolve('dist/cli/regulars.mjs');
const csv = path.join(dir, `purchases-${ROWS}.csv`);
const parquet = path.join(dir, `purchases-${ROWS}.parquet`);
const END_WEEK = 104;

/** Writes ROWS purchases in batches of simulated customers (ids prefixed by batch); the last customer may be cut short. */
function generate(): void {
  mkdirSync(dir, { recursive: true });
  const tmp = `${csv}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, 'customer_id,date,amount\n');
  let written = 0;
  for (let batch = 0; written < ROWS; batch++) {
    const log = simulateBg({ r: 2, alpha: 4, a: 0.5, b: 10 }, { customers: 50_000, seed: 1000 + batch, acquisitionWeeks: 52, endWeek: END_WEEK, spend: { p: 6, q: 4, gamma: 15 } });
    let block = '';
    for (let i = 0; i < log.customer.length && written < ROWS; i++) {
      block += `B${batch}-${log.customer[i]!},${isoFromDay(log.day[i]!)},${log.amount[i]!}\n`;
      written++;
      if (block.length > 1 << 20) {
        writeSync(fd, block);
        block = '';
      }
    }
    writeSync(fd, block);
  }
  closeSync(fd);
  renameSync(tmp, csv);
}

/** Runs a process once under GNU time: wall seconds, peak RSS in MB, stdout. */
function measure(args: string[]): { seconds: number; peakMb: number; stdout: string; stderr: string } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.slice(1, 4).join(' ')} failed: ${run.stderr.slice(-600)}`);
  const peak = /PEAK_KB (\d+)/.exec(run.stderr);
  return { seconds, peakMb: peak ? Number(peak[1]) / 1024 : NaN, stdout: run.stdout, stderr: run.stderr };
}

function params(stdout: string): { text: string; values: Record<string, number> } {
  const out = JSON.parse(stdout) as { params: Record<string, number>; customers: number; spend: Record<string, number> | null };
  const values = { ...out.params, ...(out.spend ? { p: out.spend.p!, q: out.spend.q!, gamma: out.spend.gamma! } : {}) };
  return { text: `${out.customers.toLocaleString('en')} customers: ${Object.entries(values).map(([k, v]) => `${k}=${v.toPrecision(5)}`).join(' ')}`, values };
}

if (!existsSync(cli)) throw new Error('build the CLI first: node scripts/build.mjs cli');
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${process.version}`);
if (!existsSync(csv)) {
  const started = performance.now();
  generate();
  console.log(`generated ${csv} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
if (!existsSync(parquet)) {
  const db = await openDuckDb();
  await db.run(`COPY (SELECT * FROM read_csv('${csv}', columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'}, header = true)) TO '${parquet}' (FORMAT parquet)`);
  db.close();
}
const end = ['--end', isoFromDay(9862 + END_WEEK * 7)];
const rows = ROWS.toLocaleString('en');
// DuckDB's limit covers its buffers, not the process: 1.5 GB keeps the whole process under the 2 GB target.
const LIMIT = process.env.CLV_DUCKDB_LIMIT ?? '1.5GB';
const target = ROWS <= 10_000_000 ? '≤ 8 s' : ROWS <= 50_000_000 ? '≤ 40 s' : 'no target';
const duck = measure([cli, 'clv', 'fit', csv, ...end, '--json', '--engine', 'duckdb', '--memory-limit', LIMIT]);
console.log(`${rows} purchases (CSV), clv fit --engine duckdb --memory-limit ${LIMIT}, whole process: ${duck.seconds.toFixed(2)} s, peak RSS ${duck.peakMb.toFixed(0)} MB (target ${target}, < 2 GB)`);
console.log(`  ${duck.stderr.split('\n').filter((l) => l.includes('duckdb:')).join(' | ')}`);
const duckFit = params(duck.stdout);
console.log(`  duckdb: ${duckFit.text}`);
const pq = measure([cli, 'clv', 'fit', parquet, ...end, '--json', '--engine', 'duckdb', '--memory-limit', LIMIT]);
console.log(`${rows} purchases (Parquet), clv fit --engine duckdb --memory-limit ${LIMIT}, whole process: ${pq.seconds.toFixed(2)} s, peak RSS ${pq.peakMb.toFixed(0)} MB`);
console.log(`  ${pq.stderr.split('\n').filter((l) => l.includes('duckdb:')).join(' | ')}`);
if (process.env.CLV_DUCKDB_MEMORY !== '0') {
  const memory = measure(['--max-old-space-size=8192', cli, 'clv', 'fit', csv, ...end, '--json']);
  const memoryFit = params(memory.stdout);
  console.log(`${rows} purchases (CSV), clv fit --engine memory, whole process: ${memory.seconds.toFixed(2)} s, peak RSS ${memory.peakMb.toFixed(0)} MB`);
  console.log(`  memory: ${memoryFit.text}`);
  const worst = Math.max(...Object.entries(memoryFit.values).map(([k, v]) => Math.abs((duckFit.values[k] ?? NaN) - v) / Math.abs(v)));
  console.log(`  largest relative parameter difference, duckdb against memory: ${(worst * 100).toExponential(2)} % (target ≤ 0.1 %)`);
}
