import type { Campaign } from '../workbook';
import type { CustomerInput } from './data';

// What planning produces, in a file below the planner and the helpers it calls (once, digest, the mail
// builders), so that they can name a planned message without importing the planner.

/** The triggers a campaign may use (`holiday` is written `holiday:CODE`). */
export const TRIGGERS = ['welcome', 'thank_you', 'birthday', 'anniversary', 'holiday', 'survey_after_purchase', 'appointment_reminder', 'win_back', 'tier_upgrade', 'once', 'confirm_details', 'weekly_digest', 'profile', 'referral_thanks'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Why a message due today is not sent (a weekly digest's manager has no address, or a customer's; `holdout`: the campaign's control group). */
export type SkipReason = 'no_consent' | 'unsubscribed' | 'no_address' | 'invalid_address' | 'cool_down' | 'no_manager_address' | 'customer_address' | 'holdout';

/** One message due on the date: to be sent, or skipped with a reason; the Outbox keeps both. */
export interface PlannedMessage {
  key: string;
  campaign: Campaign;
  trigger: Trigger;
  customer: CustomerInput;
  to: string;
  /** The date (or, for tier_upgrade, the tier) the message is about; part of the key. */
  occasion: string;
  plannedFor: string;
  decision: 'send' | 'skip';
  reason: SkipReason | '';
  /** Occasion fields for the template: holiday_name, appointment_time, years, age, purchase_amount… */
  context: Record<string, string>;
  /** weekly_digest: the account manager's open tasks the mail lists. */
  digest?: readonly DigestTask[];
}

/** One line of a manager's digest: an open task as the Tasks tab holds it. */
export interface DigestTask {
  name: string;
  reason: string;
  due: string;
  phone: string;
}
