// What the public pages behind signed mail links (unsubscribe, survey, confirm) share: the request and answer
// shapes, the page frame with its security headers, reading the token and form fields, and the HTTP entry that
// reads a small form body and keeps a failure's reason in the log.
import { escapeHtml } from '../../shared/greetings';
import { parseFormBody, readBody, SMALL_BODY } from './body';
import { queryOf, type HttpFunction } from './serve';

/** A request reduced to what a page reads, so the workbench can mount the page on any server. */
export interface PageRequest {
  method: string;
  query: Readonly<Record<string, string>>;
  /** The parsed form body of a POST, if any. */
  body: unknown;
  /** The Accept header: a caller asking for JSON gets refusals as JSON. */
  accept?: string;
}

/** An answer: an HTML page, or a JSON refusal. */
export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers of every page: never cached, no referrer, nothing loaded from elsewhere, never framed. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const BASE_CSS = 'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}';

/** A page with an escaped title; `inner` is markup the caller has escaped, `css` the page's own rules. */
export function htmlPage(status: number, title: string, inner: string, css = ''): PageResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>${BASE_CSS}${css}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${inner}
</body></html>
`;
  return { status, headers: { ...PAGE_HEADERS }, body };
}

/** A refusal: JSON `{"error"}` for a caller that asked for JSON, else a page saying `text`. */
export function refusalPage(request: PageRequest, status: number, error: string, title: string, text: string, css = ''): PageResponse {
  if (/application\/json/i.test(request.accept ?? '')) {
    return { status, headers: { ...PAGE_HEADERS, 'Content-Type': 'application/json; charset=utf-8' }, body: `${JSON.stringify({ error })}\n` };
  }
  return htmlPage(status, title, `<p>${escapeHtml(text)}</p>`, css);
}

/** A text field of the posted form ('' when absent). */
export function formField(request: PageRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?.[name] === 'string' ? body[name] : '';
}

/** The link's token: from the query (GET, one-click POST), else from the form. */
export function linkToken(request: PageRequest): string {
  const fromQuery = request.query.token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : formField(request, 'token');
}

/**
 * The HTTP entry of a public page (no ID token is asked for): reads a small form body (refusing more, and closing
 * the connection), hands the page its request, and answers a failure with `failure` while the reason goes to the log.
 */
export function publicPageFunction(handle: (request: PageRequest) => Promise<PageResponse>, failure: () => PageResponse): HttpFunction {
  return async (req, res) => {
    const reply = (answer: PageResponse, close = false): void => {
      if (res.headersSent) return;
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      if (close) res.setHeader('Connection', 'close');
      res.end(answer.body);
    };
    try {
      const read = await readBody(req, SMALL_BODY);
      if (!read.ok) return reply(htmlPage(read.fault.status, 'This request cannot be read', '<p>Please use the link from the e-mail as it arrived.</p>'), true);
      const accept = req.headers.accept;
      reply(await handle({ method: req.method ?? 'GET', query: queryOf(req), body: parseFormBody(req, read.bytes), ...(accept ? { accept } : {}) }));
    } catch (error) {
      // The reason goes to the log, not to the visitor; a 5xx lets a mail client retry.
      console.error(error);
      reply(failure());
    }
  };
}
