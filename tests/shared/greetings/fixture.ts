import type { CellValue } from '../../../shared/workbook';
import { MemoryWorkbook } from '../../../shared/workbook';
import type { Mailer, OutgoingMessage, SendResult, Signer } from '../../../shared/greetings';
import { createHmac } from 'node:crypto';

/** A tab from a header and rows of objects (missing fields blank). */
export function grid(header: string[], rows: Record<string, CellValue>[]): { header: string[]; rows: CellValue[][] } {
  return { header, rows: rows.map((r) => header.map((h) => r[h] ?? null)) };
}

export const CUSTOMER_HEADER = ['id', 'first_name', 'last_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'birth_date', 'customer_since', 'membership_tier', 'updated_at', 'churn_risk', 'Favourite colour'];
export const CAMPAIGN_HEADER = ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'];

/** A workbook with Settings, Customers, Campaigns and optional Purchases / Interactions. */
export function workbook(parts: {
  settings?: Record<string, string>;
  customers: Record<string, CellValue>[];
  campaigns: Record<string, CellValue>[];
  purchases?: Record<string, CellValue>[];
  interactions?: Record<string, CellValue>[];
  customerHeader?: string[];
}): MemoryWorkbook {
  const settings = { business_name: 'Corner Café', sender_name: 'Corner Café', sender_email: 'hello@corner.example', time_zone: 'Africa/Johannesburg', cool_down_days: '7', public_url: 'https://corner.example', ...parts.settings };
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: Object.entries(settings).map(([k, v]) => [k, v]) },
    Customers: grid(parts.customerHeader ?? CUSTOMER_HEADER, parts.customers),
    Campaigns: grid(CAMPAIGN_HEADER, parts.campaigns),
    Purchases: grid(['id', 'customer_id', 'date', 'amount', 'description'], parts.purchases ?? []),
    Interactions: grid(['id', 'customer_id', 'date', 'kind', 'status', 'subject'], parts.interactions ?? []),
  });
}

/** An HMAC signer with a fixed test key. */
export const testSigner: Signer = { sign: (data) => createHmac('sha256', 'test-key').update(data).digest('base64url') };

/** A mailer that records what it was given and answers from a script (default: accepted). */
export class CaptureMailer implements Mailer {
  readonly name = 'capture';
  readonly sent: OutgoingMessage[] = [];
  readonly tries: OutgoingMessage[] = [];
  constructor(private readonly script: (message: OutgoingMessage, n: number) => SendResult | 'throw' = () => ({ ok: true, messageId: '' })) {}
  send(message: OutgoingMessage): Promise<SendResult> {
    this.tries.push(message);
    const answer = this.script(message, this.tries.length);
    if (answer === 'throw') return Promise.reject(new Error('boom'));
    if (answer.ok) this.sent.push(message);
    return Promise.resolve(answer);
  }
}

/** The Outbox tab as objects keyed by header. */
export function outboxRows(wb: MemoryWorkbook): Record<string, CellValue>[] {
  const g = wb.snapshot('Outbox');
  if (!g) return [];
  return g.rows.map((r) => Object.fromEntries(g.header.map((h, i) => [h, r[i] ?? null])));
}
