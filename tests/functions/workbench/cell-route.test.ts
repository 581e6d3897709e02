// POST /workbench/cell over real HTTP on a small demo workbook: an edit reaches the file, a refusal writes
// nothing, only the page's own origin may type, and the rows route carries labels and read-only columns.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { openOrCreateWorkbook, startWorkbenchServer, type RunningWorkbench } from '../../../functions/workbench';
import type { Customer } from '../../../shared/workbook';

let server: RunningWorkbench;
let file: string;
let customers: Customer[];

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-celltest-'));
  file = path.join(dir, 'shop.xlsx');
  customers = (await createDemoWorkbook(file, { customers: 40, seed: 3, today: '2026-11-23' })).customers;
  const addonDir = path.join(dir, 'addon');
  await mkdir(addonDir);
  const { wb } = await openOrCreateWorkbook(file, '2026-11-23');
  server = await startWorkbenchServer({ wb, workbookPath: file, addonDir, port: 0, now: () => '2026-11-23T10:00:00Z' });
});

afterAll(() => server?.close());

const at = (route: string) => new URL(route, server.url).href;
const postCell = (body: unknown, origin?: string) =>
  fetch(at('/workbench/cell'), { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body: JSON.stringify(body) });
const hash = async () => createHash('sha256').update(await readFile(file)).digest('hex');

async function customersOnDisk() {
  const grid = (await openXlsxWorkbook(file)).read('Customers')!;
  return { header: grid.header, rows: grid.rows };
}

describe('POST /workbench/cell', () => {
  it('writes a typed birthday (day first, as Settings say) to the file and stamps updated_at', async () => {
    const { header, rows } = await customersOnDisk();
    const target = customers[4]!;
    const row = rows.findIndex((r) => r[0] === target.id) + 2;
    const col = header.indexOf('birth_date') + 1;
    const res = await postCell({ tab: 'Customers', row, col, header: 'birth_date', value: '14/03/1990', seen: rows[row - 2]![col - 1] ?? null, id: target.id }, new URL(server.url).origin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; row: number; cells: unknown[] };
    expect(body).toMatchObject({ ok: true, row });
    expect(body.cells[col - 1]).toBe('1990-03-14');
    await server.bridge.idle();
    const after = await customersOnDisk();
    expect(after.rows[row - 2]![col - 1]).toBe('1990-03-14');
    expect(after.rows[row - 2]![header.indexOf('updated_at')]).toBe('2026-11-23T10:00:00Z');
  });

  it('refuses an impossible date with the reason and leaves the file as it was', async () => {
    const { header, rows } = await customersOnDisk();
    const before = await hash();
    const version = server.bridge.version();
    const col = header.indexOf('birth_date') + 1;
    const res = await postCell({ tab: 'Customers', row: 3, col, header: 'birth_date', value: '02/31/2026', seen: rows[1]![col - 1] ?? null });
    expect(await res.json()).toEqual({ ok: false, fault: 'not_a_date', message: 'Not a date: type it as 31/12/2026 or 2026-12-31.', idsGiven: [] });
    await server.bridge.idle();
    expect(server.bridge.version()).toBe(version);
    expect(await hash()).toBe(before);
  });

  it('refuses a page from another origin before reading the body', async () => {
    const before = await hash();
    const res = await postCell({ tab: 'Customers', row: 2, col: 4, header: 'first_name', value: 'Mallory' }, 'http://evil.example');
    expect(res.status).toBe(403);
    expect(await hash()).toBe(before);
  });

  it('refuses a body of the wrong shape', async () => {
    expect((await postCell({ tab: 'Customers', row: 'two', col: 4, header: 'first_name', value: 'x' })).status).toBe(400);
    expect((await postCell({ tab: 'Customers', row: 2, col: 4, header: 'first_name', value: 7 })).status).toBe(400);
  });

  it('gives a row pasted without an id its id when a cell of it is edited, and says so', async () => {
    const { header, rows } = await customersOnDisk();
    const pasted = header.map((h) => (h === 'first_name' ? 'Lindiwe' : h === 'last_name' ? 'Pasted' : null));
    await server.bridge.withWorkbook((book) => book.append('Customers', [pasted]));
    const row = rows.length + 2;
    const col = header.indexOf('city') + 1;
    const res = await postCell({ tab: 'Customers', row, col, header: 'city', value: 'Durban', seen: null });
    const body = (await res.json()) as { ok: boolean; idsGiven: { tab: string; rows: number[]; ids: string[] }[] };
    const highest = Math.max(...customers.map((c) => Number(c.id.slice(2))));
    const expectedId = `C-${String(highest + 1).padStart(6, '0')}`;
    expect(body).toMatchObject({ ok: true, idsGiven: [{ tab: 'Customers', rows: [row], ids: [expectedId] }] });
    await server.bridge.idle();
    const after = (await customersOnDisk()).rows[row - 2]!;
    expect([after[header.indexOf('id')], after[header.indexOf('first_name')], after[col - 1]]).toEqual([expectedId, 'Lindiwe', 'Durban']);
  });

  it('serves rows with human labels and the read-only columns named', async () => {
    const res = await fetch(at('/workbench/rows?tab=Customers&limit=1'));
    const page = (await res.json()) as { header: string[]; labels: string[]; access: { tab: string | null; columns: (string | null)[] } };
    expect(page.labels[page.header.indexOf('first_name')]).toBe('First name');
    expect(page.labels[page.header.indexOf('email_consent')]).toBe('E-mail consent');
    expect(page.access.tab).toBeNull();
    expect(page.access.columns[page.header.indexOf('id')]).toMatch(/never reused/);
    expect(page.access.columns[page.header.indexOf('city')]).toBeNull();
    const log = (await (await fetch(at('/workbench/rows?tab=Consent%20log&limit=1'))).json()) as { access: { tab: string | null } };
    expect(log.access.tab).toMatch(/Consent log/);
  });
});
