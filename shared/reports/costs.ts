import { INTERACTION_KINDS, type Settings } from '../workbook';

/** What serving a customer costs and what a sale earns, from Settings (every figure in the business's currency). */
export interface CostRates {
  /** Gross margin on revenue, as a fraction (Settings margin_pct ÷ 100). */
  margin: number;
  /** Cost of one interaction, by kind (call, visit…); kinds not listed cost `otherInteraction`. */
  interaction: Readonly<Record<string, number>>;
  otherInteraction: number;
  /** Cost of one message sent (Outbox rows with status sent). */
  message: number;
  /** Cost of handling one order (one Purchases row with a positive amount). */
  order: number;
  /** Fixed yearly cost of keeping one customer on the books. */
  fixedPerYear: number;
}

/** No cost at all and the given margin: what a report uses when nothing is set. */
export const NO_COSTS: CostRates = { margin: 0.3, interaction: {}, otherInteraction: 0, message: 0, order: 0, fixedPerYear: 0 };

/** The cost rates the Settings tab sets: `cost_per_<kind>` falls back to cost_per_interaction when blank. */
export function costRatesOf(settings: Settings): CostRates {
  const interaction: Record<string, number> = {};
  for (const kind of INTERACTION_KINDS) interaction[kind] = settings[`cost_per_${kind}`] ?? settings.cost_per_interaction;
  return {
    margin: settings.margin_pct / 100,
    interaction,
    otherInteraction: settings.cost_per_interaction,
    message: settings.cost_per_message,
    order: settings.cost_per_order,
    fixedPerYear: settings.fixed_cost_per_customer,
  };
}
