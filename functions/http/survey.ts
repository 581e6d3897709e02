import { escapeHtml, recordSurveyAnswer, SURVEY_COMMENT_MAX, verifySurveyToken, type SurveyClaim } from '../../shared/greetings';
import { backendSigner, openBackendSheet } from '../greetings/backend';
import { parseFormBody, readBody, SMALL_BODY } from './body';
import { queryOf, type HttpFunction } from './serve';
import type { UnsubscribeDeps } from './unsubscribe';

/** What the survey route needs: the unsubscribe signing key (survey links are signed with it), the document and a clock. */
export type SurveyDeps = UnsubscribeDeps;

/** A request reduced to what the route reads, so the workbench can mount it on any server. */
export interface SurveyRequest {
  method: string;
  query: Readonly<Record<string, string>>;
  /** The parsed form body of a POST (`token`, `comment`), if any. */
  body: unknown;
  /** The Accept header: a caller asking for JSON gets its refusals as JSON. */
  accept?: string;
}

/** An answer: an HTML page, or a JSON refusal for a caller that asked for JSON. */
export interface SurveyResponse {
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

function page(status: number, title: string, inner: string): SurveyResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}.score{font-size:2.5rem;font-weight:600}textarea{width:100%;box-sizing:border-box;font:inherit;min-height:6rem}button{font:inherit;margin-top:.75rem;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #444;background:#fff;cursor:pointer}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${inner}
</body></html>
`;
  return { status, headers: { ...HEADERS }, body };
}

function refusal(request: SurveyRequest, status: number, error: string, title: string, text: string): SurveyResponse {
  if (/application\/json/i.test(request.accept ?? '')) {
    return { status, headers: { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8' }, body: `${JSON.stringify({ error })}\n` };
  }
  return page(status, title, `<p>${escapeHtml(text)}</p>`);
}

function field(request: SurveyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?.[name] === 'string' ? body[name] : '';
}

function tokenOf(request: SurveyRequest): string {
  const fromQuery = request.query.token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : field(request, 'token');
}

function scoreLine(claim: SurveyClaim): string {
  return `<p>Your score: <span class="score">${claim.score}</span> out of ${claim.max}</p>`;
}

/**
 * The public survey route. It trusts nothing but its own signed token (message and score): GET shows the
 * chosen score and a comment box and records nothing (mail scanners follow links); POST — the page's own
 * form, which carries the token, so no other site can forge an answer — records the answer as an
 * Interaction of kind `survey`, replacing an earlier answer to the same message. A token that is not ours,
 * was changed or is too old is refused with 403; answers never echo the token or any personal data.
 */
export async function handleSurveyRequest(request: SurveyRequest, deps: SurveyDeps): Promise<SurveyResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    const answer = refusal(request, 405, 'method_not_allowed', 'Not allowed', 'Use the link in the e-mail.');
    return { ...answer, headers: { ...answer.headers, Allow: 'GET, POST' } };
  }
  const token = tokenOf(request);
  const nowMs = deps.now();
  const check = token === '' ? ({ ok: false, reason: 'invalid' } as const) : verifySurveyToken(token, await deps.signer(), new Date(nowMs).toISOString().slice(0, 10));
  if (!check.ok) {
    return check.reason === 'expired'
      ? refusal(request, 403, 'expired', 'This survey has closed', 'Thank you for following the link; this survey is no longer taking answers.')
      : refusal(request, 403, 'invalid_token', 'This link does not work', 'The survey link is incomplete or was changed. Please use the link from the e-mail as it arrived.');
  }
  const { claim } = check;
  if (method !== 'POST') {
    const action = `?token=${encodeURIComponent(token)}`;
    return page(
      200,
      'Confirm your rating',
      `${scoreLine(claim)}
<p>Your answer counts once you press the button below.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="comment">Anything you would like to tell us? (optional)</label>
<textarea id="comment" name="comment" maxlength="${SURVEY_COMMENT_MAX}"></textarea>
<button type="submit">Send my answer</button>
</form>`,
    );
  }
  const at = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await deps.withWorkbook((wb) => recordSurveyAnswer(wb, claim, { at, comment: field(request, 'comment') }));
  // The same page whatever was found: an erased or unknown customer is not revealed.
  return page(200, 'Thank you', `${scoreLine(claim)}<p>Your answer is recorded. If you change your mind, the links in the e-mail let you answer again; we keep your latest answer.</p>`);
}

/** The HTTP entry of the survey route (public: no ID token is asked for; a small form body at most). */
export function surveyFunction(deps: () => SurveyDeps): HttpFunction {
  return async (req, res) => {
    const reply = (answer: SurveyResponse, close = false): void => {
      if (res.headersSent) return;
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      if (close) res.setHeader('Connection', 'close');
      res.end(answer.body);
    };
    try {
      const read = await readBody(req, SMALL_BODY);
      if (!read.ok) return reply(page(read.fault.status, 'This request cannot be read', '<p>Please use the link from the e-mail as it arrived.</p>'), true);
      const accept = req.headers.accept;
      reply(await handleSurveyRequest({ method: req.method ?? 'GET', query: queryOf(req), body: parseFormBody(req, read.bytes), ...(accept ? { accept } : {}) }, deps()));
    } catch (error) {
      // The reason goes to the log, not to the visitor.
      console.error(error);
      reply(page(503, 'Please try again', '<p>We could not record your answer just now. Please try again in a few minutes.</p>'));
    }
  };
}

/** The survey route's dependencies in production: the functions' signing key and the business's sheet. */
export function surveyDepsFromEnv(env: Readonly<Record<string, string | undefined>>): SurveyDeps {
  return {
    signer: () => backendSigner(env),
    withWorkbook: async (fn) => {
      const { wb, commit } = await openBackendSheet(env, ['Settings', 'Customers', 'Interactions']);
      const result = fn(wb);
      await commit();
      return result;
    },
    now: () => Date.now(),
  };
}

/** The deployed `survey` function (public route; the sheet and key come from the environment). */
export function surveyRoute(): HttpFunction {
  return surveyFunction(() => surveyDepsFromEnv(process.env));
}
