import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerApi } from '../../../shared/api';
import { readDashboardSheet } from '../../../shared/dashboard';
import { MemoryWorkbook } from '../../../shared/workbook';
import { grid } from '../greetings/fixture';

// 08:00 UTC on 10 May 2027 is 10:00 in Johannesburg.
const NOW = '2027-05-10T08:00:00.000Z';

/** Survey answers: 0–10 unless score_max is 5. C5 is archived, C6 a prospect, the last answer after today. */
const ANSWERS: { customer_id: string; date: string; kind: string; score: number; score_max?: number }[] = [
  { customer_id: 'C1', date: '2027-04-03', kind: 'survey', score: 10 },
  { customer_id: 'C1', date: '2027-05-02', kind: 'survey', score: 9 },
  { customer_id: 'C2', date: '2027-04-20', kind: 'survey', score: 3 },
  { customer_id: 'C2', date: '2027-05-03', kind: 'survey', score: 2, score_max: 5 },
  { customer_id: 'C3', date: '2027-05-05', kind: 'survey', score: 7 },
  { customer_id: 'C4', date: '2027-04-10', kind: 'survey', score: 10 },
  { customer_id: 'C4', date: '2027-05-01', kind: 'survey', score: 6 },
  { customer_id: 'C5', date: '2027-05-01', kind: 'survey', score: 0 },
  { customer_id: 'C6', date: '2027-05-01', kind: 'survey', score: 0 },
  { customer_id: 'C1', date: '2027-05-20', kind: 'survey', score: 0 },
];

/** Three customers (and a prospect) in Cape Town, two in Durban (one archived); a segment for each city. */
function book(answers = ANSWERS): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['time_zone', 'Africa/Johannesburg'], ['currency', 'R']] },
    Customers: grid(['id', 'first_name', 'contact_type', 'city', 'status'], [
      { id: 'C1', first_name: 'Ann', contact_type: '', city: 'Cape Town', status: 'active' },
      { id: 'C2', first_name: 'Ben', contact_type: 'customer', city: 'Cape Town', status: 'active' },
      { id: 'C3', first_name: 'Cas', contact_type: '', city: 'Cape Town', status: 'active' },
      { id: 'C4', first_name: 'Dee', contact_type: '', city: 'Durban', status: 'active' },
      { id: 'C5', first_name: 'Eli', contact_type: '', city: 'Durban', status: 'archived' },
      { id: 'C6', first_name: 'Fay', contact_type: 'prospect', city: 'Cape Town', status: 'active' },
    ]),
    Segments: grid(['id', 'name', 'rule'], [{ id: 'S-1', name: 'Cape Town', rule: 'city = "Cape Town"' }, { id: 'S-2', name: 'Durban', rule: 'city = "Durban"' }]),
    Interactions: grid(['id', 'customer_id', 'date', 'kind', 'score', 'score_max'], answers.map((a, i) => ({ id: `I${i + 1}`, score_max: null, ...a }))),
  });
}

const apiOf = (wb: MemoryWorkbook): ServerApi => createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'owner@x.example' });
const rowsOf = (view: { tables: { id: string; rows: unknown[][] }[] }, id: string) => view.tables.find((t) => t.id === id)!.rows;

describe('getSatisfaction of one segment', () => {
  it('counts only the segment\'s active customers: figures computed by hand', () => {
    const r = apiOf(book()).getSatisfaction({ segment: 'Cape Town' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    // Cape Town customers C1, C2, C3 (C6 is a prospect). April: 10 and 3 → 1 promoter, 1 detractor of 2 → 0.
    // May: 9 and 7 → 1 promoter of 2 → +50; and C2's rating 2 of 5: mean 2, not satisfied.
    expect(rowsOf(r.value, 'satisfaction_months')).toEqual([
      ['2027-04', 2, null, null, 2, 0],
      ['2027-05', 3, 2, 0, 2, 50],
    ]);
    // All four 0–10 answers: 2 promoters, 1 detractor → 25; Durban's members are not in Cape Town.
    expect(rowsOf(r.value, 'satisfaction_segments')).toEqual([
      ['Segment "Cape Town"', 5, 2, 0, 4, 25],
      ['Cape Town', 5, 2, 0, 4, 25],
      ['Durban', 0, null, null, 0, null],
    ]);
    expect(r.value.covers).toBe('Covers the 3 active customers in segment "Cape Town" today; the rows below are those of them also in each saved segment.');
  });

  it('equals the everyone view over the hand-filtered Interactions (only Cape Town customers\' answers)', () => {
    const picked = apiOf(book()).getSatisfaction({ segment: 'cape town' });
    const filtered = apiOf(book(ANSWERS.filter((a) => ['C1', 'C2', 'C3'].includes(a.customer_id)))).getSatisfaction({});
    if (!picked.ok || !filtered.ok) throw new Error('refused');
    expect(rowsOf(picked.value, 'satisfaction_months')).toEqual(rowsOf(filtered.value, 'satisfaction_months'));
    expect(picked.value.overall).toEqual(filtered.value.overall);
    expect(picked.value.charts.map((c) => c.caption)[0]).toBe(filtered.value.charts.map((c) => c.caption)[0]);
  });

  it('is everyone without a segment or with a blank one, and refuses a segment that does not exist', () => {
    const api = apiOf(book());
    const all = api.getSatisfaction({});
    if (!all.ok) throw new Error('refused');
    // Six 0–10 answers of active customers: 3 promoters (10, 9, 10), 2 detractors (3, 6) → 100 × 1/6.
    expect(rowsOf(all.value, 'satisfaction_segments')[0]).toEqual(['All customers', 7, 2, 0, 6, 16.7]);
    expect(all.value.covers).toBe('Covers all 4 active customers.');
    expect(api.getSatisfaction({ segment: '  ' })).toEqual(all);
    const missing = api.getSatisfaction({ segment: 'Nowhere' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues[0]?.path).toEqual(['segment']);
  });
});

describe('the Dashboard tab written by "Update tab"', () => {
  it('carries the satisfaction block, in the same single write as the rest of the tab', () => {
    // One more answer, the day before the 12 months (June 2026 … May 2027) begin: left out of the block.
    const wb = book([...ANSWERS, { customer_id: 'C4', date: '2026-05-31', kind: 'survey', score: 0 }]);
    const before = wb.calls.write;
    const built = apiOf(wb).buildDashboard({});
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    expect(wb.calls.write - before).toBe(1);
    const back = readDashboardSheet(wb.snapshot('Dashboard')!.rows);
    expect(back.get('satisfaction_by_month')!.title).toBe('NPS by month, last 12 months');
    expect(back.get('satisfaction_by_month')!.header).toEqual(['Month', 'NPS answers', 'NPS (−100 to 100)']);
    // April: 10, 3, 10 → 2 promoters, 1 detractor of 3 → 33.3; May: 9, 7, 6 → 1 promoter, 1 detractor → 0.
    expect(back.get('satisfaction_by_month')!.rows).toEqual([
      ['2027-04', 3, 33.3],
      ['2027-05', 3, 0],
    ]);
    expect(back.get('satisfaction_by_month')!.note).toBe('NPS in 2027-05 was 0, down 33 points from 2027-04 (3 answers): read the comments of the latest low scores and call those customers.');
    expect(back.get('satisfaction_by_segment')!.rows).toEqual([
      ['All customers', 6, 16.7],
      ['Cape Town', 4, 25],
      ['Durban', 2, 0],
    ]);
    expect(back.get('satisfaction_by_segment')!.note).toBe('All customers: +17; lowest is Durban at 0: ask that segment what to improve first.');
  });

  it('of a segment, carries that segment\'s satisfaction', () => {
    const wb = book();
    const built = apiOf(wb).buildSegmentDashboard({ segment: 'Durban' });
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    const back = readDashboardSheet(wb.snapshot('Dashboard')!.rows);
    // Durban's only active customer C4: 10 in April, 6 in May.
    expect(back.get('satisfaction_by_month')!.rows).toEqual([
      ['2027-04', 1, 100],
      ['2027-05', 1, -100],
    ]);
    expect(back.get('satisfaction_by_segment')!.rows[0]).toEqual(['Segment "Durban"', 2, 0]);
  });
});
