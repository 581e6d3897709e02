import { describe, expect, it } from 'vitest';
import { satisfactionView, summariseScores, surveyAnswerOf } from '../../../shared/satisfaction';
import type { Interaction } from '../../../shared/workbook';

const answer = (customer_id: string, date: string, score: number, score_max?: number): Interaction => ({ id: '', customer_id, date, kind: 'survey', subject: 'How did we do? (2027-01-02)', score, score_max }) as Interaction;

const interactions: Interaction[] = [
  // January, 0–10: 10 and 9 promote, 7 is passive, 3 detracts → (2 − 1) / 4 = +25.
  answer('C1', '2027-01-05T10:00', 10),
  answer('C2', '2027-01-09', 9),
  answer('C3', '2027-01-20', 7),
  answer('C4', '2027-01-28', 3, 10),
  // February: 1–5 ratings 5, 4, 2 → mean 3.67, satisfied 2 of 3; one 0–10 answer of 6 → NPS −100.
  answer('C1', '2027-02-02', 5, 5),
  answer('C2', '2027-02-03', 4, 5),
  answer('C3', '2027-02-04', 2, 5),
  answer('C4', '2027-02-05', 6),
  // Not counted: a supplier's answer, one after the date, a score off its scale, a call.
  answer('S1', '2027-02-06', 0),
  answer('C1', '2027-04-03', 0),
  answer('C2', '2027-02-07', 6, 5),
  { ...answer('C3', '2027-02-08', 9), kind: 'call' },
];

describe('satisfaction and NPS', () => {
  it('reads an answer on its scale: blank score_max is the 0–10 question', () => {
    expect(surveyAnswerOf(answer('C1', '2027-01-01', 8))).toEqual({ score: 8, max: 10 });
    expect(surveyAnswerOf(answer('C1', '2027-01-01', 0, 5))).toBeUndefined();
    expect(summariseScores([])).toMatchObject({ answers: 0, nps: null, meanRating: null });
  });

  it('by month, from the first answer to the month of the date, by hand', () => {
    const view = satisfactionView({ interactions, asOf: '2027-04-02', customerIds: new Set(['C1', 'C2', 'C3', 'C4']), segments: [] });
    const months = view.tables.find((t) => t.id === 'satisfaction_months')!;
    expect(months.header).toEqual(['Month', 'Answers', 'Mean rating (1–5)', 'Satisfied (4–5 of 5)', 'NPS answers', 'NPS (−100 to 100)']);
    expect(months.rows).toEqual([
      ['2027-01', 4, null, null, 4, 25],
      ['2027-02', 4, 3.67, 0.6667, 1, -100],
      ['2027-03', 0, null, null, 0, null],
      ['2027-04', 0, null, null, 0, null],
    ]);
    // 5 answers on 0–10 (10, 9, 7, 3, 6): promoters 2, detractors 2 → 0; 3 ratings.
    expect(view.overall).toMatchObject({ answers: 8, npsAnswers: 5, nps: 0, ratings: 3 });
    const chart = view.charts.find((c) => c.id === 'satisfaction_months')!;
    expect(chart).toMatchObject({ type: 'line', series: [5], title: 'NPS by month' });
    expect(chart.caption).toBe('NPS in 2027-02 was −100, down 125 points from 2027-01 (1 answer): read the comments of the latest low scores and call those customers.');
  });

  it('by segment: all customers first, then each saved segment with its members\u2019 answers', () => {
    const view = satisfactionView({ interactions, asOf: '2027-04-02', customerIds: new Set(['C1', 'C2', 'C3', 'C4']), segments: [{ name: 'Regulars', ids: new Set(['C1', 'C2']) }, { name: 'Quiet', ids: new Set(['C3', 'C4']) }] });
    const segments = view.tables.find((t) => t.id === 'satisfaction_segments')!;
    // Regulars: 10, 9 → +100; ratings 5, 4 → 4.5, 100%. Quiet: 7, 3, 6 → (0 − 2) / 3 = −66.7; rating 2 → 0%.
    expect(segments.rows).toEqual([
      ['All customers', 8, 3.67, 0.6667, 5, 0],
      ['Regulars', 4, 4.5, 1, 2, 100],
      ['Quiet', 4, 2, 0, 3, -66.7],
    ]);
    expect(view.charts.find((c) => c.id === 'satisfaction_segments')?.caption).toBe('All customers: 0; lowest is Quiet at −67: ask that segment what to improve first.');
  });

  it('by segment: no advice to ask a segment that scores above all customers', () => {
    const view = satisfactionView({ interactions, asOf: '2027-04-02', customerIds: new Set(['C1', 'C2', 'C3', 'C4']), segments: [{ name: 'Regulars', ids: new Set(['C1', 'C2']) }] });
    // All customers 0 (as above); Regulars alone, +100, is the lowest segment yet above everyone.
    expect(view.charts.find((c) => c.id === 'satisfaction_segments')?.caption).toBe('All customers: 0; no saved segment scores below that (lowest: Regulars at +100).');
  });

  it('without answers: empty tables, no charts, and a note saying where answers come from', () => {
    const view = satisfactionView({ interactions: [], asOf: '2027-04-02', customerIds: new Set(), segments: [] });
    expect(view.charts).toEqual([]);
    expect(view.tables[0]?.note).toMatch(/No survey answers yet/);
  });
});
