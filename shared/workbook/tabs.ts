import { col, type Columns, type RecordOf } from './columns';

/** A tab of the workbook contract (DESIGN §2): its name, id prefix and columns in their default order. */
export interface TabDef<C extends Columns = Columns> {
  name: string;
  idPrefix: string;
  columns: C;
}

function tab<C extends Columns>(name: string, idPrefix: string, columns: C): TabDef<C> {
  return { name, idPrefix, columns };
}

export const CONTACT_TYPES = ['customer', 'prospect', 'supplier', 'partner'] as const;
export const CATEGORIES = ['individual', 'corporate', 'government', 'non-profit', 'reseller'] as const;
export const CUSTOMER_STATUSES = ['active', 'merged', 'archived'] as const;
export const INTERACTION_KINDS = ['call', 'email', 'visit', 'meeting', 'complaint', 'compliment', 'survey', 'appointment', 'support', 'whatsapp', 'sms'] as const;
// `holdout`: planned for a campaign's control group and deliberately not sent (final, like sent).
export const OUTBOX_STATUSES = ['planned', 'needs_approval', 'held', 'sending', 'sent', 'failed', 'skipped', 'review', 'holdout'] as const;
export const DEFECTION_TYPES = ['no_repurchase', 'missed_appointment', 'not_returning', 'cancelled', 'complaint_unresolved'] as const;
export const FIELD_TYPES = ['text', 'number', 'date', 'choice', 'yes/no'] as const;

export const customersTab = tab('Customers', 'C', {
  id: col.id({ synonyms: ['customer id', 'customer_id', 'client id', 'record id', 'rec id'] }),
  contact_type: col.choice(CONTACT_TYPES, { synonyms: ['type', 'contact type'] }),
  category: col.text({ synonyms: ['customer category', 'segment type'] }),
  first_name: col.text({ synonyms: ['first', 'firstname', 'given name', 'given_name', 'forename', 'fname', 'name first'] }),
  last_name: col.text({ synonyms: ['last', 'lastname', 'surname', 'family name', 'lname', 'name last'] }),
  company: col.text({ synonyms: ['company name', 'organisation', 'organization', 'business', 'employer'] }),
  email: col.email({ synonyms: ['e-mail', 'email address', 'e-mail address', 'mail'] }),
  phone: col.text({ synonyms: ['telephone', 'tel', 'mobile', 'cell', 'cellphone', 'phone number', 'mobile number'] }),
  street: col.text({ synonyms: ['address', 'address 1', 'address_1', 'address line 1', 'street address'] }),
  city: col.text({ synonyms: ['town', 'suburb', 'locality'] }),
  region: col.text({ synonyms: ['state', 'province', 'county'] }),
  postcode: col.text({ synonyms: ['postal code', 'post code', 'zip', 'zip code', 'zipcode'] }),
  country: col.text({ synonyms: ['country code'] }),
  birth_date: col.date({ synonyms: ['birthday', 'date of birth', 'dob', 'birthdate', 'date_of_birth'] }),
  customer_since: col.date({ synonyms: ['since', 'joined', 'member since', 'first seen'] }),
  account_manager: col.text({ synonyms: ['manager', 'owner', 'sales rep', 'rep'] }),
  industry: col.text({ synonyms: ['sector'] }),
  source: col.text({ synonyms: ['lead source', 'origin', 'imported from'] }),
  membership_tier: col.text({ synonyms: ['tier', 'loyalty tier'] }),
  membership_no: col.text({ synonyms: ['membership number', 'member no', 'member number', 'loyalty number', 'card number'] }),
  /** The day scoring last moved the customer up a tier: the tier-upgrade campaign fires on it. */
  tier_upgraded_at: col.date(),
  email_consent: col.boolean({ synonyms: ['consent', 'marketing consent', 'opt in', 'opt-in', 'subscribed'] }),
  consent_basis: col.text(),
  consent_date: col.date(),
  consent_source: col.text(),
  unsubscribed_at: col.datetime({ synonyms: ['unsubscribed', 'opted out', 'opt out date'] }),
  tags: col.text({ synonyms: ['labels'] }),
  notes: col.text({ synonyms: ['note', 'comments', 'remarks'] }),
  status: col.choice(CUSTOMER_STATUSES),
  merged_into: col.text(),
  last_verified_at: col.date(),
  created_at: col.datetime(),
  updated_at: col.datetime(),
  /** The customer id of whoever referred this customer (checked on the card and on import; thanked by `referral_thanks`). */
  referred_by: col.text({ synonyms: ['referred by', 'referrer', 'referral from'] }),
  orders: col.number(),
  revenue: col.number(),
  first_purchase: col.date(),
  last_purchase: col.date(),
  p_alive: col.number(),
  expected_purchases_90d: col.number(),
  clv_12m: col.number(),
  clv_tier: col.text(),
  rfm_segment: col.text(),
  churn_risk: col.number(),
  /** Cost to serve over the last 12 months (Settings cost_*), written on scoring as `regulars report` counts it. */
  cost_12m: col.number(),
  /** Revenue of the last 12 months × margin − cost_12m, written on scoring as `regulars report` counts it. */
  profit_12m: col.number(),
  /** The saved segments the customer was in when "Write members" last ran for each ("VIP; Gauteng regulars"). */
  segments: col.text(),
});

export const profileFieldsTab = tab('Profile fields', 'F', {
  id: col.id(),
  field: col.text({ required: true, synonyms: ['name', 'field name'] }),
  type: col.choice(FIELD_TYPES),
  choices: col.text({ synonyms: ['options'] }),
  required: col.boolean(),
  categories: col.text({ synonyms: ['applies to', 'category'] }),
});

export const purchasesTab = tab('Purchases', 'P', {
  id: col.id({ synonyms: ['order id', 'invoice', 'invoice no', 'transaction id'] }),
  customer_id: col.text({ required: true, synonyms: ['customer', 'client id'] }),
  date: col.date({ required: true, synonyms: ['order date', 'purchase date', 'invoice date'] }),
  amount: col.number({ synonyms: ['total', 'value', 'sales', 'revenue', 'dollar value'] }),
  currency: col.text(),
  description: col.text({ synonyms: ['item', 'items', 'product'] }),
  channel: col.text(),
  staff: col.text({ synonyms: ['cashier', 'sold by'] }),
});

export const interactionsTab = tab('Interactions', 'I', {
  id: col.id(),
  customer_id: col.text({ required: true }),
  date: col.datetime({ required: true }),
  kind: col.choice(INTERACTION_KINDS, { synonyms: ['type'] }),
  channel: col.text(),
  staff: col.text(),
  subject: col.text(),
  notes: col.text(),
  status: col.text(),
  follow_up_date: col.date(),
  resolved_at: col.date(),
  score: col.number(),
  /** The top of the score's scale: 5 for a 1–5 rating, 10 (or blank) for 0–10. */
  score_max: col.number(),
});

export const segmentsTab = tab('Segments', 'S', {
  id: col.id(),
  name: col.text({ required: true }),
  rule: col.text(),
  description: col.text(),
  members: col.number(),
  updated_at: col.datetime(),
});

export const campaignsTab = tab('Campaigns', 'M', {
  id: col.id(),
  name: col.text({ required: true }),
  trigger: col.text({ required: true }),
  offset_days: col.number(),
  segment: col.text(),
  subject: col.text(),
  body: col.text(),
  active: col.boolean(),
  send_hour: col.number(),
  send_date: col.date(),
  survey_scale: col.text(),
  /** Percent (0–100) of a campaign's recipients held out as a control group: planned, never sent (campaign results). */
  holdout_pct: col.number(),
});

export const outboxTab = tab('Outbox', 'O', {
  id: col.id(),
  key: col.text({ required: true }),
  campaign: col.text(),
  customer_id: col.text(),
  to: col.text(),
  subject: col.text(),
  status: col.choice(OUTBOX_STATUSES),
  reason: col.text(),
  planned_for: col.date(),
  sent_at: col.datetime(),
  message_id: col.text(),
  lease_until: col.datetime(),
  attempts: col.number(),
});

export const defectionsTab = tab('Defections', 'D', {
  id: col.id(),
  customer_id: col.text({ required: true }),
  detected_at: col.date(),
  type: col.choice(DEFECTION_TYPES),
  reason: col.text(),
  contacted_by: col.text(),
  outcome: col.text(),
  lost_profit_estimate: col.number(),
});

export const loyaltyTab = tab('Loyalty', 'L', {
  id: col.id(),
  tier: col.text({ required: true }),
  min_spend_12m: col.number(),
  min_orders_12m: col.number(),
  discount_pct: col.number(),
  perks: col.text(),
});

export const consentLogTab = tab('Consent log', 'K', {
  id: col.id(),
  customer_id: col.text({ required: true }),
  at: col.datetime(),
  change: col.choice(['given', 'withdrawn']),
  basis: col.text(),
  wording_version: col.text(),
  source: col.text(),
  by: col.text(),
});

export const mergeLogTab = tab('Merge log', 'G', {
  id: col.id(),
  merge_id: col.text({ required: true }),
  survivor_id: col.text(),
  merged_ids: col.text(),
  tab: col.text(),
  row_id: col.text(),
  before: col.json(),
  score: col.number(),
  by: col.text(),
  at: col.datetime(),
  undone_at: col.datetime(),
});

/** One changed or created row of one import (DESIGN §2); `before` is the changed cells as they were, empty when created. */
export const importLogTab = tab('Import log', 'J', {
  id: col.id(),
  import_id: col.text({ required: true }),
  file: col.text(),
  format: col.text(),
  tab: col.text(),
  row_id: col.text(),
  before: col.json(),
  by: col.text(),
  at: col.datetime(),
  undone_at: col.datetime(),
});

export const TASK_STATUSES = ['open', 'done'] as const;

/**
 * Something a person must do (DESIGN §2): derived on scoring under a stable `key` (reason, person and the episode it
 * is about), so deriving again never duplicates a row or reopens one marked done. name, phone and email are copied
 * from Customers for the call list and refreshed while the task is open.
 */
export const tasksTab = tab('Tasks', 'T', {
  id: col.id(),
  key: col.text({ required: true }),
  customer_id: col.text({ required: true }),
  name: col.text(),
  phone: col.text(),
  email: col.text(),
  reason: col.text(),
  detail: col.text(),
  value: col.number(),
  manager: col.text(),
  due: col.date(),
  status: col.choice(TASK_STATUSES),
  outcome: col.text(),
  note: col.text(),
  done_by: col.text(),
  done_at: col.datetime(),
});

/** Every id-keyed tab of the contract, in the order they are created in a new workbook. */
export const TABS = [
  customersTab,
  profileFieldsTab,
  purchasesTab,
  interactionsTab,
  segmentsTab,
  campaignsTab,
  outboxTab,
  defectionsTab,
  loyaltyTab,
  consentLogTab,
  mergeLogTab,
] as const;

export type Customer = RecordOf<typeof customersTab.columns>;
export type ProfileField = RecordOf<typeof profileFieldsTab.columns>;
export type Purchase = RecordOf<typeof purchasesTab.columns>;
export type Interaction = RecordOf<typeof interactionsTab.columns>;
export type Segment = RecordOf<typeof segmentsTab.columns>;
export type Campaign = RecordOf<typeof campaignsTab.columns>;
export type OutboxEntry = RecordOf<typeof outboxTab.columns>;
export type Defection = RecordOf<typeof defectionsTab.columns>;
export type LoyaltyTier = RecordOf<typeof loyaltyTab.columns>;
export type ConsentChange = RecordOf<typeof consentLogTab.columns>;
export type MergeLogEntry = RecordOf<typeof mergeLogTab.columns>;
export type Task = RecordOf<typeof tasksTab.columns>;
export type ImportLogEntry = RecordOf<typeof importLogTab.columns>;

// A tab's record schema is built when needed, as recordSchema(tab.columns): Apps Script runs this file's top
// level on every call, and eleven record schemas built here cost more than most calls.
