import type { PlannedMessage } from './planned-message';
import { escapeHtml, type RenderedContent } from './template';
import type { Signer } from './token';
import { confirmUrl, signConfirmToken } from './confirm-token';

/** The signed "confirm your details" link of a confirm_details message, pointing at base/confirm. */
export function confirmLink(message: PlannedMessage, signer: Signer, base: string): string {
  return confirmUrl(base, signConfirmToken({ customerId: message.customer.record.id.trim(), messageKey: message.key, issued: message.plannedFor }, signer));
}

/**
 * The rendered mail with its confirm link added above the unsubscribe footer (HTML) and before the signature
 * (text), unless the campaign's body already placed it with {{confirm_url}}. The link only opens a page; nothing
 * changes until the customer submits the form there (a POST).
 */
export function withConfirmLink(content: RenderedContent, url: string): RenderedContent {
  if (content.text.includes(url)) return content;
  const block = `<p><a href="${escapeHtml(url)}">Check and confirm your details</a></p>\n`;
  const footer = content.html.lastIndexOf('<p style="font-size:12px');
  const at = footer >= 0 ? footer : content.html.lastIndexOf('</body>');
  const html = at >= 0 ? content.html.slice(0, at) + block + content.html.slice(at) : content.html + block;
  const parts = content.text.split('\n\n--\n');
  const line = `Check and confirm your details: ${url}`;
  const text = parts.length > 1 ? `${parts[0]}\n\n${line}\n\n--\n${parts.slice(1).join('\n\n--\n')}` : `${content.text}\n\n${line}\n`;
  return { ...content, html, text };
}
