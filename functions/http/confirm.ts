import { e164Phone, type PhoneNormaliser } from '../../shared/dedupe';
import { checkConfirmForm, confirmRulesOf, datePattern, escapeHtml, readConfirmDetails, recordConfirmation, verifyConfirmToken, type ConfirmClaim, type ConfirmDetails, type ConfirmField } from '../../shared/greetings';
import type { DateOrder } from '../../shared/workbook';
import { backendSigner, withBackendSheet, type UnsubscribeDeps } from '../greetings';
import { checkLinkToken } from './link-check';
import { formField, htmlPage, linkToken, publicPageFunction, refusalPage, type PageRequest, type PageResponse } from './public-page';
import type { HttpFunction } from './serve';

/** What the confirm route needs: the unsubscribe signing key (confirm links are signed with it), the document, a clock, and the phone normaliser. */
export interface ConfirmDeps extends UnsubscribeDeps {
  /** Reads a typed phone as E.164 in the business's country (default: libphonenumber-js through shared/dedupe). */
  normalisePhone?: PhoneNormaliser;
}

/** A request reduced to what the route reads (`token`, `email`, `phone`, `birth_date` in the form), so the workbench can mount it on any server. */
export type ConfirmRequest = PageRequest;

/** An answer: an HTML page, or a JSON refusal for a caller that asked for JSON. */
export type ConfirmResponse = PageResponse;

const CSS = 'label{display:block;margin-top:1rem;font-weight:600}input{width:100%;box-sizing:border-box;font:inherit;padding:.35rem}input[aria-invalid=true]{border:2px solid #b00020}.hint{color:#555;font-size:.9rem;margin:.2rem 0}.error{color:#b00020;margin:.2rem 0}button{font:inherit;margin-top:1.25rem;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #444;background:#fff;cursor:pointer}';
const page = (status: number, title: string, inner: string): ConfirmResponse => htmlPage(status, title, inner, CSS);
const refusal = (request: ConfirmRequest, status: number, error: string, title: string, text: string): ConfirmResponse => refusalPage(request, status, error, title, text, CSS);
const field = formField;
const tokenOf = linkToken;

const LABELS: Readonly<Record<ConfirmField, string>> = { email: 'E-mail', phone: 'Phone', birth_date: 'Birthday' };

/** The form, filled with `values` (escaped), each refused field marked with its reason right below it; the first one has the focus. */
function form(token: string, values: ConfirmDetails, order: DateOrder, errors: Partial<Record<ConfirmField, string>> = {}): string {
  const first = (['email', 'phone', 'birth_date'] as const).find((f) => errors[f] !== undefined);
  const hints: Readonly<Record<ConfirmField, string>> = { email: '', phone: 'With the country code if it is not a local number.', birth_date: `As ${datePattern(order)}, or --MM-DD without the year. Leave blank if you prefer.` };
  const input = (name: ConfirmField, type: string): string => {
    const error = errors[name];
    const described = [hints[name] ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
    return `<label for="${name}">${LABELS[name]}</label>
${hints[name] ? `<p class="hint" id="${name}-hint">${escapeHtml(hints[name])}</p>` : ''}
<input id="${name}" name="${name}" type="${type}" value="${escapeHtml(values[name])}"${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}${first === name ? ' autofocus' : ''}>
${error ? `<p class="error" id="${name}-error">${escapeHtml(error)}</p>` : ''}`;
  };
  return `<form method="post" action="${escapeHtml(`?token=${encodeURIComponent(token)}`)}" novalidate>
<input type="hidden" name="token" value="${escapeHtml(token)}">
${input('email', 'email')}
${input('phone', 'tel')}
${input('birth_date', 'text')}
<button type="submit">These are correct</button>
</form>`;
}

const NOT_FOUND = '<p>We could not find your details. They may have been removed at your request; if you think this is a mistake, reply to our e-mail.</p>';

/**
 * The public "confirm your details" route. It trusts nothing but its own signed token (customer and message):
 * GET shows the customer's e-mail, phone and birthday in a form and changes nothing (mail scanners follow
 * links); POST — the page's own form, which carries the token — checks what was typed, refuses an invalid value
 * next to its field with nothing saved (422), else writes the changed fields, stamps last_verified_at and logs
 * the change as an Interaction. A token that is not ours, was changed or is too old is refused with 403.
 */
export async function handleConfirmRequest(request: ConfirmRequest, deps: ConfirmDeps): Promise<ConfirmResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    const answer = refusal(request, 405, 'method_not_allowed', 'Not allowed', 'Use the link in the e-mail.');
    return { ...answer, headers: { ...answer.headers, Allow: 'GET, POST' } };
  }
  const token = tokenOf(request);
  const nowMs = deps.now();
  const check = await checkLinkToken(token, nowMs, deps, verifyConfirmToken);
  if (!check.ok) {
    return check.reason === 'expired'
      ? refusal(request, 403, 'expired', 'This link has expired', 'Thank you for following the link; it is no longer valid. Reply to our e-mail if your details have changed.')
      : refusal(request, 403, 'invalid_token', 'This link does not work', 'The link is incomplete or was changed. Please use the link from the e-mail as it arrived.');
  }
  const claim: ConfirmClaim = check.claim;
  if (method !== 'POST') {
    const shown = await deps.withWorkbook((wb) => ({ details: readConfirmDetails(wb, claim), order: confirmRulesOf(wb).order }));
    if (!shown.details) return page(200, 'Your details', NOT_FOUND);
    return page(200, 'Please confirm your details', `<p>Is this still right? Correct anything that has changed, then press the button. Nothing changes until you do.</p>\n${form(token, shown.details, shown.order)}`);
  }
  const typed: ConfirmDetails = { email: field(request, 'email'), phone: field(request, 'phone'), birth_date: field(request, 'birth_date') };
  const at = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const normalise = deps.normalisePhone ?? e164Phone;
  const result = await deps.withWorkbook((wb) => {
    const rules = confirmRulesOf(wb, nowMs);
    const checked = checkConfirmForm(typed, { ...rules, normalise });
    if (!checked.ok) return { refused: checked.errors, order: rules.order };
    return { outcome: recordConfirmation(wb, claim, checked.values, { at, today: rules.today }), order: rules.order };
  });
  if ('refused' in result) {
    return page(422, 'Please check your details', `<p>Some of what you typed could not be saved; nothing was changed.</p>\n${form(token, typed, result.order, result.refused)}`);
  }
  if (result.outcome.status === 'unknown') return page(200, 'Your details', NOT_FOUND);
  return page(200, 'Thank you', `<p>${result.outcome.changed.length === 0 ? 'Your details are confirmed.' : 'Your details are updated and confirmed.'} You can close this page.</p>`);
}

/** The HTTP entry of the confirm route (public: no ID token is asked for; a small form body at most). */
export function confirmFunction(deps: () => ConfirmDeps): HttpFunction {
  return publicPageFunction((request) => handleConfirmRequest(request, deps()), () => page(503, 'Please try again', '<p>We could not save your details just now. Please try again in a few minutes.</p>'));
}

/** The confirm route's dependencies in production: the functions' signing key and the business's sheet. */
export function confirmDepsFromEnv(env: Readonly<Record<string, string | undefined>>): ConfirmDeps {
  return {
    signer: () => backendSigner(env),
    withWorkbook: withBackendSheet(env, ['Settings', 'Customers', 'Interactions']),
    now: () => Date.now(),
    normalisePhone: e164Phone,
  };
}

/** The deployed `confirm` function (public route; the sheet and key come from the environment). */
export function confirmRoute(): HttpFunction {
  return confirmFunction(() => confirmDepsFromEnv(process.env));
}
