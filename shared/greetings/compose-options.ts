import type { Settings } from '../workbook';
import type { Mailbox } from './mailer';
import type { Signer } from './token';

// What turning a planned message into mail needs, apart from compose.ts so that the digest's composer can take
// it too without a circle.

/** Everything needed to turn a planned message into one ready to send. */
export interface ComposeOptions {
  settings: Settings;
  from: Mailbox;
  signer: Signer;
  /** ISO instant of the send, for the Date header. */
  now: string;
  /** Where the unsubscribe link points (linkBase of Settings); the runner sends nothing without one. */
  linkBase?: string;
}
