// `regulars workbench` as a user runs it: the built CLI in a folder with no workbook, the port from PORT.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/cli/regulars.mjs');

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

describe('regulars workbench (built CLI)', { timeout: 90_000 }, () => {
  it('writes the demo when there is no workbook, serves it on PORT, and stops cleanly on Ctrl+C', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'regulars-cli-wb-'));
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'workbench'], { cwd, env: { ...process.env, PORT: String(port), REGULARS_TODAY: '2026-11-23' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain(`http://127.0.0.1:${port}/`);
      expect(out).toContain(`No workbook at ${path.join(cwd, 'workbook.xlsx')}: wrote the demo workbook there.`);
      expect(existsSync(path.join(cwd, 'workbook.xlsx'))).toBe(true);
      const state = (await (await fetch(`http://127.0.0.1:${port}/workbench/state`)).json()) as { tabs: { name: string; rows: number }[]; sidebars: string[] };
      expect(state.tabs.find((t) => t.name === 'Customers')?.rows).toBe(2400);
      expect(state.sidebars).toContain('customer-card');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('names a bad flag and exits 2', () => {
    const result = spawnSync(process.execPath, [CLI, 'workbench', '--port', 'eighty'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('regulars workbench: --port needs a port number\n');
  });
});
