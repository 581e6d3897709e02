// How long `regulars workbench` takes from spawn to its first HTTP 200: on an existing 2,400-customer
// workbook, and on first start, when it writes the demo workbook first. Run: node bench/run.mjs workbench-start
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve('dist/cli/regulars.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function firstOk(url: string, deadline: number): Promise<void> {
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

/** Milliseconds from spawn to the first 200 of the page and of the data the page loads first. */
async function once(workbook: string): Promise<{ page: number; data: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'workbench', '--workbook', workbook, '--port', String(port)], { stdio: 'ignore', env: { ...process.env, REGULARS_TODAY: '2026-11-23' } });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await firstOk(`http://127.0.0.1:${port}/`, started + 120_000);
    const page = performance.now() - started;
    await firstOk(`http://127.0.0.1:${port}/workbench/rows?tab=Customers&limit=100`, started + 120_000);
    return { page, data: performance.now() - started };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-bench-wb-'));
try {
  const fresh: { page: number; data: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const file = path.join(dir, `first-${i}.xlsx`);
    fresh.push(await once(file));
    if (!existsSync(file)) throw new Error('the first start did not write the demo workbook');
  }
  const existing: { page: number; data: number }[] = [];
  for (let i = 0; i < RUNS; i++) existing.push(await once(path.join(dir, 'first-0.xlsx')));
  console.log(`workbench start, existing 2,400-customer workbook, spawn → first 200: ${fmt(existing.map((r) => r.page))}`);
  console.log(`workbench start, first start writing the demo, spawn → first 200:     ${fmt(fresh.map((r) => r.page))}`);
  console.log(`  (first 100 Customers rows served: existing ${median(existing.map((r) => r.data)).toFixed(0)} ms, first start ${median(fresh.map((r) => r.data)).toFixed(0)} ms)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
