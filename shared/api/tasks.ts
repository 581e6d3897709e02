import * as z from 'zod/mini';
import { businessClock, fail, issuesFromZod, lazy, ok, type ClockIssue, type Result, type HostZone } from '../kernel';
import { analyzeRetention, type RetentionAnalysis } from '../retention';
import {
  CONTACT_KINDS,
  deriveTasks,
  OUTCOME_LABELS,
  OUTCOMES_BY_REASON,
  planCompletion,
  reasonOfKey,
  reconcileTasks,
  TASK_SETTING_DEFAULTS,
  taskSettings,
  type TaskReason,
  type TaskSettings,
  type TaskSync,
} from '../tasks';
import {
  appendRecords,
  customersTab,
  defectionsTab,
  interactionsTab,
  openTable,
  outboxTab,
  parseSettings,
  purchasesTab,
  readTable,
  saveChanges,
  SETTINGS_TAB,
  tasksTab,
  writeSettings,
  type DecodedTable,
  type Interaction,
  type Settings,
  type Task,
  type Workbook,
} from '../workbook';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

/** One task as the "This week" sidebar and the CLI show it. */
export interface TaskView {
  id: string;
  /** The reason code (complaint, follow_up, at_risk, defection, low_score, stale); '' for a row typed by hand. */
  reasonCode: TaskReason | '';
  /** The reason in plain words. */
  reason: string;
  customer_id: string;
  name: string;
  phone: string;
  email: string;
  detail: string;
  value: number | null;
  manager: string;
  due: string;
  status: string;
  /** Due before today and still open. */
  overdue: boolean;
  outcome: string;
  done_by: string;
  done_at: string;
}

/** Which tasks to list: by manager ('' = nobody's yet; absent = everyone's) and status (default open). */
export interface ListTasksInput {
  manager?: string;
  status?: 'open' | 'done' | 'all';
}

/** The task list and what the outcome form offers. */
export interface TaskList {
  asOf: string;
  tasks: TaskView[];
  /** Every manager with an open task, sorted ('' when some have none). */
  managers: string[];
  /** Outcome choices per reason: value and label. */
  outcomes: Record<TaskReason, { value: string; label: string }[]>;
  /** Why customers leave (Settings defection_reasons). */
  reasons: string[];
  /** How the customer was reached. */
  kinds: string[];
}

/** Completing a task: its id and what happened. */
export interface CompleteTaskRequest {
  id: string;
  outcome: string;
  reason?: string;
  note?: string;
  kind?: string;
}

/** The task as saved and what else the completion wrote. */
export interface CompleteTaskResult {
  task: TaskView;
  /** Complaints resolved, defections closed or recorded, customers stamped verified. */
  closed: { complaints: number; defections: number; recorded: number; verified: number };
}

/** What bringing the Tasks tab up to date did. */
export interface TasksRefreshed {
  asOf: string;
  created: number;
  refreshed: number;
  closed: number;
  keptDone: number;
  open: number;
}

/** The "This week" calls: the task list, completing a task, and deriving tasks again without rescoring. */
export interface TasksApi {
  listTasks: (input: ListTasksInput) => ApiResult<TaskList>;
  completeTask: (input: CompleteTaskRequest) => ApiResult<CompleteTaskResult>;
  refreshTasks: (input: NoInput) => ApiResult<TasksRefreshed>;
}

const listInput = lazy(() => z.object({
  manager: z.optional(z.string().check(z.maxLength(200))),
  status: z.optional(z.enum(['open', 'done', 'all'])),
}));
const completeInput = lazy(() => z.object({
  id: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  outcome: z.string().check(z.maxLength(40)),
  reason: z.optional(z.string().check(z.maxLength(100))),
  note: z.optional(z.string().check(z.maxLength(5000))),
  kind: z.optional(z.string().check(z.maxLength(40))),
}));

/** Settings, the task settings and today in the business's time zone. */
interface Basis {
  settings: Settings;
  extra: Record<string, string>;
  tasks: TaskSettings;
  today: string;
}

function basisOf(wb: Workbook, now: string, hostZone: HostZone | undefined): Result<Basis, ClockIssue> {
  const parsed = parseSettings(wb.read(SETTINGS_TAB));
  const clock = businessClock(now, parsed.settings.time_zone, hostZone);
  if (!clock.ok) return clock;
  // Engines read dates in settings.time_zone: give them the zone decided here (a blank one is the host's, or UTC).
  const settings = { ...parsed.settings, time_zone: clock.value.zone };
  return ok({ settings, extra: parsed.extra, tasks: taskSettings(settings, parsed.extra).settings, today: clock.value.today }, clock.notes);
}

/** A Tasks row as shown. */
export function taskView(t: Task, today: string): TaskView {
  const reasonCode = reasonOfKey(t.key);
  const status = t.status === '' ? 'open' : t.status;
  return {
    id: t.id,
    reasonCode,
    reason: t.reason,
    customer_id: t.customer_id,
    name: t.name,
    phone: t.phone,
    email: t.email,
    detail: t.detail,
    value: t.value ?? null,
    manager: t.manager,
    due: t.due ?? '',
    status,
    overdue: status === 'open' && t.due !== undefined && t.due < today,
    outcome: t.outcome,
    done_by: t.done_by,
    done_at: t.done_at ?? '',
  };
}

/** Open first, then by due date (blank last), then the larger value. */
function byDue(a: TaskView, b: TaskView): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  const da = a.due === '' ? '9999' : a.due;
  const db = b.due === '' ? '9999' : b.due;
  return (da < db ? -1 : da > db ? 1 : 0) || (b.value ?? 0) - (a.value ?? 0) || (a.id < b.id ? -1 : 1);
}

/** Lists the Tasks tab's tasks for one manager (or all), due first. Reads Settings and Tasks only. */
export function listTasksOn(wb: Workbook, now: string, input: ListTasksInput, hostZone?: HostZone): ApiResult<TaskList> {
  const based = basisOf(wb, now, hostZone);
  if (!based.ok) return based;
  const basis = based.value;
  const table = readTable(wb, tasksTab, basis.settings.date_order);
  const all = (table?.rows ?? []).map((r) => taskView(r.record, basis.today));
  const status = input.status ?? 'open';
  const manager = input.manager?.trim().toLowerCase();
  const tasks = all.filter((t) => (status === 'all' || t.status === status) && (manager === undefined || t.manager.trim().toLowerCase() === manager)).sort(byDue);
  const managers = [...new Set(all.filter((t) => t.status === 'open').map((t) => t.manager.trim()))].sort((a, b) => a.localeCompare(b));
  const outcomes = Object.fromEntries(Object.entries(OUTCOMES_BY_REASON).map(([reason, list]) => [reason, list.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))])) as TaskList['outcomes'];
  return ok({ asOf: basis.today, tasks, managers, outcomes, reasons: basis.tasks.defection_reasons, kinds: [...CONTACT_KINDS] }, based.notes);
}

/** What syncing needs from the caller that has already read the tabs (scoring) or reads them now (refresh). */
export interface TaskSyncInput {
  today: string;
  now: string;
  settings: Settings;
  extra: Readonly<Record<string, string>>;
  customers: DecodedTable<typeof customersTab.columns>;
  interactions: readonly Interaction[];
  analysis: Pick<RetentionAnalysis, 'atRisk' | 'defections' | 'profiles'>;
}

/**
 * Derives the tasks of `today` and merges them into the Tasks tab (created when missing): new keys appended, open
 * ones refreshed, done ones never reopened. Writes the task Settings keys that are missing (verify_months,
 * low_score_max, defection_reasons) so the owner can see and extend them. Call inside wb.withLock.
 */
export function syncTasks(wb: Workbook, input: TaskSyncInput): TaskSync & { notes: string[]; open: number } {
  const read = taskSettings(input.settings, input.extra);
  const notes = read.issues.map((i) => `Settings ${i.key} ${i.message}; the default was used.`);
  const missing = Object.fromEntries(Object.entries(TASK_SETTING_DEFAULTS).filter(([key]) => input.extra[key] === undefined && !(key in input.settings)));
  if (Object.keys(missing).length > 0) writeSettings(wb, missing);
  const idByRow = new Map(input.customers.rows.map((r) => [r.row, r.record.id.trim()]));
  const unreadable = input.customers.issues.filter((i) => i.code !== 'required').flatMap((i) => {
    const id = idByRow.get(i.row);
    return id ? [{ customerId: id, column: i.column }] : [];
  });
  const derived = deriveTasks({
    today: input.today,
    settings: read.settings,
    customers: input.customers.rows.map((r) => r.record),
    interactions: input.interactions,
    outbox: readTable(wb, outboxTab, input.settings.date_order)?.rows.map((r) => r.record) ?? [],
    unreadable,
    analysis: input.analysis,
  });
  const table = openTable(wb, tasksTab, input.settings.date_order);
  const sync = reconcileTasks(table.rows, derived, input.now);
  saveChanges(wb, table, sync.changes);
  appendRecords(wb, table, sync.append);
  // saveChanges and appendRecords keep table.rows current, so no second read is needed.
  return { ...sync, notes, open: table.rows.filter((r) => r.record.status !== 'done').length };
}

/** Derives tasks on `now`'s date without rescoring (the retention analysis reads the scores already on Customers). */
export function refreshTasksOn(wb: Workbook, now: string, hostZone?: HostZone): ApiResult<TasksRefreshed> {
  const based = basisOf(wb, now, hostZone);
  if (!based.ok) return based;
  const basis = based.value;
  const order = basis.settings.date_order;
  const customers = readTable(wb, customersTab, order);
  if (!customers) return fail([{ path: ['Customers'], code: 'not_found', message: 'There is no Customers tab yet. Run "Set up Regulars tabs" first.' }]);
  const interactions = readTable(wb, interactionsTab, order)?.rows.map((r) => r.record) ?? [];
  const records = customers.rows.map((r) => r.record);
  const analysis = analyzeRetention({
    customers: records,
    purchases: readTable(wb, purchasesTab, order)?.rows.map((r) => r.record) ?? [],
    interactions,
    defections: readTable(wb, defectionsTab, order)?.rows.map((r) => r.record) ?? [],
    settings: basis.settings,
    asOf: basis.today,
  });
  const sync = syncTasks(wb, { today: basis.today, now, settings: basis.settings, extra: basis.extra, customers, interactions, analysis });
  return ok({ asOf: basis.today, created: sync.created, refreshed: sync.refreshed, closed: sync.closed, keptDone: sync.keptDone, open: sync.open });
}

/** Completes one task under the lock: the task, its Interaction and what it closes, each tab written once. */
export function completeTaskOn(wb: Workbook, now: string, user: string, input: CompleteTaskRequest, hostZone?: HostZone): ApiResult<CompleteTaskResult> {
  const based = basisOf(wb, now, hostZone);
  if (!based.ok) return based;
  const basis = based.value;
  const order = basis.settings.date_order;
  const tasks = readTable(wb, tasksTab, order);
  const task = tasks?.rows.find((r) => r.record.id.trim() === input.id.trim());
  if (!tasks || !task) return fail([{ path: ['id'], code: 'not_found', message: 'This task is no longer on the Tasks tab. Refresh the list.' }]);
  const customers = readTable(wb, customersTab, order);
  const interactions = openTable(wb, interactionsTab, order);
  const defections = readTable(wb, defectionsTab, order);
  const planned = planCompletion(
    { task, customers: customers?.rows ?? [], interactions: interactions.rows, defections: defections?.rows ?? [], settings: basis.tasks, today: basis.today, now, user },
    input,
  );
  if (!planned.ok) return fail(planned.issues);
  const plan = planned.value;
  saveChanges(wb, tasks, [plan.task]);
  appendRecords(wb, interactions, [plan.interaction]);
  if (plan.interactionChanges.length > 0) saveChanges(wb, interactions, plan.interactionChanges);
  if (plan.defectionChanges.length > 0 && defections) saveChanges(wb, defections, plan.defectionChanges);
  if (plan.defectionAppend.length > 0) appendRecords(wb, defections ?? openTable(wb, defectionsTab, order), plan.defectionAppend);
  if (plan.customerChanges.length > 0 && customers) {
    // last_verified_at may be a column the tab lacks: add it first, as scoring adds its columns.
    if (!customers.map.indexOf.has('last_verified_at')) {
      wb.ensureTab(customersTab.name, { header: [...customers.header, 'last_verified_at'], textColumns: [] });
      const again = readTable(wb, customersTab, order)!;
      const rows = plan.customerChanges.map((c) => ({ ...c, before: again.rows.find((r) => r.row === c.row)?.record ?? c.before }));
      saveChanges(wb, again, rows);
    } else {
      saveChanges(wb, customers, plan.customerChanges);
    }
  }
  return ok({
    task: taskView(plan.task.after, basis.today),
    closed: { complaints: plan.interactionChanges.length, defections: plan.defectionChanges.length, recorded: plan.defectionAppend.length, verified: plan.customerChanges.length },
  });
}

/** Implements TasksApi over the Workbook port, so the add-on, the workbench and tests share it. */
export function createTasksApi(deps: ServerDeps): TasksApi {
  return {
    listTasks(input) {
      const parsed = listInput().safeParse(input ?? {});
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      return listTasksOn(deps.workbook(), deps.now(), parsed.data, deps.hostTimeZone);
    },
    completeTask(input) {
      const parsed = completeInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      return wb.withLock(() => completeTaskOn(wb, deps.now(), deps.user(), parsed.data, deps.hostTimeZone));
    },
    refreshTasks() {
      const wb = deps.workbook();
      return wb.withLock(() => refreshTasksOn(wb, deps.now(), deps.hostTimeZone));
    },
  };
}
