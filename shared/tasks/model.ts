/** Why a task exists; the first part of its key. */
export const TASK_REASONS = ['complaint', 'follow_up', 'at_risk', 'defection', 'low_score', 'stale'] as const;

/** A task's reason code. */
export type TaskReason = (typeof TASK_REASONS)[number];

/** Each reason in plain words, as the Tasks tab, the sidebar and the CLI show it. */
export const REASON_LABELS: Readonly<Record<TaskReason, string>> = {
  complaint: 'Open complaint',
  follow_up: 'Follow-up due',
  at_risk: 'Slipping away: worth a call',
  defection: 'Stopped buying: ask why',
  low_score: 'Low survey score',
  stale: 'Check their details',
};

/** What doing a task can lead to. */
export const TASK_OUTCOMES = ['reached', 'won_back', 'lost', 'resolved', 'verified'] as const;

/** One outcome code. */
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** Each outcome as written to the Tasks, Interactions and Defections tabs. */
export const OUTCOME_LABELS: Readonly<Record<TaskOutcome, string>> = {
  reached: 'reached',
  won_back: 'won back',
  lost: 'lost',
  resolved: 'resolved',
  verified: 'verified',
};

/** The outcomes that make sense for each reason (a complaint is done when resolved, a record when verified). */
export const OUTCOMES_BY_REASON: Readonly<Record<TaskReason, readonly TaskOutcome[]>> = {
  complaint: ['resolved'],
  follow_up: ['reached', 'won_back', 'lost'],
  at_risk: ['reached', 'won_back', 'lost'],
  defection: ['reached', 'won_back', 'lost'],
  low_score: ['reached', 'resolved', 'lost'],
  stale: ['verified'],
};

/** The reasons a customer leaves, until Settings `defection_reasons` lists the business's own. */
export const DEFAULT_DEFECTION_REASONS = ['price', 'service', 'moved', 'competitor', 'no longer needs', 'unknown'] as const;

/** A task as derived from the tabs on one date, before it has a row (and an id) on the Tasks tab. */
export interface DerivedTask {
  /** reason|customer|episode: the same situation gives the same key on every run. */
  key: string;
  reason: TaskReason;
  customerId: string;
  name: string;
  phone: string;
  email: string;
  /** What the numbers say, in plain words (no names). */
  detail: string;
  /** The profit at stake, in the business's currency. */
  value: number;
  manager: string;
  /** YYYY-MM-DD. */
  due: string;
}

/** The reason code of a task key ('' when the key is not one of ours, e.g. a row typed by hand). */
export function reasonOfKey(key: string): TaskReason | '' {
  const code = key.slice(0, key.indexOf('|'));
  return (TASK_REASONS as readonly string[]).includes(code) ? (code as TaskReason) : '';
}

/** A task key from its parts. */
export function taskKey(reason: TaskReason, customerId: string, episode: string): string {
  return `${reason}|${customerId}|${episode}`;
}
