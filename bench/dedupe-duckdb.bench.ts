// Dedupe of a generated SA export by both engines, each in its own process (so each peak RSS is its own): seconds
// per phase, peak RSS, and precision/recall/F1 against the generator's truth.
// Run: node bench/run.mjs dedupe-duckdb   (DEDUPE_DUCKDB_PEOPLE=30000, DEDUPE_DUCKDB_MEMORY=2GB,
// DEDUPE_DUCKDB_ENGINES=memory,duckdb)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pairScores } from '../functions/dedupe/evaluate';
import { generateSaExport, saExportTable } from '../functions/dedupe/generate-sa';
import { tableRecords } from '../functions/dedupe/records';
import { duckDbFindClusters } from '../functions/sql';
import { findClusters, type Found } from '../shared/dedupe';

const PEOPLE = Number(process.env.DEDUPE_DUCKDB_PEOPLE ?? 30_000);
const MEMORY = process.env.DEDUPE_DUCKDB_MEMORY ?? '2GB';
const ENGINE = process.env.DEDUPE_DUCKDB_CHILD;

interface Figures {
  engine: string;
  records: number;
  candidatePairs: number;
  seconds: Record<string, number>;
  total: number;
  peakMb: number;
  precision: number;
  recall: number;
  f1: number;
  extra: string;
}

async function child(engine: string): Promise<Figures> {
  const data = generateSaExport({ people: PEOPLE, seed: 3 });
  const records = tableRecords(saExportTable(data), {}, 0, 'generated').records;
  const started = performance.now();
  let found: Found;
  let seconds: Record<string, number> = {};
  let extra = '';
  if (engine === 'memory') {
    // The engine reports each phase as it starts: the time to the next report is that phase's.
    let phase = '';
    let at = started;
    found = findClusters(records, {
      country: 'ZA',
      proposals: false,
      onProgress: (next) => {
        const now = performance.now();
        if (phase) seconds[phase] = Math.round(now - at) / 1000;
        phase = next;
        at = now;
      },
    });
  } else {
    const spill = mkdtempSync(path.join(tmpdir(), 'bench-dedupe-duckdb-'));
    try {
      const r = await duckDbFindClusters(records, { country: 'ZA', proposals: false, memoryLimit: MEMORY, tempDirectory: spill });
      found = r;
      seconds = r.seconds;
      const held = Object.entries(r.memory)
        .map(([phase, m]) => `${phase} ${m.rss}/${m.heap}${m.duckDb === undefined ? '' : `/${m.duckDb}`}`)
        .join(', ');
      extra = `memory limit ${MEMORY}; ${r.weighedPairs.toLocaleString('en')} pairs weighed in TypeScript; SQL fields ${r.sqlFields.join(' ') || '-'}; fallback ${r.fallbackFields.join(' ') || '-'}; levelled in TypeScript ${r.typeScriptFields.join(' ') || '-'}\n       MB at each phase's end (RSS/JS heap/DuckDB): ${held}`;
    } finally {
      rmSync(spill, { recursive: true, force: true });
    }
  }
  const total = Math.round(performance.now() - started) / 1000;
  const s = pairScores(found.assignments.map((a) => a.cluster), data.truth);
  return { engine, records: records.length, candidatePairs: found.stats.candidatePairs, seconds, total, peakMb: Math.round(process.resourceUsage().maxRSS / 1024), precision: s.precision, recall: s.recall, f1: s.f1, extra };
}

if (ENGINE) {
  console.log(JSON.stringify(await child(ENGINE)));
} else {
  const engines = (process.env.DEDUPE_DUCKDB_ENGINES ?? 'memory,duckdb').split(',');
  console.log(`SA export, ${PEOPLE.toLocaleString('en')} people (seed 3); each engine in its own process; peak = maxRSS of that process (generation included)`);
  for (const engine of engines) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string], { env: { ...process.env, DEDUPE_DUCKDB_CHILD: engine }, encoding: 'utf8', maxBuffer: 1 << 26 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) {
      console.log(`${engine}: failed (exit ${r.status})\n${r.stderr.slice(-2000)}`);
      continue;
    }
    const f = JSON.parse(line) as Figures;
    const phases = Object.entries(f.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    console.log(
      `${f.engine.padEnd(6)} ${f.records.toLocaleString('en')} records, ${f.candidatePairs.toLocaleString('en')} candidate pairs: ${f.total.toFixed(1)} s (${phases}); peak ${f.peakMb} MB; ` +
        `P ${f.precision.toFixed(4)} R ${f.recall.toFixed(4)} F1 ${f.f1.toFixed(4)}${f.extra ? `\n       ${f.extra}` : ''}`,
    );
  }
}
