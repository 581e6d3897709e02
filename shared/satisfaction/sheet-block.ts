import type { DashboardTable } from '../dashboard';
import type { SatisfactionView } from './trend';

/** Columns of the view's tables: answers, NPS answers, share satisfied, NPS (see trend.ts HEADER). */
const ANSWERS = 1;
const SATISFIED = 3;
const NPS_ANSWERS = 4;
const NPS = 5;

/**
 * The satisfaction block of the Dashboard tab: two narrow tables (by month, by segment) holding one measure and
 * its answer count, NPS when most answers are on the 0–10 scale, else the share satisfied; each table's note is
 * the one-sentence reading of its chart, since the tab carries no chart of its own for them. `period` (e.g. "last
 * 12 months") ends each title when the view counts only some answers.
 */
export function satisfactionSheetTables(view: SatisfactionView, period = ''): DashboardTable[] {
  const useNps = view.overall.npsAnswers >= view.overall.ratings;
  const measure = useNps ? 'NPS (−100 to 100)' : 'Satisfied (4–5 of 5)';
  const what = useNps ? 'NPS' : 'share satisfied';
  const pick = (source: DashboardTable | undefined, id: string, title: string, label: string): DashboardTable => {
    const caption = view.charts.find((c) => c.table === source?.id)?.caption;
    return {
      id,
      title: period === '' ? title : `${title}, ${period}`,
      header: [label, useNps ? 'NPS answers' : 'Ratings (1–5)', measure],
      formats: ['text', 'integer', useNps ? 'number' : 'percent'],
      // Ratings are the answers not on the 0–10 scale.
      rows: (source?.rows ?? []).map((r) => [r[0] ?? null, useNps ? (r[NPS_ANSWERS] ?? null) : Number(r[ANSWERS]) - Number(r[NPS_ANSWERS]), r[useNps ? NPS : SATISFIED] ?? null]),
      note: caption ?? source?.note ?? `No ${what} yet.`,
    };
  };
  const byId = (id: string): DashboardTable | undefined => view.tables.find((t) => t.id === id);
  return [
    pick(byId('satisfaction_months'), 'satisfaction_by_month', useNps ? 'NPS by month' : 'Share satisfied by month', 'Month'),
    pick(byId('satisfaction_segments'), 'satisfaction_by_segment', useNps ? 'NPS by segment' : 'Share satisfied by segment', 'Segment'),
  ];
}
