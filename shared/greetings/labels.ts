import type { Trigger } from './planned-message';

/** What each trigger means, in the words the Messages sidebar shows (the sheet keeps the codes). */
export const TRIGGER_LABELS: Readonly<Record<Trigger, string>> = {
  welcome: 'Welcome (a new customer)',
  thank_you: 'Thank you (after a purchase)',
  birthday: 'Birthday',
  anniversary: 'Anniversary as a customer',
  holiday: 'Public holiday',
  survey_after_purchase: 'Survey after a purchase',
  appointment_reminder: 'Appointment reminder',
  win_back: 'We miss you (lapsed customers)',
  tier_upgrade: 'Loyalty tier upgrade',
  once: 'Once, on its send date (newsletter, event, offer)',
  confirm_details: 'Please confirm your details (records not confirmed lately)',
  weekly_digest: 'Weekly digest of open tasks (to account managers)',
  profile: 'A date in a Profile field (profile:FIELD, or profile:FIELD:yearly)',
  referral_thanks: 'Thanks for a referral (when the referred customer first buys)',
};
