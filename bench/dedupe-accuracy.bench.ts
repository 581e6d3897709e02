// Dedupe accuracy on data with ground truth: pairwise precision / recall / F1 of the engine's clusters.
// Run: node bench/run.mjs dedupe-accuracy   (data from ../shared/data; soc_sec_id is dropped: a CRM has none)
// DEDUPE_ENGINES=memory,duckdb runs each case on both engines and prints the F1 difference (DuckDB: --engine duckdb's path).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dedupe } from '../shared/dedupe';
import type { DedupeRecord, Role } from '../shared/dedupe';
import { febrlEntity, pairScores } from '../functions/dedupe/evaluate';
import { generateSaExport, saExportTable } from '../functions/dedupe/generate-sa';
import { generateSaBusinessExport } from '../functions/dedupe/generate-sa-business';
import { readTable } from '../functions/dedupe/read-table';
import type { Table } from '../functions/dedupe/read-table';
import { tableRecords } from '../functions/dedupe/records';
import { duckDbFindClusters } from '../functions/sql';

const DATA = process.env.DEDUPE_DATA ?? path.resolve('../shared/data');

function without(table: Table, column: string): Table {
  const k = table.headers.indexOf(column);
  if (k < 0) return table;
  return { ...table, headers: table.headers.filter((_, c) => c !== k), rows: table.rows.map((r) => r.filter((_, c) => c !== k)) };
}

function column(table: Table, name: string): string[] {
  const k = table.headers.indexOf(name);
  return table.rows.map((r) => r[k] as string);
}

interface Case {
  name: string;
  target: string;
  load: () => Promise<{ tables: Table[]; truth: string[]; country?: string; overrides?: Partial<Record<Role, string>> }>;
}

const CASES: Case[] = [
  {
    name: 'FEBRL dataset3 (dedupe, 5,000)',
    target: 'F1 ≥ 0.995',
    load: async () => {
      const t = without(await readTable(path.join(DATA, 'febrl/dataset3.csv')), 'soc_sec_id');
      return { tables: [t], truth: column(t, 'rec_id').map(febrlEntity) };
    },
  },
  {
    name: 'FEBRL dataset4a × 4b (link, 5,000 + 5,000)',
    target: 'F1 ≥ 0.997',
    load: async () => {
      const a = without(await readTable(path.join(DATA, 'febrl/dataset4a.csv')), 'soc_sec_id');
      const b = without(await readTable(path.join(DATA, 'febrl/dataset4b.csv')), 'soc_sec_id');
      return { tables: [a, b], truth: [...column(a, 'rec_id'), ...column(b, 'rec_id')].map(febrlEntity) };
    },
  },
  {
    name: 'FEBRL zingg 20k (sparse dedupe, 20,000)',
    target: '(no target; recordlinkage F1 0.986)',
    load: async () => {
      const t = without(await readTable(path.join(DATA, 'febrl_zingg_20k/test.csv.orig')), 'soc_sec_id');
      return { tables: [t], truth: column(t, 'rec_id').map(febrlEntity) };
    },
  },
  {
    name: 'Splink fake_1000',
    target: 'F1 ≥ 0.90',
    load: async () => {
      const t = await readTable(path.join(DATA, 'splink_fake_1000/fake_1000.csv'));
      return { tables: [t], truth: column(t, 'cluster') };
    },
  },
  {
    name: 'Splink fake_1000, other draw (held out)',
    target: '(no target)',
    load: async () => {
      const t = await readTable(path.join(DATA, 'splink_fake_1000/fake_1000_from_splink_demos.csv'));
      return { tables: [t], truth: column(t, 'cluster') };
    },
  },
  {
    name: 'Splink historical_50k (50,578)',
    target: 'F1 ≥ 0.80 (aim 0.85)',
    load: async () => {
      const t = await readTable(path.join(DATA, 'splink_historical_50k/historical_figures_with_errors_50k.csv'));
      return { tables: [t], truth: column(t, 'cluster') };
    },
  },
  {
    // The command of issue 17: regulars dedupe FILE --field id=Id --field company="Site name" --field street=Address
    //   --field postcode=Zip --field phone=Phone --country US (the other 27 columns are compared as generic text).
    name: 'Business: Chicago early-childhood sites (dedupe, 3,337)',
    target: 'precision ≥ 0.95, F1 ≥ 0.90',
    load: async () => {
      const t = await readTable(path.join(DATA, 'dedupe_early_childhood/csv_example_input_with_true_ids.csv'));
      return { tables: [t], truth: column(t, 'True Id'), country: 'US', overrides: { id: 'Id', company: 'Site name', street: 'Address', postcode: 'Zip', phone: 'Phone' } };
    },
  },
  {
    // regulars dedupe FILE --country US: the columns found by their headers alone (Site name, Address, Zip, Phone,
    // Website, Email Address), the rest compared as generic text.
    name: 'Business: Chicago early-childhood sites, headers only',
    target: 'precision ≥ 0.95, F1 ≥ 0.90',
    load: async () => {
      const t = await readTable(path.join(DATA, 'dedupe_early_childhood/csv_example_input_with_true_ids.csv'));
      return { tables: [t], truth: column(t, 'True Id'), country: 'US' };
    },
  },
  {
    // regulars dedupe restaurant-nophone-training.csv (headers name, address, city, cuisine, unique_id as shipped).
    name: "Business: restaurants Fodor's + Zagat (dedupe, 864)",
    target: 'precision ≥ 0.95, F1 ≥ 0.90',
    load: async () => {
      const t = await readTable(path.join(DATA, 'restaurant_fodors_zagat/restaurant-nophone-training.csv'));
      return { tables: [t], truth: column(t, 'unique_id').map((v) => v.replace(/'/g, '')) };
    },
  },
  ...[31, 32].map(
    (seed): Case => ({
      // Firms with branches (same name and switchboard, another address): each site is its own customer.
      name: `Business: generated SA business export, 3,000 firms, seed ${seed} (--country ZA)`,
      target: 'precision ≥ 0.95, F1 ≥ 0.90',
      load: () => {
        const data = generateSaBusinessExport({ firms: 3_000, seed });
        return Promise.resolve({ tables: [saExportTable(data)], truth: data.truth, country: 'ZA' });
      },
    }),
  ),
  ...(process.env.DEDUPE_SEEDS ?? '11,12').split(',').map(Number).map(
    (seed): Case => ({
      name: `South African export, 30,000, seed ${seed} (--country ZA)`,
      target: 'precision ≥ 0.97, F1 ≥ 0.93',
      load: () => {
        const data = generateSaExport({ people: 30_000, seed });
        return Promise.resolve({ tables: [saExportTable(data)], truth: data.truth, country: 'ZA' });
      },
    }),
  ),
];

const only = process.env.DEDUPE_CASE;
const ENGINES = (process.env.DEDUPE_ENGINES ?? 'memory').split(',').map((e) => e.trim()).filter((e) => e === 'memory' || e === 'duckdb');
for (const c of CASES) {
  if (only !== undefined && !c.name.toLowerCase().includes(only.toLowerCase())) continue;
  if (c.name.startsWith('FEBRL') || c.name.startsWith('Splink') || c.name.startsWith('Business')) {
    if (!existsSync(DATA)) {
      console.log(`${c.name}: skipped (no ${DATA})`);
      continue;
    }
  }
  const { tables, truth, country, overrides } = await c.load();
  const records: DedupeRecord[] = [];
  tables.forEach((t, source) => {
    for (const r of tableRecords(t, overrides ?? {}, source, `table ${source}`).records) records.push(r);
  });
  const link = tables.length === 2;
  const sources = link ? records.map((r) => r.source ?? 0) : undefined;
  let memoryF1: number | undefined;
  for (const engine of ENGINES) {
    const started = performance.now();
    const predicted = new Array<string>(records.length);
    let candidates: number;
    if (engine === 'duckdb') {
      const found = await duckDbFindClusters(records, { link, ...(country ? { country } : {}) });
      found.assignments.forEach((a, k) => (predicted[k] = a.cluster));
      candidates = found.stats.candidatePairs;
    } else {
      const result = dedupe(records, { link, ...(country ? { country } : {}) });
      for (const cl of result.clusters) for (const k of cl.memberIndexes) predicted[k] = cl.id;
      candidates = result.stats.candidatePairs;
    }
    const seconds = (performance.now() - started) / 1000;
    const s = pairScores(predicted, truth, sources);
    if (engine === 'memory') memoryF1 = s.f1;
    const versus = engine === 'duckdb' && memoryF1 !== undefined ? `  ΔF1 vs memory ${(s.f1 - memoryF1).toFixed(4)}` : '';
    console.log(
      `${`${c.name}${ENGINES.length > 1 ? ` [${engine}]` : ''}`.padEnd(58)} P=${s.precision.toFixed(4)} R=${s.recall.toFixed(4)} F1=${s.f1.toFixed(4)}  ` +
        `(pairs: ${s.correct}/${s.predicted} predicted, ${s.truePairs} true; ${candidates} candidates; ${seconds.toFixed(2)} s)  target ${c.target}${versus}`,
    );
  }
}
