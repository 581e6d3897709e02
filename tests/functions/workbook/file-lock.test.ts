import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireLockSync, LockBusy, readLockOwner, tryLockSync } from '../../../functions/workbook/file-lock';

const dir = mkdtempSync(path.join(tmpdir(), 'regulars-lock-'));
const lockModule = path.join(dir, 'file-lock.mjs');

// Each racer takes the lock `rounds` times and logs enter/exit in the critical section (appends are atomic and,
// being inside the lock, in the order things happened); on its last round it dies holding the lock, as after
// `kill -9`, so the others must race to take over a dead process's lock once per racer.
const RACER = `
import { appendFileSync } from 'node:fs';
import { acquireLockSync } from ${JSON.stringify(lockModule)};
const [lockPath, log, rounds] = [process.argv[2], process.argv[3], Number(process.argv[4])];
for (let k = 1; k <= rounds; k++) {
  const held = acquireLockSync(lockPath, { waitMs: 60000 });
  appendFileSync(log, 'enter ' + process.pid + '\\n');
  if (k === rounds) {
    appendFileSync(log, 'die ' + process.pid + '\\n');
    process.exit(0);
  }
  const until = Date.now() + 2;
  while (Date.now() < until) {}
  appendFileSync(log, 'exit ' + process.pid + '\\n');
  held.release();
}
`;

beforeAll(async () => {
  await esbuild.build({ entryPoints: [path.resolve(import.meta.dirname, '../../../functions/workbook/file-lock.ts')], outfile: lockModule, bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
  writeFileSync(path.join(dir, 'racer.mjs'), RACER);
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Checks a log of enter/exit/die lines: never two holders at once. Returns how many times each pid entered. */
function checkLog(lines: string[]): { overlaps: number; entries: Map<string, number> } {
  let holder: string | undefined;
  let overlaps = 0;
  const entries = new Map<string, number>();
  for (const line of lines) {
    const [what, pid] = line.split(' ') as [string, string];
    if (what === 'enter') {
      if (holder !== undefined) overlaps++;
      holder = pid;
      entries.set(pid, (entries.get(pid) ?? 0) + 1);
    } else {
      if (holder !== pid) overlaps++;
      holder = undefined;
    }
  }
  return { overlaps, entries };
}

describe('file lock', () => {
  it('many processes racing for a dead process’s lock: exactly one holds it at a time, and every take-over succeeds', async () => {
    const lockPath = path.join(dir, 'race.xlsx.lock');
    const log = path.join(dir, 'race.log');
    writeFileSync(log, '');
    // Left behind by a process that no longer exists, in the old format (pid only).
    writeFileSync(lockPath, String(deadPid()));
    const racers = 10;
    const rounds = 12;
    const exits = await Promise.all(
      Array.from({ length: racers }, () => {
        const child = spawn(process.execPath, [path.join(dir, 'racer.mjs'), lockPath, log, String(rounds)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
      }),
    );
    expect(exits.filter((e) => e.code !== 0)).toEqual([]);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const { overlaps, entries } = checkLog(lines);
    expect(overlaps).toBe(0);
    // Every racer got the lock every round, including after each of the others died holding it.
    expect(entries.size).toBe(racers);
    expect([...entries.values()]).toEqual(Array.from({ length: racers }, () => rounds));
    expect(lines.filter((l) => l.startsWith('die'))).toHaveLength(racers);
  }, 60_000);

  it('a live owner’s lock is respected until it is older than staleMs, then taken over', () => {
    const lockPath = path.join(dir, 'age.lock');
    const t0 = 1_000_000;
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: '', token: 'old-owner', at: t0 }));
    const early = tryLockSync(lockPath, { staleMs: 60_000, now: () => t0 + 30_000 });
    expect('heldBy' in early && early.heldBy?.token).toBe('old-owner');
    expect(() => acquireLockSync(lockPath, { waitMs: 0, staleMs: 60_000, now: () => t0 + 30_000 })).toThrow(LockBusy);
    const late = acquireLockSync(lockPath, { staleMs: 60_000, now: () => t0 + 61_000 });
    expect(readLockOwner(lockPath)?.token).toBe(late.token);
    late.release();
    expect(readLockOwner(lockPath)).toBeUndefined();
  });

  it('release never removes a lock another process has taken since', () => {
    const lockPath = path.join(dir, 'mine.lock');
    const mine = acquireLockSync(lockPath);
    // Another process judged ours stale and took it over (simulated by rewriting the file with its token).
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: '', token: 'someone-else', at: Date.now() }));
    mine.release();
    expect(readLockOwner(lockPath)?.token).toBe('someone-else');
  });
});

describe('file lock within one process', () => {
  it('refuses at once, rather than waiting forever, when this process already holds the lock', () => {
    const lockPath = path.join(dir, 'self.lock');
    const held = acquireLockSync(lockPath);
    // With a minute to wait, only the refusal can end this before the test's own timeout.
    expect(() => acquireLockSync(lockPath, { waitMs: 60_000 })).toThrow(/held by this process/);
    held.release();
    acquireLockSync(lockPath).release();
  });
});
