/** Segments: a small rule language over any column, parsed, validated with clear errors, and evaluated on rows. */
export type { Literal, Rule, RuleIssue } from './ast';
export { parseRule } from './parse';
export { columnsOf, compileRule, evaluateSegment, validateRule, type EvaluationContext, type SegmentRow } from './evaluate';
export { segmentMatches, segmentMemberIds, segmentTable, type SegmentTable } from './members';
