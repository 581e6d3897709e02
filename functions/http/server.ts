import { createServer, type Server } from 'node:http';
import { sendJson, type HttpFunction } from './serve';

/** Which functions the server answers: all of them, each at /NAME, or one at every path (one per Cloud Run service). */
export interface ServerOptions {
  only?: string;
}

/**
 * Our own small HTTP server for the functions: plain node:http, no body parser in front, so each function reads
 * its own body after verifying the caller, with its limits. Used by `npm run functions` and in the container.
 */
export function createFunctionsServer(table: Readonly<Record<string, HttpFunction>>, options: ServerOptions = {}): Server {
  if (options.only !== undefined && !(options.only in table)) throw new Error(`no function named ${options.only}; known: ${Object.keys(table).join(', ')}`);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const name = options.only ?? path.split('/')[1] ?? '';
    const fn = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!fn) return sendJson(res, 404, { error: `no function here; try ${Object.keys(table).map((n) => `/${n}`).join(', ')}` }, {}, true);
    fn(req, res).catch((error: unknown) => {
      console.error(error);
      sendJson(res, 500, { error: 'internal error' });
    });
  });
  // Bytes that are not HTTP (a body without a length, a broken header) get a JSON 400, like every other refusal.
  server.on('clientError', (_error, socket) => {
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({ error: 'malformed HTTP request' });
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  });
  // A client that stalls must not hold a connection for ever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 600_000;
  return server;
}
