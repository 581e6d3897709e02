import type { ApiResult } from '../../../shared/api';
import { formatValue, type Dashboard, type DashboardTable } from '../../../shared/dashboard';
import { el, replaceChildren } from '../lib/dom';
import { createClient } from '../lib/server';
import { drawChart } from './svg';
import { drawSatisfaction, loadSatisfaction } from './satisfaction';
import { fillSegmentPicker } from './segment-picker';

// The Dashboard sidebar: asks the server for the dashboard spec and draws it (summary, charts as inline SVG, the
// customers worth a call and the defections). "Score customers" and "Update tab" run the same server calls as the
// add-on menu. Everything shown is set as text.

const api = createClient();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const buttons = ['score', 'write', 'refresh'].map((id) => byId<HTMLButtonElement>(id));

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function issues<T>(result: ApiResult<T>): string {
  return result.ok ? '' : result.issues.map((i) => i.message).join(' ');
}

/** Runs one server call with the buttons disabled; a failed call is reported, never thrown. */
async function busy(text: string, run: () => Promise<void>): Promise<void> {
  buttons.forEach((b) => (b.disabled = true));
  say(text);
  try {
    await run();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), true);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

function tableOf(d: Dashboard, id: string): DashboardTable | undefined {
  return d.tables.find((t) => t.id === id);
}

function summary(d: Dashboard): HTMLElement {
  const t = tableOf(d, 'summary');
  if (!t) return el('div');
  const items = t.rows.flatMap((r, i) => [el('dt', { text: String(r[0] ?? '') }), el('dd', { text: formatValue(r[1], t.rowFormats?.[i] ?? 'number', d.currency) })]);
  return el('dl', { class: 'summary' }, items);
}

/** Each chart in a figure with its title and its one-sentence reading; the SVG is drawn once the figure has a width. */
function charts(d: Dashboard): HTMLElement[] {
  return d.charts.flatMap((spec) => {
    const table = tableOf(d, spec.table);
    if (!table) return [];
    const body = el('div', { class: 'plot' }, table.rows.length === 0 ? [el('p', { class: 'note', text: table.note || 'Nothing to show yet.' })] : []);
    return [el('figure', { attrs: { 'data-figure': spec.id } }, [el('h2', { text: spec.title }), body, el('figcaption', { text: spec.caption })])];
  });
}

/** Draws (or redraws) every chart at the width its figure has on screen, so its text keeps its size. */
function drawCharts(d: Dashboard): void {
  for (const spec of d.charts) {
    const table = tableOf(d, spec.table);
    const plot = document.querySelector<HTMLElement>(`figure[data-figure="${spec.id}"] .plot`);
    if (!table || !plot || table.rows.length === 0) continue;
    replaceChildren(plot, [drawChart(spec, table, d.currency, plot.clientWidth)]);
  }
}

/** A table as HTML, only the columns given (by index), each cell formatted as text. */
function list(d: Dashboard, id: string, columns: number[]): HTMLElement {
  const t = tableOf(d, id);
  if (!t) return el('div');
  const head = el('tr', {}, columns.map((k) => el('th', { text: t.header[k] ?? '' })));
  const rows = t.rows.map((r) =>
    el(
      'tr',
      {},
      columns.map((k) => {
        const format = t.formats[k] ?? 'text';
        const numeric = format !== 'text' && format !== 'date';
        return el('td', { class: numeric ? 'num' : undefined, text: formatValue(r[k], format, d.currency) });
      }),
    ),
  );
  return el('section', { attrs: { 'data-table': id } }, [el('h2', { text: t.title }), el('p', { class: 'note', text: t.note }), el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])]);
}

let shown: Dashboard | null = null;
let lastWidth = 0;

function render(d: Dashboard): void {
  shown = d;
  byId('heading').textContent = d.heading;
  replaceChildren(byId('summary'), [summary(d)]);
  replaceChildren(byId('charts'), charts(d));
  lastWidth = document.documentElement.clientWidth;
  drawCharts(d);
  replaceChildren(byId('lists'), [list(d, 'at_risk', [1, 2, 4, 7, 8]), list(d, 'defections', [1, 2, 3, 5])]);
}

const segmentSelect = byId<HTMLSelectElement>('segment');

async function load(): Promise<void> {
  const segment = segmentSelect.value;
  const result = segment ? await api.getSegmentDashboard({ segment }) : await api.getDashboard({});
  if (!result.ok) {
    say(issues(result), true);
    return;
  }
  render(result.value);
  say('');
  await loadSatisfaction(segment);
}

buttons[0]!.addEventListener('click', () => {
  void busy('Scoring customers…', async () => {
    const result = await api.scoreCustomers({});
    if (!result.ok) {
      say(issues(result), true);
      return;
    }
    const r = result.value;
    replaceChildren(byId('messages'), r.messages.map((m) => el('li', { text: m })));
    await load();
    say(`Scored ${r.scored} customers as of ${r.asOf} (${r.purchaseModel === 'bgnbd' ? 'BG/NBD' : 'purchase history'}, ${r.spendModel === 'gamma-gamma' ? 'Gamma-Gamma' : 'average order'}).`);
  });
});

buttons[1]!.addEventListener('click', () => {
  void busy('Writing the Dashboard tab…', async () => {
    const segment = segmentSelect.value;
    const result = segment ? await api.buildSegmentDashboard({ segment }) : await api.buildDashboard({});
    if (!result.ok) {
      say(issues(result), true);
      return;
    }
    render(result.value.dashboard);
    say(`The ${result.value.tab} tab holds ${result.value.dashboard.tables.length} tables.`);
  });
});

window.addEventListener('resize', () => {
  // A new width redraws the charts at their new size (a height-only change does not).
  const width = document.documentElement.clientWidth;
  if (shown === null || width === lastWidth) return;
  lastWidth = width;
  drawCharts(shown);
  drawSatisfaction();
});

buttons[2]!.addEventListener('click', () => void busy('Loading…', load));

void busy('Loading…', async () => {
  await fillSegmentPicker(api, segmentSelect, () => void busy('Loading…', load));
  await load();
});
