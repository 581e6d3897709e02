// End-to-end speed of `regulars dedupe`: the whole process (start-up, reading the CSV, matching, writing the
// file) on synthetic South African exports of 10k to 200k records; prints wall time, records/s and peak RSS.
// Run: node bench/run.mjs dedupe-speed   (DEDUPE_SIZES=10000,30000 to choose sizes)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSaExport, saExportCsv } from '../functions/dedupe/generate-sa';

const sizes = (process.env.DEDUPE_SIZES ?? '10000,30000,50000,200000').split(',').map(Number);
const cli = path.resolve('dist/cli/regulars.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'dedupe-speed-'));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

try {
  for (const size of sizes) {
    const file = path.join(dir, `sa-${size}.csv`);
    const out = path.join(dir, `sa-${size}-clusters.csv`);
    writeFileSync(file, saExportCsv(generateSaExport({ people: size, seed: 3 })));
    const args = [cli, 'dedupe', file, '--country', 'ZA', '--out', out];
    // Three runs up to 50k (median and best, since a shared machine's load swings), one at 200k.
    const runs = size <= 50_000 ? 3 : 1;
    const times: number[] = [];
    let rss: string | undefined;
    let failed = false;
    for (let r = 0; r < runs && !failed; r++) {
      const started = performance.now();
      const run = timeBin ? spawnSync(timeBin, ['-f', 'maxrss_kb=%M', process.execPath, ...args], { encoding: 'utf8' }) : spawnSync(process.execPath, args, { encoding: 'utf8' });
      times.push((performance.now() - started) / 1000);
      if (run.status !== 0) {
        console.log(`${size}: failed (${run.status}) ${run.stderr.slice(0, 300)}`);
        failed = true;
      }
      rss = /maxrss_kb=(\d+)/.exec(run.stderr)?.[1] ?? rss;
    }
    if (failed) continue;
    times.sort((a, b) => a - b);
    const seconds = times[Math.floor(times.length / 2)]!;
    const records = readFileSync(out, 'utf8').split('\n').length - 2;
    console.log(
      `${String(records).padStart(7)} records: ${seconds.toFixed(2)} s end to end${runs > 1 ? ` (median of ${runs}, best ${times[0]!.toFixed(2)} s)` : ''}, ` +
        `${Math.round(records / seconds).toLocaleString('en')} records/s, peak RSS ${rss ? `${Math.round(Number(rss) / 1024)} MB` : 'n/a'}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
