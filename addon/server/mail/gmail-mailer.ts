import { base64, buildMime, utf8, type Mailer, type OutgoingMessage, type SendResult } from '../../../shared/greetings';
import type { DailyCounter } from './daily-counter';
import type { FetchResponse, UrlFetchPort } from './ports';

/** The Gmail API endpoint that sends a raw RFC 822 message as the signed-in user. */
export const GMAIL_SEND_URL = 'https://gmail.googleapis.com/gmail/v1/users/me/messages/send';

/** What the Gmail mailer needs from Apps Script. */
export interface GmailMailerDeps {
  urlFetch: UrlFetchPort;
  /** ScriptApp.getOAuthToken(): carries the gmail.send scope of the manifest. */
  oauthToken: () => string;
  /** Today's sends against the daily limit. */
  counter: DailyCounter;
}

/**
 * The add-on's main mailer: the message built by shared/greetings buildMime (so List-Unsubscribe and
 * List-Unsubscribe-Post survive, which MailApp cannot do), base64url-encoded and POSTed to the Gmail API.
 * Apps Script calls are synchronous, so `sendNow` answers at once; `send` wraps it for the runner.
 */
export class GmailMailer implements Mailer {
  readonly name = 'gmail';

  constructor(private readonly deps: GmailMailerDeps) {}

  remainingQuota(): number {
    return this.deps.counter.remaining();
  }

  send(message: OutgoingMessage): Promise<SendResult> {
    return Promise.resolve(this.sendNow(message));
  }

  sendNow(message: OutgoingMessage): SendResult {
    const raw = base64(utf8(buildMime(message)), true);
    let response: FetchResponse;
    try {
      response = this.deps.urlFetch.fetch(GMAIL_SEND_URL, {
        method: 'post',
        contentType: 'application/json',
        headers: { Authorization: `Bearer ${this.deps.oauthToken()}` },
        payload: JSON.stringify({ raw }),
        muteHttpExceptions: true,
      });
    } catch (error) {
      const fault = fetchExceptionFault(error);
      if (fault.fault === 'uncertain') this.deps.counter.add();
      return fault;
    }
    const result = gmailResponseResult(response.getResponseCode(), response.getContentText(), message.messageId);
    if (result.ok || result.fault === 'uncertain') this.deps.counter.add();
    return result;
  }
}

/** The first `errors[].reason` of a Google API error body, or '' when there is none. */
function errorReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { errors?: { reason?: unknown }[]; status?: unknown } };
    const reason = parsed.error?.errors?.[0]?.reason ?? parsed.error?.status;
    return typeof reason === 'string' ? reason.replace(/[^A-Za-z0-9_]/g, '').slice(0, 40) : '';
  } catch {
    return '';
  }
}

/**
 * How a Gmail API answer maps onto SendResult. Only certain refusals are `transient` (retried) or `permanent`;
 * a 2xx is sent. Rate and daily limits stop the run without using up the message's attempts (scope
 * `transport`), so the rest waits for the next run instead of being lost.
 */
export function gmailResponseResult(status: number, body: string, messageId: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, messageId };
  const reason = errorReason(body);
  const code = reason ? `gmail_${status}_${reason}` : `gmail_${status}`;
  if (status === 429) return { ok: false, fault: 'transient', scope: 'transport', code };
  if (status === 403 && /^(dailyLimitExceeded|quotaExceeded)$/.test(reason)) return { ok: false, fault: 'transient', scope: 'transport', code };
  if (status === 403 && /^(rateLimitExceeded|userRateLimitExceeded)$/.test(reason)) return { ok: false, fault: 'transient', scope: 'message', code };
  if (status === 401 || status === 403) return { ok: false, fault: 'permanent', scope: 'transport', code };
  if (status === 408 || status === 500 || status === 502 || status === 503 || status === 504) return { ok: false, fault: 'transient', scope: 'message', code };
  return { ok: false, fault: 'permanent', scope: 'message', code };
}

/**
 * How an exception from UrlFetchApp.fetch maps onto SendResult. A connection that was never made (DNS,
 * address unavailable) or a UrlFetch quota is transient for the whole transport; a timeout may come after
 * Gmail accepted the message, so it is uncertain and never resent.
 */
export function fetchExceptionFault(error: unknown): SendResult & { ok: false } {
  const text = error instanceof Error ? error.message : String(error);
  if (/dns error|address unavailable|unable to connect|connection refused|could not connect/i.test(text)) return { ok: false, fault: 'transient', scope: 'transport', code: 'urlfetch_unavailable' };
  if (/too many times|bandwidth quota|rate limit/i.test(text)) return { ok: false, fault: 'transient', scope: 'transport', code: 'urlfetch_quota' };
  if (/timed? ?out/i.test(text)) return { ok: false, fault: 'uncertain', scope: 'message', code: 'urlfetch_timeout' };
  return { ok: false, fault: 'uncertain', scope: 'message', code: 'urlfetch_error' };
}
