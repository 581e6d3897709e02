import type { Interaction } from '../workbook';
import type { ChartSpec, Dashboard, DashboardTable } from '../dashboard';
import { dayNumber } from '../kernel';
import { summariseScores, surveyAnswerOf, type ScoreSummary, type SurveyAnswer } from './score';

/** A saved segment's members, already evaluated by the caller (the Segments tab's rule over Customers). */
export interface SegmentMembers {
  name: string;
  ids: ReadonlySet<string>;
}

/** What the satisfaction view is built from. */
export interface SatisfactionInput {
  interactions: readonly Interaction[];
  /** The business's today (YYYY-MM-DD): answers after it are not counted, and the months end with its month. */
  asOf: string;
  /** The customers counted (contact type customer, active): answers from anyone else are left out. */
  customerIds: ReadonlySet<string>;
  segments: readonly SegmentMembers[];
  /** How many months back the monthly table goes (default 24). */
  months?: number;
  /** The first day counted (YYYY-MM-DD), for figures of a period such as the last 12 months; default every answer. */
  from?: string;
  /** The label of the by-segment table's first row, everyone counted (default "All customers"). */
  everyone?: string;
}

/** The satisfaction part of the Dashboard: two tables (by month, by segment) and their charts, each with its sentence. */
export type SatisfactionView = Pick<Dashboard, 'asOf' | 'tables' | 'charts'> & { overall: ScoreSummary };

const HEADER = ['Answers', 'Mean rating (1–5)', 'Satisfied (4–5 of 5)', 'NPS answers', 'NPS (−100 to 100)'];
const FORMATS = ['integer', 'number', 'percent', 'integer', 'number'] as const;

function row(label: string, s: ScoreSummary): (string | number | null)[] {
  const round = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(digits)));
  return [label, s.answers, round(s.meanRating, 2), round(s.satisfiedShare, 4), s.npsAnswers, round(s.nps, 1)];
}

/** The month before `month` (YYYY-MM). */
function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Satisfaction and NPS from survey Interactions: by month (the last `months` months to asOf, from the first
 * answer on) and by saved segment (all customers first), with the charts the Dashboard draws and one sentence
 * under each saying what it shows.
 */
export function satisfactionView(input: SatisfactionInput): SatisfactionView {
  const asOf = dayNumber(input.asOf) ?? Number.POSITIVE_INFINITY;
  const from = (input.from === undefined ? undefined : dayNumber(input.from)) ?? Number.NEGATIVE_INFINITY;
  const answers: { customer: string; month: string; answer: SurveyAnswer }[] = [];
  for (const i of input.interactions) {
    const answer = surveyAnswerOf(i);
    const day = dayNumber(i.date);
    const customer = i.customer_id.trim();
    if (!answer || day === undefined || day > asOf || day < from || !input.customerIds.has(customer)) continue;
    answers.push({ customer, month: (i.date ?? '').slice(0, 7), answer });
  }
  const overall = summariseScores(answers.map((a) => a.answer));

  const byMonth = new Map<string, SurveyAnswer[]>();
  for (const a of answers) {
    const list = byMonth.get(a.month);
    if (list) list.push(a.answer);
    else byMonth.set(a.month, [a.answer]);
  }
  const first = [...byMonth.keys()].sort()[0];
  const months: string[] = [];
  if (first !== undefined) {
    // Every month from the first answer to asOf's, so a quiet month shows as a gap, not as no time at all.
    for (let m = input.asOf.slice(0, 7); m >= first && months.length < (input.months ?? 24); m = previousMonth(m)) months.unshift(m);
  }
  const monthTable: DashboardTable = {
    id: 'satisfaction_months',
    title: 'Satisfaction and NPS by month',
    header: ['Month', ...HEADER],
    formats: ['text', ...FORMATS],
    rows: months.map((m) => row(m, summariseScores(byMonth.get(m) ?? []))),
    note: overall.answers === 0 ? 'No survey answers yet: a survey_after_purchase campaign collects them.' : 'From survey answers (Interactions of kind survey). Satisfied: 4 or 5 on the 1–5 scale. NPS: % promoters (9–10) − % detractors (0–6) on the 0–10 scale.',
  };
  const segmentTable: DashboardTable = {
    id: 'satisfaction_segments',
    title: 'Satisfaction and NPS by segment',
    header: ['Segment', ...HEADER],
    formats: ['text', ...FORMATS],
    rows:
      overall.answers === 0
        ? []
        : [row(input.everyone ?? 'All customers', overall), ...input.segments.map((s) => row(s.name, summariseScores(answers.filter((a) => s.ids.has(a.customer)).map((a) => a.answer))))],
    note: input.segments.length === 0 ? 'Save segments (Segments sidebar) to compare them here.' : 'Each saved segment\'s members as of today, with their answers of every month.',
  };

  const charts: ChartSpec[] = [];
  const useNps = overall.npsAnswers >= overall.ratings;
  const series = useNps ? 5 : 3;
  const measure = useNps ? 'NPS (−100 to 100)' : 'Satisfied (% of 1–5 ratings)';
  const format = useNps ? 'number' : 'percent';
  if (overall.answers > 0) {
    charts.push({ id: 'satisfaction_months', type: 'line', title: useNps ? 'NPS by month' : 'Share satisfied by month', table: 'satisfaction_months', domain: 0, series: [series], xAxisTitle: 'Month', yAxisTitle: measure, format, caption: monthCaption(monthTable, series, useNps) });
    charts.push({ id: 'satisfaction_segments', type: 'bar', title: useNps ? 'NPS by segment' : 'Share satisfied by segment', table: 'satisfaction_segments', domain: 0, series: [series], xAxisTitle: measure, yAxisTitle: 'Segment', format, caption: segmentCaption(segmentTable, series, useNps) });
  }
  return { asOf: input.asOf, tables: [monthTable, segmentTable], charts, overall };
}

function shown(value: number, nps: boolean): string {
  const whole = Math.round(value);
  return nps ? `${whole > 0 ? '+' : whole < 0 ? '−' : ''}${Math.abs(whole)}` : `${Math.round(value * 100)}%`;
}

/** The latest month with answers against the one before it with answers, in one sentence. */
function monthCaption(table: DashboardTable, series: number, nps: boolean): string {
  const withData = table.rows.filter((r) => typeof r[series] === 'number');
  const last = withData[withData.length - 1];
  if (!last) return 'No survey answers yet.';
  const what = nps ? 'NPS' : 'The share satisfied';
  const now = shown(last[series] as number, nps);
  const before = withData[withData.length - 2];
  if (!before) return `${what} in ${String(last[0])} was ${now}: too few months yet to see a trend.`;
  const change = (last[series] as number) - (before[series] as number);
  // Ratings are the answers that are not on the 0–10 scale.
  const count = nps ? Number(last[4]) : Number(last[1]) - Number(last[4]);
  const moved = nps ? Math.abs(Math.round(change)) : Math.abs(Math.round(change * 100));
  const direction = moved === 0 ? 'the same as' : change > 0 ? `up ${moved} points from` : `down ${moved} points from`;
  const advice = change < 0 && moved > 0 ? ': read the comments of the latest low scores and call those customers.' : '.';
  return `${what} in ${String(last[0])} was ${now}, ${direction} ${String(before[0])} (${count} ${count === 1 ? 'answer' : 'answers'})${advice}`;
}

/** The segment with the lowest score against all customers, in one sentence. */
function segmentCaption(table: DashboardTable, series: number, nps: boolean): string {
  const all = table.rows[0];
  const scored = table.rows.slice(1).filter((r) => typeof r[series] === 'number');
  if (!all || typeof all[series] !== 'number') return 'No survey answers yet.';
  const overall = `${String(all[0])}: ${shown(all[series], nps)}`;
  if (scored.length === 0) return `${overall}; no saved segment has answers yet.`;
  const lowest = scored.reduce((lo, r) => ((r[series] as number) < (lo[series] as number) ? r : lo));
  // A lowest segment that still scores at or above everyone is no place to start improving.
  if ((lowest[series] as number) >= all[series]) return `${overall}; no saved segment scores below that (lowest: ${String(lowest[0])} at ${shown(lowest[series] as number, nps)}).`;
  return `${overall}; lowest is ${String(lowest[0])} at ${shown(lowest[series] as number, nps)}: ask that segment what to improve first.`;
}
