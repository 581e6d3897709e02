import type { SatisfactionDashboard } from '../../../shared/api';
import { formatValue, type DashboardTable } from '../../../shared/dashboard';
import { el, replaceChildren } from '../lib/dom';
import { createClient } from '../lib/server';
import { drawChart } from './svg';

// The Dashboard's satisfaction part: NPS (or the share satisfied, for 1–5 ratings) by month and by segment, from
// survey answers, drawn by the same chart drawer as the rest, each chart with its one-sentence reading and the
// by-segment table under it. Apart from the main dashboard call, so the two load and change independently.

const api = createClient();
let shown: SatisfactionDashboard | null = null;
const SHORT = ['Segment', 'Answers', 'Rating', 'Satisfied', 'NPS n', 'NPS'];

function tableOf(view: SatisfactionDashboard, id: string): DashboardTable | undefined {
  return view.tables.find((t) => t.id === id);
}

/** Draws (or redraws) each satisfaction chart at the width its figure has now. */
export function drawSatisfaction(): void {
  if (!shown) return;
  for (const spec of shown.charts) {
    const table = tableOf(shown, spec.table);
    const plot = document.querySelector<HTMLElement>(`#satisfaction figure[data-figure="${spec.id}"] .plot`);
    if (table && plot && table.rows.length > 0) replaceChildren(plot, [drawChart(spec, table, shown.currency, plot.clientWidth)]);
  }
}

function segmentList(view: SatisfactionDashboard): HTMLElement | null {
  const t = tableOf(view, 'satisfaction_segments');
  if (!t || t.rows.length === 0) return null;
  // Short headings so the table fits the sidebar; the full ones are their tooltips.
  const head = el('tr', {}, t.header.map((h, k) => el('th', { text: SHORT[k] ?? h, attrs: { title: h } })));
  // A figure with no answers on its scale (no 1–5 ratings, say) is a dash saying so, not an empty cell.
  const cell = (v: (typeof t.rows)[number][number], k: number): HTMLElement =>
    v === null || v === '' ? el('td', { class: 'num', text: '–', attrs: { title: 'No answers on this scale' } }) : el('td', { class: k > 0 ? 'num' : undefined, text: formatValue(v, t.formats[k] ?? 'text', view.currency) });
  const rows = t.rows.map((r) => el('tr', {}, r.map(cell)));
  return el('section', { attrs: { 'data-table': t.id } }, [el('h2', { text: t.title }), el('p', { class: 'note', text: t.note }), el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])]);
}

function render(view: SatisfactionDashboard): void {
  shown = view;
  const box = document.getElementById('satisfaction');
  if (!box) return;
  const months = tableOf(view, 'satisfaction_months');
  const figures = view.charts.map((spec) => el('figure', { attrs: { 'data-figure': spec.id } }, [el('h2', { text: spec.title }), el('div', { class: 'plot' }), el('figcaption', { text: spec.caption })]));
  replaceChildren(box, [
    el('h1', { text: 'Satisfaction and NPS' }),
    el('p', { class: 'note', attrs: { 'data-covers': '' }, text: view.covers }),
    el('p', { class: 'note', text: months?.note ?? '' }),
    ...view.notes.map((n) => el('p', { class: 'note', text: n })),
    el('div', { class: 'charts' }, figures),
    segmentList(view),
  ]);
  drawSatisfaction();
}

/** Loads the satisfaction view of everyone, or of the picked segment's members ('' is everyone), and shows it; a refusal is shown in its place, never thrown. */
export async function loadSatisfaction(segment: string): Promise<void> {
  const answer = await api.getSatisfaction(segment ? { segment } : {});
  const box = document.getElementById('satisfaction');
  if (!answer.ok) {
    if (box) replaceChildren(box, [el('p', { class: 'note', text: answer.issues.map((i) => i.message).join(' ') })]);
    return;
  }
  render(answer.value);
}
