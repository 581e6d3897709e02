// The Loyalty tab as the sidebar edits it: each step typed as text, checked as a whole ladder, refused per field.
import { parseNumber, type LoyaltyTier } from '../workbook';

/** One tier as typed in the sidebar: numbers as the person wrote them; `id` blank for a new tier. */
export interface LadderStepInput {
  id: string;
  tier: string;
  min_spend_12m: string;
  min_orders_12m: string;
  discount_pct: string;
  perks: string;
}

/** The fields of a ladder step a person types. */
export type LadderField = Exclude<keyof LadderStepInput, 'id'>;

/** One refused value: which step (its index in the input) and field, and why, in words fit to show beside it. */
export interface LadderProblem {
  index: number;
  field: LadderField;
  message: string;
}

/** A step as it will be stored on the Loyalty tab. */
export type LadderStep = Pick<LoyaltyTier, 'id' | 'tier' | 'min_spend_12m' | 'min_orders_12m' | 'discount_pct' | 'perks'>;

const MAX_TEXT = 200;

function numberField(step: LadderStepInput, index: number, field: 'min_spend_12m' | 'min_orders_12m' | 'discount_pct', problems: LadderProblem[]): number | undefined {
  const parsed = parseNumber(step[field]);
  if (!parsed.ok) {
    problems.push({ index, field, message: 'Enter a number, or leave it blank.' });
    return undefined;
  }
  const value = parsed.value;
  if (value === undefined) return undefined;
  if (value < 0) problems.push({ index, field, message: 'This cannot be below 0.' });
  else if (field === 'min_orders_12m' && !Number.isInteger(value)) problems.push({ index, field, message: 'Orders are whole purchase days: enter a whole number.' });
  else if (field === 'discount_pct' && value > 100) problems.push({ index, field, message: 'A discount is a percentage from 0 to 100.' });
  return value;
}

/**
 * Reads the ladder the sidebar sends: every tier named once, minimums and discounts numbers in range, no two tiers
 * with the same minimums (the highest-tier rule could not tell them apart), and a discount that never falls as
 * the tier rises (a customer moving up must not lose money). Problems, when any, name the step and field.
 */
export function readLadder(steps: readonly LadderStepInput[]): { ok: true; steps: LadderStep[] } | { ok: false; problems: LadderProblem[] } {
  const problems: LadderProblem[] = [];
  const seen = new Map<string, string>();
  const out: LadderStep[] = steps.map((step, index) => {
    const tier = step.tier.trim();
    if (tier === '') problems.push({ index, field: 'tier', message: 'Name the tier.' });
    else if (tier.length > MAX_TEXT) problems.push({ index, field: 'tier', message: `A tier name has at most ${MAX_TEXT} characters.` });
    else if (seen.has(tier.toLowerCase())) problems.push({ index, field: 'tier', message: `Another tier is already called ${seen.get(tier.toLowerCase())}: each tier needs its own name.` });
    else seen.set(tier.toLowerCase(), tier);
    if (step.perks.length > 5000) problems.push({ index, field: 'perks', message: 'Perks have at most 5000 characters.' });
    return {
      id: step.id.trim(),
      tier,
      min_spend_12m: numberField(step, index, 'min_spend_12m', problems),
      min_orders_12m: numberField(step, index, 'min_orders_12m', problems),
      discount_pct: numberField(step, index, 'discount_pct', problems),
      perks: step.perks.trim(),
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  // Order as the tier rule orders them (tiers.ts sortTiers): by spend, then orders; blanks are 0.
  const order = out.map((s, index) => ({ s, index })).sort((a, b) => (a.s.min_spend_12m ?? 0) - (b.s.min_spend_12m ?? 0) || (a.s.min_orders_12m ?? 0) - (b.s.min_orders_12m ?? 0));
  for (let i = 1; i < order.length; i++) {
    const lower = order[i - 1]!;
    const higher = order[i]!;
    if ((lower.s.min_spend_12m ?? 0) === (higher.s.min_spend_12m ?? 0) && (lower.s.min_orders_12m ?? 0) === (higher.s.min_orders_12m ?? 0)) {
      problems.push({ index: higher.index, field: 'min_spend_12m', message: `The same minimums as ${lower.s.tier}: give one tier a higher spend or more orders.` });
    } else if ((higher.s.discount_pct ?? 0) < (lower.s.discount_pct ?? 0)) {
      problems.push({ index: higher.index, field: 'discount_pct', message: `Lower than ${lower.s.tier}'s ${lower.s.discount_pct ?? 0} %, a lower tier: a higher tier must not lose discount.` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, steps: out };
}
