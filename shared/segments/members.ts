import { cellText, type Grid } from '../workbook';
import type { RuleIssue } from './ast';
import { compileRule, validateRule, type SegmentRow } from './evaluate';
import { parseRule } from './parse';

/** A tab's rows as segments see them (header → cell, every column a user added included), with its columns. */
export interface SegmentTable {
  columns: string[];
  rows: SegmentRow[];
}

/** Reads a grid (the Customers tab) into rows keyed by header, blank header cells skipped. */
export function segmentTable(grid: Grid): SegmentTable {
  const columns = grid.header.map((h) => h.trim());
  const rows = grid.rows.map((cells) => {
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (c !== '') row[c] = cells[i] ?? null;
    });
    return row;
  });
  return { columns: columns.filter((c) => c !== ''), rows };
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
