// The Duplicates sidebar: find clusters, review them side by side, merge or mark "not a duplicate", merge all
// above a level, and undo from the Merge log. Every value from the sheet goes in as text (lib/dom's el).
import type { ApiIssue, DuplicateReport } from '../../../shared/api';
import type { ReviewCluster, UndoResult } from '../../../shared/merge';
import { el, replaceChildren } from '../lib/dom';
import { createClient, ServerCallError } from '../lib/server';
import { batchLine, clustersAbove, defaultChoice, entryUndone, fieldLabel, historyEntries, mergeAllQuestion, mergeLine, mergeRequest, percent, type HistoryEntry } from './choices';

const api = createClient();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const findButton = $<HTMLButtonElement>('find');
const statusLine = $<HTMLParagraphElement>('status');
const mergeAllForm = $<HTMLFormElement>('merge-all');
const levelInput = $<HTMLInputElement>('level');
const mergeAllButton = $<HTMLButtonElement>('merge-all-button');
const clustersView = $<HTMLDivElement>('clusters');
const moreButton = $<HTMLButtonElement>('more');
const mergesList = $<HTMLUListElement>('merges');
const moreMerges = $<HTMLButtonElement>('more-merges');
const confirmPanel = $<HTMLElement>('confirm-all');
const confirmQuestion = $<HTMLParagraphElement>('confirm-question');
const confirmExamples = $<HTMLUListElement>('confirm-examples');
const confirmButton = $<HTMLButtonElement>('confirm-merge-all');
const cancelButton = $<HTMLButtonElement>('cancel-merge-all');
const branchesSection = $<HTMLElement>('branches');
const branchList = $<HTMLUListElement>('branch-list');

/** Clusters drawn per page; the rest behind "Show more". */
const PAGE = 25;
/** Undo list entries drawn per page; older ones behind "Show older merges". */
const MERGES_PAGE = 30;

let clusters: ReviewCluster[] = [];
let shown = 0;
let busy = false;
let history: HistoryEntry[] = [];
let historyShown = MERGES_PAGE;
/** What the open confirmation would merge: the level and the groups as the user saw them. */
let pending: { level: number; groups: ReturnType<typeof mergeAllQuestion>['groups'] } | undefined;

function status(text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  statusLine.textContent = text;
  statusLine.className = kind;
}

function problem(issues: readonly ApiIssue[]): void {
  status(issues.map((i) => i.message).join(' ') || 'Something went wrong.', 'error');
}

/** Runs one server action with the buttons disabled, showing a failed call as an error. */
async function act(work: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  document.body.classList.add('busy');
  for (const b of document.querySelectorAll('button')) b.disabled = true;
  try {
    await work();
  } catch (error) {
    status(error instanceof ServerCallError ? `The server call failed: ${error.message}` : String(error), 'error');
  } finally {
    busy = false;
    document.body.classList.remove('busy');
    for (const b of document.querySelectorAll('button')) b.disabled = b.dataset.done === 'true';
  }
}

// ---- clusters ------------------------------------------------------------------------------------------------

function drawCluster(cluster: ReviewCluster): HTMLElement {
  const key = `c${cluster.clusterId}`;
  let survivor = Math.max(0, cluster.members.findIndex((m) => m.id === cluster.survivorId));
  const chosen: Record<string, number> = {};
  for (const f of cluster.fields) if (f.differs) chosen[f.field] = defaultChoice(f, survivor);

  const head = el('tr', {}, [
    el('th', { text: '' }),
    ...cluster.members.map((m, i) => {
      const radio = el('input', { attrs: { type: 'radio', name: `${key}-survivor`, value: m.id, 'aria-label': `Keep ${m.id}` } });
      radio.checked = i === survivor;
      radio.addEventListener('change', () => {
        survivor = i;
        table.querySelectorAll('th.member').forEach((th, j) => th.classList.toggle('survivor', j === i));
      });
      return el('th', { class: `member${i === survivor ? ' survivor' : ''}`, attrs: { 'data-id': m.id } }, [
        el('label', {}, [radio, ` ${m.id}`]),
        el('span', { class: 'row', text: `row ${m.row}` }),
      ]);
    }),
  ]);
  const body = cluster.fields.map((f) =>
    el('tr', { class: f.differs ? 'differs' : '', attrs: { 'data-field': f.field } }, [
      el('th', { text: fieldLabel(f.field), attrs: { scope: 'row' } }),
      ...f.values.map((v, i) => {
        if (!f.differs) return el('td', { text: v });
        const radio = el('input', { attrs: { type: 'radio', name: `${key}-${f.field}`, value: String(i), 'aria-label': `${fieldLabel(f.field)}: ${v || 'blank'}` } });
        radio.checked = chosen[f.field] === i;
        radio.addEventListener('change', () => (chosen[f.field] = i));
        return el('td', {}, [el('label', {}, [radio, el('span', { class: v === '' ? 'blank' : '', text: v === '' ? '(blank)' : v })])]);
      }),
    ]),
  );
  const table = el('table', { class: 'side-by-side' }, [el('thead', {}, [head]), el('tbody', {}, body)]);

  const merge = el('button', { class: 'merge', text: 'Merge', attrs: { type: 'button' } });
  const apart = el('button', { class: 'secondary not-duplicate', text: 'Not a duplicate', attrs: { type: 'button' } });
  const section = el('section', { class: 'cluster', attrs: { 'data-cluster': cluster.clusterId } }, [
    el('h3', {}, [el('span', { class: 'score', text: percent(cluster.score) }), ` · ${cluster.members.length} records`]),
    el('div', { class: 'scroll' }, [table]),
    el('div', { class: 'actions' }, [merge, apart]),
  ]);
  merge.addEventListener('click', () =>
    void act(async () => {
      const survivorId = cluster.members[survivor]!.id;
      const result = await api.mergeDuplicates(mergeRequest(cluster, survivorId, chosen));
      if (!result.ok) return problem(result.issues);
      settle(cluster, section, `Merged ${result.value.mergedIds.join(', ')} into ${survivorId}.`);
      await loadMerges();
    }),
  );
  apart.addEventListener('click', () =>
    void act(async () => {
      const ids = cluster.members.map((m) => m.id);
      const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b] as [string, string]));
      const result = await api.markNotDuplicate({ pairs });
      if (!result.ok) return problem(result.issues);
      settle(cluster, section, `Noted: ${ids.join(', ')} are different people; they will not be proposed again.`);
    }),
  );
  return section;
}

/** Takes a handled cluster off the list. */
function settle(cluster: ReviewCluster, section: HTMLElement, message: string): void {
  clusters = clusters.filter((c) => c !== cluster);
  shown = Math.max(0, shown - 1);
  section.remove();
  status(message, 'ok');
  updateMergeAll();
}

function drawMore(): void {
  const next = clusters.slice(shown, shown + PAGE);
  clustersView.append(...next.map(drawCluster));
  shown += next.length;
  moreButton.hidden = shown >= clusters.length;
}

function updateMergeAll(): void {
  const level = Number(levelInput.value);
  const n = Number.isFinite(level) ? clustersAbove(clusters, level).length : 0;
  // Offered only once a list is shown, and asked again whenever what it would merge changes.
  mergeAllForm.hidden = clusters.length === 0;
  closeConfirm();
  mergeAllButton.textContent = `Merge all (${n})`;
  mergeAllButton.dataset.done = String(n === 0);
  mergeAllButton.disabled = busy || n === 0;
}

/** Branches the engine kept apart, each side with its street, so nobody merges them by hand. */
function drawBranches(report: DuplicateReport): void {
  const pairs = report.branches ?? [];
  branchesSection.hidden = pairs.length === 0;
  replaceChildren(
    branchList,
    pairs.map((pair) => el('li', {}, [pair.members.map((m) => (m.street ? `${m.name} (${m.street})` : m.name)).join(' · ')])),
  );
}

function showReport(report: DuplicateReport): void {
  drawBranches(report);
  clusters = report.clusters;
  shown = 0;
  replaceChildren(clustersView, []);
  drawMore();
  updateMergeAll();
  const where = report.engine === 'remote' ? ' (compared by the Regulars function)' : '';
  const count = report.total > clusters.length ? `${clusters.length} of ${report.total}` : String(clusters.length);
  const found = clusters.length === 0 ? 'No likely duplicates' : `${count} possible duplicate group${report.total === 1 ? '' : 's'}, most certain first`;
  status(`${found} among ${report.customers} customers${where}.${report.notice ? ` ${report.notice}` : ''}`, clusters.length === 0 ? 'ok' : 'info');
}

async function find(): Promise<void> {
  status('Comparing customers…');
  const result = await api.findDuplicates({});
  if (!result.ok) return problem(result.issues);
  showReport(result.value);
}

// ---- merge all -------------------------------------------------------------------------------------------------

function closeConfirm(): void {
  confirmPanel.hidden = true;
  pending = undefined;
}

/** Shows what "merge all" would do — the count and three examples — and waits for a yes. */
function askMergeAll(level: number): void {
  const above = clustersAbove(clusters, level);
  if (above.length === 0) return status(`No group is at or above ${level}%.`, 'error');
  const { question, examples, groups } = mergeAllQuestion(above, level);
  confirmQuestion.textContent = question;
  replaceChildren(confirmExamples, examples.map((e) => el('li', { text: e })));
  confirmButton.textContent = `Merge ${above.length} group${above.length === 1 ? '' : 's'}`;
  pending = { level, groups };
  confirmPanel.hidden = false;
  confirmButton.focus();
}

/** Merges the confirmed groups, in as many calls as the server's batch size needs, all under one batch id. */
async function mergeConfirmed(): Promise<void> {
  const job = pending;
  closeConfirm();
  if (!job) return;
  let batchId: string | undefined;
  let merged = 0;
  let stale = 0;
  const failed: string[] = [];
  for (let round = 0; round < 100; round++) {
    const result = await api.mergeAllDuplicates({ minScore: job.level / 100, groups: job.groups, ...(batchId ? { batchId } : {}) });
    if (!result.ok) return problem(result.issues);
    const r = result.value;
    batchId = r.batchId;
    merged += r.merged.length;
    if (round === 0) stale = r.stale;
    failed.push(...r.failed.map((f) => f.issues[0]?.message ?? ''));
    if (r.remaining === 0 || r.merged.length === 0) break;
  }
  await find();
  const notes = [
    failed.length > 0 ? `${failed.length} could not be merged: ${failed[0] ?? ''}` : '',
    stale > 0 ? `${stale} changed since the list was drawn and were left alone.` : '',
    merged > 0 ? 'Undo this batch from the list below.' : '',
  ].filter((t) => t !== '');
  status(`Merged ${merged} group${merged === 1 ? '' : 's'} at or above ${job.level}%.${notes.length > 0 ? ` ${notes.join(' ')}` : ''}`, failed.length > 0 ? 'error' : 'ok');
  await loadMerges();
}

// ---- undo list -----------------------------------------------------------------------------------------------

function undoButton(label: string, id: string, done: boolean, onUndone: (r: UndoResult) => string): HTMLButtonElement {
  const undo = el('button', { class: 'secondary undo', text: done ? 'Undone' : label, attrs: { type: 'button', 'data-merge': id } });
  undo.dataset.done = String(done);
  undo.disabled = done;
  undo.addEventListener('click', () =>
    void act(async () => {
      const result = await api.undoMerge({ mergeId: id });
      if (!result.ok) return problem(result.issues);
      const r = result.value;
      if (r.status === 'partly_undone') {
        status(`Partly undone: ${r.conflicts.length} cell(s) were changed since the merge and were left as they are.`, 'error');
      } else status(r.status === 'already_undone' ? 'That merge was already undone.' : onUndone(r), 'ok');
      await loadMerges();
    }),
  );
  return undo;
}

function drawEntry(entry: HistoryEntry): HTMLElement {
  const done = entryUndone(entry);
  if (entry.kind === 'batch') {
    const undo = undoButton('Undo this batch', entry.batchId, done, (r) => `Undone: the batch of ${entry.merges.length} merge${entry.merges.length === 1 ? '' : 's'} (${r.restored} rows) is back as it was.`);
    undo.classList.add('batch');
    return el('li', { class: `batch${done ? ' undone' : ''}`, attrs: { 'data-batch': entry.batchId } }, [el('span', { class: 'line', text: batchLine(entry) }), undo]);
  }
  const m = entry.merge;
  const undo = undoButton('Undo', m.mergeId, done, () => `Undone: ${[m.survivorId, ...m.mergedIds].filter((x) => x !== '').join(', ')} are separate again.`);
  return el('li', { class: done ? 'undone' : '' }, [el('span', { class: 'line', text: mergeLine(m) }), undo]);
}

function drawMerges(): void {
  replaceChildren(mergesList, history.length === 0 ? [el('li', { class: 'empty', text: 'No merges yet.' })] : history.slice(0, historyShown).map(drawEntry));
  moreMerges.hidden = historyShown >= history.length;
}

async function loadMerges(): Promise<void> {
  const result = await api.listMerges({});
  if (!result.ok) return;
  history = historyEntries(result.value);
  drawMerges();
}

// ---- wiring ----------------------------------------------------------------------------------------------------

findButton.addEventListener('click', () => void act(find));
moreButton.addEventListener('click', drawMore);
levelInput.addEventListener('input', updateMergeAll);
mergeAllForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const level = Number(levelInput.value);
  if (!Number.isFinite(level) || level < 50 || level > 100) return status('Choose a level between 50% and 100%.', 'error');
  askMergeAll(level);
});
confirmButton.addEventListener('click', () => void act(mergeConfirmed));
cancelButton.addEventListener('click', () => {
  closeConfirm();
  status('Nothing was merged.', 'info');
});
moreMerges.addEventListener('click', () => {
  historyShown += MERGES_PAGE;
  drawMerges();
});
void loadMerges().catch(() => undefined);
