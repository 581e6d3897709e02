import type { Campaign } from '../workbook';
import { mulberry32 } from '../kernel';
import { stableHash } from './stable-hash';

/** A campaign's holdout share as a fraction (0 when blank, out of range or not a number); holdout_pct is 0–100. */
export function holdoutShare(campaign: Pick<Campaign, 'holdout_pct'>): number {
  const pct = campaign.holdout_pct;
  if (pct === undefined || !Number.isFinite(pct) || pct <= 0) return 0;
  return Math.min(pct, 100) / 100;
}

/**
 * True when this customer falls in the campaign's control group: a draw from a generator seeded with the
 * campaign's name and the customer's id, so the same customer is held out on every run and every machine,
 * and a new campaign draws a fresh group.
 */
export function inHoldout(campaign: Pick<Campaign, 'name' | 'holdout_pct'>, customerId: string): boolean {
  const share = holdoutShare(campaign);
  if (share === 0) return false;
  const seed = Number.parseInt(stableHash(`${campaign.name.trim().toLowerCase()}|${customerId.trim()}`).slice(0, 8), 16);
  return mulberry32(seed)() < share;
}
