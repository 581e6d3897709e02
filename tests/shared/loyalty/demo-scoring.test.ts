import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, writeDemo } from '../../../functions/demo';
import { createServerApi } from '../../../shared/api';
import { customersTab, loyaltyTab, MemoryWorkbook, parseSettings, purchasesTab, readTable, type CellUpdate, type Customer } from '../../../shared/workbook';

// The demo is generated on one day and scored on an earlier one, so purchases after the scoring date exist and
// every tier the demo wrote is first replaced by a wrong one: only the scoring can put the right ones back.
const DEMO_DAY = '2026-11-23';
const SCORE_DAY = '2026-06-30';

/** Luhn validation written from the textbook: from the right, double every second digit, sum, divisible by 10. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((ch, i) => {
    const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}

describe('the demo scored on a fixed date: loyalty', () => {
  const wb = new MemoryWorkbook();
  let customers: Customer[];
  let before: Customer[];
  let counterBefore = 0;

  beforeAll(() => {
    writeDemo(wb, generateDemo({ today: DEMO_DAY, customers: 400, seed: 7 }));
    before = readTable(wb, customersTab, 'dmy')!.rows.map((r) => r.record);
    counterBefore = Number(parseSettings(wb.read('Settings')).extra['last_id.membership']);
    const table = readTable(wb, customersTab, 'dmy')!;
    const tierCol = table.map.indexOf.get('membership_tier')! + 1;
    const noCol = table.map.indexOf.get('membership_no')! + 1;
    // Wrong tiers for every customer contact, and a handful of buyers lose their number (to be issued again).
    const updates: CellUpdate[] = [];
    table.rows.forEach(({ row, record }, i) => {
      const type = record.contact_type.trim();
      if (type === '' || type === 'customer') updates.push({ row, col: tierCol, value: 'Platinum' });
      if (i % 10 === 0) updates.push({ row, col: noCol, value: null });
    });
    wb.write('Customers', updates);
    const api = createServerApi({ workbook: () => wb, now: () => `${SCORE_DAY}T10:00:00Z`, user: () => 'Owner' });
    const scored = api.scoreCustomers({});
    if (!scored.ok) throw new Error(JSON.stringify(scored.issues));
    customers = readTable(wb, customersTab, 'dmy')!.rows.map((r) => r.record);
  });

  it("gives every active customer the tier the Loyalty rules give their own last 12 months", () => {
    const tiers = readTable(wb, loyaltyTab, 'dmy')!.rows.map((r) => r.record);
    const purchases = readTable(wb, purchasesTab, 'dmy')!.rows.map((r) => r.record);
    // 12 months: from the day after 2025-06-30 up to and including 2026-06-30.
    const from = '2025-07-01';
    const survivor = new Map(customers.filter((c) => c.merged_into.trim() !== '').map((c) => [c.id, c.merged_into.trim()]));
    const net = new Map<string, Map<string, number>>();
    for (const p of purchases) {
      const day = (p.date ?? '').slice(0, 10);
      if (day < from || day > SCORE_DAY) continue;
      const id = survivor.get(p.customer_id) ?? p.customer_id;
      if (!net.has(id)) net.set(id, new Map());
      const days = net.get(id)!;
      days.set(day, (days.get(day) ?? 0) + (p.amount ?? 0));
    }
    let checked = 0;
    const seen = new Set<string>();
    for (const c of customers) {
      const type = c.contact_type.trim();
      if (c.status !== 'active' || !(type === '' || type === 'customer')) continue;
      let spend = 0;
      let orders = 0;
      for (const amount of net.get(c.id)?.values() ?? []) {
        spend += amount;
        if (amount > 0) orders++;
      }
      let expected = '';
      let best = -1;
      for (const t of tiers) {
        const okSpend = t.min_spend_12m === undefined || spend >= t.min_spend_12m;
        const okOrders = t.min_orders_12m === undefined || orders >= t.min_orders_12m;
        if (orders > 0 && okSpend && okOrders && (t.min_spend_12m ?? 0) > best) [best, expected] = [t.min_spend_12m ?? 0, t.tier];
      }
      expect(`${c.id} ${c.membership_tier}`).toBe(`${c.id} ${expected}`);
      seen.add(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
    // The fixture exercises the whole ladder and the "no tier" case, or the comparison proves little.
    expect([...seen].sort()).toEqual(['', 'Bronze', 'Gold', 'Platinum', 'Silver']);
  });

  it('leaves the tier cells of suppliers, prospects and partners alone', () => {
    const others = before.filter((c) => !['', 'customer'].includes(c.contact_type.trim()));
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(customers.find((x) => x.id === c.id)?.membership_tier).toBe(c.membership_tier);
  });

  it('issues membership numbers in the form PREFIX-0001234-5, Luhn-valid, unique, never reusing a number', () => {
    const numbers = customers.map((c) => c.membership_no).filter((n) => n !== '');
    expect(numbers.length).toBeGreaterThan(200);
    for (const n of numbers) {
      expect(n).toMatch(/^FC-\d{7}-\d$/);
      expect(luhnValid(n.replace(/\D/g, ''))).toBe(true);
    }
    expect(new Set(numbers).size).toBe(numbers.length);
    // The rows that lost their number got new ones after the last ever issued, not their old ones back.
    const reissued = customers.filter((c, i) => before[i]!.membership_no !== '' && c.membership_no !== '' && c.membership_no !== before[i]!.membership_no);
    expect(reissued.length).toBeGreaterThan(0);
    for (const c of reissued) expect(Number(c.membership_no.slice(3, 10))).toBeGreaterThan(counterBefore);
    // Settings membership_rule first_purchase: every customer who had bought by the scoring date holds a number.
    const bought = new Set(readTable(wb, purchasesTab, 'dmy')!.rows.filter((r) => (r.record.date ?? '') <= SCORE_DAY && (r.record.amount ?? 0) > 0).map((r) => r.record.customer_id));
    const members = customers.filter((c) => c.status === 'active' && ['', 'customer'].includes(c.contact_type.trim()) && bought.has(c.id));
    expect(members.filter((c) => c.membership_no === '').map((c) => c.id)).toEqual([]);
    const counter = Number(parseSettings(wb.read('Settings')).extra['last_id.membership']);
    expect(counter).toBe(Math.max(...numbers.map((n) => Number(n.slice(3, 10)))));
  });
});
