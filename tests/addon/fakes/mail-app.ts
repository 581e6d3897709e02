import type { MailAppMessage, MailAppPort } from '../../../addon/server/mail';

/**
 * A fake of MailApp: a daily quota that each send uses up, and the exception Apps Script throws once it is
 * spent ("Service invoked too many times for one day: email."). `failNext` makes the next send throw.
 */
export class FakeMailApp implements MailAppPort {
  readonly sent: MailAppMessage[] = [];
  failNext: string | undefined;

  constructor(private quota = 100) {}

  getRemainingDailyQuota(): number {
    return this.quota;
  }

  sendEmail(message: MailAppMessage): void {
    if (this.failNext) {
      const text = this.failNext;
      this.failNext = undefined;
      throw new Error(text);
    }
    if (this.quota <= 0) throw new Error('Exception: Service invoked too many times for one day: email.');
    if (!/^[^@\s]+@[^@\s]+$/.test(message.to)) throw new Error(`Exception: Invalid email: ${message.to}`);
    this.quota--;
    this.sent.push(message);
  }
}
