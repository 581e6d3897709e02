import { describe, expect, it } from 'vitest';
import { createServerApi } from '../../../shared/api';
import { runGreetings } from '../../../shared/greetings';
import { isValidMembershipNumber } from '../../../shared/loyalty';
import { customersTab, MemoryWorkbook, readTable, type CellValue, type Customer } from '../../../shared/workbook';
import { CaptureMailer, grid, testSigner } from '../greetings/fixture';

const D1 = '2026-03-10';
const D2 = '2026-03-14';
const CUSTOMERS = ['id', 'contact_type', 'first_name', 'email', 'email_consent', 'status', 'birth_date', 'membership_tier', 'membership_no'];
const CAMPAIGNS = ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'];
const PURCHASES = ['id', 'customer_id', 'date', 'amount'];

/** A small shop: Ann climbs from Bronze to Silver; Bea, a supplier, a prospect and a partner share a birthday on D2. */
function shop(): MemoryWorkbook {
  const settings = { business_name: 'Corner Café', sender_name: 'Corner Café', sender_email: 'hello@corner.example', time_zone: 'UTC', public_url: 'https://corner.example', cool_down_days: '0', membership_rule: 'email_consent', membership_prefix: 'CC' };
  const customers: Record<string, CellValue>[] = [
    { id: 'C-000001', contact_type: 'customer', first_name: 'Ann', email: 'ann@example.com', email_consent: 'yes', status: 'active' },
    { id: 'C-000002', contact_type: '', first_name: 'Bea', email: 'bea@example.com', email_consent: 'yes', status: 'active', birth_date: '1990-03-14' },
    { id: 'C-000003', contact_type: 'supplier', first_name: 'Sam', email: 'sam@supplier.example', email_consent: 'yes', status: 'active', birth_date: '1980-03-14' },
    { id: 'C-000004', contact_type: 'prospect', first_name: 'Pia', email: 'pia@example.com', email_consent: 'yes', status: 'active', birth_date: '1985-03-14' },
    { id: 'C-000005', contact_type: 'partner', first_name: 'Pat', email: 'pat@partner.example', email_consent: 'yes', status: 'active', birth_date: '1975-03-14' },
  ];
  const purchases: Record<string, CellValue>[] = [
    { id: 'P-1', customer_id: 'C-000001', date: '2025-06-01', amount: 200 },
    { id: 'P-2', customer_id: 'C-000001', date: '2025-09-01', amount: 200 },
    { id: 'P-3', customer_id: 'C-000001', date: '2026-01-05', amount: 300 },
    // Bought and refunded the same day: netted, no order.
    { id: 'P-4', customer_id: 'C-000002', date: '2026-02-01', amount: 80 },
    { id: 'P-5', customer_id: 'C-000002', date: '2026-02-01', amount: -80 },
    { id: 'P-6', customer_id: 'C-000003', date: '2026-02-01', amount: 9000 },
  ];
  const campaigns: Record<string, CellValue>[] = [
    { name: 'Tier upgrade', trigger: 'tier_upgrade', subject: 'You are now {{tier}}', body: 'Card {{membership_no}}: {{discount_pct}} % off; {{next_tier}} is {{next_tier_gap}} away.', active: 'yes', send_hour: 0 },
    { name: 'Birthday', trigger: 'birthday', subject: 'Happy birthday', body: 'Hi {{first_name}}', active: 'yes', send_hour: 0 },
    { name: 'Supplier birthday', trigger: 'birthday', segment: 'Suppliers', subject: 'Happy birthday, partner', body: 'Hi {{first_name}}', active: 'yes', send_hour: 0 },
  ];
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: Object.entries(settings).map(([k, v]) => [k, v]) },
    Customers: grid(CUSTOMERS, customers),
    Purchases: grid(PURCHASES, purchases),
    Campaigns: grid(CAMPAIGNS, campaigns),
    Loyalty: grid(['id', 'tier', 'min_spend_12m', 'min_orders_12m', 'discount_pct'], [
      { id: 'L-1', tier: 'Bronze', min_spend_12m: 0, min_orders_12m: 1, discount_pct: 0 },
      { id: 'L-2', tier: 'Silver', min_spend_12m: 1000, min_orders_12m: 4, discount_pct: 5 },
      { id: 'L-3', tier: 'Gold', min_spend_12m: 5000, min_orders_12m: 8, discount_pct: 10 },
    ]),
    Segments: grid(['id', 'name', 'rule'], [{ id: 'S-1', name: 'Suppliers', rule: 'contact_type = "supplier"' }]),
  });
}

function score(wb: MemoryWorkbook, day: string): void {
  const api = createServerApi({ workbook: () => wb, now: () => `${day}T12:00:00Z`, user: () => 'Owner' });
  const r = api.scoreCustomers({});
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
}

const byId = (wb: MemoryWorkbook): Map<string, Customer> => new Map(readTable(wb, customersTab, 'dmy')!.rows.map((r) => [r.record.id, r.record]));

async function run(wb: MemoryWorkbook, day: string): Promise<CaptureMailer> {
  const mailer = new CaptureMailer();
  await runGreetings({ wb, date: day, mailer, signer: testSigner, now: () => Date.parse(`${day}T12:00:00Z`), approve: true });
  return mailer;
}

describe('tier upgrades and contact types', () => {
  it('scores tiers, issues numbers by the Settings rule, and fires the upgrade campaign once per upgrade', async () => {
    const wb = shop();
    score(wb, D1);
    let rows = byId(wb);
    // 700 over 3 days: Bronze, the base tier, which is no upgrade worth a mail.
    expect(rows.get('C-000001')).toMatchObject({ membership_tier: 'Bronze', tier_upgraded_at: D1 });
    // Bea's purchase was refunded the same day: no order, no tier. The supplier is outside the programme.
    expect(rows.get('C-000002')?.membership_tier).toBe('');
    expect(rows.get('C-000003')?.membership_tier).toBe('');
    // email_consent rule: customers with consent get numbers, in row order; other contact types do not.
    expect(rows.get('C-000001')?.membership_no).toBe('CC-0000001-8');
    expect(rows.get('C-000002')?.membership_no).toBe('CC-0000002-6');
    expect([...rows.values()].filter((c) => c.membership_no !== '').every((c) => isValidMembershipNumber(c.membership_no))).toBe(true);
    expect(rows.get('C-000003')?.membership_no).toBe('');
    expect((await run(wb, D1)).sent.filter((m) => m.subject.startsWith('You are now'))).toEqual([]);

    // A fourth visit lifts Ann to Silver (1,100 over 4 days).
    wb.append('Purchases', [['P-7', 'C-000001', '2026-03-13', 400]]);
    score(wb, D2);
    rows = byId(wb);
    expect(rows.get('C-000001')).toMatchObject({ membership_tier: 'Silver', tier_upgraded_at: D2, membership_no: 'CC-0000001-8' });
    const first = await run(wb, D2);
    const upgrades = first.sent.filter((m) => m.subject === 'You are now Silver');
    expect(upgrades.map((m) => m.to)).toEqual(['ann@example.com']);
    expect(upgrades[0]!.text).toContain('Card CC-0000001-8: 5 % off; Gold is 3,900 more spend and 4 more orders away.');

    // Scoring again and running again the same day, and the next day, sends no second upgrade mail.
    score(wb, D2);
    expect((await run(wb, D2)).sent).toEqual([]);
    score(wb, '2026-03-15');
    expect((await run(wb, '2026-03-15')).sent.filter((m) => m.subject.startsWith('You are now'))).toEqual([]);
  });

  it('sends birthday mail to customers only, unless a campaign segment names another contact type', async () => {
    const wb = shop();
    const mailer = await run(wb, D2);
    const sent = mailer.sent.map((m) => `${m.subject} → ${m.to}`).sort();
    expect(sent).toEqual(['Happy birthday → bea@example.com', 'Happy birthday, partner → sam@supplier.example']);
  });

  it('counts customers only on the Dashboard', () => {
    const wb = shop();
    const api = createServerApi({ workbook: () => wb, now: () => `${D2}T12:00:00Z`, user: () => 'Owner' });
    const dash = api.getDashboard({});
    if (!dash.ok) throw new Error('no dashboard');
    const summary = new Map(dash.value.tables.find((t) => t.id === 'summary')!.rows.map((r) => [r[0], r[1]]));
    // Ann and Bea (blank type) count; the supplier's 9,000, the prospect and the partner do not.
    expect(summary.get('Customers')).toBe(2);
    expect(summary.get('Revenue, all time')).toBe(700);
  });
});
