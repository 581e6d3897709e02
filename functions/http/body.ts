import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

/** How much a request body may be: as sent (compressed) and once inflated, in bytes. */
export interface BodyLimits {
  maxSentBytes: number;
  maxInflatedBytes: number;
}

/** A body we could not accept, as the status and JSON error the caller gets (never a stack or a path). */
export interface BodyFault {
  status: 400 | 413 | 415 | 503;
  error: string;
}

/** A read body: the bytes once inflated, or why it was refused. */
export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; fault: BodyFault };

/** Small bodies: the routes that take at most a date or a form field. */
export const SMALL_BODY: BodyLimits = { maxSentBytes: 64 * 1024, maxInflatedBytes: 64 * 1024 };

/**
 * Inflated bytes all requests of this process may hold at once while their bodies arrive: each body has its own
 * limit, and this one bounds their sum, so many concurrent large bodies cannot take the instance past its memory.
 */
export const BODY_BUDGET_BYTES = 256 * 1024 * 1024;
let buffered = 0;

/** Bytes of request bodies being read right now (for tests and the load bench). */
export function bufferedBodyBytes(): number {
  return buffered;
}

const CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** Bodies framework parsers already consumed (functions-framework's Express keeps the inflated bytes as rawBody). */
interface PreParsed {
  rawBody?: unknown;
  _body?: unknown;
}

function fault(status: BodyFault['status'], error: string): BodyRead {
  return { ok: false, fault: { status, error } };
}

/** The media type and charset of a Content-Type header, lower case ('' when absent). */
export function contentTypeOf(header: string | undefined): { type: string; charset: string } {
  const [type = '', ...params] = (header ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '') ?? '';
  return { type, charset };
}

/**
 * Reads a request body with both limits enforced while it streams: the bytes as sent (Content-Length is
 * checked before reading) and the bytes once inflated (gzip or deflate), so a small bomb is stopped after
 * `maxInflatedBytes`, not after it has filled memory. Unknown encodings and charsets are a 415.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyRead> {
  const { charset } = contentTypeOf(req.headers['content-type']);
  if (charset !== '' && !CHARSETS.has(charset)) return Promise.resolve(fault(415, `unsupported charset "${charset.slice(0, 40)}": send UTF-8`));
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) return Promise.resolve(fault(415, `unsupported content-encoding "${encoding.slice(0, 40)}": send gzip, deflate or none`));
  const pre = req as IncomingMessage & PreParsed;
  if (pre._body !== undefined || req.readableEnded) {
    // An Express body parser got here first (functions-framework): only the inflated limit can still be applied.
    const raw = Buffer.isBuffer(pre.rawBody) ? pre.rawBody : Buffer.alloc(0);
    return Promise.resolve(raw.length > limits.maxInflatedBytes ? fault(413, `body too large: at most ${limits.maxInflatedBytes} bytes`) : { ok: true, bytes: raw });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxSentBytes) return Promise.resolve(fault(413, `body too large: at most ${limits.maxSentBytes} bytes as sent`));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let sent = 0;
    let inflated = 0;
    let settled = false;
    const inflater: Gunzip | Inflate | undefined = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : undefined;
    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      buffered -= inflated;
      req.removeAllListeners('data');
      inflater?.destroy();
      if (!result.ok) req.resume(); // leave the rest unread; the caller answers with Connection: close
      resolve(result);
    };
    const take = (chunk: Buffer): void => {
      if (settled) return;
      if (inflated + chunk.length > limits.maxInflatedBytes) return finish(fault(413, `body too large: at most ${limits.maxInflatedBytes} bytes once inflated`));
      if (buffered + chunk.length > BODY_BUDGET_BYTES) return finish(fault(503, 'busy: too many large requests at once; try again in a minute'));
      inflated += chunk.length;
      buffered += chunk.length;
      chunks.push(chunk);
    };
    inflater?.on('data', take);
    inflater?.on('error', () => finish(fault(400, `body is not valid ${encoding} data`)));
    inflater?.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks) }));
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      sent += chunk.length;
      if (sent > limits.maxSentBytes) return finish(fault(413, `body too large: at most ${limits.maxSentBytes} bytes as sent`));
      if (inflater) inflater.write(chunk);
      else take(chunk);
    });
    req.on('end', () => {
      if (inflater) inflater.end();
      else finish({ ok: true, bytes: Buffer.concat(chunks) });
    });
    req.on('error', () => finish(fault(400, 'the request body was cut off')));
    // A client that goes away mid-body: settle, so the budget is given back.
    req.on('close', () => {
      if (!req.complete) finish(fault(400, 'the request body was cut off'));
    });
  });
}

/** A JSON body: undefined when empty, else the parsed value; a form, XML or multipart body is a 415, bad JSON a 400. */
export function parseJsonBody(req: IncomingMessage, bytes: Buffer): { ok: true; body: unknown } | { ok: false; fault: BodyFault } {
  if (bytes.length === 0) return { ok: true, body: undefined };
  const { type } = contentTypeOf(req.headers['content-type']);
  // Cloud Scheduler sends a body as application/octet-stream unless its job sets a type; text/plain is a browser's simple POST.
  if (!['', 'application/json', 'text/plain', 'application/octet-stream'].includes(type) && !/^application\/[\w.+-]+\+json$/.test(type)) {
    return { ok: false, fault: { status: 415, error: `expected application/json, not "${type.slice(0, 60)}"` } };
  }
  try {
    return { ok: true, body: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false, fault: { status: 400, error: 'body is not valid JSON' } };
  }
}

/** A form body (application/x-www-form-urlencoded) as its first value per name; other types give {}. */
export function parseFormBody(req: IncomingMessage, bytes: Buffer): Record<string, string> {
  const { type } = contentTypeOf(req.headers['content-type']);
  const form: Record<string, string> = {};
  if (type !== 'application/x-www-form-urlencoded') return form;
  for (const [key, value] of new URLSearchParams(bytes.toString('utf8'))) if (!(key in form)) form[key] = value;
  return form;
}
