/** Tasks: what needs a person this week, derived from the tabs on a date, and what completing one writes (pure). */
export { planCompletion, CONTACT_KINDS, type CompleteTaskInput, type CompletionPlan, type CompletionSource, type TaskIssue } from './complete';
export { deriveTasks, type DeriveInput } from './derive';
export {
  DEFAULT_DEFECTION_REASONS,
  OUTCOME_LABELS,
  OUTCOMES_BY_REASON,
  REASON_LABELS,
  reasonOfKey,
  TASK_OUTCOMES,
  TASK_REASONS,
  taskKey,
  type DerivedTask,
  type TaskOutcome,
  type TaskReason,
} from './model';
export { contactOf, displayName, reachable, type Contact } from './people';
export { NO_LONGER_NEEDED, reconcileTasks, SCORING_ACTOR, type TaskSync } from './reconcile';
export { TASK_SETTING_DEFAULTS, taskSettings, type TaskSettingIssue, type TaskSettings } from './settings';
export type { UnreadableCell } from './stale';
export { onTenPointScale } from './interactions';
