import type { GreetingsData } from './data';
import type { Holiday, PlanInput } from './planner';
import { segmentTests } from './segments';
import { taskSettings } from '../tasks';

/** What a caller may set beyond the workbook's own tables and settings. */
export interface PlanExtras {
  holidays?: readonly Holiday[];
  segments?: PlanInput['segments'];
  timeZone?: string;
  upToHour?: number;
}

/**
 * The planner's input for a date from the workbook's greetings data: the one mapping the hourly run, the
 * scheduled function and the Messages sidebar's "today's plan" share, so the preview plans what a run sends.
 */
export function planInputFor(data: GreetingsData, date: string, extras: PlanExtras = {}): PlanInput {
  return {
    date,
    timeZone: extras.timeZone ?? data.settings.time_zone,
    coolDownDays: data.settings.cool_down_days,
    customers: data.customers,
    purchases: data.purchases,
    interactions: data.interactions,
    campaigns: data.campaigns,
    outbox: data.outbox,
    loyalty: data.loyalty,
    holidays: extras.holidays,
    segments: extras.segments ?? segmentTests(data.segments, data.campaigns, data.customers, date).tests,
    winBack: winBackRule(data.extraSettings),
    upToHour: extras.upToHour,
    verifyMonths: taskSettings(data.settings, data.extraSettings).settings.verify_months,
    tasks: data.tasks,
    managerEmails: data.settings.manager_emails,
    dateOrder: data.settings.date_order,
  };
}

/** win_back thresholds from Settings (win_back_churn_risk, win_back_overdue_factor), with defaults. */
function winBackRule(extra: Readonly<Record<string, string>>): { churnRisk: number; overdueFactor: number } {
  const risk = Number(extra.win_back_churn_risk);
  const factor = Number(extra.win_back_overdue_factor);
  return { churnRisk: Number.isFinite(risk) && risk > 0 ? risk : 0.7, overdueFactor: Number.isFinite(factor) && factor > 0 ? factor : 2 };
}
