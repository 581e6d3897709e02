// Purchase imports: order exports (several lines per order folded into one purchase), matched to customers, missing ones created.
import { appendRecords, cellText, importLogTab, openTable, parseNumber, parseSettings, purchasesTab, readTable, SETTINGS_TAB, type Customer, type Purchase, type Workbook } from '../workbook';
import { applyImport, type ApplyContext, type ImportResult } from './apply';
import { indexCustomers } from './customers';
import { countryDateOrder, dependsOnOrder, detectDateOrder, readDate } from './dates';
import { mapColumns, unmappedColumns, type ColumnMapping } from './mapping';
import { splitName } from './names';
import type { FilePlan, ImportOptions, ImportPlan, PlannedCreate } from './plan';
import { detectPreset } from './presets';
import type { Candidate, DateColumnOrder } from './rows';
import type { ImportIssue, SourceTable } from './types';
import { cleanCell, defaultPhoneNormaliser, readEmail, readPhone } from './values';

/** What a purchase-file column can become. */
export const PURCHASE_TARGETS = ['order_id', 'date', 'amount', 'currency', 'description', 'channel', 'staff', 'customer_ref', 'email', 'phone', 'full_name', 'first_name', 'last_name', 'company', 'status'] as const;

/** Header patterns per purchase target (folded headers), best first; Shopify's order "Name" (#1001) is the order id. */
export const PURCHASE_ALIASES: Readonly<Record<(typeof PURCHASE_TARGETS)[number], readonly RegExp[]>> = {
  order_id: [/^(orderid|ordernumber|ordername|order|name|orderno)$/, /^(transactionid|receiptnumber|receiptno|invoice|invoiceno|invoicenumber)$/, /^paymentid$/],
  date: [/^(createdat|orderdate|date|purchasedate|invoicedate|transactiondate|datecreated|createddate|datetime)$/, /^(paidat|datepaid)$/],
  amount: [/^(total|ordertotal|grandtotal|totalamount|amount|carttotal)$/, /^totalcollected$/, /^(totalsales|netsales|grosssales|value)$/],
  currency: [/^(currency|ordercurrency)$/],
  description: [/^(lineitemname|description|item|items|itemname|product|productname|itemdescription)$/],
  channel: [/^(source|channel|saleschannel)$/, /^paymentmethod$/],
  staff: [/^(staff|staffname|staffmember|employee|cashier|soldby|servedby)$/],
  customer_ref: [/^(customerid|customerreferenceid|clientid|customerno|customernumber|accountnumber)$/],
  email: [/^(email|customeremail|billingemail|emailaddress|e?mail)$/],
  phone: [/^(phone|billingphone|customerphone|phonenumber|mobile|shippingphone)$/],
  full_name: [/^(billingname|customername|customer|shippingname|client|clientname)$/],
  first_name: [/^(billingfirstname|firstname|customerfirstname)$/],
  last_name: [/^(billinglastname|lastname|customerlastname|surname)$/],
  company: [/^(billingcompany|company|companyname)$/],
  status: [/^(status|transactionstatus|paymentstatus)$/],
};

/** One purchase to write, and the customer it belongs to: an existing id or a customer this import creates. */
export interface PlannedPurchase {
  file: number;
  line: number;
  customer: { id: string } | { create: number };
  purchase: Partial<Purchase>;
}

/** The plan of a purchase import: customers to create first, then purchases. */
export interface PurchasePlan {
  files: FilePlan[];
  customers: PlannedCreate[];
  purchases: PlannedPurchase[];
}

interface OrderRows {
  line: number;
  rows: string[][];
}

/**
 * Consecutive rows with the same order id form one order (Shopify writes an order's line items one under the
 * other); the same id further down is another event of that order — Square's refund of a payment — so its own purchase.
 */
function groupOrders(table: SourceTable, mapping: ColumnMapping): OrderRows[] {
  const orderAt = mapping.get('order_id')?.[0];
  const out: OrderRows[] = [];
  let previous = '';
  table.rows.forEach((cells, i) => {
    if (cells.every((c) => (c ?? '').trim() === '')) return;
    const id = orderAt === undefined ? '' : cleanCell(cells[orderAt]);
    const last = out[out.length - 1];
    if (id !== '' && id === previous && last) last.rows.push(cells);
    else out.push({ line: table.lines[i] ?? i + 2, rows: [cells] });
    previous = id;
  });
  return out;
}

/** Existing customers by "first last" (folded), only where the name is unique: two namesakes are never guessed between. */
function uniqueNames(rows: readonly { record: Customer }[]): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const { record } of rows) {
    if (record.status === 'merged') continue;
    const name = `${record.first_name} ${record.last_name}`.trim().toLowerCase().replace(/\s+/g, ' ');
    if (name === '') continue;
    if (seen.has(name)) out.delete(name);
    else out.set(name, record.id);
    seen.add(name);
  }
  return out;
}

/**
 * Plans a purchase import: one purchase per order (the first non-blank total of its lines; line item names
 * joined), refunds and returns kept as negative amounts, customers matched by id, e-mail or phone and created
 * when missing (rows of one import naming the same new customer share it). A purchase already in the workbook
 * (same customer, date, amount and description) is skipped, so a re-import adds nothing twice.
 */
export function planPurchaseImport(wb: Workbook, sources: readonly SourceTable[], options: ImportOptions = {}): PurchasePlan {
  const { settings } = parseSettings(wb.read(SETTINGS_TAB));
  const country = (options.country ?? settings.country).toUpperCase();
  const normalise = options.normalisePhone ?? defaultPhoneNormaliser;
  const index = indexCustomers(wb, { kind: 'email' }, country, normalise);
  const ids = new Set(index.table?.rows.map((r) => r.record.id) ?? []);
  const byName = uniqueNames(index.table?.rows ?? []);
  const existingPurchases = new Set((readTable(wb, purchasesTab)?.rows ?? []).map((r) => purchaseKey(r.record)));
  const files: FilePlan[] = [];
  const customers: PlannedCreate[] = [];
  const purchases: PlannedPurchase[] = [];
  const newCustomer = new Map<string, number>();
  sources.forEach((table, fileIndex) => {
    const preset = detectPreset(table.header, table.format);
    const { mapping, problems } = mapColumns(table.header, PURCHASE_ALIASES, options.map ?? {});
    const issues: ImportIssue[] = [];
    const col = (field: string): number | undefined => mapping.get(field)?.[0];
    const dateAt = col('date');
    const seen = dateAt === undefined ? undefined : detectDateOrder(table.rows.map((r) => cleanCell(r[dateAt])));
    const order = seen === 'dmy' || seen === 'mdy' ? seen : (options.dateOrder ?? countryDateOrder(country));
    const dateOrders: DateColumnOrder[] = dateAt === undefined ? [] : [{ column: table.header[dateAt] ?? 'date', order, decidedBy: seen === 'dmy' || seen === 'mdy' ? 'values' : options.dateOrder ? 'option' : 'country', ambiguous: !(seen === 'dmy' || seen === 'mdy') && table.rows.some((r) => dependsOnOrder(cleanCell(r[dateAt]))) }];
    const plan: FilePlan = {
      file: table.file,
      format: table.format,
      preset,
      mapping: [...mapping.entries()].filter(([, c]) => c.length > 0).map(([field, c]) => ({ field, columns: c.map((i) => table.header[i] ?? ''), samples: table.rows.slice(0, 3).map((r) => (r[c[0] ?? -1] ?? '').trim()) })),
      unmapped: unmappedColumns(table.header, mapping).map((i) => table.header[i] ?? ''),
      dateOrders,
      rows: 0,
      skipped: 0,
      issues,
      problems,
    };
    for (const group of groupOrders(table, mapping)) {
      plan.rows++;
      const value = (field: string): string => {
        const at = col(field);
        if (at === undefined) return '';
        for (const r of group.rows) {
          const v = cleanCell(r[at]);
          if (v !== '') return v;
        }
        return '';
      };
      const header = (field: string): string => table.header[col(field) ?? -1] ?? field;
      const skip = (column: string, reason: string): void => {
        plan.skipped++;
        issues.push({ row: group.line, column, reason });
      };
      const date = readDate(value('date'), order);
      if (date === undefined || date.startsWith('--')) {
        skip(header('date'), value('date') === '' ? 'no date; row skipped' : `not a date (read as ${order.toUpperCase()}); row skipped`);
        continue;
      }
      if (/^(declined|failed|voided|void|cancelled|canceled|abandoned)$/i.test(value('status'))) {
        skip(header('status'), `a ${value('status').toLowerCase()} transaction is not a sale; row skipped`);
        continue;
      }
      const amount = readAmount(value('amount'));
      if (!amount.ok || amount.value === undefined) {
        skip(header('amount'), value('amount') === '' ? 'no amount; row skipped' : 'not an amount; row skipped');
        continue;
      }
      const email = readEmail(value('email'));
      const phone = value('phone') === '' ? undefined : readPhone(value('phone'), country, normalise);
      const ref = value('customer_ref');
      let customer: PlannedPurchase['customer'] | undefined;
      if (ref !== '' && ids.has(ref)) customer = { id: ref };
      const hit = (email && index.byEmail.get(email)) || (phone && index.byPhone.get(phone));
      if (!customer && hit) customer = { id: hit.record.id };
      const full = value('full_name');
      const names = value('first_name') !== '' || value('last_name') !== '' ? { first: value('first_name'), last: value('last_name') } : splitName(full);
      const nameKey = `${names.first} ${names.last}`.trim().toLowerCase().replace(/\s+/g, ' ');
      // A row that names its customer only by name goes to the one existing customer of that name, if there is exactly one.
      const named = !email && !phone && nameKey !== '' ? byName.get(nameKey) : undefined;
      if (!customer && named) customer = { id: named };
      if (!customer) {
        const keys = [email && `e:${email}`, phone && `p:${phone}`, ref && `r:${ref}`, !email && !phone && !ref && nameKey !== '' && `n:${nameKey}`].filter((k): k is string => typeof k === 'string' && k !== '');
        if (keys.length === 0 && value('company') === '') {
          skip(['email', 'phone', 'customer_ref', 'full_name', 'first_name'].map((f) => (col(f) === undefined ? '' : header(f))).find((h) => h !== '') ?? '', 'no customer (e-mail, phone, id or name); row skipped');
          continue;
        }
        const known = keys.map((k) => newCustomer.get(k)).find((n) => n !== undefined);
        if (known !== undefined) customer = { create: known };
        else {
          const fields: Partial<Customer> = { first_name: names.first, last_name: names.last, company: value('company'), email: email ?? '', phone: phone ?? value('phone') };
          const candidate: Candidate = { file: fileIndex, line: group.line, fields: {}, phones: phone ? [phone] : [] };
          customers.push({ candidate, record: { ...fields, status: 'active', contact_type: 'customer', source: `${preset.label} import: ${table.file}` } });
          customer = { create: customers.length - 1 };
        }
        for (const k of keys) if (!newCustomer.has(k)) newCustomer.set(k, (customer).create);
      }
      const descriptions = [...new Set(group.rows.map((r) => cleanCell(r[col('description') ?? -1])).filter((d) => d !== ''))];
      const orderId = value('order_id');
      const description = [orderId, descriptions.join('; ')].filter((s) => s !== '').join(': ');
      const purchase: Partial<Purchase> = { date, amount: amount.value, currency: value('currency') || settings.currency, description, channel: value('channel'), staff: value('staff') };
      if ('id' in customer && existingPurchases.has(purchaseKey({ ...purchase, customer_id: customer.id }))) {
        skip(header('order_id'), 'already in the workbook (same customer, date, amount and description); row skipped');
        continue;
      }
      purchases.push({ file: fileIndex, line: group.line, customer, purchase });
    }
    files.push(plan);
  });
  return { files, customers, purchases };
}

/** An amount as exports write it: "R 1,234.50", "-$45.00" or "(45.00)" for a refund. */
export function readAmount(text: string): ReturnType<typeof parseNumber> {
  const t = text.trim();
  const negative = /^-|^\(.*\)$/.test(t);
  const parsed = parseNumber(t.replace(/^-\s*|^\(|\)$/g, ''));
  if (!parsed.ok || parsed.value === undefined || !negative) return parsed;
  return { ok: true, value: -Math.abs(parsed.value) };
}

function purchaseKey(p: Partial<Purchase>): string {
  return [p.customer_id ?? '', p.date ?? '', String(p.amount ?? ''), cellText(p.description ?? '')].join('|');
}

function planAsCustomers(plan: PurchasePlan): ImportPlan {
  return { files: plan.files, creates: plan.customers, updates: [], consents: [], possibleDuplicates: [] };
}

/** What a purchase import would do, written nowhere (--dry-run). */
export function purchaseDryRun(plan: PurchasePlan): ImportResult {
  return { importId: '', files: plan.files.map((f, i) => ({ file: f.file, format: f.format, preset: f.preset.name, rows: f.rows, created: plan.purchases.filter((p) => p.file === i).length, updated: 0, skipped: f.skipped, issues: f.issues })), possibleDuplicates: [], createdIds: [] };
}

/** Writes a purchase plan: missing customers, then purchases (one append), each row logged in the Import log for undo. */
export function applyPurchaseImport(wb: Workbook, plan: PurchasePlan, ctx: ApplyContext): ImportResult {
  const customers = applyImport(wb, planAsCustomers(plan), ctx);
  const table = openTable(wb, purchasesTab);
  const rows = plan.purchases.map((p) => ({ ...p.purchase, customer_id: 'id' in p.customer ? p.customer.id : (customers.createdIds[p.customer.create] ?? '') }));
  const written = appendRecords(wb, table, rows);
  appendRecords(
    wb,
    openTable(wb, importLogTab),
    written.map((r, i) => ({ import_id: ctx.importId, file: plan.files[plan.purchases[i]?.file ?? 0]?.file ?? '', format: plan.files[plan.purchases[i]?.file ?? 0]?.preset.label ?? '', tab: purchasesTab.name, row_id: r.id, before: '', by: ctx.by, at: ctx.at })),
  );
  return {
    ...customers,
    files: customers.files.map((f, i) => ({ ...f, created: plan.purchases.filter((p) => p.file === i).length, customersCreated: plan.customers.filter((c) => c.candidate.file === i).length })),
  };
}
