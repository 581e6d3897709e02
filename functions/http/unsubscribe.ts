import { escapeHtml, recordUnsubscribe, verifyUnsubscribeToken, type Signer } from '../../shared/greetings';
import type { Workbook } from '../../shared/workbook';
import { unsubscribeDepsFromEnv } from '../greetings/backend';
import { parseFormBody, readBody, SMALL_BODY } from './body';
import { queryOf, type HttpFunction } from './serve';

/** What the unsubscribe route needs: its own signing key and the document the links belong to. */
export interface UnsubscribeDeps {
  signer: () => Promise<Signer>;
  /** Opens the document, runs fn on it, makes its writes durable (save the file, flush the sheet) and returns fn's result. */
  withWorkbook: <T>(fn: (wb: Workbook) => T) => Promise<T>;
  now: () => number;
}

/** A request reduced to what the route reads, so the workbench can mount it on any server. */
export interface UnsubscribeRequest {
  method: string;
  query: Readonly<Record<string, string>>;
  /** The parsed form body of a POST (`List-Unsubscribe=One-Click`), if any. */
  body: unknown;
}

/** An HTML answer. */
export interface UnsubscribeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

function page(status: number, title: string, inner: string): UnsubscribeResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #444;background:#fff;cursor:pointer}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${inner}
</body></html>
`;
  return { status, headers: { ...HEADERS }, body };
}

function tokenOf(request: UnsubscribeRequest): string {
  const fromQuery = request.query.token;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?.token === 'string' ? body.token : '';
}

/**
 * The public unsubscribe route. It trusts nothing but its own signed token: GET shows a confirmation page
 * and changes nothing (mail scanners follow links); POST — the RFC 8058 one-click request a mail client
 * sends (`List-Unsubscribe=One-Click`), or the page's button — records `unsubscribed_at` and a Consent log
 * row. Answers never echo the token or any personal data.
 */
export async function handleUnsubscribeRequest(request: UnsubscribeRequest, deps: UnsubscribeDeps): Promise<UnsubscribeResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    return { ...page(405, 'Not allowed', '<p>Use the link in the e-mail.</p>'), headers: { ...HEADERS, Allow: 'GET, POST' } };
  }
  const token = tokenOf(request);
  const claim = token === '' ? undefined : verifyUnsubscribeToken(token, await deps.signer());
  if (!claim) return page(400, 'This link does not work', '<p>The unsubscribe link is incomplete or was changed. Please use the link from the e-mail as it arrived, or reply to the e-mail and ask us to stop.</p>');
  if (method !== 'POST') {
    const action = `?token=${encodeURIComponent(token)}`;
    return page(
      200,
      'Unsubscribe?',
      `<p>Stop receiving these e-mails from us?</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  }
  const at = new Date(deps.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const source = claim.campaign ? `unsubscribe link (${claim.campaign})` : 'unsubscribe link';
  await deps.withWorkbook((wb) => recordUnsubscribe(wb, claim, { at, source, by: 'recipient' }));
  // The same page whatever was found: an erased or unknown customer is not revealed.
  return page(200, 'You are unsubscribed', '<p>You will not receive these e-mails from us any more. If this was a mistake, reply to any of our e-mails.</p>');
}

/** The HTTP entry of the unsubscribe route (public: no ID token is asked for; a small form body at most). */
export function unsubscribeFunction(deps: () => UnsubscribeDeps): HttpFunction {
  return async (req, res) => {
    const reply = (answer: UnsubscribeResponse, close = false): void => {
      if (res.headersSent) return;
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      if (close) res.setHeader('Connection', 'close');
      res.end(answer.body);
    };
    try {
      const read = await readBody(req, SMALL_BODY);
      if (!read.ok) return reply(page(read.fault.status, 'This request cannot be read', '<p>Please use the link from the e-mail as it arrived.</p>'), true);
      reply(await handleUnsubscribeRequest({ method: req.method ?? 'GET', query: queryOf(req), body: parseFormBody(req, read.bytes) }, deps()));
    } catch (error) {
      // The reason goes to the log, not to the visitor; a 5xx lets a mail client retry the one-click POST.
      console.error(error);
      reply(page(503, 'Please try again', '<p>We could not record your request just now. Please try again in a few minutes.</p>'));
    }
  };
}

/** The deployed `unsubscribe` function (public route; the sheet and key come from the environment). */
export function unsubscribeRoute(): HttpFunction {
  return unsubscribeFunction(() => unsubscribeDepsFromEnv(process.env));
}
