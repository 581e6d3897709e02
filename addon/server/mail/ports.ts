// Structural subsets of the Apps Script services the mailers use, so the real globals can be passed as they
// are and tests can pass fakes (tests/addon/fakes/).

/** The UrlFetchApp.fetch options the Gmail mailer sets. */
export interface FetchOptions {
  method: 'post';
  contentType: string;
  headers: Record<string, string>;
  payload: string;
  muteHttpExceptions: boolean;
}

/** The HTTPResponse calls the Gmail mailer makes. */
export interface FetchResponse {
  getResponseCode(): number;
  getContentText(): string;
}

/** UrlFetchApp, as far as the Gmail mailer uses it. */
export interface UrlFetchPort {
  fetch(url: string, params: FetchOptions): FetchResponse;
}

/** The message object MailApp.sendEmail(message) takes, as far as we fill it. */
export interface MailAppMessage {
  to: string;
  subject: string;
  body: string;
  htmlBody: string;
  name?: string;
  replyTo?: string;
}

/** MailApp, as far as the fallback mailer uses it. */
export interface MailAppPort {
  sendEmail(message: MailAppMessage): void;
  getRemainingDailyQuota(): number;
}

/** Document properties (PropertiesService.getDocumentProperties()). */
export interface PropertiesPort {
  getProperty(key: string): string | null;
  setProperty(key: string, value: string): unknown;
  deleteProperty(key: string): unknown;
}
