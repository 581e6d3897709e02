// Greetings: planning for 100,000 customers (target ≤ 1 s) and sending N messages through the file outbox
// and a loopback SMTP server, with the whole exactly-once runner around them. Prints figures only.
import { createHmac } from 'node:crypto';
import { mulberry32 } from '../shared/kernel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileMailer } from '../functions/mail/file-mailer';
import { smtpMailer } from '../functions/mail/smtp-mailer';
import { holidaysFor } from '../functions/greetings/holidays';
import { planGreetings, planInputFor, readGreetingsData, runGreetings, type Mailer, type Signer } from '../shared/greetings';
import { MemoryWorkbook, type CellValue } from '../shared/workbook';
import { startLoopbackSmtp } from '../tests/functions/mail/loopback-smtp';

const CUSTOMERS = 100_000;
const SEND = Number(process.env.GREETINGS_BENCH_SEND ?? 1000);
const DATE = '2026-06-15';

/** A deterministic pseudo-random stream, so every run plans the same workbook. */
const random = mulberry32;

const day = (r: () => number, from: number, span: number): string => new Date(Date.UTC(from, 0, 1) + Math.floor(r() * span) * 86_400_000).toISOString().slice(0, 10);

/** A workbook of `n` customers with three purchases each on average, appointments and every kind of campaign. */
function workbook(n: number, seed: number): MemoryWorkbook {
  const r = random(seed);
  const customers: CellValue[][] = [];
  const purchases: CellValue[][] = [];
  const interactions: CellValue[][] = [];
  for (let i = 1; i <= n; i++) {
    const id = `C-${String(i).padStart(6, '0')}`;
    const birth = day(r, 1950, 365 * 55);
    customers.push([id, `Name${i}`, `Family${i % 977}`, `p${i}@example.com`, r() < 0.7 ? 'yes' : 'no', r() < 0.03 ? '2025-01-01T00:00:00Z' : null, r() < 0.02 ? 'merged' : 'active', r() < 0.5 ? birth.split('-').reverse().join('/') : birth, day(r, 2015, 365 * 11), r() < 0.1 ? 'Gold' : '', r() < 0.2 ? r() : null]);
    const k = Math.floor(r() * 6);
    for (let j = 0; j < k; j++) purchases.push([`P-${i}-${j}`, id, day(r, 2024, 900), Math.round(r() * 5000) / 10, 'bike service']);
    if (r() < 0.01) interactions.push([`I-${i}`, id, `${day(r, 2026, 365)}T09:30`, 'appointment', 'booked']);
  }
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Fynbos Cycles'], ['sender_email', 'hello@fynbos.example'], ['time_zone', 'Africa/Johannesburg'], ['country', 'ZA'], ['cool_down_days', '7']] },
    Customers: { header: ['id', 'first_name', 'last_name', 'email', 'email_consent', 'unsubscribed_at', 'status', 'birth_date', 'customer_since', 'membership_tier', 'churn_risk'], rows: customers },
    Purchases: { header: ['id', 'customer_id', 'date', 'amount', 'description'], rows: purchases },
    Interactions: { header: ['id', 'customer_id', 'date', 'kind', 'status'], rows: interactions },
    Campaigns: {
      header: ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active'],
      rows: [
        ['Birthday', 'birthday', 0, '', 'Happy birthday {{first_name}}', 'Hi {{first_name}}', 'yes'],
        ['Anniversary', 'anniversary', 0, '', '{{years}} years', 'Thanks', 'yes'],
        ['Welcome', 'welcome', 0, '', 'Welcome', 'Hi', 'yes'],
        ['Thank you', 'thank_you', 1, '', 'Thanks', 'Thanks for {{purchase_description}}', 'yes'],
        ['Survey', 'survey_after_purchase', 7, '', 'How was it?', 'Tell us', 'yes'],
        ['Reminder', 'appointment_reminder', -1, '', 'Tomorrow', 'At {{appointment_time}}', 'yes'],
        ['Youth Day', 'holiday:youth-day', 0, '', 'Happy Youth Day', 'Enjoy', 'yes'],
        ['We miss you', 'win_back', 0, '', 'We miss you', 'Come back', 'yes'],
      ],
    },
  });
}

function ms(since: number): string {
  return `${(performance.now() - since).toFixed(0)} ms`;
}

const signer: Signer = { sign: (data) => createHmac('sha256', 'bench-key-0123456789abcdef').update(data).digest('base64url') };

// 1. Planning.
let t = performance.now();
const big = workbook(CUSTOMERS, 1);
console.log(`workbook of ${CUSTOMERS} customers built in ${ms(t)}`);
t = performance.now();
const data = readGreetingsData(big);
console.log(`decode tabs (Customers ${data.customers.length}, Purchases ${data.purchases.length}, Interactions ${data.interactions.length}): ${ms(t)}`);
const holidays = holidaysFor('ZA', [2025, 2026, 2027]);
// The same input the hourly run and the Messages sidebar build (segments and win-back rule included).
const input = planInputFor(data, DATE, { holidays });
planGreetings(input); // warm-up
const times: number[] = [];
let planned = 0;
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  planned = planGreetings(input).messages.length;
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log(`plan ${CUSTOMERS} customers, 8 campaigns (${planned} messages due on ${DATE}): median ${times[2]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms (target ≤ 1000 ms)`);

// 2. Sending N messages through each transport with the full runner (plan, lease, send, record).
function sendWorkbook(n: number): MemoryWorkbook {
  const rows: CellValue[][] = [];
  for (let i = 1; i <= n; i++) rows.push([`C-${String(i).padStart(6, '0')}`, `Name${i}`, `p${i}@example.com`, 'yes', '1990-06-15']);
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Fynbos Cycles'], ['sender_email', 'hello@fynbos.example'], ['time_zone', 'Africa/Johannesburg']] },
    Customers: { header: ['id', 'first_name', 'email', 'email_consent', 'birth_date'], rows },
    Campaigns: { header: ['name', 'trigger', 'subject', 'body'], rows: [['Birthday', 'birthday', 'Happy birthday {{first_name}}', 'Hi {{first_name}},\n\nHappy birthday from {{business_name}}.']] },
  });
}

async function timeRun(label: string, mailer: Mailer): Promise<void> {
  const wb = sendWorkbook(SEND);
  const s = performance.now();
  const report = await runGreetings({ wb, date: DATE, mailer, signer, now: () => Date.now(), batchSize: 100 });
  const elapsed = performance.now() - s;
  console.log(`${label}: ${report.sent} messages in ${elapsed.toFixed(0)} ms (${((report.sent / elapsed) * 1000).toFixed(0)} msg/s)`);
  await mailer.close?.();
}

const dir = await mkdtemp(path.join(tmpdir(), 'greetings-bench-'));
await timeRun(`file outbox (${SEND} .eml)`, fileMailer(dir));
await rm(dir, { recursive: true, force: true });
const smtp = await startLoopbackSmtp();
await timeRun(`loopback SMTP (${SEND}, one pooled connection)`, smtpMailer(smtp.url));
console.log(`SMTP server received ${smtp.received.length}`);
await smtp.close();
