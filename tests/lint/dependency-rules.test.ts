import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the layer and cycle checker exactly as `npm run lint` does (the CLI with the repo's config) on small trees
// written here, whose violations are listed by hand, and on the repository itself.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

/**
 * Runs the checker in `cwd` over the given folders, as lint does (its plain-text report, its exit status); the
 * violations read back as "rule: from → to", sorted, and the number of modules it read.
 */
function check(cwd: string, folders: readonly string[]): { status: number | null; violations: string[]; modules: number } {
  const run = spawnSync(process.execPath, [cli, '--config', config, '--output-type', 'err-long', ...folders], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // "error RULE: FROM → TO"; in a cycle TO is the next line, the path of modules printed one per line.
  const violations = [...run.stdout.matchAll(/error ([a-z-]+): (\S+) →\s+(\S+)/g)].map(([, rule, from, to]) => `${rule}: ${from} → ${to}`);
  const modules = /(\d+) modules, \d+ dependencies cruised/.exec(run.stdout);
  if (!modules) throw new Error(`the checker did not finish (status ${run.status}, ${run.signal ?? "no signal"}, ${run.error?.message ?? ""}): ${run.stdout}${run.stderr}`);
  return { status: run.status, violations: violations.sort(), modules: Number(modules[1]) };
}

const trees: string[] = [];
/** Writes a tree of files (path → text) into a fresh temporary folder. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regulars-layers-'));
  trees.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
afterAll(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// A tree that keeps every rule: kernel at the bottom, two engines (one using the other through its index), the api
// over them, and adapters over the api.
const lawful: Record<string, string> = {
  'shared/kernel/index.ts': "export * from './day';\n",
  'shared/kernel/day.ts': 'export const dayLength = 86_400_000;\n',
  'shared/alpha/index.ts': "export * from './a';\n",
  'shared/alpha/a.ts': "import { dayLength } from '../kernel';\nimport { b } from './b';\nexport const a = dayLength + b;\n",
  'shared/alpha/b.ts': 'export const b = 1;\n',
  'shared/beta/index.ts': "export * from './deep';\n",
  'shared/beta/deep.ts': "import { a } from '../alpha';\nexport const deep = a + 1;\n",
  'shared/api/index.ts': "export { deep } from '../beta';\n",
  'addon/server/main.ts': "import { deep } from '../../shared/api';\nexport const answer = deep;\n",
  'functions/cli/index.ts': "import { readFileSync } from 'node:fs';\nimport { deep } from '../../shared/api';\nexport const read = (p: string) => readFileSync(p, 'utf8') + deep;\n",
  'tests/anything.ts': "export { b } from '../shared/alpha/b';\n",
};

describe('the layer and cycle checker of npm run lint', () => {
  it('passes a tree that keeps the rules', () => {
    const result = check(tree(lawful), ['shared', 'addon', 'functions', 'tests']);
    expect(result.violations).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.modules).toBe(12); // the 11 files and node:fs
  });

  // Each case adds files to the lawful tree; the violations it must cause, worked out by hand from the rules.
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'two files needing each other through a type',
      {
        'shared/alpha/c.ts': "import type { D } from './d';\nexport interface C { d?: D }\n",
        'shared/alpha/d.ts': "import type { C } from './c';\nexport interface D { c?: C }\n",
      },
      ['no-cycle: shared/alpha/c.ts → shared/alpha/d.ts'],
    ],
    [
      'two engines needing each other through their index files only (no module cycle)',
      {
        'shared/gamma/index.ts': "export * from './g1';\n",
        'shared/gamma/g1.ts': 'export const g1 = 1;\n',
        'shared/gamma/g2.ts': "import { d1 } from '../delta';\nexport const g2 = d1;\n",
        'shared/delta/index.ts': "export * from './d1';\n",
        'shared/delta/d1.ts': 'export const d1 = 1;\n',
        'shared/delta/d2.ts': "import { g1 } from '../gamma';\nexport const d2 = g1;\n",
      },
      ['no-folder-cycle: shared/delta → shared/gamma', 'no-folder-cycle: shared/gamma → shared/delta'],
    ],
    [
      'the kernel reaching up into an engine (which imports the kernel: a folder cycle too)',
      { 'shared/kernel/up.ts': "import { a } from '../alpha';\nexport const up = a;\n" },
      [
        'kernel-is-the-bottom: shared/kernel/up.ts → shared/alpha/index.ts',
        'no-folder-cycle: shared/alpha → shared/kernel',
        'no-folder-cycle: shared/kernel → shared/alpha',
      ],
    ],
    [
      'an engine reaching up into the api',
      { 'shared/gamma/e.ts': "import { deep } from '../api';\nexport const e = deep;\n" },
      ['engine-not-to-api: shared/gamma/e.ts → shared/api/index.ts'],
    ],
    [
      'an engine using a Node built-in',
      { 'shared/gamma/f.ts': "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n" },
      ['shared-not-to-node: shared/gamma/f.ts → fs'],
    ],
    [
      'an engine importing an adapter',
      { 'shared/gamma/g.ts': "import { read } from '../../functions/cli';\nexport const g = read;\n" },
      ['shared-not-to-adapters: shared/gamma/g.ts → functions/cli/index.ts'],
    ],
    [
      "an import past another folder's index.ts",
      { 'shared/gamma/h.ts': "import { b } from '../alpha/b';\nexport const h = b;\n" },
      ['through-index-only: shared/gamma/h.ts → shared/alpha/b.ts'],
    ],
    [
      "a file importing its own folder's index.ts",
      { 'shared/beta/own.ts': "import { deep } from './index';\nexport const own = deep;\n" },
      ['not-own-index: shared/beta/own.ts → shared/beta/index.ts'],
    ],
    [
      'the add-on using Node and reaching into functions/',
      { 'addon/server/node.ts': "import path from 'node:path';\nimport { read } from '../../functions/cli';\nexport const n = [path.sep, read];\n" },
      ['addon-not-to-node: addon/server/node.ts → path', 'adapters-apart: addon/server/node.ts → functions/cli/index.ts'],
    ],
    [
      'an import of a file that does not exist',
      { 'functions/cli/broken.ts': "export { nothing } from './no-such-file';\n" },
      ['resolvable: functions/cli/broken.ts → ./no-such-file'],
    ],
  ];

  it.each(cases)('fails on %s, naming the rule and the import', (_name, extra, expected) => {
    const result = check(tree({ ...lawful, ...extra }), ['shared', 'addon', 'functions', 'tests']);
    expect(result.violations).toEqual([...expected].sort());
    expect(result.status).not.toBe(0);
  });

  it('passes the repository itself', () => {
    const result = check(root, ['shared', 'addon', 'functions', 'bench', 'tests', 'scripts']);
    expect(result.violations).toEqual([]);
    expect(result.status).toBe(0);
    // It really looked: the repository has hundreds of modules.
    expect(result.modules).toBeGreaterThan(400);
  }, 120_000);
});
