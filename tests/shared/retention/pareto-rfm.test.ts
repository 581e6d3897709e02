import { describe, expect, it } from 'vitest';
import { buildHistory, paretoShare, quintiles, rfmScores, rfmSegment } from '../../../shared/retention';
import { AS_OF, customers, purchase, purchases } from './fixture';

describe('paretoShare', () => {
  it('finds the fewest customers bringing 80% of revenue and draws the curve between whole customers', () => {
    // Net revenue: C3 500, C1 300, C2 300, C4 40, C5 30 = 1170; 80% = 936, reached by the top 3 (1100).
    const p = paretoShare(buildHistory(purchases, AS_OF, customers));
    expect(p.customers).toBe(5);
    expect(p.revenue).toBe(1170);
    expect(p.count).toBe(3);
    expect(p.share).toBe(0.6);
    expect(p.top20).toBeCloseTo(500 / 1170, 12);
    expect(p.curve).toHaveLength(21);
    expect(p.curve[0]).toEqual({ customerShare: 0, revenueShare: 0 });
    expect(p.curve[2]!.revenueShare).toBeCloseTo(250 / 1170, 12); // 10% = half of the top customer
    expect(p.curve[10]!.revenueShare).toBeCloseTo(950 / 1170, 12); // 50% = 2.5 customers: 500 + 300 + 150
    expect(p.curve[20]!.revenueShare).toBeCloseTo(1, 12);
  });

  it('counts a customer whose revenue lands exactly on the target', () => {
    const h = buildHistory([purchase('A', '2025-01-01', 80), ...['B', 'C', 'D', 'E'].map((id) => purchase(id, '2025-01-01', 5))], '2025-01-31');
    const p = paretoShare(h);
    expect([p.count, p.share, p.top20]).toEqual([1, 0.2, 0.8]);
  });

  it('has no share without revenue', () => {
    const p = paretoShare(buildHistory([purchase('A', '2025-01-01', 0)], '2025-01-31'));
    expect(p.share).toBeNull();
    expect(p.curve.every((pt) => pt.revenueShare === 0)).toBe(true);
  });
});

describe('quintiles', () => {
  it('scores 1 + floor(5 × strictly worse ÷ n)', () => {
    expect(quintiles([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], true)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintiles([100, 90, 80, 70, 60, 50, 40, 30, 20, 10], false)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives equal values the same score', () => {
    expect(quintiles([1, 1, 1, 2, 3], true)).toEqual([1, 1, 1, 4, 5]);
    expect(quintiles([7, 7], false)).toEqual([1, 1]);
  });
});

describe('rfmScores', () => {
  it('scores recency, frequency and revenue of each buyer and names the segment', () => {
    // Recency in days to 2025-06-30: C5 15, C1 71, C3 119 (the refund is not a visit), C4 121, C2 156.
    const rfm = rfmScores(buildHistory(purchases, AS_OF, customers));
    const row = (id: string) => {
      const s = rfm.get(id)!;
      return [s.recency, s.frequency, s.monetary, s.r, s.f, s.m, s.segment];
    };
    expect(row('C1')).toEqual([71, 4, 300, 4, 5, 3, 'Loyal']);
    expect(row('C2')).toEqual([156, 2, 300, 1, 3, 3, 'At risk']);
    expect(row('C3')).toEqual([119, 2, 500, 3, 3, 5, 'Need attention']);
    expect(row('C4')).toEqual([121, 1, 40, 2, 1, 2, 'Hibernating']);
    expect(row('C5')).toEqual([15, 1, 30, 5, 1, 1, 'New']);
  });

  it('follows the documented segment rule, first match first', () => {
    expect(rfmSegment(5, 5, 5, 9)).toBe('Champions');
    expect(rfmSegment(4, 4, 3, 9)).toBe('Loyal');
    expect(rfmSegment(3, 5, 5, 9)).toBe('Loyal');
    expect(rfmSegment(5, 1, 1, 1)).toBe('New');
    expect(rfmSegment(4, 2, 5, 2)).toBe('Potential loyalists');
    expect(rfmSegment(3, 2, 1, 2)).toBe('Need attention');
    expect(rfmSegment(2, 4, 1, 6)).toBe("Can't lose them");
    expect(rfmSegment(1, 1, 4, 1)).toBe('At risk');
    expect(rfmSegment(2, 2, 2, 2)).toBe('Hibernating');
    expect(rfmSegment(1, 2, 3, 2)).toBe('Lost');
  });
});
