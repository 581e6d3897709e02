// The Loyalty sidebar's calls: the Loyalty tab's tiers and discount ladder (read, edited, validated as a whole),
// members per tier, recent upgrades, and the data of a printable membership card.
import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok } from '../kernel';
import { membershipCardOf, readLadder, recentUpgrades, sortTiers, tierCounts, type LadderStep, type MembershipCard } from '../loyalty';
import { customersTab, loyaltyTab, openTable, parseSettings, readTable, saveChanges, appendRecords, SETTINGS_TAB, type LoyaltyTier, type Workbook } from '../workbook';
import type { ApiIssue } from '../customers';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';
import type { TierUpgrade } from '../loyalty';

/** One tier of the ladder as the sidebar shows it, with how many active customers hold it now. */
export interface LoyaltyTierView {
  id: string;
  tier: string;
  min_spend_12m: number | null;
  min_orders_12m: number | null;
  discount_pct: number | null;
  perks: string;
  members: number;
}

/** What the Loyalty sidebar shows: the ladder (lowest first), members per tier, and recent upgrades. */
export interface LoyaltyOverview {
  tiers: LoyaltyTierView[];
  /** Tiers customers hold that are not on the ladder (typed by hand, or a tier since renamed). */
  otherTiers: { tier: string; members: number }[];
  noTier: number;
  withNumber: number;
  upgrades: TierUpgrade[];
  currency: string;
  businessName: string;
}

const text = lazy(() => z.string().check(z.maxLength(5000)));
const stepInput = lazy(() => z.object({
  id: z._default(z.string().check(z.maxLength(64)), ''),
  tier: text(),
  min_spend_12m: z._default(text(), ''),
  min_orders_12m: z._default(text(), ''),
  discount_pct: z._default(text(), ''),
  perks: z._default(text(), ''),
}));
const saveInput = lazy(() => z.object({ tiers: z.array(stepInput()).check(z.maxLength(50)) }));
const cardInput = lazy(() => z.object({ id: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) }));

/** The ladder as typed: each number as text, exactly as the person wrote it (checked on the server, never dropped). */
export type SaveLoyaltyTiersInput = z.input<ReturnType<typeof saveInput>>;

/** A customer id or membership number whose card to print. */
export type MembershipCardInput = z.input<ReturnType<typeof cardInput>>;

/** What a save did: the ladder now, how many cells changed, and each replaced value (old → new) so it can be put back. */
export interface SavedLoyaltyTiers {
  overview: LoyaltyOverview;
  written: number;
  replaced: string[];
}

/** The Loyalty sidebar's calls. */
export interface LoyaltyAdminApi {
  getLoyaltyOverview: (input: NoInput) => ApiResult<LoyaltyOverview>;
  /** Saves the edited and added tiers; any bad value refuses the whole save with the problem next to its field. */
  saveLoyaltyTiers: (input: SaveLoyaltyTiersInput) => ApiResult<SavedLoyaltyTiers>;
  /** The card of a customer (by id or membership number) who holds a membership number. */
  getMembershipCard: (input: MembershipCardInput) => ApiResult<MembershipCard>;
}

const UPGRADES_SHOWN = 10;

function overviewOf(wb: Workbook): LoyaltyOverview {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  const order = settings.date_order;
  const ladder = sortTiers(readTable(wb, loyaltyTab, order)?.rows.map((r) => r.record) ?? []);
  const customers = readTable(wb, customersTab, order)?.rows.map((r) => r.record) ?? [];
  const counts = tierCounts(customers, ladder.map((t) => t.tier));
  const onLadder = new Set(ladder.map((t) => t.tier.trim()));
  return {
    tiers: ladder.map((t) => ({ id: t.id, tier: t.tier.trim(), min_spend_12m: t.min_spend_12m ?? null, min_orders_12m: t.min_orders_12m ?? null, discount_pct: t.discount_pct ?? null, perks: t.perks, members: counts.byTier[t.tier.trim()] ?? 0 })),
    otherTiers: Object.entries(counts.byTier).filter(([tier]) => !onLadder.has(tier)).map(([tier, members]) => ({ tier, members })),
    noTier: counts.noTier,
    withNumber: counts.withNumber,
    upgrades: recentUpgrades(customers, UPGRADES_SHOWN),
    currency: settings.currency,
    businessName: settings.business_name,
  };
}

function shown(value: number | undefined | string): string {
  return value === undefined || value === '' ? 'blank' : String(value);
}

/** The words a person reads for each tier field, as the sidebar labels it (a column name means nothing to them). */
const FIELD_WORDS = { tier: 'name', min_spend_12m: 'min. spend', min_orders_12m: 'min. orders', discount_pct: 'discount %', perks: 'perks' } as const;

/** Each changed field of an existing tier as "Gold: discount % 10 → 12", for the answer's notes. */
function replacedValues(before: LoyaltyTier, after: LadderStep): string[] {
  const fields = ['tier', 'min_spend_12m', 'min_orders_12m', 'discount_pct', 'perks'] as const;
  return fields.filter((f) => (before[f] ?? '') !== (after[f] ?? '')).map((f) => `${before.tier || before.id}: ${FIELD_WORDS[f]} ${shown(before[f])} → ${shown(after[f])}`);
}

/** Implements LoyaltyAdminApi over the Workbook port. */
export function createLoyaltyAdminApi(deps: ServerDeps): LoyaltyAdminApi {
  return {
    getLoyaltyOverview() {
      return ok(overviewOf(deps.workbook()));
    },
    saveLoyaltyTiers(input) {
      const parsed = saveInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const read = readLadder(parsed.data.tiers);
      if (!read.ok) return fail(read.problems.map((p): ApiIssue => ({ path: ['tiers', String(p.index), p.field], code: 'invalid_input', message: p.message })));
      const wb = deps.workbook();
      return wb.withLock(() => {
        const { settings } = parseSettings(wb.read(SETTINGS_TAB));
        const table = openTable(wb, loyaltyTab, settings.date_order);
        const byId = new Map(table.rows.map((r) => [r.record.id.trim(), r]));
        const missing = read.steps.map((s, index) => ({ s, index })).filter(({ s }) => s.id !== '' && !byId.has(s.id));
        if (missing.length > 0) return fail(missing.map(({ index }) => ({ path: ['tiers', String(index), 'tier'], code: 'not_found' as const, message: 'This tier is no longer on the Loyalty tab (someone removed it): reload.' })));
        // Tiers on the tab but not sent are left alone: the sidebar never deletes a row (delete it on the tab).
        const changes = read.steps.filter((s) => s.id !== '').map((s) => {
          const row = byId.get(s.id)!;
          return { row: row.row, before: row.record, after: { ...row.record, ...s } };
        });
        const replaced = changes.flatMap((c) => replacedValues(c.before, c.after));
        let written = saveChanges(wb, table, changes);
        const added = read.steps.filter((s) => s.id === '').map(({ id: _id, ...rest }) => rest);
        written += appendRecords(wb, table, added).length;
        const answer: ApiResult<SavedLoyaltyTiers> = { ok: true, value: { overview: overviewOf(wb), written, replaced } };
        if (replaced.length > 0) answer.notes = replaced.map((r) => `Replaced ${r}`);
        return answer;
      });
    },
    getMembershipCard(input) {
      const parsed = cardInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      const { settings } = parseSettings(wb.read(SETTINGS_TAB));
      const wanted = parsed.data.id.toUpperCase();
      const rows = readTable(wb, customersTab, settings.date_order)?.rows ?? [];
      const row = rows.find((r) => r.record.id.trim().toUpperCase() === wanted) ?? rows.find((r) => r.record.membership_no.trim().toUpperCase() === wanted);
      if (!row) return fail([{ path: ['id'], code: 'not_found', message: 'No customer with that id or membership number.' }]);
      if (row.record.status === 'merged') return fail([{ path: ['id'], code: 'merged', message: 'This customer was merged into another; print the surviving customer\'s card.' }]);
      const card = membershipCardOf(row.record, settings.business_name);
      if (!card) return fail([{ path: ['id'], code: 'invalid_input', message: 'This customer has no membership number yet: use Join membership on their card first.' }]);
      return ok(card);
    },
  };
}
