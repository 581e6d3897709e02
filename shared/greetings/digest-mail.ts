import type { OutgoingMessage } from './mailer';
import type { DigestTask, PlannedMessage } from './planned-message';
import { escapeHtml, fillTemplate, oneLine, templateValues, type RenderedContent } from './template';
import type { ComposeOptions } from './compose-options';

/** The digest's table and list of tasks, added after the campaign's own words (values escaped in the HTML). */
export function digestContent(subject: string, body: string, context: Readonly<Record<string, string>>, tasks: readonly DigestTask[], values: Readonly<Record<string, string>>): RenderedContent {
  const all = templateValues(values, context);
  const text = fillTemplate(body, all).replace(/\r\n?/g, '\n').trim();
  const paragraphs = fillTemplate(body, all, escapeHtml)
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`);
  const cell = (v: string): string => `<td style="padding:2px 8px;border-bottom:1px solid #ddd">${escapeHtml(v)}</td>`;
  const rows = tasks.map((t) => `<tr>${cell(t.name)}${cell(t.reason)}${cell(t.due)}${cell(t.phone)}</tr>`).join('\n');
  const table = `<table style="border-collapse:collapse"><thead><tr><th align="left">Name</th><th align="left">Reason</th><th align="left">Due</th><th align="left">Phone</th></tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
  const lines = tasks.map((t) => `- ${oneLine(t.name)} | ${oneLine(t.reason)} | due ${t.due || '-'} | ${oneLine(t.phone) || 'no phone'}`).join('\n');
  return {
    subject: oneLine(fillTemplate(subject, all)),
    text: `${text}\n\n${lines}\n`,
    html: `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n${table}\n</body></html>\n`,
  };
}

/** The outgoing digest to one account manager: internal mail, so no unsubscribe link or List-Unsubscribe header. */
export function composeDigest(message: PlannedMessage, messageId: string, options: Pick<ComposeOptions, 'settings' | 'from' | 'now'>): OutgoingMessage {
  const values = { business_name: options.settings.business_name, sender_name: options.settings.sender_name, first_name: message.context.manager ?? '' };
  const content = digestContent(message.campaign.subject, message.campaign.body, message.context, message.digest ?? [], values);
  return { from: options.from, to: message.to, ...content, messageId, date: options.now, headers: {} };
}
