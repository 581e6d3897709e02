import type { ApiResult, SavedSegment, SegmentBuilder, SegmentPreview } from '../../../shared/api';
import type { Report } from '../../../shared/reports';
import { builderOf, parseRule, ruleText, type BuilderGroup, type RuleIssue } from '../../../shared/segments';
import { el, replaceChildren } from '../lib/dom';
import { createClient } from '../lib/server';
import { groupView, type TreeContext } from './tree';

// The Segments sidebar: a rule built by clicks (columns, operators, the values that exist; all/any/not groups)
// or typed, the one always written into the other; a live count and sample; save to the Segments tab; a report
// by dimension with bars. Everything shown is set as text (lib/dom el).

const api = createClient();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const builder = byId<HTMLDivElement>('builder');
const ruleBox = byId<HTMLTextAreaElement>('rule');
const ruleError = byId<HTMLDivElement>('rule-error');
const count = byId<HTMLParagraphElement>('count');
const sample = byId<HTMLUListElement>('sample');
const nameBox = byId<HTMLInputElement>('name');
const descriptionBox = byId<HTMLInputElement>('description');
const nameError = byId<HTMLDivElement>('name-error');
const saveButton = byId<HTMLButtonElement>('save');
const saved = byId<HTMLUListElement>('saved');
const bySelect = byId<HTMLSelectElement>('by');
const onlySelect = byId<HTMLSelectElement>('only');
const reportButton = byId<HTMLButtonElement>('run-report');
const writeReportButton = byId<HTMLButtonElement>('write-report');
const reportBox = byId<HTMLDivElement>('report');

let tree: BuilderGroup = { kind: 'group', join: 'and', negated: false, children: [] };
let data: SegmentBuilder | undefined;
let previewTimer: ReturnType<typeof setTimeout> | undefined;
let previewSeq = 0;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function problems<T>(result: ApiResult<T>): string {
  return result.ok ? '' : result.issues.map((i) => i.message).join(' ');
}

/** Shows a rule problem at its place: the text up to it, the character it is at marked, and the message. */
function showRuleIssue(issue: RuleIssue | undefined): void {
  if (!issue) {
    replaceChildren(ruleError, []);
    ruleBox.removeAttribute('aria-invalid');
    return;
  }
  const text = ruleBox.value;
  const at = Math.min(issue.at, text.length);
  const line = el('div', {}, [text.slice(0, at), el('span', { class: 'at', text: text.slice(at, at + 1) || ' ' }), text.slice(at + 1)]);
  replaceChildren(ruleError, [line, el('div', { text: `${' '.repeat(0)}↑ at character ${at + 1}: ${issue.message}` })]);
  ruleBox.setAttribute('aria-invalid', 'true');
}

const context: TreeContext = {
  columns: [],
  changed: () => {
    ruleBox.value = ruleText(tree);
    showRuleIssue(undefined);
    schedulePreview();
  },
};

function drawTree(): void {
  replaceChildren(builder, [groupView(context, tree, drawTree)]);
}

function schedulePreview(): void {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => void preview(), 150);
}

async function preview(): Promise<void> {
  const rule = ruleBox.value;
  if (rule.trim() === '') {
    count.textContent = data ? `Everyone: ${data.total} customers. Add a condition.` : '';
    replaceChildren(sample, []);
    return;
  }
  const seq = ++previewSeq;
  const started = performance.now();
  const result = await api.previewSegment({ rule, sample: 8 });
  if (seq !== previewSeq) return;
  document.body.dataset.previewMs = (performance.now() - started).toFixed(1);
  if (!result.ok) return say(problems(result), true);
  const p: SegmentPreview = result.value;
  if (p.count === null) {
    showRuleIssue(p.issues[0]);
    count.textContent = '';
    replaceChildren(sample, []);
    return;
  }
  showRuleIssue(undefined);
  count.textContent = `${p.count} of ${p.total} customers`;
  count.dataset.count = String(p.count);
  replaceChildren(sample, p.sample.map((m) => el('li', { text: `${m.name || '(no name)'} · ${m.id}` })));
}

ruleBox.addEventListener('input', () => {
  const parsed = parseRule(ruleBox.value);
  if (ruleBox.value.trim() === '') {
    tree = { kind: 'group', join: 'and', negated: false, children: [] };
    drawTree();
    showRuleIssue(undefined);
  } else if (parsed.ok) {
    tree = builderOf(parsed.rule);
    drawTree();
    showRuleIssue(undefined);
  } else {
    showRuleIssue(parsed.issues[0]);
    return;
  }
  schedulePreview();
});

function drawSaved(segments: readonly SavedSegment[]): void {
  replaceChildren(
    saved,
    segments.map((s) => {
      const open = el('button', { class: 'link', text: s.name, attrs: { type: 'button', title: s.rule } });
      open.addEventListener('click', () => {
        nameBox.value = s.name;
        descriptionBox.value = s.description;
        ruleBox.value = s.rule;
        ruleBox.dispatchEvent(new Event('input'));
      });
      const write = el('button', { class: 'link write-members', text: 'Write members', attrs: { type: 'button', 'aria-label': `Write the members of ${s.name}` } });
      write.addEventListener('click', () => void writeMembers(s.name, write));
      return el('li', {}, [open, el('span', { class: 'members', text: s.members === null ? '' : `${s.members} members` }), write]);
    }),
  );
  const chosen = onlySelect.value;
  replaceChildren(onlySelect, [el('option', { text: 'Everyone', attrs: { value: '' } }), ...segments.map((s) => el('option', { text: s.name, attrs: { value: s.name } }))]);
  onlySelect.value = segments.some((s) => s.name === chosen) ? chosen : '';
}

saveButton.addEventListener('click', () => void save());

/** Marks the segment's members in the Customers `segments` column and says what changed and how to undo it. */
async function writeMembers(name: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  say(`Writing the members of "${name}"…`);
  try {
    const result = await api.writeSegmentMembers({ name });
    if (!result.ok) return say(problems(result), true);
    const w = result.value;
    const undo = w.undoId ? ` Undo from the Import log (${w.undoId}).` : '';
    say(`"${w.segment}": ${w.members} members; ${w.added} marked and ${w.removed} unmarked in the segments column of Customers.${undo}`);
    document.body.dataset.written = w.segment;
  } finally {
    button.disabled = false;
  }
}

async function save(): Promise<void> {
  nameError.textContent = '';
  saveButton.disabled = true;
  try {
    const result = await api.saveSegment({ name: nameBox.value, rule: ruleBox.value, description: descriptionBox.value });
    if (!result.ok) {
      const issue = result.issues[0];
      if (issue?.path[0] === 'name') nameError.textContent = issue.message;
      else say(problems(result), true);
      return;
    }
    const s = result.value;
    say(`Saved "${s.name}" with ${s.members ?? 0} members${s.previous ? ` (it replaced the rule ${s.previous.rule})` : ''}.`);
    if (data) {
      data.segments = [...data.segments.filter((x) => x.name.toLowerCase() !== s.name.toLowerCase()), s];
      drawSaved(data.segments);
    }
  } finally {
    saveButton.disabled = false;
  }
}

const money = (n: number): string => Math.round(n).toLocaleString('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const pct = (n: number | null): string => (n === null ? '–' : `${Math.round(n * 100)}%`);

function drawReport(report: Report): void {
  const top = Math.max(1, ...report.rows.map((r) => Math.abs(r.revenue_12m)));
  const rows = report.rows.map((r) =>
    el('tr', {}, [
      el('td', { text: r.group }),
      el('td', { class: 'num', text: String(r.customers) }),
      el('td', { class: 'num', text: pct(r.retention_rate) }),
      el('td', { attrs: { title: money(r.revenue_12m) } }, [el('div', { class: 'bar', attrs: { style: `width:${Math.round((Math.abs(r.revenue_12m) / top) * 100)}%` } }), el('span', { text: compact.format(r.revenue_12m) })]),
      el('td', { class: r.profit_12m < 0 ? 'num loss' : 'num', text: compact.format(r.profit_12m), attrs: { title: money(r.profit_12m) } }),
    ]),
  );
  const { revenue, profit, loss_makers } = report.pareto;
  replaceChildren(reportBox, [
    el('table', {}, [
      el('colgroup', {}, [el('col', { class: 'group' }), el('col', { class: 'customers' }), el('col', { class: 'retained' }), el('col', { class: 'revenue' }), el('col', { class: 'profit' })]),
      el('thead', {}, [el('tr', {}, [el('th', { text: report.by.replace(/_/g, ' ') }), el('th', { class: 'num', text: 'Customers' }), el('th', { class: 'num', text: 'Retained' }), el('th', { text: 'Revenue' }), el('th', { class: 'num', text: 'Profit' })])]),
      el('tbody', {}, rows),
    ]),
    el('p', { class: 'note', text: `Revenue and profit over the 365 days to ${report.date}; retained: of those who bought in the year before, the share who bought again.` }),
    el('p', { class: 'pareto', text: revenue.share_for_80 === null ? 'No revenue in the last 12 months.' : `${pct(revenue.share_for_80)} of customers make 80% of the revenue; ${profit.share_for_80 === null ? 'no profit yet' : `${pct(profit.share_for_80)} make 80% of the profit`}; ${loss_makers.customers} cost more than they bring.` }),
  ]);
}

reportButton.addEventListener('click', () => void runReport());

writeReportButton.addEventListener('click', () => void writeReport());

/** Writes every dimension's report (over the chosen segment's members, if one is chosen) to the Reports tab. */
async function writeReport(): Promise<void> {
  writeReportButton.disabled = true;
  say('Writing the Reports tab…');
  try {
    const result = await api.writeReports(onlySelect.value ? { segment: onlySelect.value } : {});
    if (!result.ok) return say(problems(result), true);
    const w = result.value;
    say([`The ${w.tab} tab holds ${w.rows} rows: reports by ${w.dimensions.length} dimensions as of ${w.date}${w.segment ? `, members of "${w.segment}" only` : ''}.`, ...w.notes].join(' '));
    document.body.dataset.reportsWritten = String(w.rows);
  } finally {
    writeReportButton.disabled = false;
  }
}

async function runReport(): Promise<void> {
  reportButton.disabled = true;
  try {
    const result = await api.getSegmentReport({ by: bySelect.value, ...(onlySelect.value ? { segment: onlySelect.value } : {}) });
    if (!result.ok) return say(problems(result), true);
    drawReport(result.value);
  } finally {
    reportButton.disabled = false;
  }
}

async function start(): Promise<void> {
  say('Loading the columns…');
  const result = await api.getSegmentBuilder({});
  if (!result.ok) return say(problems(result), true);
  data = result.value;
  context.columns = data.columns;
  replaceChildren(bySelect, data.dimensions.map((d) => el('option', { text: d.replace(/_/g, ' '), attrs: { value: d } })));
  drawSaved(data.segments);
  drawTree();
  say('');
  count.textContent = `Everyone: ${data.total} customers. Add a condition.`;
  document.body.dataset.ready = 'true';
}

void start().catch((error: unknown) => say(error instanceof Error ? error.message : String(error), true));
