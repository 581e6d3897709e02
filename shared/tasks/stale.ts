import type { Customer, OutboxEntry } from '../workbook';
import { addMonths, dayNumber } from '../kernel';
import { money, type RuleContext } from './context';
import { taskKey, type DerivedTask } from './model';
import { contactOf, reachable } from './people';

/** A customer's cell that could not be read (an impossible value typed into the sheet). */
export interface UnreadableCell {
  customerId: string;
  column: string;
}

/** What the stale-record rule reads besides the shared context. */
export interface StaleInput {
  outbox: readonly OutboxEntry[];
  unreadable: readonly UnreadableCell[];
  /** True for customers who bought or were in touch in the last 12 months: the records worth keeping current. */
  active: (customerId: string) => boolean;
}

/** Values no real record holds: born in the future or more than 120 years ago, a customer before birth or in the future. */
function impossible(c: Customer, today: string): string[] {
  const out: string[] = [];
  const oldest = `${String(Number(today.slice(0, 4)) - 120).padStart(4, '0')}${today.slice(4)}`;
  if (c.birth_date !== undefined && (c.birth_date > today || c.birth_date < oldest)) out.push('birth_date');
  if (c.customer_since !== undefined && c.customer_since > today) out.push('customer_since');
  if (c.customer_since !== undefined && c.birth_date !== undefined && c.customer_since < c.birth_date) out.push('customer_since before birth_date');
  return out;
}

/**
 * One "check their details" task per customer whose record needs a person: an address the mail server refused
 * after it was last verified; no e-mail and no phone; values that cannot be true; or, for customers active in the
 * last 12 months, no confirmation within verify_months (counted from customer_since or created_at when never
 * verified). Keyed by last_verified_at, so stamping it closes the episode.
 */
export function staleTasks(ctx: RuleContext, input: StaleInput): DerivedTask[] {
  const cutoff = addMonths(ctx.today, -ctx.settings.verify_months);
  const bounced = new Map<string, string>();
  for (const o of input.outbox) {
    if (o.status !== 'failed') continue;
    const id = o.customer_id.trim();
    const at = (o.sent_at ?? o.planned_for ?? '').slice(0, 10);
    if (id !== '' && at > (bounced.get(id) ?? '')) bounced.set(id, at);
  }
  const unreadable = new Map<string, string[]>();
  for (const u of input.unreadable) {
    let list = unreadable.get(u.customerId);
    if (!list) unreadable.set(u.customerId, (list = []));
    list.push(u.column);
  }
  const out: DerivedTask[] = [];
  for (const [id, c] of ctx.customers) {
    const verified = c.last_verified_at;
    const recentlyVerified = verified !== undefined && verified > cutoff;
    const problems: string[] = [];
    const bounce = bounced.get(id);
    // A failure before the last confirmation, or to an address since changed, is already dealt with.
    if (bounce !== undefined && (verified === undefined || bounce > verified) && c.email.trim() !== '') problems.push(`mail to their address failed on ${bounce}`);
    if (!recentlyVerified) {
      if (!reachable(c)) problems.push('no e-mail and no phone');
      const bad = [...(unreadable.get(id) ?? []), ...impossible(c, ctx.today)];
      if (bad.length > 0) problems.push(`impossible value(s): ${bad.join(', ')}`);
      const since = verified ?? c.customer_since ?? c.created_at?.slice(0, 10);
      if (input.active(id) && (since === undefined || dayNumber(since) === undefined || since <= cutoff)) {
        problems.push(verified === undefined ? 'never confirmed' : `last confirmed ${verified}`);
      }
    }
    if (problems.length === 0) continue;
    out.push({
      key: taskKey('stale', id, verified ?? 'never'),
      reason: 'stale',
      customerId: id,
      ...contactOf(c),
      detail: problems.join('; '),
      value: money(ctx.valueOf(id)),
      due: ctx.today,
    });
  }
  return out;
}
