// The built `regulars` bin as a shell runs it: `regulars export … | head` closes the pipe after a line.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/cli/regulars.mjs');

describe('the regulars bin in a pipe', () => {
  it('ends quietly with exit 0 when the reader closes the pipe early', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-pipe-'));
    const file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 2400, seed: 1, today: '2026-12-01' });
    const child = spawn(process.execPath, [CLI, 'export', file, '--tab', 'Customers'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk, then hang up, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
