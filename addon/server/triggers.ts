import type { PropertiesPort } from './mail';

/** The top-level function the hourly trigger runs (exported from main.ts under this name). */
export const HOURLY_HANDLER = 'runScheduledMessages';
/** The installed trigger's id, so a second install in this document finds it again. */
export const TRIGGER_ID_KEY = 'regulars.trigger.id';
/** Who installed the trigger: that user's runs send; anyone else's trigger in this document stands down. */
export const TRIGGER_OWNER_KEY = 'regulars.trigger.owner';

/** The Trigger calls we make (a structural subset of GoogleAppsScript.Script.Trigger). */
export interface TriggerPort {
  getHandlerFunction(): string;
  getUniqueId(): string;
  getEventType(): unknown;
}

/** ScriptApp, as far as scheduling uses it. D is the document type (a Spreadsheet in the add-on). */
export interface ScriptAppPort<D> {
  getProjectTriggers(): TriggerPort[];
  getUserTriggers(document: D): TriggerPort[];
  deleteTrigger(trigger: TriggerPort): void;
  newTrigger(functionName: string): { timeBased(): { everyHours(hours: number): { create(): TriggerPort } } };
}

/** What installing and removing the trigger need. */
export interface TriggerEnv<D> {
  scriptApp: ScriptAppPort<D>;
  document: D;
  props: PropertiesPort;
  /** The user installing (Session.getEffectiveUser().getEmail()). */
  user: () => string;
  /** Runs fn under the document lock. */
  withLock: <T>(fn: () => T) => T;
}

/** What the menu item reports back. */
export interface InstallResult {
  /** True when a trigger was created; false when the existing one was kept. */
  created: boolean;
  /** Duplicates deleted. */
  removed: number;
  owner: string;
  /** The user who owned sending before, when it was someone else. */
  previousOwner?: string;
}

function isHourlyOurs(trigger: TriggerPort): boolean {
  return trigger.getHandlerFunction() === HOURLY_HANDLER && String(trigger.getEventType()) === 'CLOCK';
}

/**
 * This user's hourly triggers for this document: those ScriptApp lists for the document, plus the one whose id
 * the document recorded (a time-driven trigger may not be listed against the document). Never other documents'.
 */
function ourTriggers<D>(env: TriggerEnv<D>): { stored: string | null; triggers: TriggerPort[] } {
  const stored = env.props.getProperty(TRIGGER_ID_KEY);
  const found = new Map<string, TriggerPort>();
  for (const t of env.scriptApp.getUserTriggers(env.document)) if (isHourlyOurs(t)) found.set(t.getUniqueId(), t);
  if (stored) for (const t of env.scriptApp.getProjectTriggers()) if (isHourlyOurs(t) && t.getUniqueId() === stored) found.set(t.getUniqueId(), t);
  return { stored, triggers: [...found.values()] };
}

/**
 * Installs ONE hourly trigger for this document (keeping an existing one, deleting duplicates) and makes this
 * user the document's sender. Whether the trigger sends at all is Settings `delivery` ('addon' vs 'scheduler').
 */
export function installHourlyTrigger<D>(env: TriggerEnv<D>): InstallResult {
  return env.withLock(() => {
    const { stored, triggers } = ourTriggers(env);
    const keep = triggers.find((t) => t.getUniqueId() === stored) ?? triggers[0];
    let removed = 0;
    for (const t of triggers) {
      if (t === keep) continue;
      env.scriptApp.deleteTrigger(t);
      removed++;
    }
    const trigger = keep ?? env.scriptApp.newTrigger(HOURLY_HANDLER).timeBased().everyHours(1).create();
    const owner = env.user();
    const before = env.props.getProperty(TRIGGER_OWNER_KEY);
    env.props.setProperty(TRIGGER_ID_KEY, trigger.getUniqueId());
    env.props.setProperty(TRIGGER_OWNER_KEY, owner);
    return { created: !keep, removed, owner, ...(before && before !== owner ? { previousOwner: before } : {}) };
  });
}

/** Deletes this user's hourly triggers for this document; the document has no add-on sender afterwards if it was this user. */
export function removeHourlyTrigger<D>(env: TriggerEnv<D>): { removed: number } {
  return env.withLock(() => {
    const { triggers } = ourTriggers(env);
    for (const t of triggers) env.scriptApp.deleteTrigger(t);
    if (env.props.getProperty(TRIGGER_OWNER_KEY) === env.user()) {
      env.props.deleteProperty(TRIGGER_OWNER_KEY);
      env.props.deleteProperty(TRIGGER_ID_KEY);
    }
    return { removed: triggers.length };
  });
}
