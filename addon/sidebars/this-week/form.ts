import type { ApiIssue, TaskList, TaskView } from '../../../shared/api';
import { el } from '../lib/dom';

/** What the person filled in. */
export interface OutcomeValues {
  outcome: string;
  reason: string;
  kind: string;
  note: string;
}

/** The outcome form of one task: outcome, why they left (when it matters), how they were reached, a note. */
export interface OutcomeForm {
  node: HTMLFormElement;
  values(): OutcomeValues;
  /** Shows each problem next to its field (or under the form) and focuses the first invalid field. */
  showIssues(issues: readonly ApiIssue[]): void;
}

function select(name: string, options: readonly { value: string; label: string }[], blank?: string): HTMLSelectElement {
  return el('select', { attrs: { name } }, [blank === undefined ? null : el('option', { text: blank, attrs: { value: '' } }), ...options.map((o) => el('option', { text: o.label, attrs: { value: o.value } }))]);
}

/** Builds the form for this task from the choices the server sent. */
export function outcomeForm(task: TaskView, list: Pick<TaskList, 'outcomes' | 'reasons' | 'kinds'>, onCancel: () => void): OutcomeForm {
  const outcomes = task.reasonCode === '' ? [] : list.outcomes[task.reasonCode];
  const outcome = select('outcome', outcomes);
  const reason = select('reason', list.reasons.map((r) => ({ value: r, label: r })), 'Why they left…');
  const kind = select('kind', list.kinds.map((k) => ({ value: k, label: k })));
  const note = el('textarea', { attrs: { name: 'note', rows: '2', maxlength: '1000', placeholder: 'What was said (optional)' } });
  const errors = new Map<string, HTMLElement>();
  const field = (label: string, control: HTMLElement, name: string): HTMLElement => {
    const error = el('span', { class: 'error', attrs: { role: 'alert' } });
    errors.set(name, error);
    return el('label', {}, [label, control, error]);
  };
  const reasonField = field('Why they left', reason, 'reason');
  // The reason is asked for where it is recorded: a defection, or anyone marked lost.
  const toggleReason = (): void => {
    reasonField.hidden = !(task.reasonCode === 'defection' || outcome.value === 'lost');
  };
  outcome.addEventListener('change', toggleReason);
  const general = el('p', { class: 'error', attrs: { role: 'alert' } });
  const node = el('form', { class: 'outcome', attrs: { 'data-form': task.id, 'aria-label': `Outcome for ${task.name}` } }, [
    field('Outcome', outcome, 'outcome'),
    reasonField,
    field('Reached by', kind, 'kind'),
    field('Note', note, 'note'),
    general,
    el('div', { class: 'buttons' }, [el('button', { text: 'Save outcome', attrs: { type: 'submit' } }), el('button', { class: 'secondary', text: 'Cancel', attrs: { type: 'button', 'data-cancel': '' } })]),
  ]);
  node.querySelector('[data-cancel]')!.addEventListener('click', onCancel);
  toggleReason();
  return {
    node,
    values: () => ({ outcome: outcome.value, reason: reasonField.hidden ? '' : reason.value, kind: kind.value, note: note.value }),
    showIssues(issues) {
      for (const e of [...errors.values(), general]) e.textContent = '';
      let first: HTMLElement | undefined;
      for (const issue of issues) {
        const name = issue.path[0] ?? '';
        const target = errors.get(name) ?? general;
        target.textContent = target.textContent === '' ? issue.message : `${target.textContent} ${issue.message}`;
        const control = node.querySelector<HTMLElement>(`[name="${name}"]`);
        if (!first && control) first = control;
      }
      first?.focus();
    },
  };
}
