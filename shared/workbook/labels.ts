/**
 * Human labels for what the product shows: columns, sidebars and menu items. Display only — the header row of
 * every tab keeps the contract's names, so a label can change without touching anyone's sheet.
 */

/** The label of each contract column name (the same name reads the same on every tab). */
export const COLUMN_LABELS: Readonly<Record<string, string>> = {
  id: 'ID',
  customer_id: 'Customer ID',
  contact_type: 'Contact type',
  category: 'Category',
  first_name: 'First name',
  last_name: 'Last name',
  company: 'Company',
  email: 'E-mail',
  phone: 'Phone',
  street: 'Street',
  city: 'City',
  region: 'Region',
  postcode: 'Postcode',
  country: 'Country',
  birth_date: 'Birthday',
  customer_since: 'Customer since',
  account_manager: 'Account manager',
  industry: 'Industry',
  source: 'Source',
  membership_tier: 'Membership tier',
  membership_no: 'Membership no.',
  tier_upgraded_at: 'Tier upgraded on',
  email_consent: 'E-mail consent',
  consent_basis: 'Consent basis',
  consent_date: 'Consent date',
  consent_source: 'Consent source',
  unsubscribed_at: 'Unsubscribed at',
  tags: 'Tags',
  notes: 'Notes',
  status: 'Status',
  merged_into: 'Merged into',
  last_verified_at: 'Last verified',
  created_at: 'Created',
  updated_at: 'Updated',
  referred_by: 'Referred by',
  orders: 'Orders',
  revenue: 'Revenue',
  first_purchase: 'First purchase',
  last_purchase: 'Last purchase',
  p_alive: 'Chance still active',
  expected_purchases_90d: 'Expected purchases (90 days)',
  clv_12m: 'Lifetime value (12 months)',
  clv_tier: 'Value tier',
  rfm_segment: 'RFM segment',
  churn_risk: 'Churn risk',
  cost_12m: 'Cost to serve (12 months)',
  profit_12m: 'Profit (12 months)',
  segments: 'Segments',
  field: 'Field',
  type: 'Type',
  choices: 'Choices',
  required: 'Required',
  categories: 'Categories',
  date: 'Date',
  amount: 'Amount',
  currency: 'Currency',
  description: 'Description',
  channel: 'Channel',
  staff: 'Staff',
  kind: 'Kind',
  subject: 'Subject',
  follow_up_date: 'Follow-up date',
  resolved_at: 'Resolved on',
  score: 'Score',
  score_max: 'Score out of',
  name: 'Name',
  rule: 'Rule',
  members: 'Members',
  trigger: 'Trigger',
  offset_days: 'Offset (days)',
  segment: 'Segment',
  body: 'Body',
  active: 'Active',
  send_hour: 'Send hour',
  send_date: 'Send date',
  survey_scale: 'Survey scale',
  holdout_pct: 'Hold-out %',
  key: 'Key',
  value: 'Value',
  campaign: 'Campaign',
  to: 'To',
  reason: 'Reason',
  planned_for: 'Planned for',
  sent_at: 'Sent at',
  message_id: 'Message ID',
  lease_until: 'Leased until',
  attempts: 'Attempts',
  detected_at: 'Detected on',
  contacted_by: 'Contacted by',
  outcome: 'Outcome',
  lost_profit_estimate: 'Lost profit (estimate)',
  tier: 'Tier',
  min_spend_12m: 'Minimum spend (12 months)',
  min_orders_12m: 'Minimum orders (12 months)',
  discount_pct: 'Discount %',
  perks: 'Perks',
  at: 'At',
  change: 'Change',
  basis: 'Basis',
  wording_version: 'Wording version',
  by: 'By',
  merge_id: 'Merge ID',
  batch_id: 'Batch ID',
  survivor_id: 'Survivor ID',
  merged_ids: 'Merged IDs',
  tab: 'Tab',
  row_id: 'Row ID',
  before: 'Before',
  undone_at: 'Undone at',
  import_id: 'Import ID',
  file: 'File',
  format: 'Format',
  pair: 'Pair',
  decided_by: 'Decided by',
  decided_at: 'Decided at',
  detail: 'Detail',
  manager: 'Manager',
  due: 'Due',
  done_by: 'Done by',
  done_at: 'Done at',
};

/** The label of each sidebar, by the name the build gives it (its folder under addon/sidebars). */
export const SIDEBAR_LABELS: Readonly<Record<string, string>> = {
  'start-here': 'Start here',
  import: 'Import',
  'customer-card': 'Customer card',
  duplicates: 'Duplicates',
  messages: 'Messages',
  dashboard: 'Dashboard',
  'this-week': 'This week',
  segments: 'Segments and reports',
  loyalty: 'Loyalty',
};

/** The add-on menu's items in order: the label and the top-level function each runs. */
export const MENU_LABELS: readonly (readonly [label: string, fn: string])[] = [
  ['Start here', 'showStartHere'],
  ['Import customers…', 'showImport'],
  ['Customer card', 'showCustomerCard'],
  ['Duplicates', 'showDuplicates'],
  ['Set up Regulars tabs', 'setUpWorkbook'],
  ['Messages', 'showMessages'],
  ['Send messages every hour', 'scheduleMessages'],
  ['Stop hourly messages', 'stopScheduledMessages'],
  ['Score customers', 'runScoreCustomers'],
  ['Dashboard', 'showDashboard'],
  ['This week', 'showThisWeek'],
  ['Segments and reports', 'showSegments'],
  ['Loyalty', 'showLoyalty'],
];

// A header such as "constructor" must not find Object.prototype's members (and Apps Script lacks Object.hasOwn).
const has = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

/** "fleet_size" → "Fleet size": a readable form of a snake_case name nobody gave a label. */
function humanise(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words === '' ? name : words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What a column is shown as: its label when the header is a contract name, a readable form of other
 * snake_case names (Profile fields), and a person's own header exactly as they wrote it.
 */
export function columnLabel(header: string): string {
  if (has(COLUMN_LABELS, header)) return COLUMN_LABELS[header] ?? header;
  return /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(header) ? humanise(header) : header;
}

/** What a sidebar is shown as; an unknown name is made readable ("loyalty-cards" → "Loyalty cards"). */
export function sidebarLabel(name: string): string {
  return has(SIDEBAR_LABELS, name) ? (SIDEBAR_LABELS[name] ?? name) : humanise(name.replace(/-/g, '_'));
}
