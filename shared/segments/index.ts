/** Segments: a small rule language over any column, parsed, validated with clear errors, and evaluated on rows. */
export type { Literal, Rule, RuleIssue } from './ast';
export { parseRule } from './parse';
export { columnsOf, compileRule, evaluateSegment, validateRule, type EvaluationContext, type SegmentRow } from './evaluate';
export { segmentMatches, segmentMatchesOnGrid, segmentMemberIds, segmentTable, type SegmentTable } from './members';
export { BUILDER_OPS, builderOf, ruleText, type BuilderCondition, type BuilderGroup, type BuilderNode, type BuilderOp } from './builder';
export { SEGMENT_LIST_SEPARATOR, segmentNamesIn, withMembership } from './membership';
