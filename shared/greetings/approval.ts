import type { OutboxEntry } from '../workbook';
import { stableHash } from './stable-hash';

/** Why messages wait for the owner: a campaign's first run, or a run planning more than Settings `approve_over`. */
export type ApprovalReason = 'first_run' | 'over_threshold';

/** A message a run would newly plan: the unit approval decides on. */
export interface ApprovalCandidate {
  key: string;
  campaign: string;
}

/**
 * Outbox statuses that show a campaign has run with someone's yes: once a row of it was planned (approved),
 * sent or attempted, its next runs need approval only above the threshold.
 */
const ESTABLISHED = new Set(['planned', 'sending', 'sent', 'failed', 'review']);

const fold = (name: string): string => name.trim().toLowerCase();

/**
 * Which of a run's new messages must wait for approval, and why: every one when there are more than
 * `approveOver` of them (bulk), else those of campaigns that never ran before (their first run) unless the
 * business turned that off.
 */
export function approvalNeeded(candidates: readonly ApprovalCandidate[], outbox: readonly OutboxEntry[], rule: { approveOver: number; firstRun: boolean }): Map<string, ApprovalReason> {
  const out = new Map<string, ApprovalReason>();
  if (candidates.length > rule.approveOver) {
    for (const c of candidates) out.set(c.key, 'over_threshold');
    return out;
  }
  if (!rule.firstRun) return out;
  const established = new Set(outbox.filter((o) => ESTABLISHED.has(o.status)).map((o) => fold(o.campaign)));
  for (const c of candidates) if (!established.has(fold(c.campaign))) out.set(c.key, 'first_run');
  return out;
}

/** Optional caps on one run (undefined: no cap). */
export interface SendCaps {
  perCampaign?: number;
  perRun?: number;
}

/**
 * Splits the messages due in a run into those sent now and those left for the next run, oldest first
 * (by the day they were planned for, then in plan order), within the caps per campaign and per run.
 */
export function applyCaps<T>(due: readonly T[], caps: SendCaps, facts: (m: T) => { campaign: string; day: string }): { now: T[]; later: T[] } {
  const ordered = due.map((m, i) => ({ m, i, ...facts(m) })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.i - b.i));
  const now: T[] = [];
  const later: T[] = [];
  const perCampaign = new Map<string, number>();
  for (const { m, campaign } of ordered) {
    const used = perCampaign.get(fold(campaign)) ?? 0;
    const full = (caps.perRun !== undefined && now.length >= caps.perRun) || (caps.perCampaign !== undefined && used >= caps.perCampaign);
    if (full) {
      later.push(m);
      continue;
    }
    now.push(m);
    perCampaign.set(fold(campaign), used + 1);
  }
  return { now, later };
}

/** One message waiting for approval, as a summary shows it (no address). */
export interface WaitingMessage {
  key: string;
  campaign: string;
  customer_id: string;
  planned_for: string;
}

/** What waits for the owner: the total, counts per campaign, a sample, and a fingerprint of the exact set. */
export interface ApprovalSummary {
  total: number;
  campaigns: { campaign: string; count: number }[];
  sample: WaitingMessage[];
  /** A digest of the waiting keys: approving with it approves exactly the set that was shown. */
  fingerprint: string;
}

/** Summarises Outbox rows waiting for approval (campaigns by count, largest first; the first `sampleSize` rows). */
export function summariseWaiting(rows: readonly WaitingMessage[], sampleSize = 10): ApprovalSummary {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.campaign, (counts.get(r.campaign) ?? 0) + 1);
  const campaigns = [...counts].map(([campaign, count]) => ({ campaign, count })).sort((a, b) => b.count - a.count || a.campaign.localeCompare(b.campaign));
  return { total: rows.length, campaigns, sample: rows.slice(0, sampleSize), fingerprint: approvalFingerprint(rows.map((r) => r.key)) };
}

/** The fingerprint of a set of Outbox keys (order does not matter). */
export function approvalFingerprint(keys: readonly string[]): string {
  return stableHash([...keys].sort().join('\n'));
}
