import type { DateOrder } from '../workbook';
import type { CustomerInsight } from './insight';
import type { TimelineItem } from './timeline';
import type { ReferralSummary } from './referrals';
import type { ApiIssue } from './issues';

/** A value as it crosses google.script.run or HTTP: JSON only, dates as ISO strings, blank as null. */
export type FieldValue = string | number | boolean | null;

/** The kinds of Profile field (DESIGN §2). */
export type ProfileFieldType = 'text' | 'number' | 'date' | 'choice' | 'yes/no';

export type { ApiFault, ApiIssue } from './issues';

/** A search hit: enough to recognise the customer and open the card. */
export interface CustomerSummary {
  id: string;
  /** Sheet row on the Customers tab (row 1 is the header). */
  row: number;
  name: string;
  company: string;
  email: string;
  phone: string;
  city: string;
  category: string;
  status: string;
}

/** A Profile field with this customer's current value. */
export interface ProfileFieldView {
  field: string;
  type: ProfileFieldType;
  choices: string[];
  required: boolean;
  /** Category keys (folded) it applies to; empty means every category. */
  categories: string[];
  value: FieldValue;
}

/** One recent purchase on the card. */
export interface PurchaseLine {
  date: string;
  amount: number | null;
  currency: string;
  description: string;
}

/** One recent interaction on the card. */
export interface InteractionLine {
  date: string;
  kind: string;
  subject: string;
  status: string;
}

/** What the customer card shows: every contract field, the Profile fields and a history summary. */
export interface CustomerCard {
  id: string;
  row: number;
  /** Every Customers contract field, blank as null. */
  fields: Record<string, FieldValue>;
  /** Every Profile field (the card shows those that apply to the category being edited). */
  profile: ProfileFieldView[];
  /** Categories to suggest: the standard ones and any a Profile field names. */
  categories: string[];
  purchases: { count: number; total: number; first: string | null; last: string | null; recent: PurchaseLine[] };
  interactions: { count: number; last: string | null; openComplaints: number; recent: InteractionLine[] };
  /** Cells of this row the sheet holds but that could not be read (shown as warnings next to the field). */
  warnings: ApiIssue[];
  /** How the business writes dates and where it is (Settings), so the card shows and reads them its way. */
  settings: CardSettings;
  /** Fields shown other than stored: the phone in the national form. */
  display: Record<string, string>;
  insight: CustomerInsight;
  /** The first page of the timeline; getCustomerTimeline pages on. */
  timeline: TimelinePage;
  /** Customers who name this one in referred_by (active ones), with the first few names. */
  referrals: ReferralSummary;
}

/** The Settings the card needs. */
export interface CardSettings {
  dateOrder: DateOrder;
  /** DD/MM/YYYY or MM/DD/YYYY, the date inputs' placeholder. */
  datePattern: string;
  timeZone: string;
  country: string;
  currency: string;
}

/** A page of the timeline: its items, newest first, the whole count and where the page starts. */
export interface TimelinePage {
  items: TimelineItem[];
  total: number;
  offset: number;
}
