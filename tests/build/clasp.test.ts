import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, ROOT, tempDir, removeTempDirs } from './build-to-temp';

const claspConfig = JSON.parse(readFileSync(path.join(ROOT, '.clasp.json'), 'utf8')) as Record<string, unknown>;
const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

let project = '';

beforeAll(() => {
  // A copy of the repo's clasp project around a fresh build: <tmp>/.clasp.json + <tmp>/dist/addon.
  project = tempDir('clasp');
  buildInto(path.join(project, 'dist'), ['addon']);
  copyFileSync(path.join(ROOT, '.clasp.json'), path.join(project, '.clasp.json'));
});
afterAll(removeTempDirs);

describe('.clasp.json', () => {
  it('pushes the add-on build output from inside the repo', () => {
    expect(claspConfig.rootDir).toBe('dist/addon');
    expect(claspConfig.scriptExtensions).toEqual(['.js']);
    expect(claspConfig.htmlExtensions).toEqual(['.html']);
    expect(typeof claspConfig.scriptId).toBe('string');
  });

  it('makes clasp push exactly Code.js, appsscript.json and the sidebars (asked offline, nothing pushed)', () => {
    const clasp = path.join(ROOT, 'node_modules/@google/clasp/build/src/index.js');
    const out = execFileSync(process.execPath, [clasp, 'show-file-status', '--json'], { cwd: project, encoding: 'utf8' });
    const status = JSON.parse(out) as { filesToPush: string[]; untrackedFiles: string[] };
    const built = readdirSync(path.join(project, 'dist/addon')).map((f) => `dist/addon/${f}`);
    expect([...status.filesToPush].sort()).toEqual([...built].sort());
    expect(status.filesToPush).toEqual(expect.arrayContaining(['dist/addon/Code.js', 'dist/addon/appsscript.json', 'dist/addon/customer-card.html']));
    expect(status.untrackedFiles).toEqual([]);
  });

  it('is pushed by `npm run push` after a fresh add-on build, with --force (the manifest changes scopes)', () => {
    expect(rootPackage.scripts.push).toBe('node scripts/build.mjs addon && clasp push --force');
    expect(rootPackage.scripts['deploy:functions']).toBe('bash scripts/deploy-functions.sh');
  });
});
