import { localDay, parseDay, survivorMap, type RetentionAnalysis } from '../retention';
import type { Customer, Interaction, OutboxEntry } from '../workbook';
import { addMonths } from '../kernel';
import type { DatedInteraction, RuleContext } from './context';
import { complaintTasks, followUpTasks, lowScoreTasks } from './interactions';
import { TASK_REASONS, type DerivedTask } from './model';
import { atRiskTasks, defectionTasks } from './retention';
import type { TaskSettings } from './settings';
import { staffResolver } from './people';
import { staleTasks, type UnreadableCell } from './stale';

/** The tabs and analysis tasks are derived from, as of `today` (YYYY-MM-DD in the business's time zone). */
export interface DeriveInput {
  today: string;
  settings: TaskSettings;
  customers: readonly Customer[];
  interactions: readonly Interaction[];
  outbox?: readonly OutboxEntry[];
  /** Customers cells that could not be read, by customer id and column. */
  unreadable?: readonly UnreadableCell[];
  /** The retention analysis on the same date: the at-risk list and open defections (one source of truth with the Dashboard). */
  analysis: Pick<RetentionAnalysis, 'atRisk' | 'defections' | 'profiles'>;
}

const ORDER = new Map<string, number>(TASK_REASONS.map((r, i) => [r, i]));

/**
 * Everything that needs a person on `today`, one task per customer and reason: open complaints, follow-ups due,
 * customers at risk worth a call, defections to contact, low survey scores and stale records. Archived and merged
 * customers get none. Sorted by due date, then the larger value first.
 */
export function deriveTasks(input: DeriveInput): DerivedTask[] {
  const todayDay = parseDay(input.today)?.day;
  if (todayDay === undefined) throw new RangeError('today must be a date as YYYY-MM-DD');
  const customers = new Map<string, Customer>();
  for (const c of input.customers) {
    const id = c.id.trim();
    if (id !== '' && c.status !== 'merged' && c.status !== 'archived' && !customers.has(id)) customers.set(id, c);
  }
  const survivors = survivorMap(input.customers);
  const interactions = new Map<string, DatedInteraction[]>();
  for (const record of input.interactions) {
    const raw = record.customer_id.trim();
    const id = survivors.get(raw) ?? raw;
    const day = localDay(record.date, input.settings.time_zone)?.day;
    if (day === undefined || !customers.has(id)) continue;
    let list = interactions.get(id);
    if (!list) interactions.set(id, (list = []));
    list.push({ day, record });
  }
  for (const list of interactions.values()) list.sort((a, b) => a.day - b.day || ((a.record.date ?? '') < (b.record.date ?? '') ? -1 : 1));
  const value = new Map(input.analysis.profiles.map((p) => [p.id, p.valueIfRetained]));
  const ctx: RuleContext = { today: input.today, todayDay, settings: input.settings, customers, interactions, valueOf: (id) => value.get(id) ?? 0, staff: staffResolver(customers.values()) };

  const yearAgo = addMonths(input.today, -12);
  const lastBought = new Map(input.analysis.profiles.map((p) => [p.id, p.lastPurchase]));
  const active = (id: string): boolean => {
    const bought = lastBought.get(id);
    if (bought !== null && bought !== undefined && bought > yearAgo) return true;
    const list = interactions.get(id);
    return list !== undefined && list.length > 0 && list[list.length - 1]!.day > (parseDay(yearAgo)?.day ?? 0);
  };

  const tasks = [
    ...complaintTasks(ctx),
    ...followUpTasks(ctx),
    ...atRiskTasks(ctx, input.analysis.atRisk),
    ...defectionTasks(ctx, input.analysis.defections),
    ...lowScoreTasks(ctx),
    ...staleTasks(ctx, { outbox: input.outbox ?? [], unreadable: input.unreadable ?? [], active }),
  ];
  return tasks.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || b.value - a.value || ORDER.get(a.reason)! - ORDER.get(b.reason)! || (a.customerId < b.customerId ? -1 : 1));
}
