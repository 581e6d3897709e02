import { UNIT_DAYS, type TimeUnit } from '../clv';
import type { SqlDialect } from './dialect';

/** Where a purchase log's columns are in the source relation (amount undefined: a log without amounts). */
export interface PurchaseColumns {
  customer: string;
  date: string;
  amount: string | undefined;
  /** The date column is typed DATE or TIMESTAMP (Parquet, a table), not text to parse. */
  dateTyped?: boolean;
  /**
   * A column numbering the rows in the log's order: when named, the totals carry each customer's first_row, so
   * customers can be listed in the order the log first names them, as the in-memory engine lists them.
   */
  row?: string;
}

/** How the RFM rows are taken from the customer totals. */
export interface SummaryOptions {
  /** The calibration end as a day number, inclusive (the totals must have been taken up to it). */
  end: number;
  unit: TimeUnit;
  /** The log had a refund somewhere: every kept day counts as one order, as the in-memory path nets it. */
  netted: boolean;
  /** Pass the totals' first_row on (they were taken with PurchaseColumns.row). */
  firstRow?: boolean;
}

/** A day number later than any date (the key that never wins an arg-min). */
const NEVER = 2147483647;

/** The day number of a row's date, as the in-memory reader reads it (NULL: unreadable). */
function dayOf(dialect: SqlDialect, columns: PurchaseColumns): string {
  const date = dialect.identifier(columns.date);
  return columns.dateTyped ? dialect.dayOfDate(date) : dialect.textDay(dialect.text(date));
}

/**
 * The log's rows as the summary reads them: customer (trimmed text), day (a day number, NULL when the date is
 * unreadable), amount (a double; 0 for a log without amounts) and, with `columns.row`, log_row. The summary can
 * be taken over these rows directly, or over them written out and read back in parts (customerTotalsOfRowsSql).
 */
export function purchaseRowsSql(dialect: SqlDialect, source: string, columns: PurchaseColumns): string {
  const amount = columns.amount === undefined ? dialect.double('0') : dialect.double(dialect.identifier(columns.amount));
  const row = columns.row === undefined ? '' : `, ${dialect.identifier(columns.row)} AS log_row`;
  return `SELECT ${dialect.trim(dialect.text(dialect.identifier(columns.customer)))} AS customer, ${dayOf(dialect, columns)} AS day, ${amount} AS amount${row}
    FROM ${source}`;
}

/**
 * The days of a log: one row per customer and date, netted as the in-memory path nets refunds (shared by the
 * queries below). `rows` is a relation with purchaseRowsSql's columns (log_row too when `withRow`).
 */
function purchaseDays(dialect: SqlDialect, rows: string, withRow: boolean, where = ''): string {
  return `SELECT customer, day, CASE WHEN ${dialect.anyOf('amount < 0')} THEN round(sum(amount), 2) ELSE sum(amount) END AS net,
    ${dialect.anyOf('amount < 0')} AS refund, count(*) AS order_rows, count(*) - count(amount) AS blank_amounts${withRow ? ', min(log_row) AS first_row' : ''}
  FROM ${rows}${where}
  GROUP BY customer, day`;
}

/** purchaseRowsSql as a relation to read from. */
const rowsOf = (dialect: SqlDialect, source: string, columns: PurchaseColumns): string => `(
    ${purchaseRowsSql(dialect, source, columns)}
  ) AS purchases`;

/**
 * The purchase log's customers, totalled in ONE GROUP BY over its days. A day is one customer's rows of one date,
 * netted as the in-memory path nets refunds (a day with a refund is rounded to cents; one that nets to 0 was
 * returned whole and is no purchase). Kept days are those up to `end` (inclusive; all when undefined). Columns:
 * customer; days, first_day, last_day, revenue, repeat_spend (all but the first kept day), order_rows (purchase
 * rows of kept days) over the kept days; last_any (the last date, kept or not), any_refund; and what the in-memory
 * reader refuses: bad_dates (> 0: a date that is neither YYYY-MM-DD nor YYYYMMDD), blank_amounts, and worst_net
 * (the lowest net of a day: below 0, refunds exceed purchases). With `columns.row`, also first_row: the customer's
 * first row of a day not returned whole, kept or not, which is where the in-memory reader first meets them.
 */
export function customerTotalsSql(dialect: SqlDialect, source: string, columns: PurchaseColumns, end: number | undefined): string {
  return customerTotalsOfRowsSql(dialect, rowsOf(dialect, source, columns), { end, firstRow: columns.row !== undefined });
}

/**
 * customerTotalsSql over rows already read (a relation with purchaseRowsSql's columns, log_row too when
 * `firstRow`): the same totals for one part of a log split by customer, so a part's GROUP BY fits in memory.
 */
export function customerTotalsOfRowsSql(dialect: SqlDialect, rows: string, options: { end: number | undefined; firstRow: boolean }): string {
  const { end } = options;
  if (end !== undefined && !Number.isInteger(end)) throw new RangeError(`the calibration end must be a day number, got ${end}`);
  const upTo = end === undefined ? 'day IS NOT NULL' : `day <= ${end}`;
  // The in-memory reader numbers customers over the whole log after netting: a day returned whole is gone, a day
  // after the end still counts.
  const firstRow = options.firstRow ? `,\n  min(CASE WHEN NOT (refund AND net = 0) THEN first_row END) AS first_row` : '';
  return `SELECT customer,
  count(kept_day) AS days,
  min(kept_day) AS first_day,
  max(kept_day) AS last_day,
  sum(kept_net) AS revenue,
  sum(kept_net) - ${dialect.valueAtMin('net', `coalesce(kept_day, ${NEVER})`)} AS repeat_spend,
  sum(CASE WHEN kept_day IS NULL THEN 0 ELSE order_rows END) AS order_rows,
  max(day) AS last_any,
  ${dialect.anyOf('refund')} AS any_refund,
  count(*) - count(day) AS bad_dates,
  sum(blank_amounts) AS blank_amounts,
  min(net) AS worst_net${firstRow}
FROM (
  SELECT customer, day, net, refund, order_rows, blank_amounts,${options.firstRow ? ' first_row,' : ''}
    CASE WHEN ${upTo} AND NOT (refund AND net = 0) THEN day END AS kept_day,
    CASE WHEN ${upTo} AND NOT (refund AND net = 0) THEN net ELSE 0 END AS kept_net
  FROM (
  ${purchaseDays(dialect, rows, options.firstRow)}
  ) AS netted
) AS purchase_days
GROUP BY customer`;
}

/** The log's last date and whether it has a refund (the default calibration end, and how orders count). */
export function logFactsSql(dialect: SqlDialect, totals: string): string {
  return `SELECT ${dialect.double('max(last_any)')} AS last_day, coalesce(${dialect.anyOf('any_refund')}, FALSE) AS netted FROM ${totals}`;
}

/**
 * The first customer the in-memory reader would refuse, worst first: a blank customer, an unreadable date, a blank
 * amount, then refunds that exceed a day's purchases. Columns: problem ('customer' | 'date' | 'amount' |
 * 'refund'), customer.
 */
export function firstProblemSql(totals: string): string {
  const rank = `CASE WHEN customer IS NULL OR customer = '' THEN 0 WHEN bad_dates > 0 THEN 1 WHEN blank_amounts > 0 THEN 2 ELSE 3 END`;
  return `SELECT CASE ${rank} WHEN 0 THEN 'customer' WHEN 1 THEN 'date' WHEN 2 THEN 'amount' ELSE 'refund' END AS problem, customer
FROM ${totals}
WHERE customer IS NULL OR customer = '' OR bad_dates > 0 OR blank_amounts > 0 OR worst_net < 0
ORDER BY ${rank}, customer
LIMIT 1`;
}

/** A customer's first day whose refunds exceed its purchases (columns day, net), read again from the source only for the refusal. */
export function negativeDaySql(dialect: SqlDialect, source: string, columns: PurchaseColumns, customer: string): string {
  const where = `\n  WHERE customer = ${dialect.string(customer)}`;
  return `SELECT ${dialect.double('day')} AS day, ${dialect.double('net')} AS net FROM (
  ${purchaseDays(dialect, rowsOf(dialect, source, columns), columns.row !== undefined, where)}
) AS days
WHERE net < 0 AND day IS NOT NULL
ORDER BY day
LIMIT 1`;
}

/** One unreadable date of a customer, as written (for the refusal; read again from the source only then). */
export function badDateSql(dialect: SqlDialect, source: string, columns: PurchaseColumns, customer: string): string {
  const dateText = dialect.trim(dialect.text(dialect.identifier(columns.date)));
  return `SELECT ${dateText} AS date_text FROM ${source}
WHERE ${dialect.trim(dialect.text(dialect.identifier(columns.customer)))} = ${dialect.string(customer)} AND ${dayOf(dialect, columns)} IS NULL
LIMIT 1`;
}

/** A number literal that reads back as exactly the same double. */
function exact(dialect: SqlDialect, value: number): string {
  return dialect.double(dialect.string(String(value)));
}

/**
 * The RFM summary per customer from the totals, by the definitions of shared/clv's summarise: x = purchase days
 * − 1, t_x = last − first day and T = end − first day (in the unit, scaled as summarise scales), monetary = the
 * mean spend of the repeat days (0 when x = 0); customers with no day up to the end are left out. Columns:
 * customer, x, tx, T, monetary, orders, revenue, first_day, last_day (numbers as doubles; days as day numbers),
 * and first_row when `options.firstRow`.
 */
export function rfmRowsSql(dialect: SqlDialect, totals: string, options: SummaryOptions): string {
  if (!Number.isInteger(options.end)) throw new RangeError(`the calibration end must be a day number, got ${options.end}`);
  const scale = exact(dialect, 1 / UNIT_DAYS[options.unit]);
  return `SELECT customer, ${dialect.double('days - 1')} AS x,
  (last_day - first_day) * ${scale} AS tx,
  (${options.end} - first_day) * ${scale} AS T,
  CASE WHEN days > 1 THEN repeat_spend / (days - 1) ELSE ${dialect.double('0')} END AS monetary,
  ${dialect.double(options.netted ? 'days' : 'order_rows')} AS orders, revenue,
  ${dialect.double('first_day')} AS first_day, ${dialect.double('last_day')} AS last_day${options.firstRow === true ? ', first_row' : ''}
FROM ${totals}
WHERE days > 0`;
}

/** The RFM rows compressed to their distinct (x, t_x, T) with how many customers share each (columns x, tx, T, n). */
export function distinctRowsSql(dialect: SqlDialect, rfm: string): string {
  return `SELECT x, tx, T, ${dialect.double('count(*)')} AS n FROM ${rfm} GROUP BY x, tx, T`;
}

/** The RFM rows' distinct (x, mean spend) pairs with their counts, for the spend model (columns x, monetary, n). */
export function distinctSpendSql(dialect: SqlDialect, rfm: string): string {
  return `SELECT x, monetary, ${dialect.double('count(*)')} AS n FROM ${rfm} GROUP BY x, monetary`;
}
