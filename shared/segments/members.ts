import { cellText, foldHeader, type Grid } from '../workbook';
import type { Rule, RuleIssue } from './ast';
import { columnsOf, compileRule, validateRule, type SegmentRow } from './evaluate';
import { parseRule } from './parse';

/** A tab's rows as segments see them (header → cell, every column a user added included), with its columns. */
export interface SegmentTable {
  columns: string[];
  rows: SegmentRow[];
}

/**
 * Reads a grid (the Customers tab) into rows keyed by header, blank header cells skipped; with `only`, rows hold
 * just those columns (names folded like headers), which keeps a live count over thousands of rows fast.
 */
export function segmentTable(grid: Grid, only?: readonly string[]): SegmentTable {
  const columns = grid.header.map((h) => h.trim());
  const wanted = only ? new Set(only.map(foldHeader)) : undefined;
  const kept = columns.map((c, i) => [c, i] as const).filter(([c]) => c !== '' && (!wanted || wanted.has(foldHeader(c))));
  const rows = grid.rows.map((cells) => {
    const row: Record<string, unknown> = {};
    for (const [c, i] of kept) row[c] = cells[i] ?? null;
    return row;
  });
  return { columns: columns.filter((c) => c !== ''), rows };
}

/** Where a rule's problems are, or the rule parsed and checked against the grid's columns. */
function checked(source: string, header: readonly string[]): { ok: true; rule: Rule } | { ok: false; issues: RuleIssue[] } {
  const parsed = parseRule(source);
  if (!parsed.ok) return parsed;
  const issues = validateRule(parsed.rule, header.map((h) => h.trim()).filter((h) => h !== ''));
  return issues.length > 0 ? { ok: false, issues } : parsed;
}

/**
 * The rows of a grid a rule selects (indexes into grid.rows, with those rows keyed by header holding the rule's
 * columns and `extra`), or the issues that stop it, each at its place.
 */
export function segmentMatchesOnGrid(
  source: string,
  grid: Grid,
  today: string,
  extra: readonly string[] = [],
): { ok: true; matches: number[]; table: SegmentTable } | { ok: false; issues: RuleIssue[] } {
  const rule = checked(source, grid.header);
  if (!rule.ok) return rule;
  const table = segmentTable(grid, [...columnsOf(rule.rule), ...extra]);
  const test = compileRule(rule.rule, table.rows, { today });
  const matches: number[] = [];
  table.rows.forEach((row, i) => {
    if (test(row)) matches.push(i);
  });
  return { ok: true, matches, table };
}

/** The indexes (into table.rows) of the rows a rule selects, or the issues that stop it, each at its place. */
export function segmentMatches(source: string, table: SegmentTable, today: string): { ok: true; matches: number[] } | { ok: false; issues: RuleIssue[] } {
  const parsed = parseRule(source);
  if (!parsed.ok) return parsed;
  const issues = validateRule(parsed.rule, table.columns);
  if (issues.length > 0) return { ok: false, issues };
  const test = compileRule(parsed.rule, table.rows, { today });
  const matches: number[] = [];
  table.rows.forEach((row, i) => {
    if (test(row)) matches.push(i);
  });
  return { ok: true, matches };
}

/** The ids (column `id`, trimmed) of the rows a rule selects, or the issues that stop it. */
export function segmentMemberIds(source: string, table: SegmentTable, today: string): { ok: true; ids: Set<string> } | { ok: false; issues: RuleIssue[] } {
  const result = segmentMatches(source, table, today);
  if (!result.ok) return result;
  return { ok: true, ids: new Set(result.matches.map((i) => cellText(table.rows[i]?.id as string | number | null | undefined))) };
}
