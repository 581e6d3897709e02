// Runs the benchmarks: `npm run bench [-- NAME ...]`. Each bench/NAME.bench.ts is bundled with esbuild and
// run in its own Node process, so it is timed without any test-runner overhead. Benchmarks print figures;
// they are not tests and never fail a build.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const only = process.argv.slice(2);
const benches = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli'], { stdio: 'inherit' });
for (const file of benches) {
  const outfile = path.join(root, 'dist/bench', file.replace(/\.ts$/, '.mjs'));
  await esbuild.build({ entryPoints: [path.join(here, file)], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  console.log(`\n## ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) console.log(`(${file} exited ${result.status})`);
}
