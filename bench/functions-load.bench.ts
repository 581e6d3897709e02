// Load on the HTTP functions served by our own server on loopback: 50 concurrent dedupe requests of 5,000 rows
// each (gzip, as the add-on sends them) and 200 concurrent greeting plans. Prints errors, latency percentiles and
// the process's peak memory (server and clients share this process). Figures only; never fails a build.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip, gzipSync } from 'node:zlib';
import { generateDemo, writeDemo } from '../functions/demo';
import { holidaysFor } from '../functions/greetings/holidays';
import { greetingsHandler } from '../functions/http/greetings';
import { DATA_BODY, functionTable } from '../functions/http/routes';
import { serve } from '../functions/http/serve';
import { createFunctionsServer } from '../functions/http/server';
import { hmacSigner } from '../functions/secrets/secret-store';
import { customerRecords, toRow } from '../shared/merge';
import { customersTab, MemoryWorkbook, type Grid } from '../shared/workbook';
import { localIssuer, testAuthConfig } from '../tests/functions/http/test-tokens';

const DEDUPE_REQUESTS = Number(process.env.LOAD_DEDUPE_REQUESTS ?? 50);
const DEDUPE_ROWS = 5_000;
const GREETING_REQUESTS = 200;
const GREETING_CUSTOMERS = 500;

const google = localIssuer();
const config = testAuthConfig(google.certificates);

/** A shop of `n` demo customers with a scheduler-delivered Settings tab, as grids to copy per request. */
function greetingsShop(n: number): Record<string, Grid> {
  const wb = new MemoryWorkbook();
  writeDemo(wb, generateDemo({ customers: n, seed: 21, today: '2026-06-15' }));
  const settings: Grid = { header: ['key', 'value'], rows: [['business_name', 'Fynbos Cycles'], ['sender_email', 'hello@fynbos.example'], ['time_zone', 'Africa/Johannesburg'], ['country', 'ZA'], ['delivery', 'scheduler'], ['backend_url', 'https://fn.example'], ['approve_first_run', 'no']] };
  return Object.fromEntries([...wb.tabNames().map((t): [string, Grid] => [t, wb.read(t)!]), ['Settings', settings]]);
}

function post(port: number, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A gzip stream of `mb` MB of spaces, compressed piecewise so the bench itself never holds the inflated size. */
async function gzipBomb(mb: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const block = Buffer.alloc(2 ** 20, 0x20);
  for (let i = 0; i < mb; i++) if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function wave(name: string, n: number, send: () => Promise<{ status: number; ms: number }>, expected: readonly number[] = [200]): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, send));
  const wall = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const ok = results.flatMap((r) => (r.status === 'fulfilled' && expected.includes(r.value.status) ? [r.value.ms] : [])).sort((a, b) => a - b);
  const statuses = results.map((r) => (r.status === 'fulfilled' ? String(r.value.status) : 'socket error'));
  const errors = statuses.filter((s) => !expected.map(String).includes(s));
  const answers = [...new Set(statuses)].join('/');
  console.log(
    `${name}: ${n} concurrent, answered ${answers}, ${errors.length} errors${errors.length ? ` (${[...new Set(errors)].join(', ')})` : ''}; ` +
      `p50 ${percentile(ok, 50).toFixed(0)} ms, p95 ${percentile(ok, 95).toFixed(0)} ms, max ${percentile(ok, 100).toFixed(0)} ms; ` +
      `wall ${(wall / 1000).toFixed(1)} s; peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
  );
}

const shop = greetingsShop(GREETING_CUSTOMERS);
const table = {
  ...functionTable(() => config),
  greetings: serve(
    greetingsHandler(() => ({
      openWorkbook: () => Promise.resolve({ wb: new MemoryWorkbook(shop), commit: () => Promise.resolve() }),
      mailer: () => ({ name: 'null', send: (m) => Promise.resolve({ ok: true, messageId: m.messageId }) }),
      signer: () => Promise.resolve(hmacSigner('bench-signing-key-0123456789abcdefghij')),
      holidays: holidaysFor,
      now: () => Date.parse('2026-06-15T08:30:00Z'),
    })),
    { accept: ['scheduler'], timeoutSeconds: 540 },
    () => config,
  ),
};
const server = createFunctionsServer(table);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;

const demo = new MemoryWorkbook();
writeDemo(demo, generateDemo({ customers: Math.ceil(DEDUPE_ROWS * 1.05), seed: 5, today: '2026-11-23' }));
const rows = customerRecords(demo.read(customersTab.name)!).records.map(toRow).slice(0, DEDUPE_ROWS);
const dedupeBody = gzipSync(Buffer.from(JSON.stringify({ rows, country: 'ZA' })));
console.log(`dedupe body: ${rows.length} rows, ${(dedupeBody.length / 1024).toFixed(0)} KB gzip (limits ${DATA_BODY.maxSentBytes / 2 ** 20} MB sent, ${DATA_BODY.maxInflatedBytes / 2 ** 20} MB inflated)`);
const addon = `Bearer ${google.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}`;
const scheduler = `Bearer ${google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail })}`;

await wave(`dedupe ${DEDUPE_ROWS} rows`, DEDUPE_REQUESTS, () => post(port, '/dedupe', { authorization: addon, 'content-type': 'application/json', 'content-encoding': 'gzip' }, dedupeBody));
await wave(`greetings plan, ${GREETING_CUSTOMERS} customers`, GREETING_REQUESTS, () => post(port, '/greetings', { authorization: scheduler, 'content-type': 'application/json' }, Buffer.from('{}')));
// The attack the functions used to lose to: a 1 MB gzip bomb (about 1 GB inflated), unauthenticated and authenticated.
const bomb = await gzipBomb(1024);
await wave(`gzip bomb ${(bomb.length / 2 ** 20).toFixed(1)} MB (1 GB inflated) without a token`, 20, () => post(port, '/dedupe', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb), [401]);
// Each bomb is cut at its 64 MB inflated limit (413); past the process's 256 MB budget for bodies in flight the rest are turned away at once (503).
await wave('the same bomb with a token', 20, () => post(port, '/dedupe', { authorization: addon, 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb), [413, 503]);
server.close();
