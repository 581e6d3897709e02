import type { ApiResult, TaskList, TaskView } from '../../../shared/api';
import { el, replaceChildren } from '../lib/dom';
import { createClient } from '../lib/server';
import { outcomeForm, type OutcomeForm } from './form';
import { taskGroups } from './list';

// The "This week" sidebar: the open tasks of the Tasks tab grouped by account manager, filtered by manager and
// reason, and done from the list by recording an outcome. Everything shown is set as text (lib/dom el).

const api = createClient();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const counts = byId<HTMLParagraphElement>('counts');
const section = byId<HTMLElement>('tasks');
const managerSelect = byId<HTMLSelectElement>('manager');
const reasonSelect = byId<HTMLSelectElement>('reason');
const refreshButton = byId<HTMLButtonElement>('refresh');

let list: TaskList | undefined;
let open: { id: string; form: OutcomeForm } | undefined;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function problems<T>(result: ApiResult<T>): string {
  return result.ok ? '' : result.issues.map((i) => i.message).join(' ');
}

function visible(): TaskView[] {
  if (!list) return [];
  const manager = managerSelect.value;
  const reason = reasonSelect.value;
  return list.tasks.filter((t) => (manager === '*' || t.manager === manager) && (reason === '*' || t.reasonCode === reason));
}

/** Fills a filter with its choices, keeping what was chosen when it is still there. */
function fill(select: HTMLSelectElement, first: string, options: readonly { value: string; label: string }[]): void {
  const chosen = select.value;
  replaceChildren(select, [el('option', { text: first, attrs: { value: '*' } }), ...options.map((o) => el('option', { text: o.label, attrs: { value: o.value } }))]);
  select.value = options.some((o) => o.value === chosen) ? chosen : '*';
}

/** Draws the list; the time it took (building and laying out every row) is kept on the body for the benchmark. */
function render(): void {
  const started = performance.now();
  open = undefined;
  const tasks = visible();
  const late = tasks.filter((t) => t.overdue).length;
  counts.textContent = `${tasks.length} open task(s)${late > 0 ? `, ${late} overdue` : ''}${list ? ` · as of ${list.asOf}` : ''}`;
  if (tasks.length === 0) replaceChildren(section, [el('p', { class: 'empty', text: list && list.tasks.length > 0 ? 'No tasks match these filters.' : 'Nothing to do: run "Score customers" to derive this week\'s tasks.' })]);
  else replaceChildren(section, [taskGroups(tasks)]);
  void section.offsetHeight;
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
  // Until the frame that shows it has been painted: the time a person waits.
  requestAnimationFrame(() =>
    setTimeout(() => {
      document.body.dataset.paintMs = (performance.now() - started).toFixed(1);
      document.body.dataset.rendered = String(tasks.length);
    }, 0),
  );
}

async function load(): Promise<void> {
  const result = await api.listTasks({});
  if (!result.ok) {
    say(problems(result), true);
    return;
  }
  list = result.value;
  const reasons = new Map(list.tasks.map((t) => [t.reasonCode, t.reason]));
  fill(managerSelect, 'Everyone', list.managers.map((m) => ({ value: m, label: m === '' ? 'Nobody yet' : m })));
  fill(reasonSelect, 'All reasons', [...reasons].map(([value, label]) => ({ value, label })));
  render();
  say('');
}

function closeForm(): void {
  open?.form.node.remove();
  open = undefined;
}

/** Opens the outcome form under a task (one at a time). */
function openForm(id: string): void {
  const task = list?.tasks.find((t) => t.id === id);
  const item = section.querySelector<HTMLLIElement>(`li[data-task="${CSS.escape(id)}"]`);
  if (!task || !item || !list) return;
  closeForm();
  const form = outcomeForm(task, list, closeForm);
  form.node.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(task, form, item);
  });
  item.append(form.node);
  open = { id, form };
  form.node.querySelector<HTMLElement>('select')?.focus();
}

async function save(task: TaskView, form: OutcomeForm, item: HTMLLIElement): Promise<void> {
  const values = form.values();
  const buttons = [...form.node.querySelectorAll('button')];
  buttons.forEach((b) => (b.disabled = true));
  try {
    const result = await api.completeTask({ id: task.id, outcome: values.outcome, kind: values.kind, note: values.note, ...(values.reason === '' ? {} : { reason: values.reason }) });
    if (!result.ok) {
      form.showIssues(result.issues);
      return;
    }
    if (list) list.tasks = list.tasks.filter((t) => t.id !== task.id);
    item.remove();
    open = undefined;
    const remaining = visible();
    counts.textContent = `${remaining.length} open task(s)${list ? ` · as of ${list.asOf}` : ''}`;
    say(`Done: ${task.name} — ${result.value.task.outcome}.`);
  } catch (error) {
    form.showIssues([{ path: [], code: 'invalid_input', message: error instanceof Error ? error.message : String(error) }]);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

section.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-done]');
  if (button) openForm(button.dataset.done ?? '');
});
managerSelect.addEventListener('change', render);
reasonSelect.addEventListener('change', render);
refreshButton.addEventListener('click', () => {
  refreshButton.disabled = true;
  say('Deriving tasks…');
  void (async () => {
    try {
      const result = await api.refreshTasks({});
      if (!result.ok) {
        say(problems(result), true);
        return;
      }
      await load();
      say(`${result.value.created} new task(s), ${result.value.closed} no longer needed.`);
    } catch (error) {
      say(error instanceof Error ? error.message : String(error), true);
    } finally {
      refreshButton.disabled = false;
    }
  })();
});

say('Loading…');
load().catch((error: unknown) => say(error instanceof Error ? error.message : String(error), true));
