// Cross-file duplicates on import: one generated South African customer export (with its true person ids: typos,
// nicknames, other e-mails and phones, households, twins and namesakes) split into two files, imported in one
// `regulars import A B --dry-run --json`. Every pair of possibleDuplicates with one member from each file is scored
// against the truth (target: precision ≥ 0.95).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { generateSaExport } from '../functions/dedupe/generate-sa';

const cli = path.join(process.cwd(), 'dist/cli/regulars.mjs');
const PEOPLE = Number(process.env.IMPORT_DUPLICATES_PEOPLE ?? 6_000);
const SEEDS = (process.env.IMPORT_DUPLICATES_SEEDS ?? '11,12').split(',').map(Number);

const q = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function measure(seed: number): void {
  const data = generateSaExport({ people: PEOPLE, seed });
  // The customer number would be taken as an external id, and the truth must not reach the import.
  const keep = data.headers.map((h, i) => (h === 'entity_id' || h === 'Customer No' ? -1 : i)).filter((i) => i >= 0);
  const dir = mkdtempSync(path.join(tmpdir(), 'regulars-import-dups-'));
  const files = ['till.csv', 'webshop.csv'];
  const lines: string[][] = [[], []];
  const truthOf = new Map<string, string>();
  data.rows.forEach((row, i) => {
    const f = i % 2;
    const list = lines[f]!;
    list.push(keep.map((k) => q(row[k] ?? '')).join(','));
    // Line 1 is the header, so the k-th record of a file is on line k + 1.
    truthOf.set(`${files[f]}:${list.length + 1}`, data.truth[i]!);
  });
  files.forEach((name, f) => writeFileSync(path.join(dir, name), `${keep.map((k) => q(data.headers[k]!)).join(',')}\n${lines[f]!.join('\n')}\n`));
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'import', ...files, '--into', 'workbook.xlsx', '--country', 'ZA', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`import exited ${run.status}: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { possibleDuplicates: { ids: string[] }[] };
  const fileOf = (id: string): string => id.slice(0, id.indexOf(':'));
  const flagged = new Set<string>();
  for (const group of result.possibleDuplicates) {
    for (let a = 0; a < group.ids.length; a++) {
      for (let b = a + 1; b < group.ids.length; b++) {
        const [x, y] = [group.ids[a]!, group.ids[b]!].sort() as [string, string];
        if (fileOf(x) !== fileOf(y)) flagged.add(`${x} ${y}`);
      }
    }
  }
  let truePositives = 0;
  let unknown = 0;
  for (const pair of flagged) {
    const [x, y] = pair.split(' ') as [string, string];
    const tx = truthOf.get(x);
    const ty = truthOf.get(y);
    if (tx === undefined || ty === undefined) unknown++;
    else if (tx === ty) truePositives++;
  }
  // All true cross-file pairs: people with records in both files.
  const byPerson = new Map<string, [number, number]>();
  for (const [id, person] of truthOf) {
    const counts = byPerson.get(person) ?? [0, 0];
    counts[fileOf(id) === files[0] ? 0 : 1]++;
    byPerson.set(person, counts);
  }
  let truePairs = 0;
  for (const [a, b] of byPerson.values()) truePairs += a * b;
  const precision = flagged.size === 0 ? 1 : truePositives / flagged.size;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  console.log(
    `seed ${seed}: ${data.rows.length} records in 2 files, ${truePairs} true cross-file pairs; flagged ${flagged.size} (${unknown} unmatched ids): ` +
      `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (target P ≥ 0.95); ${seconds.toFixed(1)} s whole process, load ${loadavg()[0]?.toFixed(1)}`,
  );
}

for (const seed of SEEDS) measure(seed);
