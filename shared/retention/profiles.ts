import type { Customer, Interaction } from '../workbook';
import { isoFromDay } from '../kernel';
import type { CustomerHistory, PurchaseHistory } from './history';
import { annuityFactor, type ResolvedOptions, type RetentionSettings } from './options';
import type { RfmScore } from './rfm';

/** Days in an average year, to turn purchase gaps into purchases per year. */
export const DAYS_PER_YEAR = 365.25;

/** Everything the engine knows about one customer as of the analysis date. */
export interface CustomerProfile {
  id: string;
  /** False for an id found only in Purchases or Interactions. */
  listed: boolean;
  /** The Customers status ('' when not listed); archived customers are never flagged or put on the at-risk list. */
  status: string;
  orders: number;
  purchaseDays: number;
  revenue: number;
  firstPurchase: string | null;
  lastPurchase: string | null;
  daysSinceLast: number | null;
  /** Median days between distinct purchase days; null with fewer than two. */
  medianGap: number | null;
  /** The gap used for value: (own gaps total + one typical gap) ÷ (own gaps + 1). */
  gapEstimate: number;
  /** 1 − 2^(−daysSinceLast ÷ gap), gap = own median or, for one-time buyers, the typical gap; null without purchases. */
  riskFromRhythm: number | null;
  /** 1 − P(alive) when a P(alive) was given. */
  riskFromModel: number | null;
  /** riskFromModel when known, else riskFromRhythm. */
  churnRisk: number | null;
  pAlive: number | null;
  clv: number | null;
  rfm: RfmScore | null;
  averageOrder: number | null;
  /** Gross profit so far: revenue × margin. */
  grossProfit: number;
  /** Cost of sales so far: revenue − gross profit. */
  costOfSales: number;
  interactions: number;
  complaints: number;
  /** interactions × costPerInteraction. */
  serviceCost: number;
  /** grossProfit − serviceCost. */
  netValue: number;
  /** Expected yearly revenue while a customer stays: spend per purchase day × 365.25 ÷ gapEstimate. */
  yearlyRevenue: number;
  /** The profit lost if this customer goes: yearlyRevenue × margin × annuityFactor(horizon, discount rate). */
  valueIfRetained: number;
}

/** Per-customer inputs from elsewhere (the clv engine): plain numbers keyed by customer id. */
export interface CustomerScores {
  pAlive?: Readonly<Record<string, number>>;
  clv?: Readonly<Record<string, number>>;
}

/** The median of each repeat buyer's median gap: the "typical" gap used for one-time buyers. */
export function typicalGap(history: PurchaseHistory): number | null {
  const gaps: number[] = [];
  for (const h of history.customers.values()) {
    const g = medianGap(h.days);
    if (g !== null) gaps.push(g);
  }
  return gaps.length > 0 ? median(gaps) : null;
}

/** The median of the gaps between consecutive days; null with fewer than two days. */
export function medianGap(days: readonly number[]): number | null {
  if (days.length < 2) return null;
  const gaps = new Array<number>(days.length - 1);
  for (let i = 1; i < days.length; i++) gaps[i - 1] = days[i]! - days[i - 1]!;
  return median(gaps);
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** A score from a plain record, ignoring inherited keys and values that are not finite numbers. */
export function scoreOf(scores: Readonly<Record<string, number>> | undefined, id: string): number | null {
  if (!scores || !Object.hasOwn(scores, id)) return null;
  const value = scores[id];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

interface ProfileInput {
  history: PurchaseHistory;
  customers: readonly Customer[];
  interactions: readonly Interaction[];
  rfm: Map<string, RfmScore>;
  scores: CustomerScores;
  settings: RetentionSettings;
  options: ResolvedOptions;
  survivors: Map<string, string>;
}

/** One profile per listed (not merged) customer, then one per id seen only in Purchases. */
export function buildProfiles(input: ProfileInput): CustomerProfile[] {
  const { history, options } = input;
  const margin = input.settings.margin_pct / 100;
  const annuity = annuityFactor(options.horizonYears, input.settings.discount_rate);
  const typical = typicalGap(history) ?? DAYS_PER_YEAR;
  const counts = new Map<string, { all: number; complaints: number }>();
  for (const i of input.interactions) {
    const raw = i.customer_id.trim();
    const id = input.survivors.get(raw) ?? raw;
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { all: 0, complaints: 0 }));
    c.all++;
    if (i.kind === 'complaint') c.complaints++;
  }
  const profiles: CustomerProfile[] = [];
  const seen = new Set<string>();
  const buyers: CustomerProfile[] = [];
  const add = (id: string, listed: boolean, status: string): void => {
    seen.add(id);
    const h = history.customers.get(id);
    const c = counts.get(id);
    const profile = describe(id, listed, status, h, c?.all ?? 0, c?.complaints ?? 0);
    profiles.push(profile);
    if (h) buyers.push(profile);
  };
  const describe = (id: string, listed: boolean, status: string, h: CustomerHistory | undefined, interactions: number, complaints: number): CustomerProfile => {
    const pAlive = scoreOf(input.scores.pAlive, id);
    const riskFromModel = pAlive === null ? null : 1 - Math.min(1, Math.max(0, pAlive));
    const serviceCost = interactions * options.costPerInteraction;
    const revenue = h?.revenue ?? 0;
    const grossProfit = revenue * margin;
    let lastDay: number | null = null;
    let own: number | null = null;
    let gapEstimate = typical;
    let yearlyRevenue = 0;
    if (h) {
      const n = h.days.length;
      lastDay = h.days[n - 1]!;
      own = medianGap(h.days);
      gapEstimate = (lastDay - h.days[0]! + typical) / n;
      yearlyRevenue = Math.max(0, revenue / n) * (DAYS_PER_YEAR / gapEstimate);
    }
    const daysSinceLast = lastDay === null ? null : history.asOf - lastDay;
    const rhythmGap = own ?? typical;
    const riskFromRhythm = daysSinceLast === null ? null : 1 - Math.pow(2, -daysSinceLast / Math.max(rhythmGap, 1));
    return {
      id,
      listed,
      status,
      orders: h?.orderCount ?? 0,
      purchaseDays: h?.days.length ?? 0,
      revenue,
      firstPurchase: h ? isoFromDay(h.days[0]!) : null,
      lastPurchase: lastDay === null ? null : isoFromDay(lastDay),
      daysSinceLast,
      medianGap: own,
      gapEstimate,
      riskFromRhythm,
      riskFromModel,
      churnRisk: riskFromModel ?? riskFromRhythm,
      pAlive,
      clv: scoreOf(input.scores.clv, id),
      rfm: input.rfm.get(id) ?? null,
      averageOrder: h && h.orderCount > 0 ? revenue / h.orderCount : null,
      grossProfit,
      costOfSales: revenue - grossProfit,
      interactions,
      complaints,
      serviceCost,
      netValue: grossProfit - serviceCost,
      yearlyRevenue,
      valueIfRetained: yearlyRevenue * margin * annuity,
    };
  };
  for (const c of input.customers) {
    const id = c.id.trim();
    if (id === '' || c.status === 'merged' || seen.has(id)) continue;
    add(id, true, c.status);
  }
  for (const id of history.customers.keys()) if (!seen.has(id)) add(id, false, '');
  // Someone with no purchases yet would be worth what an average buyer is worth in a year.
  if (buyers.length > 0) {
    const average = buyers.reduce((sum, p) => sum + p.yearlyRevenue, 0) / buyers.length;
    for (const p of profiles) {
      if (p.purchaseDays > 0) continue;
      p.yearlyRevenue = average;
      p.valueIfRetained = average * margin * annuity;
    }
  }
  return profiles;
}
