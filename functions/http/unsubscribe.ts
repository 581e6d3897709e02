import { escapeHtml, recordUnsubscribe, verifyUnsubscribeToken } from '../../shared/greetings';
import { unsubscribeDepsFromEnv, type UnsubscribeDeps } from '../greetings';
import { htmlPage, linkToken, PAGE_HEADERS, publicPageFunction, type PageRequest, type PageResponse } from './public-page';
import type { HttpFunction } from './serve';

/** A request reduced to what the route reads (the form of a POST is `List-Unsubscribe=One-Click`), so the workbench can mount it on any server. */
export type UnsubscribeRequest = PageRequest;

/** An HTML answer. */
export type UnsubscribeResponse = PageResponse;

const CSS = 'button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #444;background:#fff;cursor:pointer}';
const page = (status: number, title: string, inner: string): UnsubscribeResponse => htmlPage(status, title, inner, CSS);
const tokenOf = linkToken;

/**
 * The public unsubscribe route. It trusts nothing but its own signed token: GET shows a confirmation page
 * and changes nothing (mail scanners follow links); POST — the RFC 8058 one-click request a mail client
 * sends (`List-Unsubscribe=One-Click`), or the page's button — records `unsubscribed_at` and a Consent log
 * row. Answers never echo the token or any personal data.
 */
export async function handleUnsubscribeRequest(request: UnsubscribeRequest, deps: UnsubscribeDeps): Promise<UnsubscribeResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    return { ...page(405, 'Not allowed', '<p>Use the link in the e-mail.</p>'), headers: { ...PAGE_HEADERS, Allow: 'GET, POST' } };
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
  return publicPageFunction((request) => handleUnsubscribeRequest(request, deps()), () => page(503, 'Please try again', '<p>We could not record your request just now. Please try again in a few minutes.</p>'));
}

/** The deployed `unsubscribe` function (public route; the sheet and key come from the environment). */
export function unsubscribeRoute(): HttpFunction {
  return unsubscribeFunction(() => unsubscribeDepsFromEnv(process.env));
}
