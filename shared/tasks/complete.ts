import { isResolvedStatus, parseDay } from '../retention';
import { INTERACTION_KINDS, type Customer, type Defection, type Interaction, type RecordChange, type Row, type Task } from '../workbook';
import { OUTCOME_LABELS, OUTCOMES_BY_REASON, REASON_LABELS, reasonOfKey, TASK_OUTCOMES, type TaskOutcome, type TaskReason } from './model';
import type { TaskSettings } from './settings';

/** How the person reached the customer, as the Interaction's kind. */
export const CONTACT_KINDS = (['call', 'email', 'visit', 'meeting', 'whatsapp', 'sms'] as const).filter((k) => (INTERACTION_KINDS as readonly string[]).includes(k));

/** What a person records when a task is done. */
export interface CompleteTaskInput {
  outcome: string;
  /** Why they left (from Settings `defection_reasons`): required when the outcome is lost, kept on a defection otherwise. */
  reason?: string;
  note?: string;
  /** How they were reached (default call). */
  kind?: string;
}

/** A problem with a completion, by the input field it concerns (fit to show next to that field). */
export interface TaskIssue {
  path: string[];
  code: 'invalid_input' | 'not_found' | 'conflict' | 'too_long' | 'not_a_choice';
  message: string;
}

/** The tabs a completion may change, as read, and who does it when. */
export interface CompletionSource {
  task: Row<Task>;
  customers: readonly Row<Customer>[];
  interactions: readonly Row<Interaction>[];
  defections: readonly Row<Defection>[];
  settings: Pick<TaskSettings, 'defection_reasons' | 'time_zone'>;
  today: string;
  now: string;
  user: string;
}

/** Every row a completion writes: the task closed, the Interaction it appends, and what it closes or stamps. */
export interface CompletionPlan {
  reason: TaskReason;
  outcome: TaskOutcome;
  task: RecordChange<Task>;
  interaction: Partial<Interaction>;
  /** Complaints resolved. */
  interactionChanges: RecordChange<Interaction>[];
  /** Open defections closed with the outcome (and the reason given). */
  defectionChanges: RecordChange<Defection>[];
  /** A defection recorded for a customer lost before the engine counted them as defected. */
  defectionAppend: Partial<Defection>[];
  /** last_verified_at stamped. */
  customerChanges: RecordChange<Customer>[];
}

const MAX_NOTE = 1000;

function issue(path: string[], code: TaskIssue['code'], message: string): { ok: false; issues: TaskIssue[] } {
  return { ok: false, issues: [{ path, code, message }] };
}

/**
 * Plans what completing an open task writes: the task marked done (outcome, note, done_by, done_at), an
 * Interaction recording the contact, and by reason — complaints resolved (resolved_at today), the customer's open
 * defections closed with the outcome and reason, a lost customer recorded as a cancelled defection, or
 * last_verified_at stamped. Refuses, by field, an outcome that does not fit the task, a missing or unlisted reason,
 * and a task already done.
 */
export function planCompletion(src: CompletionSource, input: CompleteTaskInput): { ok: true; value: CompletionPlan } | { ok: false; issues: TaskIssue[] } {
  const task = src.task.record;
  const reason = reasonOfKey(task.key);
  if (reason === '') return issue([], 'invalid_input', 'This row was not made by Regulars (its key is not a task key), so it cannot be completed here.');
  if (task.status === 'done') return issue([], 'conflict', `This task was already done${task.done_by ? ` by ${task.done_by}` : ''}${task.done_at ? ` on ${task.done_at.slice(0, 10)}` : ''}.`);
  const outcome = input.outcome.trim().toLowerCase().replace(/\s+/g, '_') as TaskOutcome;
  if (!(TASK_OUTCOMES as readonly string[]).includes(outcome) || !OUTCOMES_BY_REASON[reason].includes(outcome)) {
    return issue(['outcome'], 'not_a_choice', `Choose one of: ${OUTCOMES_BY_REASON[reason].map((o) => OUTCOME_LABELS[o]).join(', ')}.`);
  }
  const why = (input.reason ?? '').trim().toLowerCase();
  if (outcome === 'lost' && why === '') return issue(['reason'], 'invalid_input', 'Say why they left (choose a reason).');
  if (why !== '' && !src.settings.defection_reasons.includes(why)) {
    return issue(['reason'], 'not_a_choice', `Not on the list of reasons (${src.settings.defection_reasons.join(', ')}); add it to Settings defection_reasons first.`);
  }
  const note = (input.note ?? '').trim();
  if (note.length > MAX_NOTE) return issue(['note'], 'too_long', `Keep the note under ${MAX_NOTE} characters.`);
  const kind = (input.kind ?? 'call').trim().toLowerCase();
  if (!(CONTACT_KINDS as readonly string[]).includes(kind)) return issue(['kind'], 'not_a_choice', `Choose one of: ${CONTACT_KINDS.join(', ')}.`);
  const customerId = task.customer_id.trim();
  const customer = src.customers.find((c) => c.record.id.trim() === customerId);
  if (!customer) return issue([], 'not_found', `Customer ${customerId} is no longer on the Customers tab.`);

  const label = OUTCOME_LABELS[outcome];
  const plan: CompletionPlan = {
    reason,
    outcome,
    task: { row: src.task.row, before: task, after: { ...task, status: 'done', outcome: why === '' ? label : `${label}: ${why}`, note, done_by: src.user, done_at: src.now } },
    interaction: {
      customer_id: customerId,
      date: src.now,
      kind,
      staff: src.user,
      subject: `${REASON_LABELS[reason]}: ${label}${why === '' ? '' : ` (${why})`}`,
      notes: [note, task.detail].filter((s) => s !== '').join(' — '),
      status: label,
    },
    interactionChanges: [],
    defectionChanges: [],
    defectionAppend: [],
    customerChanges: [],
  };
  const todayDay = parseDay(src.today)!.day;
  if (reason === 'complaint') {
    for (const row of src.interactions) {
      const i = row.record;
      if (i.customer_id.trim() !== customerId || i.kind !== 'complaint') continue;
      const resolved = parseDay(i.resolved_at);
      if ((resolved !== undefined && resolved.day <= todayDay) || isResolvedStatus(i.status)) continue;
      plan.interactionChanges.push({ row: row.row, before: i, after: { ...i, status: 'resolved', resolved_at: src.today } });
    }
  }
  if (reason === 'defection') {
    for (const row of src.defections) {
      const d = row.record;
      if (d.customer_id.trim() !== customerId || d.outcome.trim() !== '') continue;
      // The engine's explanation moves to the Interaction's notes (above): the reason column holds the owner's list.
      plan.defectionChanges.push({ row: row.row, before: d, after: { ...d, outcome: label, contacted_by: src.user, reason: why === '' ? d.reason : why } });
    }
  } else if (outcome === 'lost') {
    plan.defectionAppend.push({ customer_id: customerId, detected_at: src.today, type: 'cancelled', reason: why, contacted_by: src.user, outcome: label, lost_profit_estimate: task.value });
  }
  if (outcome === 'verified') {
    plan.customerChanges.push({ row: customer.row, before: customer.record, after: { ...customer.record, last_verified_at: src.today } });
  }
  return { ok: true, value: plan };
}
