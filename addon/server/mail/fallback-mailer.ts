import type { Mailer, OutgoingMessage, SendResult } from '../../../shared/greetings';

/** A mailer that also answers synchronously (Apps Script services are synchronous). */
export interface SyncMailer extends Mailer {
  sendNow(message: OutgoingMessage): SendResult;
}

/**
 * The Gmail API mailer, falling back to MailApp for the rest of the run once Gmail refuses the whole transport
 * for certain (401/403: the API is not enabled, or the gmail.send scope was not granted). Only certain refusals
 * switch over, so a message can never go out through both.
 */
export class FallbackMailer implements SyncMailer {
  private active: SyncMailer;

  constructor(
    private readonly primary: SyncMailer,
    private readonly fallback: SyncMailer,
  ) {
    this.active = primary;
  }

  get name(): string {
    return this.active.name;
  }

  remainingQuota(): number | undefined {
    return this.active.remainingQuota?.();
  }

  send(message: OutgoingMessage): Promise<SendResult> {
    return Promise.resolve(this.sendNow(message));
  }

  sendNow(message: OutgoingMessage): SendResult {
    const result = this.active.sendNow(message);
    if (result.ok || this.active !== this.primary || result.fault !== 'permanent' || result.scope !== 'transport') return result;
    this.active = this.fallback;
    return this.fallback.sendNow(message);
  }
}
