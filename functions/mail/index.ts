// The Node mailers, the public face of functions/mail: SMTP, a folder of .eml files, and the `--transport` spec
// that picks one.
export { mailerFor } from './transport';
export { smtpMailer, smtpOptions, type SmtpTimeouts } from './smtp-mailer';
export { fileMailer, emlName } from './file-mailer';
export { classifySmtpError, type SmtpErrorLike } from './smtp-errors';
