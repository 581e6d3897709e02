import { describe, expect, it } from 'vitest';
import { evaluateSegment, parseRule } from '../../../shared/segments';

const rows = [
  { id: 'C1', region: 'Gauteng', revenue: 5000, orders: 9, tags: 'vip, wine', email: 'a@x.co', last_purchase: '2026-11-20', email_consent: true },
  { id: 'C2', region: 'KwaZulu-Natal', revenue: 800, orders: 2, tags: '', email: '', last_purchase: '2026-06-01', email_consent: false },
  { id: 'C3', region: 'gauteng', revenue: 1200, orders: 4, tags: 'wine', email: 'c@x.co', last_purchase: '2026-10-30', email_consent: true },
  { id: 'C4', region: 'Western Cape', revenue: 300, orders: 1, tags: 'VIP', email: 'd@x.co', last_purchase: undefined, email_consent: undefined },
  { id: 'C5', region: 'Western Cape', revenue: 9000, orders: 20, tags: '', email: 'e@x.co', last_purchase: '2025-01-01', email_consent: 'yes' },
];
const columns = Object.keys(rows[0]!);
const ids = (rule: string): string[] => {
  const result = evaluateSegment(rule, rows, columns, { today: '2026-11-23' });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.members.map((r) => r.id);
};

describe('segment rules', () => {
  it('compares text case-insensitively and numbers as numbers', () => {
    expect(ids('region = "gauteng"')).toEqual(['C1', 'C3']);
    expect(ids('revenue >= 1200')).toEqual(['C1', 'C3', 'C5']);
    expect(ids('orders < 2 or orders > 10')).toEqual(['C4', 'C5']);
  });

  it('combines and, or, not and parentheses with and binding tighter', () => {
    expect(ids('region = "Western Cape" and revenue > 1000 or tags contains "wine"')).toEqual(['C1', 'C3', 'C5']);
    expect(ids('region = "Western Cape" and (revenue > 1000 or tags contains "wine")')).toEqual(['C5']);
    expect(ids('not tags contains "vip"')).toEqual(['C2', 'C3', 'C5']);
    expect(ids('region not in ("Gauteng", "Western Cape")')).toEqual(['C2']);
  });

  it('handles blanks, booleans, ranges and dates relative to today', () => {
    expect(ids('email is empty')).toEqual(['C2']);
    expect(ids('last_purchase is not empty and email_consent = yes')).toEqual(['C1', 'C3', 'C5']);
    expect(ids('revenue between 800 and 1200')).toEqual(['C2', 'C3']);
    expect(ids('last_purchase within last 30 days')).toEqual(['C1', 'C3']);
    expect(ids('last_purchase < 2026-01-01')).toEqual(['C5']);
  });

  it('finds the top and bottom N% by a column (ceil of the share of those with a value)', () => {
    expect(ids('top 20% by revenue')).toEqual(['C5']);
    expect(ids('top 40% by revenue')).toEqual(['C1', 'C5']);
    expect(ids('bottom 20% by revenue')).toEqual(['C4']);
  });

  it('explains what is wrong, and where', () => {
    expect(parseRule('revenue >=')).toEqual({ ok: false, issues: [{ code: 'syntax', at: 10, message: 'expected a value at the end of the rule' }] });
    expect(parseRule('region = "Gauteng')).toMatchObject({ ok: false, issues: [{ at: 9, message: 'a quoted value is not closed' }] });
    expect(parseRule('top 120% by revenue')).toMatchObject({ ok: false, issues: [{ message: 'expected a percentage between 0 and 100' }] });
    expect(evaluateSegment('shoe_size > 9', rows, columns, { today: '2026-11-23' })).toEqual({
      ok: false,
      issues: [{ code: 'unknown_column', at: 0, message: 'there is no column "shoe_size"' }],
    });
  });
});
