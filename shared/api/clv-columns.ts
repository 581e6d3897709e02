import { businessClock, fail, ok, refuse, type HostZone } from '../kernel';
import { ClvError, scoreCustomerColumns, type CustomerClvColumns, type CustomerClvOptions, type CustomerClvResult } from '../clv';
import { customersOnly, isCustomerContact } from '../loyalty';
import { survivorMap } from '../retention';
import { purchaseWarehouse, type PurchaseWarehouse } from '../sql';
import { customersTab, parseSettings, purchasesTab, readTable, SETTINGS_TAB, type CellUpdate, type CellValue, type Customer, type Purchase, type Settings, type Workbook } from '../workbook';
import type { ApiResult } from './result';

/** The Customers columns the CLV engine fills (CustomerClvColumns), in contract order: adjacent, so one block per row range. */
export const CLV_COLUMNS = ['orders', 'revenue', 'first_purchase', 'last_purchase', 'p_alive', 'expected_purchases_90d', 'clv_12m', 'clv_tier'] as const satisfies readonly (keyof CustomerClvColumns)[];

type ClvColumn = (typeof CLV_COLUMNS)[number];

/** Where a CLV run reads its purchases and the date it scores on, decided from the workbook's Settings. */
export interface ClvPlan {
  warehouse: PurchaseWarehouse;
  /** Today in the business's time zone: the calibration end. */
  today: string;
  settings: Settings;
  /** Settings that could not be read (defaults used) and clock notes, in words. */
  notes: string[];
}

/** What writing the CLV columns did. */
export interface ClvColumnsWritten {
  /** Customers rows scored (merged rows and other contact types are blanked, not counted). */
  scored: number;
  /** Of those, customers the log has purchases for. */
  buyers: number;
  cells: number;
}

/**
 * Reads Settings once: where the purchase log is (Settings warehouse and bigquery_*; any problem with them refuses
 * the run at ['Settings', key]) and the business's today (Settings time_zone, as every caller decides it).
 */
export function planClv(wb: Workbook, now: string, hostZone?: HostZone): ApiResult<ClvPlan> {
  const parsed = parseSettings(wb.read(SETTINGS_TAB));
  const warehouse = purchaseWarehouse(parsed.settings, parsed.issues);
  if (!warehouse.ok) return fail(warehouse.issues.map((i) => ({ ...i, code: 'invalid_input' as const })));
  const clock = businessClock(now, parsed.settings.time_zone, hostZone);
  if (!clock.ok) return fail(clock.issues);
  const notes = parsed.issues.map((i) => `Settings row ${i.row}, ${i.key}: ${i.message}; its default was used.`);
  return ok({ warehouse: warehouse.value, today: clock.value.today, settings: parsed.settings, notes: [...notes, ...(clock.notes ?? [])] });
}

/** The fit's inputs from Settings, as Score customers takes them (a summary made in BigQuery is scored with the same). */
export function clvScoring(plan: ClvPlan): CustomerClvOptions {
  return { today: plan.today, margin: plan.settings.margin_pct / 100, discountRate: plan.settings.discount_rate };
}

/**
 * The purchases scoring counts, decided once for Score customers and the `clv` function: a merged customer's
 * purchases belong to the survivor; `dated` has those with a customer and a date up to today; `counted` keeps, of
 * those, the customers' own (prospects, suppliers and partners are left unscored) with their Customers records.
 */
export function scoredPurchases(customers: readonly Customer[], purchases: readonly Purchase[], today: string): { dated: Purchase[]; counted: { customers: Customer[]; purchases: Purchase[] } } {
  const survivors = survivorMap(customers);
  const moved = purchases.map((p) => {
    const id = survivors.get(p.customer_id.trim());
    return id === undefined ? p : { ...p, customer_id: id };
  });
  const dated = moved.filter((p) => p.customer_id.trim() !== '' && p.date !== undefined && p.date.slice(0, 10) <= today);
  return { dated, counted: customersOnly(customers, dated) };
}

/**
 * The CLV columns from the sheet's own Purchases tab, read as Score customers reads it: a merged customer's
 * purchases count for the survivor, nothing after today, customers only (not prospects or suppliers).
 */
export function clvFromSheet(wb: Workbook, plan: ClvPlan): ApiResult<CustomerClvResult> {
  const order = plan.settings.date_order;
  const customers = readTable(wb, customersTab, order);
  if (!customers) return refuse(['Customers'], 'There is no Customers tab yet. Run "Set up Regulars tabs" first.');
  const records = customers.rows.map((r) => r.record);
  const { counted } = scoredPurchases(records, (readTable(wb, purchasesTab, order)?.rows ?? []).map((r) => r.record), plan.today);
  if (counted.purchases.length === 0) {
    return refuse(['Purchases'], `There are no purchases dated on or before ${plan.today} to score. Add rows to the Purchases tab (customer_id, date, amount), then score again.`);
  }
  try {
    return ok(scoreCustomerColumns(counted.purchases, clvScoring(plan)));
  } catch (error) {
    if (error instanceof ClvError) return refuse(['Purchases'], error.message);
    throw error;
  }
}

/** A number fit for a cell, rounded as Score customers rounds it; never NaN or ±Infinity (blank instead). */
function num(value: number | undefined, digits: number): CellValue {
  if (value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * One Customers row's CLV cells, as Score customers writes them: a buyer's figures rounded as there; a customer
 * without purchases 0 orders, 0 revenue and blanks; a merged row or another contact type all blank.
 */
export function clvCells(columns: CustomerClvColumns | undefined, counted: boolean): Record<ClvColumn, CellValue> {
  const blank: Record<ClvColumn, CellValue> = { orders: null, revenue: null, first_purchase: null, last_purchase: null, p_alive: null, expected_purchases_90d: null, clv_12m: null, clv_tier: null };
  if (!counted) return blank;
  if (!columns) return { ...blank, orders: 0, revenue: 0 };
  return {
    orders: num(columns.orders, 0),
    revenue: num(columns.revenue, 2),
    first_purchase: columns.first_purchase,
    last_purchase: columns.last_purchase,
    p_alive: num(columns.p_alive, 4),
    expected_purchases_90d: num(columns.expected_purchases_90d, 4),
    clv_12m: num(columns.clv_12m, 2),
    clv_tier: columns.clv_tier,
  };
}

/**
 * Writes the CLV columns of every Customers row in one batch (missing columns are added first, after the user's
 * own), whatever the log came from; call it under the document lock.
 */
export function writeClvColumns(wb: Workbook, plan: ClvPlan, clv: CustomerClvResult): ApiResult<ClvColumnsWritten> {
  const order = plan.settings.date_order;
  const before = readTable(wb, customersTab, order);
  if (!before) return refuse(['Customers'], 'There is no Customers tab yet. Run "Set up Regulars tabs" first.');
  const missing = CLV_COLUMNS.filter((field) => !before.map.indexOf.has(field));
  if (missing.length > 0) wb.ensureTab(customersTab.name, { header: [...before.header, ...missing], textColumns: missing.filter((f) => f === 'clv_tier') });
  const table = missing.length > 0 ? readTable(wb, customersTab, order) : before;
  if (!table) return refuse(['Customers'], 'The Customers tab disappeared while scoring.');
  const at = CLV_COLUMNS.map((field) => table.map.indexOf.get(field));
  const updates: CellUpdate[] = [];
  let scored = 0;
  let buyers = 0;
  for (const { row, record } of table.rows) {
    const id = record.id.trim();
    const counted = record.status !== 'merged' && isCustomerContact(record) && id !== '';
    const columns = counted ? clv.columns.get(id) : undefined;
    if (counted) scored++;
    if (columns) buyers++;
    const cells = clvCells(columns, counted);
    CLV_COLUMNS.forEach((field, k) => {
      const col = at[k];
      if (col !== undefined) updates.push({ row, col: col + 1, value: cells[field] });
    });
  }
  wb.write(customersTab.name, updates);
  return ok({ scored, buyers, cells: updates.length });
}
