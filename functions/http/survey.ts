import { escapeHtml, recordSurveyAnswer, SURVEY_COMMENT_MAX, verifySurveyToken, type SurveyClaim } from '../../shared/greetings';
import { backendSigner, withBackendSheet, type UnsubscribeDeps } from '../greetings';
import { checkLinkToken } from './link-check';
import { formField, htmlPage, linkToken, publicPageFunction, refusalPage, type PageRequest, type PageResponse } from './public-page';
import type { HttpFunction } from './serve';

/** What the survey route needs: the unsubscribe signing key (survey links are signed with it), the document and a clock. */
export type SurveyDeps = UnsubscribeDeps;

/** A request reduced to what the route reads (`token`, `comment` in the form), so the workbench can mount it on any server. */
export type SurveyRequest = PageRequest;

/** An answer: an HTML page, or a JSON refusal for a caller that asked for JSON. */
export type SurveyResponse = PageResponse;

const CSS = '.score{font-size:2.5rem;font-weight:600}textarea{width:100%;box-sizing:border-box;font:inherit;min-height:6rem}button{font:inherit;margin-top:.75rem;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #444;background:#fff;cursor:pointer}';
const page = (status: number, title: string, inner: string): SurveyResponse => htmlPage(status, title, inner, CSS);
const refusal = (request: SurveyRequest, status: number, error: string, title: string, text: string): SurveyResponse => refusalPage(request, status, error, title, text, CSS);
const field = formField;
const tokenOf = linkToken;

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
  const check = await checkLinkToken(token, nowMs, deps, verifySurveyToken);
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
  return publicPageFunction((request) => handleSurveyRequest(request, deps()), () => page(503, 'Please try again', '<p>We could not record your answer just now. Please try again in a few minutes.</p>'));
}

/** The survey route's dependencies in production: the functions' signing key and the business's sheet. */
export function surveyDepsFromEnv(env: Readonly<Record<string, string | undefined>>): SurveyDeps {
  return {
    signer: () => backendSigner(env),
    withWorkbook: withBackendSheet(env, ['Settings', 'Customers', 'Interactions']),
    now: () => Date.now(),
  };
}

/** The deployed `survey` function (public route; the sheet and key come from the environment). */
export function surveyRoute(): HttpFunction {
  return surveyFunction(() => surveyDepsFromEnv(process.env));
}
