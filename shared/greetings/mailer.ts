/** A mailbox: display name and address. */
export interface Mailbox {
  name: string;
  address: string;
}

/** One rendered message as every Mailer receives it. */
export interface OutgoingMessage {
  from: Mailbox;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`, derived from the Outbox row so a resend would be recognisable. */
  messageId: string;
  /** ISO instant for the Date header. */
  date: string;
  /** Extra headers such as List-Unsubscribe. */
  headers: Readonly<Record<string, string>>;
}

/**
 * Why a send did not go through. `transient`: certainly not accepted, safe to retry; `permanent`: certainly
 * not accepted, retrying will not help; `uncertain`: it may have been accepted, so it must never be resent.
 * `scope: 'transport'` means every message would fail the same way (server down, bad login), so the run stops.
 */
export interface SendFault {
  ok: false;
  fault: 'transient' | 'permanent' | 'uncertain';
  scope: 'message' | 'transport';
  /** A short code for the Outbox reason (never an address, a name or a token). */
  code: string;
}

/** The outcome of one send. */
export type SendResult = { ok: true; messageId: string } | SendFault;

/** The port every delivery adapter implements: file outbox, SMTP, Gmail API, MailApp. */
export interface Mailer {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  /** How many more messages may go today, when the transport has a daily limit. */
  remainingQuota?(): number | undefined;
  close?(): Promise<void>;
}
