import { isoFromDay } from '../kernel';
import { isResolvedStatus, parseDay } from '../retention';
import type { RuleContext } from './context';
import { money, type DatedInteraction } from './context';
import { taskKey, type DerivedTask } from './model';
import { contactOf } from './people';

/** A complaint is open until it has a resolved_at on or before today or a resolved/closed status. */
function isOpenComplaint(i: DatedInteraction, todayDay: number): boolean {
  if (i.record.kind !== 'complaint') return false;
  const resolved = parseDay(i.record.resolved_at);
  return !((resolved !== undefined && resolved.day <= todayDay) || isResolvedStatus(i.record.status));
}

/** True when the customer has an interaction dated after this one (any later contact answers a follow-up or a score). */
function contactedSince(list: readonly DatedInteraction[], i: DatedInteraction): boolean {
  const at = i.record.date ?? '';
  return list.some((other) => other !== i && other.day >= i.day && (other.record.date ?? '') > at);
}

function subjectOf(i: DatedInteraction): string {
  const s = i.record.subject.trim();
  return s === '' ? '' : ` (${s.length > 60 ? `${s.slice(0, 57)}…` : s})`;
}

/**
 * One task per customer with open complaints, about the oldest: due complaint_days after it was made, then
 * overdue. The manager is the account manager, else whoever took the complaint.
 */
export function complaintTasks(ctx: RuleContext): DerivedTask[] {
  const out: DerivedTask[] = [];
  for (const [id, list] of ctx.interactions) {
    const open = list.filter((i) => i.day <= ctx.todayDay && isOpenComplaint(i, ctx.todayDay));
    if (open.length === 0) continue;
    const oldest = open[0]!;
    const customer = ctx.customers.get(id)!;
    const dueDay = oldest.day + ctx.settings.complaint_days;
    const late = ctx.todayDay > dueDay ? `, overdue by ${ctx.todayDay - dueDay} day(s)` : '';
    const detail = `${open.length} open complaint(s), the oldest from ${isoFromDay(oldest.day)}${subjectOf(oldest)}${late}`;
    out.push({ key: taskKey('complaint', id, oldest.record.id), reason: 'complaint', customerId: id, ...contactOf(customer, ctx.staff(oldest.record.staff)), detail, value: money(ctx.valueOf(id)), due: isoFromDay(dueDay) });
  }
  return out;
}

/**
 * One task per customer whose follow-up date falls within the coming week or has passed, about the earliest:
 * a follow-up is answered by any later interaction, and an open complaint's follow-up is the complaint task's.
 */
export function followUpTasks(ctx: RuleContext): DerivedTask[] {
  const out: DerivedTask[] = [];
  const horizon = ctx.todayDay + 6;
  for (const [id, list] of ctx.interactions) {
    let first: { i: DatedInteraction; due: number } | undefined;
    let count = 0;
    for (const i of list) {
      const due = parseDay(i.record.follow_up_date)?.day;
      if (due === undefined || due > horizon || i.day > ctx.todayDay) continue;
      if (isOpenComplaint(i, ctx.todayDay) || isResolvedStatus(i.record.status) || contactedSince(list, i)) continue;
      count++;
      if (!first || due < first.due) first = { i, due };
    }
    if (!first) continue;
    const customer = ctx.customers.get(id)!;
    const kind = first.i.record.kind === '' ? 'contact' : first.i.record.kind;
    const detail = `follow up the ${kind} of ${isoFromDay(first.i.day)}${subjectOf(first.i)}${count > 1 ? `; ${count} follow-ups due` : ''}`;
    out.push({
      key: taskKey('follow_up', id, `${first.i.record.id}@${isoFromDay(first.due)}`),
      reason: 'follow_up',
      customerId: id,
      ...contactOf(customer, ctx.staff(first.i.record.staff)),
      detail,
      value: money(ctx.valueOf(id)),
      due: isoFromDay(first.due),
    });
  }
  return out;
}

/**
 * One task per customer whose latest survey in the last complaint_days scored at or below low_score_max and who
 * has not been contacted since: a detractor is a complaint not yet made. Due a week after the survey.
 */
/**
 * A score on the 0–10 scale `low_score_max` is set on: a 1–5 rating (score_max 5) is stretched so 1 is 0 and 5 is
 * 10 (a 3 is 5, "neutral"); a score without score_max is taken as 0–10, as staff type NPS answers.
 */
export function onTenPointScale(score: number, max: number | undefined): number {
  return max === 5 ? ((score - 1) * 10) / 4 : score;
}

export function lowScoreTasks(ctx: RuleContext): DerivedTask[] {
  const out: DerivedTask[] = [];
  const from = ctx.todayDay - ctx.settings.complaint_days;
  for (const [id, list] of ctx.interactions) {
    let latest: DatedInteraction | undefined;
    for (const i of list) if (i.record.kind === 'survey' && i.record.score !== undefined && i.day <= ctx.todayDay && i.day > from) latest = i;
    if (!latest || onTenPointScale(latest.record.score!, latest.record.score_max) > ctx.settings.low_score_max || contactedSince(list, latest)) continue;
    const customer = ctx.customers.get(id)!;
    out.push({
      key: taskKey('low_score', id, latest.record.id),
      reason: 'low_score',
      customerId: id,
      ...contactOf(customer, ctx.staff(latest.record.staff)),
      detail: `scored ${latest.record.score} in a survey on ${isoFromDay(latest.day)}${subjectOf(latest)}`,
      value: money(ctx.valueOf(id)),
      due: isoFromDay(latest.day + 7),
    });
  }
  return out;
}
