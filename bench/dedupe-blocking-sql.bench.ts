// Blocking on DuckDB against the in-memory blocking on a generated SA export: the same candidate pairs (checked),
// the time of each, and the blocking-key rows loaded. Normalisation (prepare) is timed apart: both share it.
// Run: node bench/run.mjs dedupe-blocking-sql   (BLOCKING_SQL_PEOPLE=100000, BLOCKING_SQL_MAX_BLOCK=1000)
import { generateSaExport, saExportTable } from '../functions/dedupe/generate-sa';
import { tableRecords } from '../functions/dedupe/records';
import { duckDbCandidatePairs, openDuckDb } from '../functions/sql';
import { candidatePairs, prepare } from '../shared/dedupe';

const PEOPLE = Number(process.env.BLOCKING_SQL_PEOPLE ?? 100_000);
const MAX_BLOCK = Number(process.env.BLOCKING_SQL_MAX_BLOCK ?? 1000);
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const records = tableRecords(saExportTable(generateSaExport({ people: PEOPLE, seed: 3 })), {}, 0, 'generated').records;
let t = performance.now();
const p = prepare(records, {});
console.log(`${p.n.toLocaleString('en')} records; prepare ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const memory = candidatePairs(p, MAX_BLOCK, false);
console.log(`in memory: ${memory.count.toLocaleString('en')} pairs, ${memory.oversizedBlocks} oversized blocks, ${(performance.now() - t).toFixed(0)} ms`);
const session = await openDuckDb({ memoryLimit: '1GB' });
t = performance.now();
const sql = await duckDbCandidatePairs(session, p, { maxBlock: MAX_BLOCK, link: false });
console.log(`DuckDB: ${sql.count.toLocaleString('en')} pairs, ${sql.oversizedBlocks} oversized blocks, ${(performance.now() - t).toFixed(0)} ms (keys written, loaded, joined, streamed back); rss now ${mb(process.memoryUsage().rss)}`);
session.close();
let same = sql.count === memory.count && sql.oversizedBlocks === memory.oversizedBlocks;
for (let k = 0; same && k < sql.count; k++) same = sql.left[k] === memory.left[k] && sql.right[k] === memory.right[k];
console.log(same ? 'pair sets identical' : 'PAIR SETS DIFFER');
