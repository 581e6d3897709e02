import type { TaskView } from '../../../shared/api';
import { el } from '../lib/dom';

/** Money as the list shows it: whole units with thousands separators. */
export function formatValue(value: number | null): string {
  return value === null ? '' : Math.round(value).toLocaleString('en-ZA');
}

let template: HTMLLIElement | undefined;

/** The empty shape of a row, built once and cloned per task (cloning is several times cheaper than building). */
function rowTemplate(): HTMLLIElement {
  template ??= el('li', { class: 'task' }, [
    el('div', { class: 'line' }, [el('span', { class: 'due' }), el('span', { class: 'name' }), el('span', { class: 'value', attrs: { title: 'Profit at stake' } }), el('button', { class: 'done secondary', text: 'Done…', attrs: { type: 'button' } })]),
    el('div', { class: 'detail' }, [el('span', { class: 'why' }), '']),
    el('div', { class: 'reach' }),
  ]);
  return template;
}

/** One task's row: due date, name, value, reason, the detail, and how to reach them; the Done button opens the form. */
export function taskItem(t: TaskView): HTMLLIElement {
  const li = rowTemplate().cloneNode(true) as HTMLLIElement;
  if (t.overdue) li.classList.add('overdue');
  li.dataset.task = t.id;
  li.dataset.reason = t.reasonCode;
  const [line, detail, reach] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
  const [due, name, value, done] = line.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLButtonElement];
  due.textContent = t.overdue ? `${t.due} late` : t.due;
  name.textContent = t.name;
  value.textContent = formatValue(t.value);
  done.dataset.done = t.id;
  done.setAttribute('aria-label', `Done: ${t.reason}, ${t.name}`);
  (detail.firstChild as HTMLElement).textContent = t.reason;
  (detail.lastChild as Text).data = ` · ${t.detail}`;
  if (t.phone !== '') reach.append(el('a', { text: t.phone, attrs: { href: `tel:${t.phone.replace(/[^\d+]/g, '')}` } }));
  if (t.email !== '') reach.append(el('a', { text: t.email, attrs: { href: `mailto:${t.email}` } }));
  if (t.phone === '' && t.email === '') reach.append(el('span', { text: 'no phone or e-mail' }));
  return li;
}

/** The tasks grouped by manager (nobody's last), each group a heading with its count and an ordered list. */
export function taskGroups(tasks: readonly TaskView[]): DocumentFragment {
  const groups = new Map<string, TaskView[]>();
  for (const t of tasks) {
    let list = groups.get(t.manager);
    if (!list) groups.set(t.manager, (list = []));
    list.push(t);
  }
  const names = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const out = document.createDocumentFragment();
  for (const name of names) {
    const list = groups.get(name)!;
    out.append(
      el('h2', { text: `${name === '' ? 'Nobody yet' : name} (${list.length})`, attrs: { 'data-manager': name } }),
      el('ol', { class: 'tasks' }, list.map(taskItem)),
    );
  }
  return out;
}
