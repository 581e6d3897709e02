import { localDay, parseDay, survivorMap } from '../retention';
import type { Customer } from '../workbook';
import type { CostRates } from './costs';
import { reportWindow, type ReportWindow } from './window';

/** The Customers fields a report reads. */
export type ReportCustomer = Pick<
  Customer,
  'id' | 'status' | 'contact_type' | 'merged_into' | 'clv_12m' | 'churn_risk' | 'category' | 'region' | 'industry' | 'account_manager' | 'source' | 'clv_tier' | 'rfm_segment'
>;

/** What one customer did and cost in the last 12 months, as the report counts it. */
export interface CustomerFigures {
  /** Bought (a row with amount ≥ 0) in the last 12 months. */
  active: boolean;
  /** Bought in the previous 12 months. */
  activeBefore: boolean;
  /** Bought on two or more distinct days in the last 12 months. */
  repeat: boolean;
  /** Net amount of every Purchases row in the last 12 months (refunds lower it). */
  revenue: number;
  /** Purchases rows with amount ≥ 0 in the last 12 months. */
  orders: number;
  /** Interactions × their kind's cost + messages sent × cost + orders × cost + the yearly fixed cost. */
  cost: number;
  /** revenue × margin − cost. */
  profit: number;
}

const NO_DAY = -2147483648;

/**
 * Everything a report counts per customer, fed one row at a time so a CSV of ten million purchases never has to be
 * held in memory: typed arrays indexed by the customer's position, rows of merged customers counted for their
 * survivor, rows of unknown customers and rows outside both windows ignored.
 */
export class ReportLedger {
  readonly window: ReportWindow;
  private slotMap: Map<string, number> | undefined;
  private readonly revenue: Float64Array;
  private readonly orders: Int32Array;
  private readonly firstDay: Int32Array;
  private readonly repeat: Uint8Array;
  private readonly before: Uint8Array;
  private readonly interactionCost: Float64Array;
  private readonly messages: Int32Array;

  /** A ledger for these customers (in this order) as of `date` (business-local); throws a RangeError when it is not YYYY-MM-DD. */
  constructor(
    date: string,
    private readonly customers: readonly ReportCustomer[],
    private readonly rates: CostRates,
    /** The business's time zone: an interaction or message stamped with a zone counts on its local day. */
    private readonly timeZone = 'UTC',
  ) {
    const window = reportWindow(date);
    if (!window) throw new RangeError('the report date must be a YYYY-MM-DD date');
    this.window = window;
    const n = customers.length;
    this.revenue = new Float64Array(n);
    this.orders = new Int32Array(n);
    this.firstDay = new Int32Array(n).fill(NO_DAY);
    this.repeat = new Uint8Array(n);
    this.before = new Uint8Array(n);
    this.interactionCost = new Float64Array(n);
    this.messages = new Int32Array(n);
  }

  /** The position of the customer (or of the survivor a merged id was folded into); undefined when unknown. */
  slotOf(customerId: string): number | undefined {
    // Built on first use: a CSV adapter with its own index of ids never needs it.
    if (!this.slotMap) {
      const map = new Map<string, number>();
      for (const [id, slot] of this.ids()) if (!map.has(id)) map.set(id, slot);
      this.slotMap = map;
    }
    return this.slotMap.get(customerId) ?? this.slotMap.get(customerId.trim());
  }

  /**
   * Every id the ledger knows with its slot, the first of equal ids winning: merged ids first (each with its
   * survivor's slot), then every customer's own id in order.
   */
  *ids(): Generator<[string, number]> {
    // survivorMap reads only id, status and merged_into, which ReportCustomer carries.
    const survivors = survivorMap(this.customers as readonly Customer[]);
    if (survivors.size > 0) {
      const slotOfSurvivor = new Map<string, number>();
      this.customers.forEach((c, i) => {
        const id = c.id.trim();
        if (!slotOfSurvivor.has(id)) slotOfSurvivor.set(id, i);
      });
      for (const [merged, survivor] of survivors) {
        const slot = slotOfSurvivor.get(survivor);
        if (slot !== undefined) yield [merged, slot];
      }
    }
    for (let i = 0; i < this.customers.length; i++) {
      const id = this.customers[i]!.id.trim();
      if (id !== '') yield [id, i];
    }
  }

  /** Counts one Purchases row: its date (YYYY-MM-DD, a time after it is ignored) and amount (blank counts as 0). */
  addPurchase(customerId: string, date: string | undefined, amount: number | undefined): void {
    const slot = this.slotOf(customerId);
    const day = parseDay(date)?.day;
    if (slot === undefined || day === undefined) return;
    this.addPurchaseAt(slot, day, amount ?? 0);
  }

  /** Counts one Purchases row already resolved to a slot and a day number (the fast path of the CSV reader). */
  addPurchaseAt(slot: number, day: number, amount: number): void {
    const w = this.window;
    if (day >= w.from && day <= w.to) {
      this.revenue[slot]! += amount;
      if (amount < 0) return;
      this.orders[slot]!++;
      const first = this.firstDay[slot]!;
      if (first === NO_DAY) this.firstDay[slot] = day;
      else if (first !== day) this.repeat[slot] = 1;
    } else if (day >= w.previousFrom && day <= w.previousTo && amount >= 0) this.before[slot] = 1;
  }

  /** Counts one interaction of the last 12 months at its kind's cost. */
  addInteraction(customerId: string, date: string | undefined, kind: string): void {
    const slot = this.slotOf(customerId);
    if (slot === undefined || !this.inWindow(date)) return;
    this.interactionCost[slot]! += this.rates.interaction[kind.trim().toLowerCase()] ?? this.rates.otherInteraction;
  }

  /** Counts one message sent in the last 12 months. */
  addMessage(customerId: string, sentAt: string | undefined): void {
    const slot = this.slotOf(customerId);
    if (slot === undefined || !this.inWindow(sentAt)) return;
    this.messages[slot]!++;
  }

  private inWindow(date: string | undefined): boolean {
    const day = localDay(date, this.timeZone)?.day;
    return day !== undefined && day >= this.window.from && day <= this.window.to;
  }

  /** The figures of the customer at `slot`. */
  figuresAt(slot: number): CustomerFigures {
    const r = this.rates;
    const revenue = this.revenue[slot]!;
    const orders = this.orders[slot]!;
    const cost = this.interactionCost[slot]! + this.messages[slot]! * r.message + orders * r.order + r.fixedPerYear;
    return {
      active: this.firstDay[slot] !== NO_DAY,
      activeBefore: this.before[slot] === 1,
      repeat: this.repeat[slot] === 1,
      revenue,
      orders,
      cost,
      profit: revenue * r.margin - cost,
    };
  }

  /** The customers the ledger was made for, in slot order. */
  get population(): readonly ReportCustomer[] {
    return this.customers;
  }
}
