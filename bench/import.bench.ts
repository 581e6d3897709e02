// Import benchmark: 100,000 customer rows into a 10,000-customer workbook through the CLI (whole process, duplicate
// pass included), and the fidelity of every fixture export (share of fields reproduced exactly, rows lost or invented).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { applyImport, planImport } from '../shared/import';
import { customersTab, MemoryWorkbook, readTable, type Customer } from '../shared/workbook';
import { readSourceFile } from '../functions/import/read-file';
import { generateDemo } from '../functions/demo';

const root = process.cwd();
const cli = path.join(root, 'dist/cli/regulars.mjs');
const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
const EXISTING = Number(process.env.IMPORT_BENCH_EXISTING ?? 10_000);

/** A Shopify customers export of the demo's people (another seed: their own names, duplicates and look-alikes); a share carry an existing customer's e-mail, so they update. */
function shopifyExport(rows: number, existingEmails: readonly string[]): string {
  const people = generateDemo({ customers: rows, seed: 1234, today: '2026-12-01' }).customers;
  const q = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags'];
  people.forEach((c, i) => {
    const email = i % 20 === 0 && existingEmails.length > 0 ? existingEmails[(i / 20) % existingEmails.length]! : c.email;
    const phone = c.phone === '' ? '' : `'${c.phone}`;
    lines.push([`'${7_204_000_000_000 + i}`, c.first_name, c.last_name, email, c.email_consent === true ? 'yes' : 'no', c.company, c.street, '', c.city, c.region, 'ZA', c.postcode === '' ? '' : `'${c.postcode}`, '', phone, 'no', String(c.revenue ?? 0), String(c.orders ?? 0), c.notes, 'no', c.tags].map(q).join(','));
  });
  return `${lines.join('\n')}\n`;
}

function runCli(args: string[]): { ms: number; cpuS: number; rssMb: number; stdout: string; status: number | null } {
  const hook = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("MAXRSS "+u.maxRSS+" CPU "+(u.userCPUTime+u.systemCPUTime)+"\\n")})';
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', hook, cli, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - started;
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const cpuS = Number(/CPU (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6;
  if (r.status !== 0) process.stderr.write(r.stderr);
  return { ms, cpuS, rssMb: rss, stdout: r.stdout, status: r.status };
}

function speed(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'regulars-import-bench-'));
  const wb = path.join(dir, 'workbook.xlsx');
  const demo = runCli(['demo', '--out', wb, '--customers', String(EXISTING), '--seed', '7']);
  console.log(`demo workbook: ${EXISTING} customers written in ${(demo.ms / 1000).toFixed(1)} s`);
  const exported = runCli(['export', wb, '--tab', 'Customers']);
  const emails = exported.stdout.split('\n').slice(1).map((l) => l.split(',')[6] ?? '').filter((e) => e.includes('@'));
  const file = path.join(dir, 'shopify-customers.csv');
  writeFileSync(file, shopifyExport(ROWS, emails));
  const run = runCli(['import', file, '--into', wb, '--json']);
  const json = JSON.parse(run.stdout || '{}') as { files?: { rows: number; created: number; updated: number; skipped: number; issues: unknown[] }[]; possibleDuplicates?: unknown[] };
  const f = json.files?.[0];
  console.log(`import ${ROWS.toLocaleString('en')} rows into ${EXISTING.toLocaleString('en')} customers (whole CLI process, duplicate pass included): ${(run.ms / 1000).toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU, peak RSS ${run.rssMb.toFixed(0)} MB (targets ≤ 30 s, < 1,536 MB; load average ${loadavg()[0]?.toFixed(1)})`);
  console.log(`  rows ${f?.rows}, created ${f?.created}, updated ${f?.updated}, skipped ${f?.skipped}, issues ${f?.issues.length}, possible duplicates ${json.possibleDuplicates?.length}`);
  const dry = runCli(['import', file, '--into', wb, '--dry-run', '--json']);
  console.log(`  a re-import of the same file as --dry-run (every row matched, duplicate pass, nothing written): ${(dry.ms / 1000).toFixed(1)} s wall, ${dry.cpuS.toFixed(1)} s CPU, peak RSS ${dry.rssMb.toFixed(0)} MB`);
}

const FIELDS = ['first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'region', 'postcode', 'country', 'birth_date', 'customer_since', 'tags', 'notes', 'email_consent', 'account_manager'] as const;

async function fidelity(): Promise<void> {
  const dir = path.join(root, 'tests/fixtures/import');
  let exact = 0;
  let total = 0;
  let lost = 0;
  let invented = 0;
  for (const name of readdirSync(dir).filter((f) => /\.(csv|txt|vcf)$/.test(f))) {
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected', `${name.replace(/\.[a-z]+$/, '')}.json`), 'utf8')) as { country: string; customers: Record<string, unknown>[] };
    const wb = new MemoryWorkbook();
    const table = await readSourceFile(name, readFileSync(path.join(dir, name)));
    applyImport(wb, planImport(wb, [table], { country: expected.country }), { importId: 'B', at: '2026-01-01T00:00:00Z', by: 'bench' });
    const got: Customer[] = readTable(wb, customersTab)?.rows.map((r) => r.record) ?? [];
    lost += Math.max(0, expected.customers.length - got.length);
    invented += Math.max(0, got.length - expected.customers.length);
    expected.customers.forEach((want, i) => {
      for (const field of FIELDS) {
        const w = want[field];
        const g = got[i]?.[field];
        const has = (v: unknown): boolean => v !== undefined && v !== '';
        if (!has(w) && !has(g)) continue;
        total++;
        if (w === g) exact++;
      }
    });
  }
  console.log(`fidelity over ${readdirSync(dir).filter((f) => /\.(csv|txt|vcf)$/.test(f)).length} fixture exports: ${exact}/${total} fields exact (${((100 * exact) / total).toFixed(1)} %), rows lost ${lost}, invented ${invented} (target ≥ 98 %, none lost or invented)`);
}

await fidelity();
speed();
