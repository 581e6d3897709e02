import { UNIT_DAYS, type TimeUnit } from '../clv';
import type { SqlDialect } from './dialect';

/** Where a purchase log's columns are in the source relation (amount undefined: a log without amounts). */
export interface PurchaseColumns {
  customer: string;
  date: string;
  amount: string | undefined;
}

/** How the per-customer summary is taken from the purchase days. */
export interface SummaryOptions {
  /** The calibration end as a day number, inclusive. */
  end: number;
  unit: TimeUnit;
  /** The log had a refund somewhere: every day is netted to cents and counts as one order, as the in-memory path nets it. */
  netted: boolean;
}

/**
 * The purchase days of a log: one row per customer and day with the day's raw total, whether it held a refund,
 * its purchase rows and the rows whose amount was blank; `date_text` keeps a raw date for an unreadable one
 * (day NULL). Customers are trimmed text, days are day numbers (days since 1970-01-01).
 */
export function purchaseDaysSql(dialect: SqlDialect, source: string, columns: PurchaseColumns): string {
  const amount = columns.amount === undefined ? dialect.double('0') : dialect.double(dialect.identifier(columns.amount));
  const dateText = dialect.trim(dialect.text(dialect.identifier(columns.date)));
  return `SELECT customer, day, sum(amount) AS amount, ${dialect.anyOf('amount < 0')} AS refund, count(*) AS orders,
  count(*) - count(amount) AS blank_amounts, min(date_text) AS date_text
FROM (
  SELECT ${dialect.trim(dialect.text(dialect.identifier(columns.customer)))} AS customer, ${dialect.dayNumber(dateText)} AS day,
    ${amount} AS amount, ${dateText} AS date_text
  FROM ${source}
) AS purchases
GROUP BY customer, day`;
}

/** The log's last day and whether it has a refund (the default calibration end, and how to net it). */
export function logFactsSql(dialect: SqlDialect, days: string): string {
  return `SELECT ${dialect.double('max(day)')} AS last_day, coalesce(${dialect.anyOf('refund')}, FALSE) AS netted FROM ${days}`;
}

/**
 * The first purchase day the in-memory reader would refuse, worst first: a blank customer, an unreadable date,
 * a blank amount, then a day whose refunds exceed its purchases (net below 0 in cents), earliest first.
 * Columns: problem ('customer' | 'date' | 'amount' | 'refund'), customer, day, date_text, net.
 */
export function firstProblemSql(dialect: SqlDialect, days: string): string {
  const problem = `CASE WHEN customer IS NULL OR customer = '' THEN 'customer' WHEN day IS NULL THEN 'date' WHEN blank_amounts > 0 THEN 'amount' ELSE 'refund' END`;
  return `SELECT ${problem} AS problem, customer, ${dialect.double('day')} AS day, date_text, ${dialect.double('round(amount, 2)')} AS net
FROM ${days}
WHERE customer IS NULL OR customer = '' OR day IS NULL OR blank_amounts > 0 OR round(amount, 2) < 0
ORDER BY CASE WHEN customer IS NULL OR customer = '' THEN 0 WHEN day IS NULL THEN 1 WHEN blank_amounts > 0 THEN 2 ELSE 3 END, day, customer
LIMIT 1`;
}

/** A number literal that reads back as exactly the same double. */
function exact(dialect: SqlDialect, value: number): string {
  return dialect.double(dialect.string(String(value)));
}

/**
 * The RFM summary per customer as ONE GROUP BY over the purchase days up to the end (inclusive), by the
 * definitions of shared/clv's summarise: x = purchase days − 1, t_x = last − first day and T = end − first day
 * (in the unit, scaled as summarise scales), monetary = the mean spend of the repeat days (0 when x = 0);
 * orders and revenue for the fallback spend. A netted log drops days returned whole (net 0 with a refund).
 * Columns: customer, x, tx, T, monetary, orders, revenue (numbers as doubles).
 */
export function customerSummarySql(dialect: SqlDialect, days: string, options: SummaryOptions): string {
  if (!Number.isInteger(options.end)) throw new RangeError(`the calibration end must be a day number, got ${options.end}`);
  const scale = exact(dialect, 1 / UNIT_DAYS[options.unit]);
  const net = options.netted ? 'round(amount, 2)' : 'amount';
  const orders = options.netted ? '1' : 'orders';
  const kept = options.netted ? ' AND NOT (refund AND round(amount, 2) = 0)' : '';
  return `SELECT customer, ${dialect.double('count(*) - 1')} AS x,
  (max(day) - min(day)) * ${scale} AS tx,
  (${options.end} - min(day)) * ${scale} AS T,
  CASE WHEN count(*) > 1 THEN (sum(net) - ${dialect.valueAtMin('net', 'day')}) / (count(*) - 1) ELSE ${dialect.double('0')} END AS monetary,
  ${dialect.double('sum(orders)')} AS orders, sum(net) AS revenue
FROM (SELECT customer, day, ${dialect.double(net)} AS net, ${orders} AS orders FROM ${days} WHERE day <= ${options.end}${kept}) AS kept_days
GROUP BY customer`;
}

/** The summary compressed to its distinct (x, t_x, T) rows with how many customers share each (columns x, tx, T, n). */
export function distinctRowsSql(dialect: SqlDialect, summary: string): string {
  return `SELECT x, tx, T, ${dialect.double('count(*)')} AS n FROM ${summary} GROUP BY x, tx, T`;
}

/** The summary's distinct (x, mean spend) pairs with their counts, for the spend model (columns x, monetary, n). */
export function distinctSpendSql(dialect: SqlDialect, summary: string): string {
  return `SELECT x, monetary, ${dialect.double('count(*)')} AS n FROM ${summary} GROUP BY x, monetary`;
}
