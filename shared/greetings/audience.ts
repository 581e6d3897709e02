import type { Campaign } from '../workbook';
import { approvalNeeded } from './approval';
import type { GreetingsData } from './data';
import { onceNotDueReason } from './once';
import { planInputFor } from './plan-input';
import { parseTrigger, planGreetings, type Holiday, type PlanIssue } from './planner';

/** One recipient as the sidebar's sample shows them. */
export interface AudienceMember {
  customer_id: string;
  name: string;
  to: string;
}

/**
 * Who gets a campaign if it is sent on `date`: the plan the sender itself makes (planGreetings over the same
 * input the run builds, this campaign alone), so the count cannot drift from what is sent.
 */
export interface CampaignAudience {
  /** The date planned for: today, or a one-off campaign's send_date when that is later. */
  date: string;
  /** Messages that would go now: due, consent given, not held out, not already in the Outbox. */
  recipients: number;
  /** Due but already recorded in the Outbox (sent, or on its way): a run does not send them again. */
  alreadyInOutbox: number;
  /** The control group: planned as `holdout`, never sent. */
  holdout: number;
  /** Due but not sent, by reason (no_consent, unsubscribed, cool_down…). */
  skipped: Record<string, number>;
  /** The first recipients, in plan order. */
  sample: AudienceMember[];
  /** How many of the recipients would wait for the owner's approval first (first run, or above approve_over). */
  needsApproval: number;
  /** A one-off campaign that is not due on that date: why ('' when it is, or for other triggers). */
  notDue: '' | 'no_send_date' | 'before_send_date' | 'too_late';
  issues: PlanIssue[];
}

/** What the count plans with: the workbook's data, the campaign as edited (saved or not), and the host's holidays. */
export interface AudienceInput {
  data: GreetingsData;
  campaign: Campaign;
  /** The business's today (YYYY-MM-DD). */
  today: string;
  timeZone: string;
  holidays?: readonly Holiday[];
  sampleSize?: number;
}

// Rows that mean the message already went or is on its way: a run does not send it again.
const RECORDED = new Set(['planned', 'needs_approval', 'held', 'sending', 'sent', 'failed', 'review', 'holdout']);

const displayName = (r: { first_name: string; last_name: string; company: string }): string => [r.first_name, r.last_name].filter((s) => s.trim() !== '').join(' ') || r.company;

/** The campaign's audience now (one-off campaigns: on their send_date), planned exactly as the sender plans it. */
export function campaignAudience(input: AudienceInput): CampaignAudience {
  const { data, campaign, today } = input;
  const once = parseTrigger(campaign.trigger)?.trigger === 'once';
  const date = once && campaign.send_date && campaign.send_date > today ? campaign.send_date : today;
  const name = campaign.name.trim().toLowerCase();
  // This campaign alone, as `regulars campaign send` plans it; the draft replaces the saved row of its name.
  const scoped: GreetingsData = { ...data, campaigns: [{ ...campaign, active: true }] };
  const plan = planGreetings(planInputFor(scoped, date, { timeZone: input.timeZone, holidays: input.holidays }));
  const status = new Map(data.outbox.map((o) => [o.key, o.status]));
  const skipped: Record<string, number> = {};
  const members: AudienceMember[] = [];
  const fresh: { key: string; campaign: string }[] = [];
  let already = 0;
  let holdout = 0;
  for (const m of plan.messages) {
    const recorded = status.get(m.key);
    if (recorded !== undefined && RECORDED.has(recorded)) {
      already++;
      continue;
    }
    if (m.decision === 'skip') {
      if (m.reason === 'holdout') holdout++;
      else skipped[m.reason] = (skipped[m.reason] ?? 0) + 1;
      continue;
    }
    fresh.push({ key: m.key, campaign: m.campaign.name });
    members.push({ customer_id: m.customer.record.id.trim(), name: displayName(m.customer.record), to: m.to });
  }
  const gate = approvalNeeded(fresh, data.outbox.filter((o) => o.campaign.trim().toLowerCase() === name), { approveOver: data.settings.approve_over, firstRun: data.settings.approve_first_run === 'yes' });
  return {
    date,
    recipients: members.length,
    alreadyInOutbox: already,
    holdout,
    skipped,
    sample: members.slice(0, input.sampleSize ?? 10),
    needsApproval: gate.size,
    notDue: once ? onceNotDueReason(campaign, date) : '',
    issues: plan.issues,
  };
}
