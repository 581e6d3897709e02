// The workbench as an attacker on the same machine meets it: another Host (DNS rebinding), another Origin,
// malformed addresses, oversized bodies, and random arguments to every bridge method.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../functions/demo';
import { openOrCreateWorkbook, startWorkbenchServer, type RunningWorkbench } from '../../functions/workbench';
import { SERVER_API_METHODS } from '../../shared/api';
import { expectNoLeak, HOSTILE_STRINGS, printTally, tally } from './harness';

let server: RunningWorkbench;
let dir = '';
let port = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-wbfuzz-'));
  const file = path.join(dir, 'shop.xlsx');
  await createDemoWorkbook(file, { customers: 40, seed: 11, today: '2026-11-23' });
  const addonDir = path.join(dir, 'addon');
  await mkdir(addonDir);
  await writeFile(path.join(addonDir, 'card.html'), '<html><head><title>x</title></head><body>card</body></html>');
  const { wb } = await openOrCreateWorkbook(file, '2026-11-23');
  server = await startWorkbenchServer({ wb, workbookPath: file, addonDir, port: 0, user: 'fuzz@example.test', now: () => '2026-11-23T10:00:00Z' });
  port = server.port;
});
afterAll(async () => {
  printTally('workbench');
  await server?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(method: string, route: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: route, method, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = (): string => `localhost:${port}`;
const json = { 'content-type': 'application/json' };

describe('workbench: only its own Host and Origin', () => {
  it('refuses a page on another name that resolves to 127.0.0.1 (DNS rebinding), reads and writes alike', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, 'localhost', `localhost:${port + 1}`]) {
      const read = await send('GET', '/workbench/state', { host });
      expect(read.status, host).toBe(421);
      expect(read.text).not.toContain('shop.xlsx');
      const call = await send('POST', '/api/searchCustomers', { ...json, host, origin: `http://${host}` }, '[{"query":"a"}]');
      expect(call.status, host).toBe(421);
      expect(call.text).not.toMatch(/@/);
    }
  });

  it('answers its loopback names with its port, and refuses another origin', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await send('GET', '/workbench/state', { host })).status, host).toBe(200);
      expect((await send('POST', '/api/searchCustomers', { ...json, host, origin: `http://${host}` }, '[{"query":"a"}]')).status, host).toBe(200);
    }
    // The unsubscribe page's own form posts with Origin "null" (no-referrer); its signed token is what guards it.
    const form = await send('POST', '/unsubscribe?token=v1.x.y', { host: own(), origin: 'null', 'content-type': 'application/x-www-form-urlencoded' }, 'List-Unsubscribe=One-Click');
    expect(form.status).toBe(400);
    expect(form.text).toContain('This link does not work');
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, `https://localhost:${port}`, 'null', `http://localhost:${port + 1}`]) {
      expect((await send('POST', '/api/searchCustomers', { ...json, host: own(), origin }, '[{"query":"a"}]')).status, origin).toBe(403);
    }
  });

  it('answers a malformed %-escape with a 400, not a 500', async () => {
    for (const [method, route] of [['POST', '/api/%E0%A4%A'], ['GET', '/sidebar/%E0%A4%A'], ['POST', '/api/%']] as const) {
      const answer = await send(method, route, { ...json, host: own() }, method === 'POST' ? '[]' : '');
      expect(answer.status, route).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({ error: 'the address has a malformed %-escape' });
    }
  });

  it('answers an oversized body with a 413 and closes, and the next connection is served', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /api/searchCustomers HTTP/1.1\r\nHost: ${own()}\r\nContent-Type: application/json\r\nContent-Length: ${80 * 1024 * 1024}\r\n\r\n[{"query":"`);
      });
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw.toLowerCase()).toContain('connection: close');
    expect((await send('POST', '/api/searchCustomers', { ...json, host: own() }, '[{"query":"a"}]')).status).toBe(200);
  });
});

describe('workbench bridge under random and hostile calls', () => {
  const value = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
  const args = fc.oneof(
    fc.constant('[]'),
    fc.dictionary(fc.constantFrom('id', 'query', 'tab', 'row', 'customerId', 'field', 'value', 'name', 'date', 'text', 'kind', 'fields', 'limit', 'offset'), value, { maxKeys: 5 }).map((a) => JSON.stringify([a])),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 40 }),
  );
  it('every method, random arguments: never a 500, a stack or a path; a refused call changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...SERVER_API_METHODS), fc.constantFrom('constructor', '__proto__', 'toString', '..%2F..', '%ZZ')), args, async (method, body) => {
        tally('bridge /api/METHOD');
        const before = server.bridge.version();
        const answer = await send('POST', `/api/${method}`, { ...json, host: own(), origin: `http://${own()}` }, body);
        expect(answer.status, `${method} ${body.slice(0, 80)}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        expectNoLeak(answer.text, [], `${method} ${body.slice(0, 80)}`);
        const refused = answer.status >= 400 || (JSON.parse(answer.text) as { value?: { ok?: boolean } }).value?.ok === false;
        await server.bridge.idle();
        if (refused) expect(server.bridge.version(), `${method} ${body.slice(0, 80)} wrote though refused`).toBe(before);
      }),
      { numRuns: 600 },
    );
  }, 60_000);

  it('random routes and methods: never a 500', async () => {
    const segment = fc.oneof(fc.constantFrom('api', 'sidebar', 'workbench', 'state', 'rows', 'cell', 'select', 'unsubscribe', '%E0%A4%A', '..', '%00', ''), fc.string({ maxLength: 8 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.array(segment, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '?tab=Customers&offset=-1', '?tab=%E0%A4%A', '?token=x'), args, async (method, parts, query, body) => {
        tally('routes');
        const answer = await send(method, `/${parts.join('/')}${query}`, { ...json, host: own() }, method === 'GET' ? '' : body);
        expect(answer.status, `${method} /${parts.join('/')}${query}`).toBeLessThan(500);
        expectNoLeak(answer.text, [], `${method} /${parts.join('/')}`);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
