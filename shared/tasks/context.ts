import type { Customer, Interaction } from '../workbook';
import type { TaskSettings } from './settings';

/** What every task rule reads: today, the settings, customers by id, and each customer's interactions by day. */
export interface RuleContext {
  today: string;
  todayDay: number;
  settings: TaskSettings;
  /** Listed customers who are neither merged nor archived, by id. */
  customers: ReadonlyMap<string, Customer>;
  /** Interactions of those customers (merged ids folded into survivors), oldest first, with their local day. */
  interactions: ReadonlyMap<string, readonly DatedInteraction[]>;
  /** The profit a customer is worth in a year (the retention engine's valueIfRetained), by id. */
  valueOf: (customerId: string) => number;
  /** A staff member's name as the account manager it stands for (see staffResolver). */
  staff: (name: string) => string;
}

/** An interaction with its business-local day number. */
export interface DatedInteraction {
  day: number;
  record: Interaction;
}

/** Money rounded to cents for the Tasks tab. */
export function money(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : 0;
}
