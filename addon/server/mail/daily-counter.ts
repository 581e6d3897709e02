import type { PropertiesPort } from './ports';

/** Where the Gmail mailer counts today's sends (document properties, so every run of this document sees it). */
export const GMAIL_SENT_KEY = 'regulars.gmail.sent';

/**
 * Messages handed to Gmail today, against a daily limit. The Gmail API has no "remaining quota" call, so the
 * add-on keeps its own count; a message whose fate is uncertain counts too, since it may have gone.
 */
export class DailyCounter {
  constructor(
    private readonly props: PropertiesPort,
    private readonly limit: number,
    /** Today's date (YYYY-MM-DD); the count starts again when it changes. */
    private readonly today: () => string,
    private readonly key = GMAIL_SENT_KEY,
  ) {}

  /** Messages counted today. */
  used(): number {
    const raw = this.props.getProperty(this.key);
    if (!raw) return 0;
    try {
      const stored = JSON.parse(raw) as { day?: unknown; count?: unknown };
      return stored.day === this.today() && typeof stored.count === 'number' && stored.count > 0 ? stored.count : 0;
    } catch {
      return 0;
    }
  }

  remaining(): number {
    return Math.max(0, this.limit - this.used());
  }

  add(n = 1): void {
    this.props.setProperty(this.key, JSON.stringify({ day: this.today(), count: this.used() + n }));
  }
}
