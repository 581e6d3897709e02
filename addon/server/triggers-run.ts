import { runGreetingsAt, STOPS, type Holiday, type Mailer, type StopCode, type Signer } from '../../shared/greetings';
import type { HostZone } from '../../shared/kernel';
import type { Settings, Workbook } from '../../shared/workbook';
import type { PropertiesPort } from './mail';
import { TRIGGER_OWNER_KEY, type ScriptAppPort } from './triggers';

/** The last run's outcome, kept in document properties for the sidebar and for whoever looks next. */
export const CHECKPOINT_KEY = 'regulars.greetings.checkpoint';

/**
 * Apps Script stops an execution at 6 minutes. No new batch is leased after 3 minutes; a batch of BATCH_SIZE
 * with every send retried (1 s + 2 s back-off, three tries) then still ends near 4 minutes, leaving time to record.
 */
export const RUN_BUDGET_MS = 3 * 60_000;
export const BATCH_SIZE = 10;
const RETRIES = { tries: 3, backoffMs: 1_000 };

/** Everything one hourly run needs, injected so tests can fake Apps Script. */
export interface HourlyEnv<D> {
  scriptApp: ScriptAppPort<D>;
  props: PropertiesPort;
  workbook: Workbook;
  /** Who this run executes as (Session.getEffectiveUser().getEmail()): the trigger's installer. */
  user: () => string;
  now: () => number;
  /** The mail transport for these settings (Gmail with MailApp fallback in the add-on). */
  mailer: (settings: Settings, extra: Readonly<Record<string, string>>, date: string) => Mailer;
  /** The unsubscribe signer (secret generated on first use). */
  signer: () => Signer;
  /** SpreadsheetApp.flush(): makes each recorded state change durable before the next send. */
  flush: () => void;
  sleep: (ms: number) => void;
  /** The holidays for `holiday:` campaigns in the business's country (the add-on's generated table). */
  holidays?: (country: string, years: readonly number[]) => readonly Holiday[];
  /** The spreadsheet's own zone for a blank Settings time_zone, the one the sidebars' deps give (appsScriptDeps). */
  hostZone?: HostZone;
}

/** What the trigger's run saved as its checkpoint. */
export interface Checkpoint {
  at: string;
  date: string;
  status: 'ran' | 'not_owner' | 'no_owner' | 'scheduler';
  sent: number;
  deferred: number;
  failed: number;
  review: number;
  stopped?: StopCode;
  /** Why the run stopped, when it did: the engine's words for the stop, and its detail (never a key or token). */
  reason?: string;
}

/**
 * The hourly trigger: does nothing unless this user installed the document's sender and Settings `delivery`
 * is 'addon'; then runs the shared planner and exactly-once runner over the sheet, up to the current local
 * hour, stops leasing new batches before the 6-minute limit and records a checkpoint. What was not sent stays
 * `planned` in the Outbox, and the next run carries it on.
 */
export async function runHourly<D>(env: HourlyEnv<D>, event?: { triggerUid?: string }): Promise<Checkpoint> {
  const started = env.now();
  const base = { at: new Date(started).toISOString(), date: '', sent: 0, deferred: 0, failed: 0, review: 0 };
  const owner = env.props.getProperty(TRIGGER_OWNER_KEY);
  if (!owner) return save(env, { ...base, status: 'no_owner' });
  if (owner !== env.user()) {
    // Someone else installed the sender since: this user's trigger stands down and removes itself.
    const mine = event?.triggerUid ? env.scriptApp.getProjectTriggers().find((t) => t.getUniqueId() === event.triggerUid) : undefined;
    if (mine) env.scriptApp.deleteTrigger(mine);
    return { ...base, status: 'not_owner' };
  }
  const report = await runGreetingsAt({
    wb: env.workbook,
    mailer: env.mailer,
    signer: env.signer,
    now: env.now,
    commit: env.flush,
    sleep: (ms) => {
      env.sleep(ms);
      return Promise.resolve();
    },
    role: 'addon',
    ...(env.holidays ? { holidays: env.holidays } : {}),
    ...(env.hostZone ? { hostZone: env.hostZone } : {}),
    deadline: started + RUN_BUDGET_MS,
    batchSize: BATCH_SIZE,
    retries: RETRIES,
  });
  // The Scheduler sends for this document: nothing ran here, and nothing is wrong.
  if (report.stopped === 'not_the_sender') return save(env, { ...base, status: 'scheduler' });
  const stop = report.stopped;
  return save(env, {
    ...base,
    date: report.date,
    status: 'ran',
    sent: report.sent,
    deferred: report.deferred,
    failed: report.failed,
    review: report.review,
    ...(stop ? { stopped: stop, reason: report.detail ? `${STOPS[stop].message} (${report.detail})` : STOPS[stop].message } : {}),
  });
}

function save<D>(env: HourlyEnv<D>, checkpoint: Checkpoint): Checkpoint {
  env.props.setProperty(CHECKPOINT_KEY, JSON.stringify(checkpoint));
  return checkpoint;
}

/** The last checkpoint, or undefined when the trigger never ran here. */
export function readCheckpoint(props: PropertiesPort): Checkpoint | undefined {
  const raw = props.getProperty(CHECKPOINT_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Checkpoint;
  } catch {
    return undefined;
  }
}
