import { escapeHtml, type Mailer, type OutgoingMessage, type SendResult } from '../../../shared/greetings';
import type { MailAppPort } from './ports';
import { unsubscribeLinkOf } from './unsubscribe-link';

/**
 * The add-on's fallback mailer. MailApp cannot set headers (no List-Unsubscribe, no Message-ID, From is the
 * account itself), so the unsubscribe link must be in the body: it is added to the text and HTML parts when
 * they do not already carry it. Its quota is MailApp.getRemainingDailyQuota().
 */
export class MailAppMailer implements Mailer {
  readonly name = 'mailapp';

  constructor(private readonly mailApp: MailAppPort) {}

  remainingQuota(): number {
    return this.mailApp.getRemainingDailyQuota();
  }

  send(message: OutgoingMessage): Promise<SendResult> {
    return Promise.resolve(this.sendNow(message));
  }

  sendNow(message: OutgoingMessage): SendResult {
    const link = unsubscribeLinkOf(message);
    let body = message.text;
    let htmlBody = message.html;
    if (link && !body.includes(link)) body = `${body.trimEnd()}\n\n--\nUnsubscribe: ${link}\n`;
    const htmlLink = link ? escapeHtml(link) : undefined;
    if (htmlLink && !htmlBody.includes(htmlLink)) {
      const footer = `<p style="font-size:12px;color:#666"><a href="${htmlLink}">Unsubscribe</a></p>`;
      htmlBody = /<\/body>/i.test(htmlBody) ? htmlBody.replace(/<\/body>/i, `${footer}</body>`) : `${htmlBody}${footer}`;
    }
    try {
      this.mailApp.sendEmail({
        to: message.to,
        subject: message.subject,
        body,
        htmlBody,
        ...(message.from.name ? { name: message.from.name } : {}),
        replyTo: message.replyTo ?? message.from.address,
      });
    } catch (error) {
      return mailAppFault(error);
    }
    return { ok: true, messageId: message.messageId };
  }
}

/**
 * How a MailApp exception maps onto SendResult. MailApp checks its quota and the address before sending, so
 * those are certain refusals; anything else may have happened after the message left, so it is uncertain.
 */
export function mailAppFault(error: unknown): SendResult & { ok: false } {
  const text = error instanceof Error ? error.message : String(error);
  if (/too many times|quota/i.test(text)) return { ok: false, fault: 'transient', scope: 'transport', code: 'mailapp_quota' };
  if (/invalid (email|argument)/i.test(text)) return { ok: false, fault: 'permanent', scope: 'message', code: 'mailapp_invalid_address' };
  if (/authori[sz]ation|permission/i.test(text)) return { ok: false, fault: 'permanent', scope: 'transport', code: 'mailapp_not_authorised' };
  return { ok: false, fault: 'uncertain', scope: 'message', code: 'mailapp_error' };
}
