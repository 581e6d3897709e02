// The workbench server over real HTTP, on a small demo workbook: the bridge, its refusals, and the file.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { openOrCreateWorkbook, startWorkbenchServer, type RunningWorkbench } from '../../../functions/workbench';
import { fileSecretStore, localSecretsFile } from '../../../functions/secrets/file-secret-store';
import { unsubscribeSigner } from '../../../functions/secrets/secret-store';
import { signUnsubscribeToken } from '../../../shared/greetings';

let server: RunningWorkbench;
let file: string;
let ids: string[];

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-wbtest-'));
  file = path.join(dir, 'shop.xlsx');
  const demo = await createDemoWorkbook(file, { customers: 60, seed: 7, today: '2026-11-23' });
  ids = demo.customers.map((c) => c.id);
  const addonDir = path.join(dir, 'addon');
  await mkdir(addonDir);
  await writeFile(path.join(addonDir, 'card.html'), '<html><head><title>x</title></head><body>card</body></html>');
  const { wb, created } = await openOrCreateWorkbook(file, '2026-11-23');
  expect(created).toBe(false);
  server = await startWorkbenchServer({ wb, workbookPath: file, addonDir, port: 0, user: 'test@example.test' });
});

afterAll(() => server?.close());

const at = (route: string) => new URL(route, server.url).href;
const post = (route: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(at(route), { method: 'POST', headers, body });
const hash = async () => createHash('sha256').update(await readFile(file)).digest('hex');

describe('workbench server', () => {
  it('serves the page, the state and the built sidebars with the shim', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Regulars workbench</title>');
    const state = (await (await fetch(at('/workbench/state'))).json()) as { workbook: string; tabs: { name: string; rows: number }[]; sidebars: string[] };
    expect(state.workbook).toBe('shop.xlsx');
    expect(state.sidebars).toEqual(['card']);
    expect(state.tabs.find((t) => t.name === 'Customers')?.rows).toBe(60);
    const sidebar = await (await fetch(at('/sidebar/card'))).text();
    expect(sidebar).toMatch(/^<html><head><script>[\s\S]*window\.google = [\s\S]*<\/script><title>x<\/title>/);
    expect((await fetch(at('/sidebar/nothing'))).status).toBe(404);
  });

  it('pages a tab', async () => {
    const page = (await (await fetch(at('/workbench/rows?tab=Customers&offset=50&limit=100'))).json()) as { total: number; rows: { row: number; cells: unknown[] }[]; header: string[] };
    expect(page.total).toBe(60);
    expect(page.rows.map((r) => r.row)).toEqual(Array.from({ length: 10 }, (_, i) => 52 + i));
    expect(page.rows[0]?.cells[page.header.indexOf('id')]).toBe(ids[50]);
    expect((await fetch(at('/workbench/rows?tab=Nope'))).status).toBe(404);
    expect((await fetch(at('/workbench/rows?tab=Customers&offset=-1'))).status).toBe(400);
  });

  it('runs ServerApi methods and nothing else', async () => {
    const found = await post('/api/getCustomerCard', JSON.stringify([{ id: ids[3] }]));
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ value: { ok: true, value: { id: ids[3], row: 5 } } });
    const unknown = await post('/api/setUpWorkbook', '[]');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'setUpWorkbook is not a server function' });
    expect((await post('/api/constructor', '[]')).status).toBe(404);
    expect((await post('/api/searchCustomers', '{"query":"a"}')).status).toBe(400);
    expect((await post('/api/searchCustomers', '[{')).status).toBe(400);
    expect((await fetch(at('/api/searchCustomers'))).status).toBe(405);
  });

  it('refuses posts that are not JSON or come from another origin (so no other page can drive it)', async () => {
    expect((await post('/api/searchCustomers', '[{"query":"a"}]', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('/api/searchCustomers', '[{"query":"a"}]', { 'content-type': 'application/json', origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/searchCustomers', '[{"query":"a"}]', { 'content-type': 'application/json', origin: new URL(server.url).origin })).status).toBe(200);
  });

  it('answers getSelectedCustomer with the row selected on the page', async () => {
    const none = (await (await post('/api/getSelectedCustomer', '[{}]')).json()) as { value: { ok: boolean; issues: { code: string }[] } };
    expect(none.value.issues[0]?.code).toBe('no_selection');
    expect((await post('/workbench/select', JSON.stringify({ tab: 'Customers', row: 1 }))).status).toBe(400);
    expect((await post('/workbench/select', JSON.stringify({ tab: 'Customers', row: 12 }))).status).toBe(200);
    expect(await (await post('/api/getSelectedCustomer', '[{}]')).json()).toMatchObject({ value: { ok: true, value: { id: ids[10], row: 12 } } });
  });

  it('saves the file after a call that wrote, and only then', async () => {
    const before = await hash();
    const version = server.bridge.version();
    const refused = await post('/api/saveCustomer', JSON.stringify([{ id: ids[0], changes: { email: 'not-an-address' }, profile: {} }]));
    expect(await refused.json()).toMatchObject({ value: { ok: false, issues: [{ path: ['changes', 'email'], code: 'not_an_email' }] } });
    expect(refused.headers.get('x-workbook-version')).toBe(String(version));
    expect(await hash()).toBe(before);

    const saved = await post('/api/saveCustomer', JSON.stringify([{ id: ids[0], changes: { city: 'Knysna', notes: '=HYPERLINK("http://x")' }, profile: {} }]));
    expect(await saved.json()).toMatchObject({ value: { ok: true, value: { card: { fields: { city: 'Knysna' } } } } });
    expect(saved.headers.get('x-workbook-version')).toBe(String(version + 1));
    const grid = (await openXlsxWorkbook(file)).read('Customers')!;
    const row = grid.rows.find((r) => r[grid.header.indexOf('id')] === ids[0])!;
    expect(row[grid.header.indexOf('city')]).toBe('Knysna');
    // User text that looks like a formula is stored as a text cell, which Excel and Sheets never evaluate.
    expect(row[grid.header.indexOf('notes')]).toBe('=HYPERLINK("http://x")');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const cell = book.getWorksheet('Customers')!.getRow(2).getCell(grid.header.indexOf('notes') + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
  });

  it('runs calls one at a time, so concurrent saves do not lose each other', async () => {
    const cities = ['Paarl', 'George', 'Worcester', 'Hermanus'];
    const answers = await Promise.all(cities.map((city, i) => post('/api/saveCustomer', JSON.stringify([{ id: ids[20 + i], changes: { city }, profile: {} }]))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const grid = (await openXlsxWorkbook(file)).read('Customers')!;
    const cityOf = (id: string | undefined) => grid.rows.find((r) => r[grid.header.indexOf('id')] === id)?.[grid.header.indexOf('city')];
    expect(cities.map((_, i) => cityOf(ids[20 + i]))).toEqual(cities);
  });

  it('answers unsubscribe links signed with the local key: GET asks, POST records it in the file', async () => {
    const id = ids[30]!;
    const signer = await unsubscribeSigner(fileSecretStore(localSecretsFile(file)));
    const token = signUnsubscribeToken({ customerId: id, campaign: 'Birthday', issued: '2026-11-23' }, signer);
    const ask = await fetch(at(`/unsubscribe?token=${encodeURIComponent(token)}`));
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Stop receiving these e-mails');
    const forged = await post(`/unsubscribe?token=${encodeURIComponent(token.slice(0, -2))}xx`, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(forged.status).toBe(400);
    const done = await post(`/unsubscribe?token=${encodeURIComponent(token)}`, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(done.status).toBe(200);
    const book = await openXlsxWorkbook(file);
    const grid = book.read('Customers')!;
    const row = grid.rows.find((r) => r[grid.header.indexOf('id')] === id)!;
    expect(String(row[grid.header.indexOf('unsubscribed_at')])).toMatch(/^\d{4}-\d\d-\d\dT/);
    const log = book.read('Consent log')!;
    expect(log.rows.some((r) => r[log.header.indexOf('customer_id')] === id && r[log.header.indexOf('change')] === 'withdrawn')).toBe(true);
  });

  it('writes a test message to the local outbox next to the workbook', async () => {
    const answer = (await (await post('/api/sendTestMessage', JSON.stringify([{ campaign: 'Birthday', customerId: ids[1] }]))).json()) as { value: { ok: boolean } };
    expect(answer.value.ok).toBe(true);
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(path.join(path.dirname(file), 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });
});

