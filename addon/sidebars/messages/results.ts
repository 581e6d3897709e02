// The Results view: per campaign what was sent, what failed, who unsubscribed, survey answers and the revenue
// within Settings attribution_days; with a holdout, the lift over the control group with its 95% intervals.
// Every value goes in as text.
import type { CampaignResultsLine, ResultsView } from '../../../shared/api';
import { money, type GroupOutcome, type Interval } from '../../../shared/campaigns';
import { el, replaceChildren } from '../lib/dom';
import { createClient } from '../lib/server';

const api = createClient();

const percent = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const cash = (x: number | null, currency: string): string => (x === null ? '–' : money(x, currency));
const points = (x: number | null): string => (x === null ? '–' : `${x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)} points`);

/** An estimate (signed: +R 23.33) with its interval, as the results sentence writes them. */
function range(i: Interval, show: (x: number | null) => string): string {
  const estimate = `${i.estimate !== null && i.estimate > 0 ? '+' : ''}${show(i.estimate)}`;
  return i.low === null || i.high === null ? `${estimate} (no interval yet)` : `${estimate} (95% CI ${show(i.low)} to ${show(i.high)})`;
}

function group(label: string, g: GroupOutcome, currency: string): HTMLElement {
  return el('tr', {}, [el('td', { text: label }), el('td', { class: 'num', text: String(g.customers) }), el('td', { class: 'num', text: percent(g.conversionRate) }), el('td', { class: 'num', text: cash(g.revenuePerCustomer, currency) })]);
}

/** One campaign's detail: the sentence, both groups side by side, and the lift with its intervals. */
function detail(r: CampaignResultsLine, currency: string): HTMLElement {
  const rows = [group('Mailed', r.mailed, currency)];
  if (r.control) rows.push(group('Control', r.control, currency));
  const lift = r.lift
    ? el('dl', { class: 'lift' }, [
        el('dt', { text: 'Buying rate' }),
        el('dd', { text: range(r.lift.conversion, points) }),
        el('dt', { text: 'Revenue per customer' }),
        el('dd', { text: range(r.lift.revenuePerCustomer, (x) => cash(x, currency)) }),
        el('dt', { text: 'Revenue the campaign added' }),
        el('dd', { text: range(r.lift.incrementalRevenue, (x) => cash(x, currency)) }),
      ])
    : null;
  const survey = r.survey.answers === 0 ? 'no survey answers' : `${r.survey.answers} survey ${r.survey.answers === 1 ? 'answer' : 'answers'}${r.survey.nps === null ? '' : `, NPS ${Math.round(r.survey.nps)}`}${r.survey.meanRating === null ? '' : `, mean ${r.survey.meanRating.toFixed(1)} of 5`}`;
  return el('section', { class: 'result', attrs: { 'data-campaign': r.campaign, 'data-verdict': r.verdict } }, [
    el('h2', { text: r.campaign }),
    el('p', { class: 'sentence', text: r.sentence }),
    el('p', { class: 'meta', text: `Sent ${r.sent} · failed ${r.failed} · held out ${r.holdout} · unsubscribed ${r.unsubscribed} · ${survey}${r.openWindows > 0 ? ` · ${r.openWindows} still inside their window` : ''}` }),
    el('table', { class: 'lines' }, [el('thead', {}, [el('tr', {}, ['Group', 'Customers', 'Bought', 'Revenue each'].map((h, i) => el('th', { text: h, class: i > 0 ? 'num' : undefined })))]), el('tbody', {}, rows)]),
    lift,
  ]);
}

/** The overview table (one row per campaign, a click opens its detail) and the chosen campaign's detail. */
function render(view: ResultsView, chosen: string | undefined): void {
  const shown = view.campaigns.filter((c) => c.sent + c.holdout + c.failed > 0);
  $('results-note').textContent = `As of ${view.asOf}; revenue counts purchases within ${view.attributionDays} days after each message (Settings attribution_days), refunds netted.`;
  const pick = chosen !== undefined && shown.some((c) => c.campaign === chosen) ? chosen : shown[0]?.campaign;
  replaceChildren(
    $('results-lines'),
    shown.map((c) => {
      const row = el('tr', { class: c.campaign === pick ? 'chosen' : undefined, attrs: { 'data-campaign': c.campaign, tabindex: '0' } }, [
        el('td', { text: c.campaign }),
        el('td', { class: 'num', text: String(c.sent) }),
        el('td', { class: 'num', text: String(c.failed) }),
        el('td', { class: 'num', text: String(c.unsubscribed) }),
        el('td', { class: 'num', text: String(c.survey.answers) }),
        el('td', { class: 'num', text: money(c.mailed.revenue, view.currency) }),
      ]);
      const open = (): void => render(view, c.campaign);
      row.addEventListener('click', open);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') open();
      });
      return row;
    }),
  );
  const one = shown.find((c) => c.campaign === pick);
  replaceChildren($('results-detail'), one ? [detail(one, view.currency)] : [el('p', { class: 'meta', text: 'No campaign has sent anything yet.' })]);
}

function $(id: string): HTMLElement {
  return document.getElementById(id) as HTMLElement;
}

/** Loads every campaign's results and shows them (the Results tab's loader). */
export async function loadResults(say: (text: string, kind?: 'info' | 'error') => void): Promise<void> {
  say('Loading results…');
  const answer = await api.getCampaignResults({});
  if (!answer.ok) {
    say(answer.issues[0]?.message ?? 'The results could not be read.', 'error');
    return;
  }
  render(answer.value, undefined);
  say('');
}
