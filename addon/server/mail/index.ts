/** Mail from the add-on: the Gmail API (main) and MailApp (fallback), with today's quota. */
export * from './ports';
export * from './daily-counter';
export * from './gmail-mailer';
export * from './mailapp-mailer';
export * from './fallback-mailer';
export * from './unsubscribe-link';
export * from './addon-mailer';
