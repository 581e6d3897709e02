import type { Campaign, Settings } from '../workbook';
import type { Mailbox, OutgoingMessage } from './mailer';
import type { CustomerInput } from './data';
import type { PlannedMessage } from './planned-message';
import { renderContent, templateValues, unknownPlaceholders, type RenderedContent } from './template';
import { signUnsubscribeToken, unsubscribeUrl } from './token';
import { isDeliverableAddress } from './address';
import { surveyLinks, withSurveyLinks } from './survey-mail';
import { confirmLink, withConfirmLink } from './confirm-mail';
import { composeDigest } from './digest-mail';
import type { ComposeOptions } from './compose-options';
import { stableHash } from './stable-hash';

/** The From mailbox: Settings sender_name with sender_email, else reply_to; undefined when neither is an address. */
export function senderOf(settings: Settings): Mailbox | undefined {
  const address = [settings.sender_email, settings.reply_to].map((a) => a.trim().toLowerCase()).find((a) => isDeliverableAddress(a));
  return address ? { name: settings.sender_name.trim() || settings.business_name.trim(), address } : undefined;
}

/**
 * Where links in mail point: Settings public_url (the workbench's or the functions' real address), else
 * backend_url (the functions, which answer /unsubscribe); undefined when neither is set, and then nothing
 * that carries a link may be sent.
 */
export function linkBase(settings: Settings): string | undefined {
  const base = [settings.public_url, settings.backend_url].map((u) => u.trim()).find((u) => /^https?:\/\/\S+$/i.test(u));
  return base?.replace(/\/+$/, '');
}

/** The values a template of this customer may use: every column (the user's own too), Settings and the occasion. */
export function valuesFor(customer: CustomerInput, settings: Settings, context: Readonly<Record<string, string>>, unsubscribe: string): Map<string, string> {
  const record = customer.record as unknown as Record<string, unknown>;
  const full = [record.first_name, record.last_name].filter((v) => typeof v === 'string' && v.trim() !== '').join(' ');
  return templateValues(
    customer.extra,
    record,
    { full_name: full, name: full },
    { business_name: settings.business_name, sender_name: settings.sender_name, reply_to: settings.reply_to },
    context,
    { unsubscribe_url: unsubscribe },
  );
}

/** What a campaign looks like for one customer: the rendered parts and any placeholder nothing answers. */
export interface Preview extends RenderedContent {
  unknownPlaceholders: string[];
}

/** Renders a campaign for a customer without planning or sending (the sidebar's preview). */
export function previewCampaign(campaign: Campaign, customer: CustomerInput, settings: Settings, context: Readonly<Record<string, string>> = {}, unsubscribe = unsubscribeUrl(linkBase(settings) ?? '', 'preview')): Preview {
  const values = valuesFor(customer, settings, { campaign: campaign.name, ...context }, unsubscribe);
  const known = (name: string): boolean => values.has(name) || ['age', 'years', 'holidayname', 'appointmentdate', 'appointmenttime', 'purchasedate', 'purchaseamount', 'purchasedescription', 'tier', 'lastpurchase', 'dayssincepurchase', 'occasiondate', 'membershipno', 'discountpct', 'nexttier', 'nexttiergap', 'confirmurl', 'manager', 'week', 'taskcount'].includes(name);
  return {
    ...renderContent(campaign.subject, campaign.body, values, unsubscribe),
    unknownPlaceholders: [...new Set([...unknownPlaceholders(campaign.subject, known), ...unknownPlaceholders(campaign.body, known)])],
  };
}

/** The outgoing message for a planned one, with List-Unsubscribe (RFC 8058 one-click) and a stable Message-ID. */
export function composeMessage(message: PlannedMessage, outboxId: string, options: ComposeOptions): OutgoingMessage {
  const domain = options.from.address.slice(options.from.address.lastIndexOf('@') + 1);
  // The weekly digest is internal mail to an account manager: no customer, so no unsubscribe link.
  if (message.trigger === 'weekly_digest') return composeDigest(message, `<${outboxId || 'regulars'}.${stableHash(message.key)}@${domain}>`, options);
  const token = signUnsubscribeToken({ customerId: message.customer.record.id.trim(), campaign: message.campaign.name.trim(), issued: message.plannedFor }, options.signer);
  const url = unsubscribeUrl(options.linkBase ?? linkBase(options.settings) ?? '', token);
  const base = options.linkBase ?? linkBase(options.settings) ?? 'http://localhost:8080';
  // A confirm_details mail carries its signed confirm link, which the body may place with {{confirm_url}}.
  const confirm = message.trigger === 'confirm_details' ? confirmLink(message, options.signer, base) : undefined;
  const values = valuesFor(message.customer, options.settings, confirm ? { ...message.context, confirm_url: confirm } : message.context, url);
  const rendered = renderContent(message.campaign.subject, message.campaign.body, values, url);
  // A survey carries signed rating links to the same address as its unsubscribe link.
  const content = message.trigger === 'survey_after_purchase' ? withSurveyLinks(rendered, surveyLinks(message, options.signer, base)) : confirm ? withConfirmLink(rendered, confirm) : rendered;
  const replyTo = options.settings.reply_to.trim().toLowerCase();
  return {
    from: options.from,
    to: message.to,
    ...(replyTo !== '' && replyTo !== options.from.address && isDeliverableAddress(replyTo) ? { replyTo } : {}),
    ...content,
    messageId: `<${outboxId || 'regulars'}.${stableHash(message.key)}@${domain}>`,
    date: options.now,
    headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
