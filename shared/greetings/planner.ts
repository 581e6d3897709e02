import type { Campaign, Customer, DateOrder, Interaction, LoyaltyTier, OutboxEntry, Purchase, Task } from '../workbook';
import { isCustomerContact, loyaltyStandings, loyaltyTemplateValues } from '../loyalty';
import { isDeliverableAddress } from './address';
import { addDays, annualDate, dayNumber, fold, isLeapYear, isoFromDay, toLocal } from '../kernel';
import { onceDue, onceKeyOwner, onceOccasion, onceRecipients } from './once';
import { inHoldout } from './holdout';
import { confirmOccasion, isStaleRecord } from './confirm-due';
import { parseManagerEmails, planDigests } from './digest';
import type { CustomerInput } from './data';
import { TRIGGERS, type PlannedMessage, type SkipReason, type Trigger } from './planned-message';
import { profileDate, profileOccasion, profileTrigger } from './profile-dates';
import { firstPurchaseDays, referralsDue } from './referrals';

/** A holiday of the business's country, computed on the Node side (date-holidays) or handed in as data. */
export interface Holiday {
  date: string;
  /** A slug of the English name, e.g. `christmas-day`; campaigns name it as `holiday:christmas-day`. */
  code: string;
  name: string;
}

/** Everything the planner needs; no I/O and no clock. */
export interface PlanInput {
  /** The business-local date to plan for (YYYY-MM-DD). */
  date: string;
  timeZone: string;
  coolDownDays: number;
  customers: readonly CustomerInput[];
  purchases: readonly Purchase[];
  interactions: readonly Interaction[];
  campaigns: readonly Campaign[];
  outbox: readonly OutboxEntry[];
  loyalty?: readonly LoyaltyTier[];
  holidays?: readonly Holiday[];
  /** Segment name → membership test; a campaign naming a segment that is not here is not run. */
  segments?: Readonly<Record<string, (customer: Customer) => boolean>>;
  /** win_back: churn_risk at or above `churnRisk`, or no purchase for `overdueFactor` × the customer's own mean gap. */
  winBack?: { churnRisk: number; overdueFactor: number };
  /** When given, campaigns whose send_hour is later than this local hour wait for a later run. */
  upToHour?: number;
  /** confirm_details: a record not confirmed within this many months is stale (Settings verify_months, default 12). */
  verifyMonths?: number;
  /** weekly_digest: the Tasks tab (open tasks by account manager). */
  tasks?: readonly Task[];
  /** weekly_digest: Settings manager_emails, `Name=address; Name=address`. */
  managerEmails?: string;
  /** profile:FIELD: how a Profile date typed as text is read (Settings date_order; ISO dates read either way). */
  dateOrder?: DateOrder;
}

/** A problem with a campaign or a customer row that the owner should fix; never carries a name or address. */
export interface PlanIssue {
  code: 'unknown_trigger' | 'unknown_segment' | 'duplicate_campaign' | 'unknown_holiday' | 'duplicate_customer_id' | 'missing_subject' | 'missing_body';
  campaign?: string;
  row?: number;
}

/** The plan for one date. `excluded` counts customers never considered (merged, archived, no id, duplicate id). */
export interface Plan {
  date: string;
  messages: PlannedMessage[];
  excluded: Record<string, number>;
  issues: PlanIssue[];
}

/** Which trigger a campaign's trigger cell names, and the holiday code for `holiday:CODE`. */
export function parseTrigger(text: string): { trigger: Trigger; code: string } | undefined {
  // profile:FIELD keeps the field's name as written (it names a column); bare `profile` names no field.
  const profile = /^profile\s*:\s*(.*)$/i.exec(text.trim());
  if (profile) return profileTrigger(profile[1] ?? '') ? { trigger: 'profile', code: (profile[1] ?? '').trim() } : undefined;
  const t = text.trim().toLowerCase().replace(/\s+/g, '_');
  const m = /^holiday[:_\s-]+(.+)$/.exec(t);
  if (m) return { trigger: 'holiday', code: slug(m[1] ?? '') };
  if (t === 'holiday') return { trigger: 'holiday', code: '*' };
  const alias: Record<string, Trigger> = { confirm: 'confirm_details', digest: 'weekly_digest', thankyou: 'thank_you', survey: 'survey_after_purchase', reminder: 'appointment_reminder', winback: 'win_back', upgrade: 'tier_upgrade', oneoff: 'once' };
  const found = (TRIGGERS as readonly string[]).includes(t) ? (t as Trigger) : alias[t.replace(/_/g, '')];
  return found ? { trigger: found, code: '' } : undefined;
}

/** A holiday code from a name: folded, words joined by hyphens (`Christmas Day` → `christmas-day`, `Første mai` → `forste-mai`). */
export function slug(name: string): string {
  return fold(name)
    .replace(/'s\b/g, 's')
    .replace(/[^a-z0-9*]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** True when a campaign code names this holiday: the same slug, `*` for any, or the leading words (`christmas`). */
export function holidayMatches(code: string, holiday: Holiday): boolean {
  if (code === '*' || code === 'all') return true;
  const h = slug(holiday.code || holiday.name);
  return h === code || h.startsWith(`${code}-`);
}

const PRIORITY: Record<Trigger, number> = {
  appointment_reminder: 0,
  welcome: 1,
  thank_you: 2,
  birthday: 3,
  tier_upgrade: 4,
  anniversary: 5,
  survey_after_purchase: 6,
  holiday: 7,
  win_back: 8,
  once: 9,
  confirm_details: 10,
  weekly_digest: 11,
  profile: 5,
  referral_thanks: 2,
};

// Rows that hold a message going out (or waiting for a yes): they space a customer's messages (the cool-down).
const LIVE = new Set(['planned', 'needs_approval', 'sending', 'sent', 'review', 'failed']);
const CANCELLED = /^(cancel+ed|canceled|cancelled|done|completed|no[-_ ]?show|missed|rescheduled)$/i;

/** The idempotency key of a message: campaign, customer and occasion. */
export function messageKey(campaign: string, customerId: string, occasion: string): string {
  return `${campaign.trim()}|${customerId}|${occasion}`;
}

interface Candidate {
  campaign: Campaign;
  order: number;
  trigger: Trigger;
  customer: CustomerInput;
  occasion: string;
  context: Record<string, string>;
}

/** The messages due on `input.date`, each with its idempotency key and whether it may be sent. */
export function planGreetings(input: PlanInput): Plan {
  const issues: PlanIssue[] = [];
  const excluded: Record<string, number> = {};
  const count = (reason: string): void => {
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  };
  const today = input.date;
  const todayNum = dayNumber(today) ?? NaN;

  // Customers by id: the first row of an id wins, later ones are reported.
  const byId = new Map<string, CustomerInput>();
  const active: CustomerInput[] = [];
  const activeIds = new Set<string>();
  for (const c of input.customers) {
    const id = c.record.id.trim();
    if (id === '') {
      count('no_id');
      continue;
    }
    if (byId.has(id)) {
      count('duplicate_id');
      issues.push({ code: 'duplicate_customer_id', row: c.row });
      continue;
    }
    byId.set(id, c);
    const status = c.record.status;
    if (c.statusUnreadable) {
      count('unknown_status');
      continue;
    }
    if (status === 'merged' || status === 'archived' || c.record.merged_into.trim() !== '') {
      count(status === 'archived' ? 'archived' : 'merged');
      continue;
    }
    active.push(c);
    activeIds.add(id);
  }

  const campaigns = activeCampaigns(input, issues);
  const candidates: Candidate[] = [];
  const zone = input.timeZone;

  // One scan of the purchases per purchase campaign: cheaper than indexing them all by day first.
  const purchasesOn = (day: string): Map<string, Purchase[]> => {
    const out = new Map<string, Purchase[]>();
    for (const p of input.purchases) {
      if (!p.date || !p.date.startsWith(day)) continue;
      const id = p.customer_id.trim();
      const list = out.get(id);
      if (list) list.push(p);
      else out.set(id, [p]);
    }
    return out;
  };

  let history: Map<string, number[]> | undefined;
  // Weekly digests go to account managers, not customers: planned apart, outside consent and the cool-down.
  const digests: PlannedMessage[] = [];
  campaigns.forEach(({ campaign, trigger, code }, order) => {
    const offset = Math.round(campaign.offset_days ?? 0);
    const event = addDays(today, -offset);
    const eventYear = Number(event.slice(0, 4));
    const eventMd = event.slice(5, 10);
    const segment = campaign.segment.trim() === '' ? undefined : findSegment(input.segments, campaign.segment);
    if (campaign.segment.trim() !== '' && !segment) {
      issues.push({ code: 'unknown_segment', campaign: campaign.name });
      return;
    }
    const add = (customer: CustomerInput, occasion: string, context: Record<string, string> = {}): void => {
      // Without a segment a campaign goes to customers only; a segment may name prospects, suppliers or partners.
      if (segment ? !segment(customer.record) : !isCustomerContact(customer.record)) return;
      candidates.push({ campaign, order, trigger, customer, occasion, context });
    };
    const forActive = (fn: (c: CustomerInput) => void): void => active.forEach(fn);
    const activeById = (id: string): CustomerInput | undefined => {
      return activeIds.has(id) ? byId.get(id) : undefined;
    };
    switch (trigger) {
      case 'confirm_details': {
        const months = input.verifyMonths ?? 12;
        forActive((c) => {
          if (isStaleRecord(c.record, today, months)) add(c, confirmOccasion(c.record));
        });
        break;
      }
      case 'weekly_digest': {
        const customerAddresses = new Set(input.customers.map((c) => c.record.email.trim().toLowerCase()).filter((a) => a !== ''));
        digests.push(...planDigests({ campaign, today, tasks: input.tasks ?? [], managers: parseManagerEmails(input.managerEmails ?? ''), customerAddresses, key: (who, occasion) => messageKey(campaign.name, who, occasion) }));
        break;
      }
      case 'birthday':
        forActive((c) => {
          const b = c.record.birth_date;
          // `--MM-DD` is a birthday whose year is not known: it fires every year, with no age.
          const yearless = b?.startsWith('--') === true;
          if (!b || (!yearless && Number(b.slice(0, 4)) >= eventYear)) return;
          if (annualDate(yearless ? `2000${b.slice(1)}` : b, eventYear) !== event) return;
          add(c, event, yearless ? {} : { age: String(eventYear - Number(b.slice(0, 4))) });
        });
        break;
      case 'anniversary':
        forActive((c) => {
          const s = c.record.customer_since;
          if (!s || Number(s.slice(0, 4)) >= eventYear) return;
          if (s.slice(5, 10) !== eventMd && !(s.slice(5, 10) === '02-29' && eventMd === '02-28' && !isLeapYear(eventYear))) return;
          add(c, event, { years: String(eventYear - Number(s.slice(0, 4))) });
        });
        break;
      case 'welcome':
        forActive((c) => {
          const since = c.record.customer_since ?? toLocal(c.record.created_at, zone)?.date;
          if (since === event) add(c, event);
        });
        break;
      case 'thank_you':
      case 'survey_after_purchase':
        for (const [id, list] of purchasesOn(event)) {
          const c = activeById(id);
          if (!c) continue;
          const amount = list.reduce((s, p) => s + (p.amount ?? 0), 0);
          add(c, event, { purchase_date: event, purchase_amount: amount ? amount.toFixed(2) : '', purchase_description: list.map((p) => p.description).filter(Boolean).join(', ') });
        }
        break;
      case 'appointment_reminder': {
        const seen = new Map<string, string[]>();
        for (const i of input.interactions) {
          if (i.kind !== 'appointment' || CANCELLED.test(i.status.trim())) continue;
          const local = toLocal(i.date, zone);
          if (local?.date !== event) continue;
          const id = i.customer_id.trim();
          const times = seen.get(id) ?? [];
          if (local.time) times.push(local.time);
          seen.set(id, times);
        }
        for (const [id, times] of seen) {
          const c = activeById(id);
          if (c) add(c, event, { appointment_date: event, appointment_time: times.sort().join(', ') });
        }
        break;
      }
      case 'holiday': {
        const matches = (input.holidays ?? []).filter((h) => holidayMatches(code, h));
        if (matches.length === 0) issues.push({ code: 'unknown_holiday', campaign: campaign.name });
        const h = matches.find((m) => m.date === event);
        if (h) forActive((c) => add(c, event, { holiday_name: h.name }));
        break;
      }
      case 'win_back': {
        const rule = input.winBack ?? { churnRisk: 0.7, overdueFactor: 2 };
        const eventNum = dayNumber(event) ?? NaN;
        history ??= purchaseDaysByCustomer(input.purchases);
        const byCustomer = history;
        forActive((c) => {
          const all = byCustomer.get(c.record.id.trim()) ?? [];
          const days = all.length === 0 || all[all.length - 1]! <= eventNum ? all : all.filter((d) => d <= eventNum);
          const lastFromSheet = dayNumber(c.record.last_purchase) ?? NaN;
          const last = days.length > 0 ? Math.max(days[days.length - 1]!, Number.isNaN(lastFromSheet) ? -Infinity : lastFromSheet) : lastFromSheet;
          if (Number.isNaN(last) || last > eventNum) return;
          const risky = (c.record.churn_risk ?? 0) >= rule.churnRisk && c.record.churn_risk !== undefined;
          let overdue = false;
          if (days.length >= 2) {
            const gap = (days[days.length - 1]! - days[0]!) / (days.length - 1);
            overdue = gap > 0 && eventNum - last > rule.overdueFactor * gap;
          }
          if (risky || overdue) add(c, isoFromDay(last), { last_purchase: isoFromDay(last), days_since_purchase: String(eventNum - last) });
        });
        break;
      }
      case 'once': {
        // One message per mailbox among the segment's active members, from send_date (see once.ts).
        if (!onceDue(campaign, today)) break;
        const members = active.filter((c) => !segment || segment(c.record));
        for (const c of onceRecipients(members)) add(c, onceOccasion(campaign));
        break;
      }
      case 'profile': {
        const spec = profileTrigger(code);
        if (!spec) break;
        forActive((c) => {
          const due = profileOccasion(profileDate(c.extra, spec.field, input.dateOrder ?? 'dmy'), event, spec.yearly);
          if (due) add(c, due.occasion, due.context);
        });
        break;
      }
      case 'referral_thanks': {
        const records = new Map(active.map((c) => [c.record.id.trim(), c.record]));
        for (const due of referralsDue(records, firstPurchaseDays(input.purchases), event)) add(byId.get(due.referrerId)!, due.occasion, due.context);
        break;
      }
      case 'tier_upgrade': {
        const base = baseTier(input.loyalty ?? []);
        forActive((c) => {
          const tier = c.record.membership_tier.trim();
          if (tier === '' || tier.toLowerCase() === base) return;
          // Scoring dates each upgrade (tier_upgraded_at); a tier typed by hand is dated by the row's last edit.
          const upgraded = c.record.tier_upgraded_at?.slice(0, 10);
          if ((upgraded || toLocal(c.record.updated_at, zone)?.date) !== event) return;
          add(c, `tier:${tier.toLowerCase()}`, { tier });
        });
        break;
      }
    }
  });

  // Existing Outbox rows: by key, and the days each customer already has a message on (for the cool-down).
  const existing = new Map<string, OutboxEntry>();
  const busy = new Map<string, { day: number; key: string }[]>();
  const reminderCampaigns = new Set(input.campaigns.filter((c) => parseTrigger(c.trigger)?.trigger === 'appointment_reminder').map((c) => c.name.trim()));
  for (const o of input.outbox) {
    if (o.key) existing.set(o.key, o);
    if (!LIVE.has(o.status) || reminderCampaigns.has(o.campaign.trim())) continue;
    // The later of the day it was due and the local day it went out: a run for a past or future date
    // (the CLI's --date) still spaces messages on the business's calendar.
    const sentOn = o.status === 'sent' && o.sent_at ? toLocal(o.sent_at, zone)?.date : undefined;
    const when = sentOn && (!o.planned_for || sentOn > o.planned_for) ? sentOn : o.planned_for;
    if (!when) continue;
    const list = busy.get(o.customer_id) ?? [];
    list.push({ day: dayNumber(when) ?? NaN, key: o.key });
    busy.set(o.customer_id, list);
  }

  candidates.sort((a, b) => PRIORITY[a.trigger] - PRIORITY[b.trigger] || a.order - b.order);
  const messages: PlannedMessage[] = [];
  const keys = new Set<string>();
  const window = Math.max(0, Math.round(input.coolDownDays));
  // {{tier}}, {{discount_pct}}, {{next_tier}}, {{next_tier_gap}}: the standing is computed once, only when mail is due.
  const ladder = input.loyalty ?? [];
  let standings: ReturnType<typeof loyaltyStandings> | undefined;
  const loyaltyValues = (record: Customer): Record<string, string> => {
    standings ??= ladder.length > 0 ? loyaltyStandings(input.purchases, ladder, today) : new Map();
    return loyaltyTemplateValues(record, standings.get(record.id.trim()), ladder);
  };
  for (const cand of candidates) {
    const id = cand.customer.record.id.trim();
    const key = messageKey(cand.campaign.name, cand.trigger === 'once' ? onceKeyOwner(cand.customer) : id, cand.occasion);
    if (keys.has(key)) continue;
    keys.add(key);
    const reminder = cand.trigger === 'appointment_reminder';
    let reason = eligibility(cand.customer, reminder);
    if (reason === '' && !reminder && window > 0) {
      const blockers = busy.get(id) ?? [];
      if (blockers.some((b) => b.key !== key && Math.abs(todayNum - b.day) < window)) reason = 'cool_down';
    }
    // The campaign's control group: planned like any recipient who would get it, never sent (see holdout.ts).
    if (reason === '' && inHoldout(cand.campaign, id)) reason = 'holdout';
    const prior = existing.get(key);
    const priorLive = prior !== undefined && LIVE.has(prior.status);
    if (reason === '' && !reminder && !priorLive) {
      const list = busy.get(id) ?? [];
      list.push({ day: todayNum, key });
      busy.set(id, list);
    }
    messages.push({
      key,
      campaign: cand.campaign,
      trigger: cand.trigger,
      customer: cand.customer,
      to: cand.customer.record.email,
      occasion: cand.occasion,
      plannedFor: today,
      decision: reason === '' ? 'send' : 'skip',
      reason,
      context: { ...loyaltyValues(cand.customer.record), ...cand.context, campaign: cand.campaign.name, occasion_date: /^\d{4}-/.test(cand.occasion) ? cand.occasion : today },
    });
  }
  return { date: today, messages: [...messages, ...digests], excluded, issues };
}

/** Why this customer may not receive a message now ('' when they may). */
export function eligibility(customer: CustomerInput, reminder: boolean): SkipReason | '' {
  const r = customer.record;
  if (r.unsubscribed_at !== undefined && r.unsubscribed_at !== '') return 'unsubscribed';
  if (customer.emailInvalid) return 'invalid_address';
  if (r.email === '') return 'no_address';
  if (!isDeliverableAddress(r.email)) return 'invalid_address';
  if (!reminder && r.email_consent !== true) return 'no_consent';
  return '';
}

function activeCampaigns(input: PlanInput, issues: PlanIssue[]): { campaign: Campaign; trigger: Trigger; code: string }[] {
  const seen = new Set<string>();
  const out: { campaign: Campaign; trigger: Trigger; code: string }[] = [];
  for (const campaign of input.campaigns) {
    const name = campaign.name.trim();
    if (name === '') continue;
    if (seen.has(name.toLowerCase())) {
      issues.push({ code: 'duplicate_campaign', campaign: name });
      continue;
    }
    seen.add(name.toLowerCase());
    if (campaign.active === false) continue;
    const parsed = parseTrigger(campaign.trigger);
    if (!parsed) {
      issues.push({ code: 'unknown_trigger', campaign: name });
      continue;
    }
    if (campaign.subject.trim() === '') {
      issues.push({ code: 'missing_subject', campaign: name });
      continue;
    }
    if (campaign.body.trim() === '') {
      issues.push({ code: 'missing_body', campaign: name });
      continue;
    }
    if (input.upToHour !== undefined && campaign.send_hour !== undefined && campaign.send_hour > input.upToHour) continue;
    out.push({ campaign, ...parsed });
  }
  return out;
}

function findSegment(segments: PlanInput['segments'], name: string): ((c: Customer) => boolean) | undefined {
  if (!segments) return undefined;
  const wanted = name.trim().toLowerCase();
  const hit = Object.entries(segments).find(([n]) => n.trim().toLowerCase() === wanted);
  return hit?.[1];
}

function purchaseDaysByCustomer(purchases: readonly Purchase[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  // Dates repeat across purchases (a few hundred distinct days), so each is parsed once.
  const days = new Map<string, number>();
  for (const p of purchases) {
    if (!p.date) continue;
    const id = p.customer_id.trim();
    const list = out.get(id);
    let d = days.get(p.date);
    if (d === undefined) days.set(p.date, (d = dayNumber(p.date) ?? NaN));
    if (Number.isNaN(d)) continue;
    if (list) list.push(d);
    else out.set(id, [d]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

function baseTier(loyalty: readonly LoyaltyTier[]): string {
  const tiers = loyalty.filter((t) => t.tier.trim() !== '');
  if (tiers.length === 0) return '';
  const lowest = tiers.reduce((lo, t) => ((t.min_spend_12m ?? 0) < (lo.min_spend_12m ?? 0) ? t : lo));
  return lowest.tier.trim().toLowerCase();
}
