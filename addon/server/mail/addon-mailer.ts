import { DailyCounter } from './daily-counter';
import { FallbackMailer, type SyncMailer } from './fallback-mailer';
import { GmailMailer } from './gmail-mailer';
import { MailAppMailer } from './mailapp-mailer';
import type { MailAppPort, PropertiesPort, UrlFetchPort } from './ports';

/**
 * Gmail's own limit for an ordinary account is about 500 a day (2,000 for Workspace); we stop a little short
 * by default. Settings `gmail_daily_limit` changes it (e.g. 1900 on Workspace).
 */
export const DEFAULT_GMAIL_DAILY_LIMIT = 400;

/** The Apps Script services the add-on's mail goes through. */
export interface AddonMailServices {
  urlFetch: UrlFetchPort;
  mailApp: MailAppPort;
  props: PropertiesPort;
  oauthToken: () => string;
}

/**
 * The add-on's mailer for these settings: Gmail API (List-Unsubscribe headers kept) falling back to MailApp,
 * or MailApp alone when Settings `addon_mailer` is `mailapp`. `date` is the business-local day the Gmail
 * count belongs to.
 */
export function addonMailer(services: AddonMailServices, extra: Readonly<Record<string, string>>, date: string): SyncMailer {
  const mailApp = new MailAppMailer(services.mailApp);
  if ((extra.addon_mailer ?? '').trim().toLowerCase() === 'mailapp') return mailApp;
  const limit = Number(extra.gmail_daily_limit);
  const counter = new DailyCounter(services.props, Number.isInteger(limit) && limit >= 0 ? limit : DEFAULT_GMAIL_DAILY_LIMIT, () => date);
  return new FallbackMailer(new GmailMailer({ urlFetch: services.urlFetch, oauthToken: services.oauthToken, counter }), mailApp);
}
