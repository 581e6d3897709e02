import type { Customer, Defection, Interaction, Purchase } from '../workbook';
import { detectDefections } from './defections';
import { buildHistory, survivorMap, type PurchaseHistory } from './history';
import { resolveOptions, type RetentionOptions, type RetentionSettings } from './options';
import { paretoShare, type Pareto } from './pareto';
import { buildProfiles, typicalGap, type CustomerProfile, type CustomerScores } from './profiles';
import { defectionTotals, rankDefections, type DefectionTypeTotal, type RankedDefection } from './ranking';
import { rfmScores, type RfmScore } from './rfm';

/** The tables and scores retention analysis reads. Dates are ISO; `asOf` is today in the business's time zone. */
export interface RetentionInput {
  customers: readonly Customer[];
  purchases: readonly Purchase[];
  interactions?: readonly Interaction[];
  /** Rows already in the Defections tab, so a defection found again keeps its row. */
  defections?: readonly Defection[];
  settings: RetentionSettings;
  asOf: string;
  scores?: CustomerScores;
  options?: RetentionOptions;
}

/** A customer slipping away but not yet counted as defected, worth a call. */
export interface AtRiskCustomer {
  customerId: string;
  /** The risk from their purchase rhythm (1 − 2^(−days since ÷ usual gap)), the same before and after scoring. */
  churnRisk: number;
  daysSinceLast: number;
  lastPurchase: string;
  medianGap: number | null;
  valueIfRetained: number;
  /** churnRisk × valueIfRetained: the profit expected to slip away. */
  profitAtStake: number;
}

/** Everything retention analysis finds as of one date. */
export interface RetentionAnalysis {
  asOf: string;
  history: PurchaseHistory;
  /** The typical (median) purchase gap of repeat buyers in days; null when nobody bought twice. */
  typicalGap: number | null;
  profiles: CustomerProfile[];
  rfm: Map<string, RfmScore>;
  pareto: Pareto;
  /** Open defections, largest lost profit first. */
  defections: RankedDefection[];
  defectionTotals: DefectionTypeTotal[];
  /** Customers whose rhythm risk is ≥ atRiskMin and who are not (yet) overdue, largest profit at stake first. */
  atRisk: AtRiskCustomer[];
}

/**
 * Runs the whole retention analysis in a few passes over the tables: histories, RFM, profiles (value, cost,
 * churn risk), Pareto share, defections and the at-risk list. Rates and cohorts come from `periodRates` and
 * `cohortMatrix` on the returned history.
 */
export function analyzeRetention(input: RetentionInput): RetentionAnalysis {
  const options = resolveOptions(input.options);
  const survivors = survivorMap(input.customers);
  const history = buildHistory(input.purchases, input.asOf, input.customers);
  const rfm = rfmScores(history);
  const interactions = input.interactions ?? [];
  const recorded = input.defections ?? [];
  const profiles = buildProfiles({ history, customers: input.customers, interactions, rfm, scores: input.scores ?? {}, settings: input.settings, options, survivors });
  const detected = detectDefections({ history, profiles, interactions, defections: recorded, settings: input.settings, options, survivors });
  const overdue = new Set(detected.filter((d) => d.type === 'no_repurchase').map((d) => d.customerId));
  const atRisk: AtRiskCustomer[] = [];
  for (const p of profiles) {
    // The call list follows each customer's own purchase rhythm, not P(alive): BG/NBD rates every recent and every
    // one-time buyer as alive, so a model score would empty the list the moment customers are scored.
    const risk = p.riskFromRhythm;
    if (p.status === 'archived' || risk === null || p.daysSinceLast === null || p.lastPurchase === null) continue;
    if (risk < options.atRiskMin || overdue.has(p.id)) continue;
    atRisk.push({
      customerId: p.id,
      churnRisk: risk,
      daysSinceLast: p.daysSinceLast,
      lastPurchase: p.lastPurchase,
      medianGap: p.medianGap,
      valueIfRetained: p.valueIfRetained,
      profitAtStake: risk * p.valueIfRetained,
    });
  }
  atRisk.sort((a, b) => b.profitAtStake - a.profitAtStake || (a.customerId < b.customerId ? -1 : 1));
  const defections = rankDefections(detected, recorded, profiles, history);
  return {
    asOf: input.asOf,
    history,
    typicalGap: typicalGap(history),
    profiles,
    rfm,
    pareto: paretoShare(history),
    defections,
    defectionTotals: defectionTotals(defections),
    atRisk,
  };
}

/** The scored Customers columns (DESIGN §2) this engine owns, ready for the writer; blanks are undefined. */
export function scoredColumns(p: CustomerProfile): Pick<Customer, 'orders' | 'revenue' | 'first_purchase' | 'last_purchase' | 'rfm_segment' | 'churn_risk'> {
  return {
    orders: p.orders,
    revenue: Math.round(p.revenue * 100) / 100,
    first_purchase: p.firstPurchase ?? undefined,
    last_purchase: p.lastPurchase ?? undefined,
    rfm_segment: p.rfm?.segment ?? '',
    churn_risk: p.churnRisk === null ? undefined : Math.round(p.churnRisk * 1000) / 1000,
  };
}
