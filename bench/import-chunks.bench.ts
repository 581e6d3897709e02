// The add-on's chunked import (shared/import/chunked.ts): time per chunk call (parse the uploaded file, plan it
// against the workbook as it was, apply 2,000 rows) and Sheets calls per chunk, for a Shopify export of ROWS rows
// into an EXISTING-customer MemoryWorkbook. Node's V8 here; Apps Script's is slower, so read these as lower bounds.
import { loadavg } from 'node:os';
import { applyImport, planImport, textDecoder } from '../shared/import';
import { runImportChunk, type ChunkJob } from '../shared/import/chunked';
import { readTextSource } from '../shared/import/source';
import { appendRecords, customersTab, MemoryWorkbook, migrateWorkbook, openTable } from '../shared/workbook';
import { generateDemo } from '../functions/demo';

const ROWS = Number(process.env.IMPORT_CHUNK_ROWS ?? 20_000);
const EXISTING = Number(process.env.IMPORT_CHUNK_EXISTING ?? 10_000);
const CHUNK = 2_000;

function workbook(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  migrateWorkbook(wb);
  const people = generateDemo({ customers: EXISTING, seed: 7, today: '2026-12-01' }).customers;
  appendRecords(wb, openTable(wb, customersTab), people.map((c) => ({ first_name: c.first_name, last_name: c.last_name, email: c.email, phone: c.phone, city: c.city, status: 'active' })));
  return wb;
}

function shopifyCsv(existing: readonly string[]): Uint8Array {
  const people = generateDemo({ customers: ROWS, seed: 1234, today: '2026-12-01' }).customers;
  const q = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address City,Phone,Tags'];
  people.forEach((c, i) => lines.push([`'${7_204_000_000_000 + i}`, c.first_name, c.last_name, i % 20 === 0 ? (existing[i % existing.length] ?? c.email) : c.email, c.email_consent === true ? 'yes' : 'no', c.city, c.phone, c.tags].map(q).join(',')));
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

const base = workbook();
const emails = openTable(base, customersTab).rows.map((r) => r.record.email).filter((e) => e !== '');
const bytes = shopifyCsv(emails);
const parsed = readTextSource('customers_export.csv', bytes, textDecoder);
if (!parsed.ok) throw new Error(parsed.reason);
const options = { country: 'ZA', duplicates: false };
const job: ChunkJob = { kind: 'customers', importId: 'I-bench', at: '2026-12-06T10:00:00Z', by: 'bench', chunk: CHUNK };

const snapshot = (wb: MemoryWorkbook): MemoryWorkbook => new MemoryWorkbook(Object.fromEntries(wb.tabNames().map((t) => [t, wb.snapshot(t)!])));

let started = performance.now();
const one = snapshot(base);
applyImport(one, planImport(one, [parsed.table], options), job);
const oneShotMs = performance.now() - started;

const wb = snapshot(base);
const times: number[] = [];
const calls = new Set<string>();
started = performance.now();
for (;;) {
  wb.clearCache();
  const c0 = { ...wb.calls };
  const t0 = performance.now();
  // Each call parses the uploaded bytes again, as a google.script.run call does.
  const table = readTextSource('customers_export.csv', bytes, textDecoder);
  if (!table.ok) throw new Error(table.reason);
  const p = runImportChunk(wb, [table.table], options, job);
  times.push(performance.now() - t0);
  calls.add(`${wb.calls.read - c0.read} reads, ${wb.calls.write - c0.write} writes, ${wb.calls.append - c0.append} appends`);
  if (!p.ok || p.done) break;
}
const totalMs = performance.now() - started;
const sorted = [...times].sort((a, b) => a - b);
console.log(`chunked import of ${ROWS.toLocaleString('en')} Shopify rows into ${EXISTING.toLocaleString('en')} customers, ${CHUNK} per call (load average ${loadavg()[0]?.toFixed(1)}):`);
console.log(`  ${times.length} calls, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms per call; ${(totalMs / 1000).toFixed(1)} s in all (one-shot: ${(oneShotMs / 1000).toFixed(1)} s)`);
console.log(`  Sheets calls per chunk (MemoryWorkbook counts): ${[...calls].join(' | ')}`);
