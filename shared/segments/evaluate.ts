import { addDays } from '../kernel';
import { foldHeader } from '../workbook';
import type { Literal, Rule, RuleIssue } from './ast';
import { parseRule } from './parse';

/** A row as segments see it: column name → value (typed records and raw rows alike). */
export type SegmentRow = Readonly<Record<string, unknown>>;

/** Every column a rule names, in order of appearance. */
export function columnsOf(rule: Rule): string[] {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return [...columnsOf(rule.left), ...columnsOf(rule.right)];
    case 'not':
      return columnsOf(rule.rule);
    default:
      return [rule.column];
  }
}

/** Checks that every column a rule names exists (names folded like headers: "Last Purchase" = last_purchase). */
export function validateRule(rule: Rule, columns: readonly string[]): RuleIssue[] {
  const known = new Set(columns.map(foldHeader));
  return columnsOf(rule)
    .filter((c) => !known.has(foldHeader(c)))
    .map((c) => ({ code: 'unknown_column' as const, at: 0, message: `there is no column "${c}"` }));
}

function isBlankValue(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

function truthy(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (['yes', 'y', 'true', '1'].includes(w)) return true;
    if (['no', 'n', 'false', '0'].includes(w)) return false;
  }
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  return undefined;
}

/** -1, 0 or 1; numbers compare as numbers, ISO dates and text as case-insensitive text. */
function compareValues(a: unknown, b: Literal): number | undefined {
  if (isBlankValue(a)) return undefined;
  if (typeof b === 'boolean') {
    const t = truthy(a);
    return t === undefined ? undefined : t === b ? 0 : 1;
  }
  const na = asNumber(a);
  if (typeof b === 'number') return na === undefined ? undefined : Math.sign(na - b);
  const sa = String(a).trim().toLowerCase();
  const sb = b.trim().toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** What evaluation needs besides the rows: today's date in the business's time zone. */
export interface EvaluationContext {
  today: string;
}

/**
 * Compiles a rule into a predicate over rows. "top N% by column" needs the whole population, so the rows
 * are given here; the cut-off is the value of the customer at rank ceil(N% of those with a value).
 */
export function compileRule(rule: Rule, rows: readonly SegmentRow[], context: EvaluationContext): (row: SegmentRow) => boolean {
  const keyCache = new Map<string, string | undefined>();
  const resolve = (row: SegmentRow, column: string): unknown => {
    if (column in row) return row[column];
    const folded = foldHeader(column);
    if (!keyCache.has(folded)) keyCache.set(folded, Object.keys(row).find((k) => foldHeader(k) === folded));
    const key = keyCache.get(folded);
    return key === undefined ? undefined : row[key];
  };
  const build = (r: Rule): ((row: SegmentRow) => boolean) => {
    switch (r.kind) {
      case 'and': {
        const [a, b] = [build(r.left), build(r.right)];
        return (row) => a(row) && b(row);
      }
      case 'or': {
        const [a, b] = [build(r.left), build(r.right)];
        return (row) => a(row) || b(row);
      }
      case 'not': {
        const a = build(r.rule);
        return (row) => !a(row);
      }
      case 'compare':
        return (row) => {
          const c = compareValues(resolve(row, r.column), r.value);
          if (c === undefined) return r.op === '!=';
          return { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[r.op];
        };
      case 'in':
        return (row) => r.values.some((v) => compareValues(resolve(row, r.column), v) === 0);
      case 'contains': {
        const needle = r.value.toLowerCase();
        return (row) => {
          const v = resolve(row, r.column);
          return !isBlankValue(v) && String(v).toLowerCase().includes(needle);
        };
      }
      case 'empty':
        return (row) => isBlankValue(resolve(row, r.column)) !== r.negated;
      case 'between':
        return (row) => {
          const v = resolve(row, r.column);
          const lo = compareValues(v, r.low);
          const hi = compareValues(v, r.high);
          return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
        };
      case 'within': {
        const [from, to] = r.direction === 'last' ? [addDays(context.today, -r.days), context.today] : [context.today, addDays(context.today, r.days)];
        return (row) => {
          const v = resolve(row, r.column);
          if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return false;
          const day = v.slice(0, 10);
          return day >= from && day <= to;
        };
      }
      case 'top': {
        const values = rows.map((row) => asNumber(resolve(row, r.column))).filter((v): v is number => v !== undefined);
        values.sort((a, b) => (r.bottom ? a - b : b - a));
        const take = Math.ceil((values.length * r.percent) / 100);
        const cut = values[take - 1];
        return (row) => {
          const v = asNumber(resolve(row, r.column));
          if (v === undefined || cut === undefined) return false;
          return r.bottom ? v <= cut : v >= cut;
        };
      }
    }
  };
  return build(rule);
}

/** Parses, validates and evaluates a rule over rows: the members, or the issues that stop it. */
export function evaluateSegment<R extends SegmentRow>(
  source: string,
  rows: readonly R[],
  columns: readonly string[],
  context: EvaluationContext,
): { ok: true; members: R[] } | { ok: false; issues: RuleIssue[] } {
  const parsed = parseRule(source);
  if (!parsed.ok) return parsed;
  const issues = validateRule(parsed.rule, columns);
  if (issues.length > 0) return { ok: false, issues };
  const test = compileRule(parsed.rule, rows, context);
  return { ok: true, members: rows.filter((row) => test(row)) };
}
