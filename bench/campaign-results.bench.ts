// Campaign results, the live count and the satisfaction view at a shop's scale: 10,000 customers, 100,000
// purchases, a newsletter sent to 9,000 of them with 1,000 held out, and 20,000 survey answers.
// `node bench/run.mjs campaign-results`
import { campaignResults } from '../shared/campaigns';
import { campaignAudience, readGreetingsData } from '../shared/greetings';
import { mulberry32 } from '../shared/kernel';
import { satisfactionView } from '../shared/satisfaction';
import { MemoryWorkbook, type Interaction, type OutboxEntry, type Purchase } from '../shared/workbook';

const CUSTOMERS = 10_000;
const next = mulberry32(7);
const ids = Array.from({ length: CUSTOMERS }, (_, i) => `C-${i}`);
const day = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const purchases: Purchase[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `P-${i}`, customer_id: ids[Math.floor(next() * CUSTOMERS)]!, date: day(Math.floor(next() * 330)), amount: Math.round(next() * 500), currency: '', description: '', channel: '', staff: '' }));
const outbox: OutboxEntry[] = ids.slice(0, 10_000).map((id, i) => ({ id: `O-${i}`, key: `News|${id}|once:2026-10-01`, campaign: 'News', customer_id: id, to: '', subject: '', status: i % 10 === 0 ? 'holdout' : 'sent', reason: '', planned_for: '2026-10-01', sent_at: i % 10 === 0 ? undefined : '2026-10-01T08:00:00Z', message_id: '', lease_until: undefined, attempts: undefined }));
const interactions = Array.from({ length: 20_000 }, (_, i) => ({ id: `I-${i}`, customer_id: ids[Math.floor(next() * CUSTOMERS)]!, date: day(Math.floor(next() * 330)), kind: 'survey', subject: 'How did we do? (x)', score: Math.floor(next() * 11), score_max: undefined }) as unknown as Interaction);

for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const r = campaignResults({ campaign: 'News', asOf: '2026-11-23', attributionDays: 7, timeZone: 'UTC', outbox, purchases, interactions, customers: [] });
  const t1 = performance.now();
  const s = satisfactionView({ interactions, asOf: '2026-11-23', customerIds: new Set(ids), segments: [{ name: 'Half', ids: new Set(ids.slice(0, CUSTOMERS / 2)) }] });
  const t2 = performance.now();
  console.log(`campaignResults: ${outbox.length.toLocaleString('en')} messages, ${purchases.length.toLocaleString('en')} purchases: ${(t1 - t0).toFixed(0)} ms (mailed ${r.mailed.customers}, control ${r.control?.customers ?? 0}); satisfactionView: ${interactions.length.toLocaleString('en')} answers, 2 segments: ${(t2 - t1).toFixed(0)} ms (${s.overall.answers} answers)`);
}

// The live count reads the workbook's tables once and plans the campaign alone, as `regulars campaign send` does.
const header = ['id', 'first_name', 'email', 'email_consent', 'city', 'status'];
const wb = new MemoryWorkbook({
  Settings: { header: ['key', 'value'], rows: [['time_zone', 'UTC'], ['cool_down_days', '7']] },
  Customers: { header, rows: ids.map((id, i) => [id, `P${i}`, `p${i}@x.example`, i % 7 === 0 ? 'no' : 'yes', i % 2 === 0 ? 'Cape Town' : 'Durban', 'active']) },
  Segments: { header: ['id', 'name', 'rule'], rows: [['S-1', 'Cape Town', 'city = "Cape Town"']] },
  Campaigns: { header: ['id', 'name', 'trigger', 'segment', 'subject', 'body', 'active', 'send_date', 'holdout_pct'], rows: [['M-1', 'Spring', 'once', 'Cape Town', 'Hi', 'Hello', 'yes', '2026-11-23', 10]] },
});
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const data = readGreetingsData(wb);
  const t1 = performance.now();
  const a = campaignAudience({ data, campaign: data.campaigns[0]!, today: '2026-11-23', timeZone: 'UTC' });
  const t2 = performance.now();
  console.log(`campaignAudience over ${CUSTOMERS.toLocaleString('en')} customers: read ${(t1 - t0).toFixed(0)} ms, plan ${(t2 - t1).toFixed(0)} ms (${a.recipients} recipients, ${a.holdout} held out)`);
}
