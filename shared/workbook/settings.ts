import * as z from 'zod/mini';
import { lazy } from '../kernel';
import { cellText, type CellUpdate, type CellValue } from './cell';
import type { Grid } from './port';

export const SETTINGS_TAB = 'Settings';
export const SETTINGS_HEADER = ['key', 'value'] as const;

/** The workbook schema this code writes; a workbook with a lower number is migrated on open. */
export const SCHEMA_VERSION = 1;

/** Settings with their defaults, built on first use. Secrets never live here (see DESIGN §2). */
export const settingsSchema = lazy(() => z.object({
  business_name: z._default(z.string(), ''),
  country: z._default(z.string().check(z.regex(/^([A-Z]{2})?$/, 'an ISO country code such as ZA')), ''),
  /**
   * The business's IANA time zone; blank (the default) means the spreadsheet's own zone where the host knows it,
   * else UTC (businessClock in shared/kernel decides, with a note). A typed `UTC` means UTC.
   */
  time_zone: z._default(z.string(), ''),
  currency: z._default(z.string(), ''),
  sender_name: z._default(z.string(), ''),
  sender_email: z._default(z.string(), ''),
  reply_to: z._default(z.string(), ''),
  backend_url: z._default(z.string(), ''),
  /** The address links in mail point to (the functions' or the workbench's); blank: nothing that needs a link is sent. */
  public_url: z._default(z.string().check(z.regex(/^(https?:\/\/\S+)?$/, 'an address such as https://example.com')), ''),
  /** A run planning more new messages than this waits for the owner's approval. */
  approve_over: z._default(z.coerce.number().check(z.int(), z.gte(0)), 50),
  /** `no` lets a campaign's first run go without approval (runs above approve_over still wait). */
  approve_first_run: z._default(z.enum(['yes', 'no']), 'yes'),
  /** Account managers' addresses for the weekly digest: `Name=address; Name=address` (names as the Tasks tab writes them). */
  manager_emails: z._default(z.string(), ''),
  /** Who may approve or hold a run (comma-separated e-mail addresses); blank: the trigger's installer. */
  approvers: z._default(z.string(), ''),
  /** At most this many messages per campaign in one run (blank: no cap); the rest wait for the next run. */
  cap_per_campaign: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  /** At most this many messages in one run (blank: no cap); the rest wait for the next run. */
  cap_per_run: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  delivery: z._default(z.enum(['addon', 'scheduler']), 'addon'),
  margin_pct: z._default(z.coerce.number().check(z.gte(0), z.lte(100)), 30),
  discount_rate: z._default(z.coerce.number().check(z.gte(0), z.lte(1)), 0.1),
  complaint_days: z._default(z.coerce.number().check(z.int(), z.gte(1)), 30),
  cool_down_days: z._default(z.coerce.number().check(z.int(), z.gte(0)), 7),
  date_order: z._default(z.enum(['dmy', 'mdy']), 'dmy'),
  /** Cost of one interaction of a kind without its own cost_per_KIND key (reports: cost to serve). */
  cost_per_interaction: z._default(z.coerce.number().check(z.gte(0)), 0),
  /** Cost of one interaction of this kind; blank: cost_per_interaction. */
  cost_per_call: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_email: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_visit: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_meeting: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_complaint: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_compliment: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_survey: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_appointment: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_support: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_whatsapp: z.optional(z.coerce.number().check(z.gte(0))),
  cost_per_sms: z.optional(z.coerce.number().check(z.gte(0))),
  /** Cost of one message sent (mail, SMS) to a customer. */
  cost_per_message: z._default(z.coerce.number().check(z.gte(0)), 0),
  /** Cost of handling one order (picking, packing, payment fees). */
  cost_per_order: z._default(z.coerce.number().check(z.gte(0)), 0),
  /** Fixed yearly cost of keeping one customer (accounts, statements, software seats). */
  fixed_cost_per_customer: z._default(z.coerce.number().check(z.gte(0)), 0),
  /** Who is given a membership number on scoring without asking: nobody (the card's Join), first purchase, or e-mail consent. */
  membership_rule: z._default(z.enum(['none', 'first_purchase', 'email_consent']), 'none'),
  /** The letters before a membership number (`RG-0001234-5`). */
  membership_prefix: z._default(z.string().check(z.regex(/^[A-Z]{1,4}$/, 'one to four capital letters such as RG')), 'RG'),
  /** Campaign results count purchases made within this many days after a message (or its held-out twin). */
  attribution_days: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(365)), 7),
  /** Where CLV reads the purchase log: `sheet` (the default, also when blank) is the Purchases tab; `bigquery` the table named below. */
  warehouse: z._default(z.enum(['sheet', 'bigquery']), 'sheet'),
  /** The Google Cloud project the BigQuery jobs run (and are billed) in, and that holds the dataset. */
  bigquery_project: z._default(z.string(), ''),
  /** The BigQuery dataset that holds the purchase log. */
  bigquery_dataset: z._default(z.string(), ''),
  /** The purchase log's table in that dataset (columns customer_id, date, amount, as the import names them). */
  bigquery_purchases_table: z._default(z.string(), ''),
  /** The dataset's location (US, EU, europe-west2 …); blank lets BigQuery find it from the table. */
  bigquery_location: z._default(z.string(), ''),
  schema_version: z._default(z.coerce.number().check(z.int(), z.gte(0)), 0),
}));

export type Settings = z.infer<ReturnType<typeof settingsSchema>>;

/** A setting that could not be read, named by its row (the value is not echoed). */
export interface SettingsIssue {
  row: number;
  key: string;
  message: string;
}

/** Settings from the key/value tab (missing tab or keys take defaults); extra keys are kept in `extra`. */
export function parseSettings(grid: Grid | undefined): { settings: Settings; extra: Record<string, string>; issues: SettingsIssue[] } {
  const raw: Record<string, string> = {};
  const rowOf: Record<string, number> = {};
  grid?.rows.forEach((cells, i) => {
    const key = cellText(cells[0]).toLowerCase();
    if (key === '') return;
    raw[key] = cellText(cells[1]);
    rowOf[key] = i + 2;
  });
  const schema = settingsSchema();
  const known = new Set(Object.keys(schema.shape));
  const input: Record<string, string> = {};
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!known.has(key)) extra[key] = value;
    else if (value !== '') input[key] = key === 'country' ? value.toUpperCase() : value;
  }
  const issues: SettingsIssue[] = [];
  // Parse key by key so one bad value falls back to its default instead of losing every setting.
  const settings = schema.parse({});
  for (const [key, value] of Object.entries(input)) {
    const field = schema.shape[key as keyof Settings];
    const parsed = field.safeParse(value);
    if (parsed.success) (settings as Record<string, unknown>)[key] = parsed.data;
    else issues.push({ row: rowOf[key] ?? 0, key, message: parsed.error.issues[0]?.message ?? 'invalid value' });
  }
  return { settings, extra, issues };
}

/** Where each setting lives now, so one can be changed in place or appended. */
export function settingsChanges(grid: Grid | undefined, values: Readonly<Record<string, string | number>>): { updates: CellUpdate[]; appends: CellValue[][] } {
  const rowOf = new Map<string, number>();
  grid?.rows.forEach((cells, i) => rowOf.set(cellText(cells[0]).toLowerCase(), i + 2));
  const updates: CellUpdate[] = [];
  const appends: CellValue[][] = [];
  for (const [key, value] of Object.entries(values)) {
    const row = rowOf.get(key);
    if (row === undefined) appends.push([key, value]);
    else if (cellText(grid?.rows[row - 2]?.[1] ?? null) !== String(value)) updates.push({ row, col: 2, value });
  }
  return { updates, appends };
}
