// Which tool wrote a file, told from its header: names the source and switches on the few rules one tool needs.
import { fold } from './fields';

/** The exports recognised by their headers; `plain` is anything else with headers in English. */
export type PresetName =
  | 'google-contacts'
  | 'google-contacts-legacy'
  | 'outlook'
  | 'shopify'
  | 'square'
  | 'woocommerce'
  | 'mailchimp'
  | 'hubspot'
  | 'vcard'
  | 'plain';

/** What a preset changes: its label for `source`, and consent implied by the file itself. */
export interface Preset {
  name: PresetName;
  label: string;
  /** Mailchimp's subscribed-members export is itself the consent; the unsubscribed export is its withdrawal. */
  impliedConsent?: boolean;
  /** Dates this tool writes month first whatever the business's country (Mailchimp birthdays are MM/DD). */
  monthFirst?: boolean;
}

const LABELS: Record<PresetName, string> = {
  'google-contacts': 'Google Contacts',
  'google-contacts-legacy': 'Google Contacts (old CSV)',
  outlook: 'Outlook',
  shopify: 'Shopify',
  square: 'Square',
  woocommerce: 'WooCommerce',
  mailchimp: 'Mailchimp',
  hubspot: 'HubSpot',
  vcard: 'vCard',
  plain: 'CSV',
};

/** Recognises the tool that wrote a header row; the file's format decides for vCard. */
export function detectPreset(header: readonly string[], format: string): Preset {
  const has = new Set(header.map((h) => fold(h)));
  const all = (...names: string[]): boolean => names.every((n) => has.has(n));
  const any = (...names: string[]): boolean => names.some((n) => has.has(n));
  const make = (name: PresetName, extra: Partial<Preset> = {}): Preset => ({ name, label: LABELS[name], ...extra });
  if (format === 'vcf') return make('vcard');
  if (any('givenname') && any('familyname') && any('groupmembership', 'email1value', 'phone1value')) return make('google-contacts-legacy');
  if (all('firstname', 'lastname') && any('labels') && any('email1value', 'phone1value', 'fileas')) return make('google-contacts');
  if (any('email2address', 'businessstreet', 'homestreet', 'mobilephone') && all('firstname', 'lastname') && any('emailaddress', 'email2address')) return make('outlook');
  if (any('acceptsemailmarketing', 'acceptsmarketing', 'defaultaddressaddress1') || all('totalspent', 'totalorders', 'taxexempt')) return make('shopify');
  if (any('squarecustomerid', 'emailsubscriptionstatus') || all('referenceid', 'surname')) return make('square');
  if (all('username', 'lastactive') || any('billingfirstname', 'billingemail')) return make('woocommerce');
  if (any('optintime', 'memberrating', 'leid', 'euid')) {
    if (any('unsubtime', 'unsubcampaigntitle')) return make('mailchimp', { impliedConsent: false, monthFirst: true });
    if (any('cleantime', 'cleancampaigntitle')) return make('mailchimp', { monthFirst: true });
    return make('mailchimp', { impliedConsent: true, monthFirst: true });
  }
  if (any('recordid', 'hubspotscore') && any('lifecyclestage', 'contactowner', 'createdate')) return make('hubspot');
  return make('plain');
}
