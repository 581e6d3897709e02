import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { localUnsubscribeDeps } from '../greetings';
import { handleConfirmRequest, handleSurveyRequest, handleUnsubscribeRequest } from '../http';
import { withRowIds, type AssignedIds } from '../../shared/api';
import { applyGridEdit, columnLabel, gridAccess, parseSettings, SETTINGS_TAB, sidebarLabel, writeSettings } from '../../shared/workbook';
import { workbenchPublicUrl } from '../../shared/greetings';
import type { XlsxWorkbook } from '../workbook';
import { BridgeRefusal, createBridge, type Bridge } from './bridge';
import { parseCellRequest } from './cell';
import { PAGE_HTML } from './page';
import { localPrefsFile } from './prefs';
import { pageRows } from './rows';
import { listSidebars, sidebarHtml } from './sidebars';

export interface WorkbenchOptions {
  wb: XlsxWorkbook;
  /** The .xlsx file the workbook was opened from (saved there after each change). */
  workbookPath: string;
  /** The built add-on (dist/addon): its *.html files are the sidebars. */
  addonDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  user?: string;
  /** The clock the server API sees (ISO date-time); tests pin it. Default: the real time. */
  now?: () => string;
}

export interface RunningWorkbench {
  url: string;
  port: number;
  bridge: Bridge;
  close(): Promise<void>;
}

/** Room for an import file, which travels as base64 inside the JSON body (as google.script.run carries it). */
const MAX_BODY = 64 * 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);

/**
 * The body of a POST as JSON. Only application/json from this origin is accepted: a page elsewhere can then
 * neither post a simple form here nor call the bridge cross-origin, since that needs a preflight we never grant.
 */
async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send application/json');
  const text = await readText(req);
  try {
    return text === '' ? [] : (JSON.parse(text) as unknown);
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

/** The body as text, refused past MAX_BODY. */
async function readText(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length']) > MAX_BODY) throw new HttpError(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A percent-encoded path segment, decoded; malformed escapes are the caller's mistake (400), not ours. */
function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, 'the address has a malformed %-escape');
  }
}

/**
 * The Host names this server answers to: loopback names (and the host it was bound to) with its port. A page on
 * another name that resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
 */
function ownHosts(host: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (host !== '0.0.0.0' && host !== '::') names.push(host.includes(':') ? `[${host}]` : host.toLowerCase());
  return new Set(names.map((name) => `${name}:${port}`));
}

/** Refuses a request not addressed to this server by its own name, or sent from another origin's page. */
function checkHostAndOrigin(req: IncomingMessage, hosts: ReadonlySet<string>, route: string): void {
  if (!hosts.has((req.headers.host ?? '').toLowerCase())) throw new HttpError(421, 'this workbench answers only to its own address (http://localhost:PORT)');
  const origin = req.headers.origin;
  // The unsubscribe page's own form posts with Origin "null" (its Referrer-Policy is no-referrer); its token is its guard.
  if ((route === '/unsubscribe' || route === '/survey' || route === '/confirm') && origin === 'null') return;
  const lower = origin?.toLowerCase();
  if (lower !== undefined && !(lower.startsWith('http://') && hosts.has(lower.slice('http://'.length)))) throw new HttpError(403, 'cross-origin calls are refused');
}

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw new HttpError(400, `${name} must be a whole number`);
  return Number(text);
}

/** Starts the workbench's HTTP server; resolves once it listens. */
export async function startWorkbenchServer(options: WorkbenchOptions): Promise<RunningWorkbench> {
  const { wb, addonDir } = options;
  const bridge = createBridge({
    wb,
    user: options.user ?? 'workbench@localhost',
    outboxDir: path.join(path.dirname(options.workbookPath), 'outbox'),
    prefsFile: localPrefsFile(options.workbookPath),
    ...(options.now ? { now: options.now } : {}),
  });
  // Links in mail the CLI or a sidebar's test send wrote point here when Settings has no backend_url.
  const unsubscribeDeps = localUnsubscribeDeps(options.workbookPath, (fn) => bridge.withWorkbook(fn));
  const version = () => ({ 'x-workbook-version': String(bridge.version()) });
  const now = options.now ?? (() => new Date().toISOString());

  let hosts: ReadonlySet<string> = new Set();
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Prefixed, not resolved: a path such as // would otherwise be read as a host and throw.
    const url = new URL(`http://workbench.local${(req.url ?? '/').startsWith('/') ? req.url : '/'}`);
    const route = url.pathname;
    checkHostAndOrigin(req, hosts, route);
    if (req.method === 'GET' && route === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
    if (req.method === 'GET' && route === '/favicon.ico') return send(res, 204, 'text/plain', '');
    if (req.method === 'GET' && route === '/workbench/state') {
      const tabs = wb.tabNames().map((name) => ({ name, rows: wb.rowCount(name) ?? 0 }));
      const sidebars = await listSidebars(addonDir);
      const sidebarLabels = Object.fromEntries(sidebars.map((name) => [name, sidebarLabel(name)]));
      return sendJson(res, 200, { workbook: path.basename(options.workbookPath), tabs, sidebars, sidebarLabels, version: bridge.version(), selection: bridge.selection() ?? null });
    }
    if (req.method === 'GET' && route === '/workbench/rows') {
      const tab = url.searchParams.get('tab') ?? '';
      const grid = wb.read(tab);
      if (!grid) throw new HttpError(404, 'no such tab');
      const page = pageRows(tab, grid, intParam(url.searchParams, 'offset', 0), intParam(url.searchParams, 'limit', 100), url.searchParams.get('q') ?? '');
      // Labels are for display only: the header row keeps the contract's names (the page shows them as tooltips).
      return sendJson(res, 200, { ...page, labels: page.header.map(columnLabel), access: gridAccess(tab, page.header) }, version());
    }
    if (req.method === 'POST' && route === '/workbench/select') {
      const body = await readJson(req);
      const sel = body as { tab?: unknown; row?: unknown } | null;
      if (sel === null || typeof sel !== 'object' || typeof sel.tab !== 'string' || typeof sel.row !== 'number' || !Number.isInteger(sel.row) || sel.row < 2) {
        throw new HttpError(400, 'select needs { tab: string, row: whole number ≥ 2 }');
      }
      bridge.select({ tab: sel.tab, row: sel.row });
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && route === '/workbench/cell') {
      // readJson refuses other origins, so only this page can type into the workbook.
      const edit = parseCellRequest(await readJson(req));
      if (!edit) throw new HttpError(400, 'cell needs { tab, row: number | "new", col, header, value: string, seen?, id? }');
      // Through the same id-giving view of the workbook the sidebar calls use: rows typed without an id get one.
      const result = await bridge.withWorkbook((book) => {
        const assigned: AssignedIds[] = [];
        const answer = applyGridEdit(withRowIds(book, assigned), edit, now());
        return { ...answer, idsGiven: assigned.map((a) => ({ tab: a.tab, rows: a.rows, ids: a.ids })) };
      });
      return sendJson(res, 200, result, version());
    }
    if (req.method === 'GET' && route.startsWith('/sidebar/')) {
      const html = await sidebarHtml(addonDir, decodeSegment(route.slice('/sidebar/'.length)));
      if (html === undefined) throw new HttpError(404, 'no such sidebar');
      return send(res, 200, 'text/html; charset=utf-8', html);
    }
    if (route === '/unsubscribe') {
      const query = Object.fromEntries(url.searchParams);
      const body = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readText(req))) : undefined;
      const answer = await handleUnsubscribeRequest({ method: req.method ?? 'GET', query, body }, unsubscribeDeps);
      return send(res, answer.status, answer.headers['Content-Type'] ?? 'text/html; charset=utf-8', answer.body);
    }
    if (route === '/survey') {
      // Survey links are signed with the same local key as unsubscribe links, and answered into the same session.
      const body = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readText(req))) : undefined;
      const answer = await handleSurveyRequest({ method: req.method ?? 'GET', query: Object.fromEntries(url.searchParams), body, accept: req.headers.accept ?? '' }, unsubscribeDeps);
      const { 'Content-Type': type = 'text/html; charset=utf-8', ...headers } = answer.headers;
      return send(res, answer.status, type, answer.body, headers);
    }
    if (route === '/confirm') {
      // Confirm links are signed with the same local key as unsubscribe links; GET only reads, POST saves.
      const body = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readText(req))) : undefined;
      const answer = await handleConfirmRequest({ method: req.method ?? 'GET', query: Object.fromEntries(url.searchParams), body, accept: req.headers.accept ?? '' }, unsubscribeDeps);
      const { 'Content-Type': type = 'text/html; charset=utf-8', ...headers } = answer.headers;
      return send(res, answer.status, type, answer.body, headers);
    }
    if (route.startsWith('/api/')) {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST');
      const args = await readJson(req);
      const value = await bridge.call(decodeSegment(route.slice('/api/'.length)), args);
      return sendJson(res, 200, { value }, version());
    }
    throw new HttpError(404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError || error instanceof BridgeRefusal ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) process.stderr.write(`workbench: ${req.method ?? ''} ${req.url ?? ''}: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
      // A body left unread (a 413, a refusal before reading) would be parsed as the next request: close instead.
      if (!res.headersSent) sendJson(res, status, { error: message }, { ...version(), ...(req.complete ? {} : { connection: 'close' }) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} is already in use; pass --port N or set PORT`) : error),
    );
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  hosts = ownHosts(host, port);
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  // Links in mail (unsubscribe) must reach this workbench: its real address, port included, goes into Settings
  // public_url when that is blank or names another local port (a value the owner typed wrong is left alone).
  await bridge.withWorkbook((book) => {
    const parsed = parseSettings(book.read(SETTINGS_TAB));
    if (parsed.issues.some((i) => i.key === 'public_url')) return;
    const own = `http://${shown === '127.0.0.1' ? 'localhost' : shown}:${port}`;
    const next = workbenchPublicUrl(parsed.settings.public_url, own);
    if (next !== undefined) writeSettings(book, { public_url: next });
  });
  return {
    url: `http://${shown}:${port}/`,
    port,
    bridge,
    async close() {
      await bridge.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
