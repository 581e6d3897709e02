// The local workbook as a store at the size of a real sheet (issue 10): on `regulars demo --customers 20000`,
// whole-process time of `regulars dedupe WORKBOOK.xlsx`, the workbench's start (spawn → first 200, and the first
// Customers rows), a card save through the workbench (HTTP round trip, saved to the file), and a greetings run
// beside the open workbench. Run: node bench/run.mjs workbook-store (BENCH_WORKBOOK=FILE reuses a demo file).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openXlsxWorkbook } from '../functions/workbook/xlsx-workbook';

const CLI = path.resolve('dist/cli/regulars.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

/** Wall time, CPU time and peak memory of a whole CLI process (CPU and peak RSS from /usr/bin/time when there is one). */
function timed(args: string[]): { ms: number; cpuMs?: number; rssMb?: number } {
  const gnuTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, CLI, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`regulars ${args.join(' ')} failed: ${result.stderr}`);
  const [kb, user, sys] = gnuTime ? (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
  return kb !== undefined && Number.isFinite(kb) ? { ms, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000, rssMb: kb / 1024 } : { ms };
}

/** CPU time (ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function waitOk(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts the workbench on the file; resolves with its URL, the start figures and a stop(). */
async function workbench(file: string): Promise<{ url: string; page: number; rows: number; cpu: () => number | undefined; stop: () => Promise<void> }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'workbench', '--workbook', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, REGULARS_TODAY: '2026-11-23' } });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let out = '';
  const url = await new Promise<string>((resolve) =>
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    }),
  );
  await waitOk(`${url}/`, started + 120_000);
  const page = performance.now() - started;
  await waitOk(`${url}/workbench/rows?tab=Customers&limit=100`, started + 120_000);
  const rows = performance.now() - started;
  return {
    url,
    page,
    rows,
    cpu: () => cpuOf(child.pid),
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-bench-store-'));
try {
  const file = path.join(dir, 'w20k.xlsx');
  const given = process.env.BENCH_WORKBOOK;
  if (given) copyFileSync(given, file);
  else {
    const demo = timed(['demo', '--customers', String(CUSTOMERS), '--out', file]);
    console.log(`regulars demo --customers ${CUSTOMERS}: ${(demo.ms / 1000).toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(1)} MB${demo.rssMb ? `, peak ${demo.rssMb.toFixed(0)} MB` : ''}`);
  }

  const dedupe = Array.from({ length: RUNS }, () => timed(['dedupe', file, '--out', path.join(dir, 'clusters.csv')]));
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (2 cores here: figures above load 2 are inflated)`);
  console.log(`regulars dedupe WORKBOOK.xlsx, whole process: ${fmt(dedupe.map((d) => d.ms))}${dedupe[0]?.rssMb ? `, peak ${median(dedupe.map((d) => d.rssMb!)).toFixed(0)} MB, CPU ${fmt(dedupe.map((d) => d.cpuMs!))}` : ''}`);

  // The store alone, in this process: open, first read of Customers, and a one-cell save (lock, merge, write).
  const copy = path.join(dir, 'store.xlsx');
  copyFileSync(file, copy);
  const t0 = performance.now();
  const store = await openXlsxWorkbook(copy);
  const opened = performance.now() - t0;
  const customers = store.read('Customers')!;
  const readMs = performance.now() - t0 - opened;
  const oneCell: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t = performance.now();
    store.withLock(() => store.write('Customers', [{ row: 2 + k, col: customers.header.indexOf('notes') + 1, value: `store ${k}` }]));
    oneCell.push(performance.now() - t);
  }
  console.log(`store in process: open ${opened.toFixed(0)} ms, first read of Customers (${customers.rows.length} rows) ${readMs.toFixed(0)} ms`);
  console.log(`  one-cell save of Customers (lock, re-read check, patch, write, rename): ${fmt(oneCell)} (the first compresses every piece of the sheet)`);

  const starts: { page: number; rows: number }[] = [];
  let saves: number[] = [];
  let saveCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const wb = await workbench(file);
    starts.push({ page: wb.page, rows: wb.rows });
    if (i === RUNS - 1) {
      // A card save: the sidebar's saveCustomer, answered once the change is in the file.
      const ids = ((await (await fetch(`${wb.url}/workbench/rows?tab=Customers&limit=20`)).json()) as { header: string[]; rows: { cells: unknown[] }[] });
      const idAt = ids.header.indexOf('id');
      saves = [];
      saveCpu = [];
      for (let k = 0; k < 7; k++) {
        const id = String(ids.rows[k]!.cells[idAt]);
        const cpu = wb.cpu();
        const t = performance.now();
        const res = await fetch(`${wb.url}/api/saveCustomer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ id, changes: { notes: `bench ${k}` }, profile: {} }]) });
        const answer = (await res.json()) as { value?: { ok?: boolean } };
        saves.push(performance.now() - t);
        const after = wb.cpu();
        if (cpu !== undefined && after !== undefined) saveCpu.push(after - cpu);
        if (!answer.value?.ok) throw new Error(`save failed: ${JSON.stringify(answer)}`);
      }
    }
    await wb.stop();
  }
  console.log(`workbench start on it, spawn → first 200: ${fmt(starts.map((s) => s.page))}`);
  console.log(`  first 100 Customers rows served: ${fmt(starts.map((s) => s.rows))}`);
  console.log(`card save in the workbench (HTTP round trip, saved to the file): ${fmt(saves)}`);
  if (saveCpu.length > 0) console.log(`  workbench CPU per card save: ${fmt(saveCpu)}`);
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
