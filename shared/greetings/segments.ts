import { customersTab, type Campaign, type Customer, type Segment } from '../workbook';
import { compileRule, parseRule, validateRule, type SegmentRow } from '../segments';
import type { CustomerInput } from './data';

/** A segment named by a campaign whose rule could not be used (the planner then reports it unknown). */
export interface SegmentProblem {
  segment: string;
  message: string;
}

/**
 * Membership tests for the segments the campaigns name, from the Segments tab's rules evaluated over the
 * customers (their own columns included). Only named segments are compiled, so planning stays linear.
 */
export function segmentTests(
  segments: readonly Segment[],
  campaigns: readonly Campaign[],
  customers: readonly CustomerInput[],
  today: string,
): { tests: Record<string, (customer: Customer) => boolean>; problems: SegmentProblem[] } {
  const wanted = new Set(campaigns.map((c) => c.segment.trim().toLowerCase()).filter((s) => s !== ''));
  const tests: Record<string, (customer: Customer) => boolean> = {};
  const problems: SegmentProblem[] = [];
  if (wanted.size === 0) return { tests, problems };
  let rows: SegmentRow[] | undefined;
  let columns: string[] = [];
  for (const segment of segments) {
    const name = segment.name.trim();
    if (!wanted.has(name.toLowerCase()) || name.toLowerCase() in tests) continue;
    const parsed = parseRule(segment.rule);
    if (!parsed.ok) {
      problems.push({ segment: name, message: parsed.issues.map((i) => i.message).join('; ') });
      continue;
    }
    if (!rows) {
      rows = customers.map((c) => ({ ...c.extra, ...(c.record as unknown as SegmentRow) }));
      columns = [...Object.keys(customersTab.columns), ...Object.keys(customers[0]?.extra ?? {})];
    }
    const issues = validateRule(parsed.rule, columns);
    if (issues.length > 0) {
      problems.push({ segment: name, message: issues.map((i) => i.message).join('; ') });
      continue;
    }
    const test = compileRule(parsed.rule, rows, { today });
    const members = new Set<string>();
    rows.forEach((row, i) => {
      if (test(row)) members.add(customers[i]!.record.id.trim());
    });
    tests[name.toLowerCase()] = (customer) => members.has(customer.id.trim());
  }
  return { tests, problems };
}
