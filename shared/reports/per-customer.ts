import { counts } from './build';
import type { ReportLedger } from './ledger';

/** One customer's cost to serve and profit over the last 12 months, exactly as a report adds them up. */
export interface CustomerEconomics {
  cost_12m: number;
  profit_12m: number;
}

/**
 * Cost and profit of every customer a report counts (status active; contact type customer or blank), by trimmed
 * id, the first of equal ids winning: summed, they are the report's total cost_12m and profit_12m.
 */
export function customerEconomics(ledger: ReportLedger): Map<string, CustomerEconomics> {
  const out = new Map<string, CustomerEconomics>();
  ledger.population.forEach((c, slot) => {
    const id = c.id.trim();
    if (id === '' || out.has(id) || !counts(c, false)) return;
    const f = ledger.figuresAt(slot);
    out.set(id, { cost_12m: f.cost, profit_12m: f.profit });
  });
  return out;
}
