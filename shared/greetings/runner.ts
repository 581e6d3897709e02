import { appendRecords, openTable, outboxTab, type Customer, type OutboxEntry, type Workbook } from '../workbook';
import { approvalNeeded, applyCaps, summariseWaiting, type ApprovalSummary, type WaitingMessage } from './approval';
import { composeMessage, linkBase, senderOf, valuesFor } from './compose';
import { readGreetingsData, type GreetingsData } from './data';
import { businessClock, dayNumber } from '../kernel';
import type { Mailer, SendFault, SendResult } from './mailer';
import { readOutboxSlice } from './outbox';
import { planInputFor } from './plan-input';
import { planGreetings, type Holiday, type Plan, type PlanIssue } from './planner';
import type { PlannedMessage } from './planned-message';
import { fillTemplate, oneLine } from './template';
import { STOPS, transportStop, type StopCode } from './stops';
import type { Signer } from './token';

/** Ports and knobs of one run; every clock and pause is injected so tests can drive them. */
export interface RunOptions {
  wb: Workbook;
  /** The business-local date to run for (YYYY-MM-DD). */
  date: string;
  /**
   * The business's zone as the caller's businessClock decided it (runGreetingsAt, with the host's zone for a blank
   * Settings time_zone), so the run plans in the zone its date was read in. Without it the run asks businessClock
   * itself, with no host zone.
   */
  timeZone?: string;
  mailer: Mailer;
  signer: Signer;
  /** Milliseconds since the epoch, now. */
  now: () => number;
  holidays?: readonly Holiday[];
  segments?: Readonly<Record<string, (customer: Customer) => boolean>>;
  /** Makes what was written durable (saves the file, flushes the sheet); called after every state change. */
  commit?: () => Promise<void> | void;
  sleep?: (ms: number) => Promise<void>;
  /** How long a row may stay `sending` before another run treats it as interrupted (default 15 minutes). */
  leaseMs?: number;
  /** Rows leased and recorded together (default 20). */
  batchSize?: number;
  /** Tries per message within a run for transient faults, and the first back-off (doubled each time). */
  retries?: { tries: number; backoffMs: number };
  /** Attempts across runs after which a transiently failing message is left failed (default 8). */
  maxAttempts?: number;
  /** Messages still unsent this many days after their date are skipped as expired (default 7). */
  maxLateDays?: number;
  /** Who runs: the add-on trigger and the Scheduler only send when Settings `delivery` names them. */
  role?: 'addon' | 'scheduler' | 'local';
  upToHour?: number;
  /** Stop leasing new batches at this instant (ms), leaving the rest planned for the next run. */
  deadline?: number;
  /**
   * True when the caller holds the whole document exclusively (the CLI's lock file): a row left `sending`
   * can then only be a dead run's, so it goes to review at once instead of after its lease.
   */
  exclusive?: boolean;
  /**
   * Where the run notes, durably, each send it starts and each the server accepted. With it, a row a dead run
   * left `sending` is recorded sent if it went, planned again if it was never attempted (and sent by this
   * run), and put in review only if its send had started and nobody knows how it ended. Without it, every
   * such row goes to review.
   */
  journal?: SendJournal;
  /**
   * The caller approves what waits (the CLI's --approve; the CLI runs as the owner): new messages are planned
   * and rows waiting for approval become planned. Without it, a campaign's first run and a run planning more
   * than Settings approve_over new messages are recorded as needs_approval and not sent.
   */
  approve?: boolean;
  /** Runs this campaign alone (`regulars campaign send`): no other campaign is planned, and no other campaign's waiting rows are touched. */
  campaign?: string;
  /** Called after each batch is recorded: messages handled so far and messages due in this run. */
  onProgress?: (done: number, total: number) => void;
}

/** What the journal knows of one send: it started, and (once accepted) when it went with which Message-ID. */
export interface JournalNote {
  sent?: { at: string; messageId: string };
}

/** A durable note of the sends a run has started and finished (a local file next to the workbook). */
export interface SendJournal {
  /** Notes that the send of this Outbox key is about to start; resolves once the note is durable. */
  started(key: string): Promise<void> | void;
  /** Notes that the server accepted it, before the Outbox records it; resolves once the note is durable. */
  sent(key: string, at: string, messageId: string): Promise<void> | void;
  /** The notes since the last clear, by key. */
  notes(): ReadonlyMap<string, JournalNote>;
  /** Forgets every note (called once what they guard is recorded in the Outbox). */
  clear(): Promise<void> | void;
}

/** Outbox rows waiting for a person (status review), counted by reason; reported by every run until cleared. */
export interface ReviewBacklog {
  total: number;
  reasons: Record<string, number>;
}

/** What happened to one message in this run. */
export interface RunMessage {
  key: string;
  campaign: string;
  customer_id: string;
  status: OutboxEntry['status'];
  reason: string;
}

/** The outcome of a run: counts, each message touched, and problems found. */
export interface RunReport {
  date: string;
  /** The business's zone the run's date and hour were read in (absent when it stopped before deciding one). */
  timeZone?: string;
  /** How the zone was decided when Settings time_zone is blank (the spreadsheet's zone, or UTC), for the caller to show. */
  notes?: string[];
  sent: number;
  failed: number;
  review: number;
  skipped: Record<string, number>;
  /** Due but left planned for the next run (quota, deadline, transport down). */
  deferred: number;
  /** Being sent by another run right now. */
  elsewhere: number;
  messages: RunMessage[];
  issues: PlanIssue[];
  /** Every Outbox row in review (this run's and earlier runs'), by reason: they wait for a person. */
  inReview: ReviewBacklog;
  /** Rows a dead run left leased but never attempted, put back to planned by this run. */
  recovered: number;
  /** Rows a dead run sent but had not recorded, recorded sent by this run from its journal. */
  recoveredSent: number;
  /** Every Outbox row waiting for the owner's approval after this run, by campaign, with a sample. */
  needsApproval: ApprovalSummary;
  /** Due messages left planned for the next run by Settings cap_per_campaign / cap_per_run (part of `deferred`). */
  capped: number;
  /** Set when the run stopped early; what that means for the caller (retry, exit code) is STOPS[stopped]. */
  stopped?: StopCode;
  /** With a transport stop, the transport's fault code (`smtp_421`, `file_eacces`…); with no_unsubscribe_key, why. */
  detail?: string;
  /** True when a send failed or is uncertain (the CLI's non-zero exit). */
  problem: boolean;
}

const TRANSIENT = /^transient/;

/**
 * Plans the date's messages into the Outbox and sends them exactly once: planned → sending (leased) →
 * sent | failed | skipped | review. A row left `sending` past its lease was interrupted between sending
 * and recording, so it goes to review instead of being sent again.
 */
export async function runGreetings(options: RunOptions): Promise<RunReport> {
  const { wb, date, mailer, signer, now } = options;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const retries = options.retries ?? { tries: 3, backoffMs: 2_000 };
  const maxAttempts = options.maxAttempts ?? 8;
  const maxLate = options.maxLateDays ?? 7;
  const sleep = options.sleep ?? (() => Promise.resolve());
  const commit = async (): Promise<void> => {
    await options.commit?.();
  };
  const report: RunReport = { date, sent: 0, failed: 0, review: 0, skipped: {}, deferred: 0, elsewhere: 0, messages: [], issues: [], inReview: { total: 0, reasons: {} }, recovered: 0, recoveredSent: 0, needsApproval: summariseWaiting([]), capped: 0, problem: false };
  const journal = options.journal;
  // Outbox rows in review when the run started (after retiring a dead run's sends): key → reason.
  const backlog = new Map<string, string>();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const touched = new Map<string, RunMessage>();
  const note = (o: OutboxEntry): void => {
    touched.set(o.key, { key: o.key, campaign: o.campaign, customer_id: o.customer_id, status: o.status, reason: o.reason });
  };

  // Phase 1, under the lock: plan, record the plan, and retire interrupted sends.
  const queue = wb.withLock(() => {
    const data = readGreetingsData(wb);
    if (options.role && options.role !== 'local' && data.settings.delivery !== options.role) {
      report.stopped = 'not_the_sender';
      return undefined;
    }
    const zone = options.timeZone ?? zoneOf(data.settings.time_zone, now());
    if (zone === undefined) {
      report.stopped = 'bad_time_zone';
      return undefined;
    }
    report.timeZone = zone;
    const plan = planFor(data, date, zone, options, options.upToHour);
    report.issues = plan.issues;
    const table = openTable(wb, outboxTab, data.settings.date_order);
    const byKey = new Map<string, { row: number; record: OutboxEntry }>();
    for (const r of table.rows) if (r.record.key && !byKey.has(r.record.key)) byKey.set(r.record.key, r);
    const changes: { row: number; before: OutboxEntry; after: OutboxEntry }[] = [];
    const additions: Partial<OutboxEntry>[] = [];
    const sendable = new Map<string, PlannedMessage>();
    const nowMs = now();

    // New messages (no row yet, or a skipped one now due): a campaign's first run, or more than approve_over of
    // them, wait for the owner unless the caller approves.
    const fresh = plan.messages.filter((m) => m.decision === 'send' && isFresh(byKey.get(m.key)?.record));
    const gate = options.approve ? new Map<string, string>() : approvalNeeded(fresh.map((m) => ({ key: m.key, campaign: m.campaign.name })), data.outbox, { approveOver: data.settings.approve_over, firstRun: data.settings.approve_first_run === 'yes' });
    const subjectOf = (m: PlannedMessage): string => oneLine(fillTemplate(m.campaign.subject, valuesFor(m.customer, data.settings, m.context, '')));
    const apply = (m: PlannedMessage, existing: { row: number; record: OutboxEntry } | undefined): void => {
      // A control-group message is recorded `holdout`: final, so it is never sent later (exactly-once, auditable).
      const status = m.decision === 'send' ? (gate.has(m.key) ? 'needs_approval' : 'planned') : m.reason === 'holdout' ? 'holdout' : 'skipped';
      const unsent = status === 'skipped' || status === 'holdout';
      if (existing && (existing.record.status === 'needs_approval' || existing.record.status === 'held')) {
        const r = existing.record;
        // Waiting for (or held by) the owner: only --approve releases what waits, and a message no longer sendable is skipped.
        const next = unsent ? status : r.status === 'needs_approval' && options.approve ? 'planned' : r.status;
        const after: OutboxEntry = { ...r, status: next, reason: unsent ? m.reason : r.reason, to: m.to };
        if (after.status !== r.status || after.reason !== r.reason || after.to !== r.to) changes.push({ row: existing.row, before: r, after });
        if (next === 'planned') sendable.set(m.key, m);
        else note(after);
        return;
      }
      if (!existing) {
        additions.push({ key: m.key, campaign: m.campaign.name.trim(), customer_id: m.customer.record.id.trim(), to: m.to, subject: subjectOf(m), status, reason: m.reason, planned_for: m.plannedFor, attempts: 0 });
        if (status === 'planned') sendable.set(m.key, m);
        return;
      }
      const r = existing.record;
      const open = r.status === 'planned' || r.status === 'skipped' || r.status === '' || (r.status === 'failed' && TRANSIENT.test(r.reason));
      if (!open) return;
      if (status === 'planned' && r.status === 'failed' && r.lease_until && Date.parse(r.lease_until) > nowMs) return;
      if (status === 'planned' && r.status === 'failed' && (r.attempts ?? 0) >= maxAttempts) return;
      const after: OutboxEntry = { ...r, status: r.status === 'failed' && status === 'planned' ? 'failed' : status, reason: unsent ? m.reason : r.status === 'failed' ? r.reason : '', to: m.to };
      if (after.status !== r.status || after.reason !== r.reason || after.to !== r.to) changes.push({ row: existing.row, before: r, after });
      if (status === 'planned') sendable.set(m.key, m);
      else note(after);
    };

    // Rows a dead run left `sending`: one the journal says went is recorded sent; one whose send started with
    // no word of its end goes to review; one never attempted goes back to planned, and is planned and sent
    // below like any other.
    const notes = journal?.notes() ?? new Map<string, JournalNote>();
    for (const entry of byKey.values()) {
      const r = entry.record;
      if (r.status !== 'sending' || !(options.exclusive || !r.lease_until || Date.parse(r.lease_until) <= nowMs)) continue;
      const noted = notes.get(r.key);
      let after: OutboxEntry;
      if (noted?.sent) {
        after = { ...r, status: 'sent', reason: '', lease_until: undefined, sent_at: noted.sent.at, message_id: noted.sent.messageId };
        report.recoveredSent++;
      } else if (!journal || noted) {
        after = { ...r, status: 'review', reason: 'uncertain: interrupted while sending', lease_until: undefined };
        note(after);
      } else {
        after = { ...r, status: 'planned', reason: '', lease_until: undefined, attempts: Math.max(0, (r.attempts ?? 1) - 1) };
        report.recovered++;
      }
      changes.push({ row: entry.row, before: r, after });
      entry.record = after;
    }

    for (const m of plan.messages) apply(m, byKey.get(m.key));

    // Rows from earlier days still waiting (a deferred or transiently failed send): planned again for their own day.
    const planKeys = new Set(plan.messages.map((m) => m.key));
    const carried = new Map<string, { row: number; record: OutboxEntry }[]>();
    for (const entry of byKey.values()) {
      const r = entry.record;
      if (r.status === 'sending') continue;
      const waiting = r.status === 'planned' || (options.approve === true && r.status === 'needs_approval') || (r.status === 'failed' && TRANSIENT.test(r.reason) && (r.attempts ?? 0) < maxAttempts);
      if (!waiting || planKeys.has(r.key) || !r.planned_for || r.planned_for > date) continue;
      if (options.campaign !== undefined && !sameName(r.campaign, options.campaign)) continue;
      if ((dayNumber(date) ?? NaN) - (dayNumber(r.planned_for) ?? NaN) > maxLate) {
        const after: OutboxEntry = { ...r, status: 'skipped', reason: 'expired' };
        changes.push({ row: entry.row, before: r, after });
        note(after);
        continue;
      }
      const list = carried.get(r.planned_for) ?? [];
      list.push(entry);
      carried.set(r.planned_for, list);
    }
    for (const [day, entries] of carried) {
      const earlier = planFor(data, day, zone, options, undefined);
      const found = new Map(earlier.messages.map((m) => [m.key, m]));
      for (const entry of entries) {
        const m = found.get(entry.record.key);
        if (m) {
          apply(m, entry);
        } else {
          const after: OutboxEntry = { ...entry.record, status: 'skipped', reason: 'no_longer_due' };
          changes.push({ row: entry.row, before: entry.record, after });
          note(after);
        }
      }
    }
    if (changes.length > 0) readOutboxSlice(wb, new Set(changes.map((c) => c.before.key))).save(changes);
    const added = appendRecords(wb, table, additions);
    for (const a of added) if (a.status === 'skipped' || a.status === 'holdout' || a.status === 'needs_approval') note(a);
    for (const entry of byKey.values()) if (entry.record.status === 'review') backlog.set(entry.record.key, entry.record.reason);
    const latest = new Map<string, OutboxEntry>([...byKey.values()].map((e) => [e.record.key, e.record]));
    for (const c of changes) latest.set(c.after.key, c.after);
    for (const a of added) latest.set(a.key, a);
    const waiting: WaitingMessage[] = [];
    for (const o of latest.values()) if (o.status === 'needs_approval') waiting.push({ key: o.key, campaign: o.campaign, customer_id: o.customer_id, planned_for: o.planned_for ?? '' });
    report.needsApproval = summariseWaiting(waiting);
    return { data, sendable };
  });
  if (!queue) return finish(report, touched, backlog);
  await commit();
  // What the notes guarded is now in the Outbox (review or planned again).
  await journal?.clear();

  const from = senderOf(queue.data.settings);
  const links = linkBase(queue.data.settings);
  const due = [...queue.sendable.values()];
  if (due.length > 0 && (!from || !links)) {
    // Every message carries an unsubscribe link: without an address for it, nothing goes.
    report.stopped = from ? 'no_public_url' : 'no_sender';
    report.deferred = due.length;
    return finish(report, touched, backlog);
  }
  // Caps per campaign and per run: the rest stay planned for the next run, oldest first.
  const { cap_per_campaign: perCampaign, cap_per_run: perRun } = queue.data.settings;
  const { now: pending, later } = applyCaps(due, { perCampaign, perRun }, (m) => ({ campaign: m.campaign.name, day: m.plannedFor }));
  report.capped = later.length;
  report.deferred += later.length;

  // Phase 2: lease a batch under the lock, send it, record it under the lock.
  let at = 0;
  while (at < pending.length && from) {
    const quota = mailer.remainingQuota?.();
    if (quota !== undefined && quota <= 0) {
      report.stopped = 'quota';
      break;
    }
    if (options.deadline !== undefined && now() >= options.deadline) {
      report.stopped = 'deadline';
      break;
    }
    const batch = pending.slice(at, at + Math.min(batchSize, quota ?? batchSize));
    at += batch.length;
    const leased = wb.withLock(() => {
      const slice = readOutboxSlice(wb, new Set(batch.map((m) => m.key)));
      const nowMs = now();
      const out: { message: PlannedMessage; row: number; record: OutboxEntry }[] = [];
      const changes: { row: number; before: OutboxEntry; after: OutboxEntry }[] = [];
      for (const message of batch) {
        const entry = slice.rows.get(message.key);
        if (!entry) continue;
        const r = entry.record;
        const free = r.status === 'planned' || (r.status === 'failed' && TRANSIENT.test(r.reason) && (!r.lease_until || Date.parse(r.lease_until) <= nowMs));
        if (!free) {
          if (r.status === 'sending') report.elsewhere++;
          continue;
        }
        const after: OutboxEntry = { ...r, status: 'sending', lease_until: iso(nowMs + leaseMs), attempts: (r.attempts ?? 0) + 1 };
        changes.push({ row: entry.row, before: r, after });
        out.push({ message, row: entry.row, record: after });
      }
      slice.save(changes);
      return out;
    });
    if (leased.length === 0) continue;
    await commit();

    const results: { row: number; record: OutboxEntry; after: OutboxEntry }[] = [];
    let stop: SendFault | undefined;
    for (const item of leased) {
      if (stop) {
        results.push({ ...item, after: { ...item.record, status: 'planned', lease_until: undefined, attempts: Math.max(0, (item.record.attempts ?? 1) - 1) } });
        continue;
      }
      const outgoing = composeMessage(item.message, item.record.id, { settings: queue.data.settings, from, signer, now: iso(now()), linkBase: links });
      let result: SendResult = { ok: false, fault: 'transient', scope: 'message', code: 'not_tried' };
      let tries = 0;
      // Noted before the first byte goes out: after a crash, this row is one that may have been sent.
      await journal?.started(item.record.key);
      while (tries < Math.max(1, retries.tries)) {
        tries++;
        try {
          result = await mailer.send(outgoing);
        } catch {
          result = { ok: false, fault: 'uncertain', scope: 'transport', code: 'mailer_error' };
        }
        if (result.ok || result.fault !== 'transient' || tries >= retries.tries) break;
        await sleep(retries.backoffMs * 2 ** (tries - 1));
      }
      const attempts = (item.record.attempts ?? 1) + tries - 1;
      const base: OutboxEntry = { ...item.record, attempts, lease_until: undefined, to: item.message.to };
      let after: OutboxEntry;
      if (result.ok) {
        after = { ...base, status: 'sent', reason: '', sent_at: iso(now()), message_id: result.messageId || outgoing.messageId };
        // Should the run die before the batch is recorded, the next one records this as sent, not for review.
        await journal?.sent(item.record.key, after.sent_at ?? iso(now()), after.message_id ?? '');
      } else if (result.fault === 'uncertain') {
        after = { ...base, status: 'review', reason: `uncertain: ${result.code}`, message_id: outgoing.messageId };
      } else if (result.scope === 'transport') {
        // Nothing wrong with this message: the transport is down or misconfigured, so it waits for the next run.
        after = { ...base, status: 'planned', reason: '', attempts: Math.max(0, attempts - tries) };
      } else if (result.fault === 'transient') {
        after = { ...base, status: 'failed', reason: `transient: ${result.code}`, lease_until: iso(now() + retries.backoffMs * 2 ** Math.min(attempts, 10)) };
      } else {
        after = { ...base, status: 'failed', reason: `rejected: ${result.code}` };
      }
      if (!result.ok && result.scope === 'transport') stop = result;
      results.push({ ...item, after });
    }

    wb.withLock(() => {
      const slice = readOutboxSlice(wb, new Set(results.map((r) => r.record.key)));
      const changes: { row: number; before: OutboxEntry; after: OutboxEntry }[] = [];
      for (const r of results) {
        const current = slice.rows.get(r.record.key);
        // Another run may have judged our lease expired and marked the row for review; what we know now is better.
        if (!current || (current.record.status !== 'sending' && current.record.status !== 'review')) continue;
        changes.push({ row: current.row, before: current.record, after: { ...r.after, id: current.record.id } });
      }
      slice.save(changes);
    });
    await commit();
    await journal?.clear();
    for (const r of results) {
      note(r.after);
      if (r.after.status === 'planned') report.deferred++;
    }
    options.onProgress?.(at, pending.length);
    if (stop) {
      report.stopped = transportStop(stop);
      report.detail = stop.code;
      break;
    }
  }
  report.deferred += pending.length - at;
  return finish(report, touched, backlog);
}

/** A row that holds no earlier yes: none yet, blank, or skipped before (a message now due again). */
function isFresh(r: OutboxEntry | undefined): boolean {
  return r === undefined || r.status === '' || r.status === 'skipped';
}

function planFor(data: GreetingsData, date: string, zone: string, options: RunOptions, upToHour: number | undefined): Plan {
  const only = options.campaign;
  const scoped = only === undefined ? data : { ...data, campaigns: data.campaigns.filter((c) => sameName(c.name, only)) };
  return planGreetings(planInputFor(scoped, date, { timeZone: zone, holidays: options.holidays, segments: options.segments, upToHour }));
}

/** The business's zone by the kernel's one policy (no host zone), or undefined when Settings names no zone. */
function zoneOf(setting: string, nowMs: number): string | undefined {
  const clock = businessClock(nowMs, setting);
  return clock.ok ? clock.value.zone : undefined;
}

/** Campaign names compare as the planner compares them: trimmed and case-blind. */
function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function finish(report: RunReport, touched: Map<string, RunMessage>, backlog: Map<string, string>): RunReport {
  report.messages = [...touched.values()];
  for (const m of report.messages) if (m.status === 'review') backlog.set(m.key, m.reason);
  for (const reason of backlog.values()) {
    const why = reason || 'uncertain';
    report.inReview.total++;
    report.inReview.reasons[why] = (report.inReview.reasons[why] ?? 0) + 1;
  }
  for (const m of report.messages) {
    if (m.status === 'sent') report.sent++;
    else if (m.status === 'failed') report.failed++;
    else if (m.status === 'review') report.review++;
    else if (m.status === 'skipped' || m.status === 'holdout') report.skipped[m.reason] = (report.skipped[m.reason] ?? 0) + 1;
  }
  if (report.failed > 0 || report.review > 0 || (report.stopped !== undefined && STOPS[report.stopped].problem)) report.problem = true;
  return report;
}
