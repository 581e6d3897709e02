import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildToTemp, ROOT, tempDir, removeTempDirs } from './build-to-temp';

// What routes.ts registers, observed through a stand-in for functions-framework (the source of truth).
const registered = vi.hoisted(() => [] as string[]);
vi.mock('@google-cloud/functions-framework', () => ({
  http: (name: string) => registered.push(name),
  cloudEvent: (name: string) => registered.push(name),
}));
const { registerFunctions } = await import('../../functions/http/routes');

const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
let dist = '';

beforeAll(() => {
  registerFunctions(() => {
    throw new Error('configuration is read per request, never at registration');
  });
  dist = buildToTemp(['functions']);
});
afterAll(removeTempDirs);

/** Loads the built bundle in a plain node process and asks functions-framework what each name is registered as. */
function registeredInBundle(names: readonly string[]): Record<string, string | null> {
  const script = `
    const { getFunction } = require('@google-cloud/functions-framework/testing');
    require(process.argv[1]);
    const names = JSON.parse(process.argv[2]);
    // An HTTP function takes (request, response); a CloudEvent function takes one event.
    const kind = (fn) => (typeof fn !== 'function' ? null : fn.length === 2 ? 'http' : 'other');
    console.log(JSON.stringify(Object.fromEntries(names.map((n) => [n, kind(getFunction(n))]))));`;
  const out = execFileSync(process.execPath, ['-e', script, path.join(dist, 'functions/index.js'), JSON.stringify(names)], {
    // The temporary dist is outside the repo, where gcloud would have installed the dependencies.
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, string | null>;
}

describe('dist/functions', () => {
  it('registers every function of routes.ts with functions-framework, as HTTP', () => {
    expect(registered.length).toBeGreaterThan(0);
    expect(registered).toContain('health');
    const inBundle = registeredInBundle(registered);
    expect(inBundle).toEqual(Object.fromEntries(registered.map((n) => [n, 'http'])));
  });

  it('ships a package.json with every external import as a dependency, at the root versions, on Node 22', () => {
    const pkg = JSON.parse(readFileSync(path.join(dist, 'functions/package.json'), 'utf8')) as { main: string; engines: { node: string }; dependencies: Record<string, string> };
    expect(pkg.main).toBe('index.js');
    expect(pkg.engines).toEqual({ node: '22' });
    for (const [name, version] of Object.entries(pkg.dependencies)) expect(version, name).toBe(rootPackage.dependencies[name]);
    const code = readFileSync(path.join(dist, 'functions/index.js'), 'utf8');
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const packages = [...required].filter((r) => !builtins.has(r) && !r.startsWith('.')).map((r) => (r.startsWith('@') ? r.split('/').slice(0, 2).join('/') : r.split('/')[0]!));
    expect(packages).toContain('@google-cloud/functions-framework');
    for (const name of packages) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });
});

describe('scripts/deploy-functions.sh', () => {
  const script = path.join(ROOT, 'scripts/deploy-functions.sh');
  /** A PATH holding only node, so gcloud is certainly absent. */
  const nodeOnlyPath = (): string => {
    const bin = tempDir('bin');
    symlinkSync(process.execPath, path.join(bin, 'node'));
    return bin;
  };
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync('/bin/bash', [script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, REGULARS_DIST: dist, ...env } });

  it('--dry-run prints one gen2 Node 22 HTTP deploy per registered function, without gcloud', () => {
    const secrets = 'REGULARS_UNSUBSCRIBE_KEY=regulars-unsubscribe-key:latest';
    const result = run(['--dry-run', '--env-file', 'scripts/functions.env.example.yaml', '--region', 'africa-south1', '--project', 'acme-shop', '--set-secrets', secrets], { PATH: nodeOnlyPath() });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(registered.length);
    for (const entry of registered) {
      const name = entry.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
      const line = lines.find((l) => l.includes(`--entry-point ${entry} `));
      expect(line, entry).toBeDefined();
      expect(line).toMatch(new RegExp(`^gcloud functions deploy ${name} `));
      for (const flag of ['--gen2', '--runtime nodejs22', '--trigger-http', `--source ${path.join(dist, 'functions')}`, '--region africa-south1', '--env-vars-file scripts/functions.env.example.yaml', '--project acme-shop', `--set-secrets ${secrets}`]) {
        expect(line, flag).toContain(flag);
      }
    }
  });

  it('fails clearly, before building anything, when gcloud is missing', () => {
    const result = run(['--env-file', 'scripts/functions.env.example.yaml'], { PATH: nodeOnlyPath() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/gcloud is not installed or not on PATH/);
    expect(result.stdout).toBe('');
  });

  it('refuses an unknown option', () => {
    const result = run(['--dryrun'], { PATH: nodeOnlyPath() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown option --dryrun');
  });
});
