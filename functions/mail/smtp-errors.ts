import type { SendFault } from '../../shared/greetings';

/** What nodemailer attaches to an SMTP error. */
export interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  command?: string;
}

// Stages where a failure says nothing about one message but about the server or the login.
const SESSION_COMMANDS = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH\b.*)$/i;

/**
 * Classifies a failed SMTP send. A reply code means the server answered and did not take the message:
 * 4xx is worth retrying, 5xx is not. No reply code means the connection broke: before the message's last
 * byte left (`bodySent` false) the server cannot have accepted it, so it is transient; after, it may have,
 * so it is uncertain and must never be resent. Codes never carry an address or a name.
 */
export function classifySmtpError(error: SmtpErrorLike, bodySent: boolean): SendFault {
  const reply = error.responseCode;
  const command = (error.command ?? '').trim();
  const session = SESSION_COMMANDS.test(command) || error.code === 'EAUTH';
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return { ok: false, fault: 'transient', scope: session || reply === 421 ? 'transport' : 'message', code: `smtp_${reply}` };
  }
  if (reply !== undefined && reply >= 500) {
    return { ok: false, fault: 'permanent', scope: session || reply === 530 ? 'transport' : 'message', code: `smtp_${reply}` };
  }
  if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return { ok: false, fault: 'permanent', scope: 'message', code: error.code.toLowerCase() };
  if (error.code === 'EAUTH' || error.code === 'ETLS' || error.code === 'EREQUIRETLS') return { ok: false, fault: 'permanent', scope: 'transport', code: error.code.toLowerCase() };
  const code = (error.code ?? 'error').toLowerCase();
  if (!bodySent) return { ok: false, fault: 'transient', scope: 'transport', code: `smtp_${code}` };
  return { ok: false, fault: 'uncertain', scope: 'transport', code: `smtp_${code}_after_data` };
}
