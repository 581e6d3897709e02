import type { Literal, Rule } from './ast';

/** The operators the builder offers, each one way of writing a condition in the rule language. */
export const BUILDER_OPS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'contains', 'not contains', 'is empty', 'is not empty', 'between', 'within last', 'within next', 'top %', 'bottom %'] as const;

/** One operator of BUILDER_OPS. */
export type BuilderOp = (typeof BUILDER_OPS)[number];

/** One condition as the builder shows it: a column, an operator and the value(s) typed or picked (as text). */
export interface BuilderCondition {
  kind: 'condition';
  column: string;
  op: BuilderOp;
  /** The value; for `in` a list separated by commas; for `within` and `top %` a number. */
  value: string;
  /** The upper value of `between`. */
  value2: string;
}

/** A group of conditions joined by `and` (all) or `or` (any), negated with `not` as a whole. */
export interface BuilderGroup {
  kind: 'group';
  join: 'and' | 'or';
  negated: boolean;
  children: BuilderNode[];
}

/** A node of the builder's tree. */
export type BuilderNode = BuilderCondition | BuilderGroup;

/** A column name as the rule language needs it: bare when it is a plain word, quoted otherwise. */
function columnText(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !KEYWORDS.has(name.toLowerCase()) ? name : quote(name);
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'is', 'empty', 'between', 'within', 'last', 'next', 'days', 'top', 'bottom', 'by', 'true', 'false', 'yes', 'no']);

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A value as a literal: a number or yes/no bare when it reads back the same, anything else quoted. */
function valueText(value: string): string {
  const v = value.trim();
  if (v !== '' && /^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v) return v;
  if (/^(yes|no)$/.test(v)) return v;
  return quote(v);
}

function listText(value: string): string {
  return value
    .split(',')
    .map((v) => valueText(v))
    .join(', ');
}

function conditionText(c: BuilderCondition): string {
  const col = columnText(c.column);
  switch (c.op) {
    case 'in':
    case 'not in':
      return `${col} ${c.op} (${listText(c.value)})`;
    case 'contains':
    case 'not contains':
      return `${col} ${c.op} ${quote(c.value.trim())}`;
    case 'is empty':
    case 'is not empty':
      return `${col} ${c.op}`;
    case 'between':
      return `${col} between ${valueText(c.value)} and ${valueText(c.value2)}`;
    case 'within last':
    case 'within next':
      return `${col} ${c.op} ${c.value.trim() || '0'} days`;
    case 'top %':
    case 'bottom %':
      return `${c.op === 'top %' ? 'top' : 'bottom'} ${c.value.trim() || '0'}% by ${col}`;
    default:
      return `${col} ${c.op} ${valueText(c.value)}`;
  }
}

/** The rule text of a builder tree; an empty group is left out, a lone condition needs no parentheses. */
export function ruleText(node: BuilderNode, nested = false): string {
  if (node.kind === 'condition') return conditionText(node);
  const parts = node.children.map((child) => ruleText(child, true)).filter((t) => t !== '');
  if (parts.length === 0) return '';
  const joined = parts.join(` ${node.join} `);
  if (node.negated) return `not (${joined})`;
  return nested && parts.length > 1 ? `(${joined})` : joined;
}

function literalText(value: Literal): string {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}

const condition = (column: string, op: BuilderOp, value = '', value2 = ''): BuilderCondition => ({ kind: 'condition', column, op, value, value2 });

/** Gathers a chain of the same join (a and b and c) into one list, as the builder shows it. */
function chain(rule: Rule, join: 'and' | 'or'): Rule[] {
  return rule.kind === join ? [...chain(rule.left, join), ...chain(rule.right, join)] : [rule];
}

function nodeOf(rule: Rule): BuilderNode {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return { kind: 'group', join: rule.kind, negated: false, children: chain(rule, rule.kind).map(nodeOf) };
    case 'not': {
      const inner = rule.rule;
      if (inner.kind === 'in') return condition(inner.column, 'not in', inner.values.map(literalText).join(', '));
      if (inner.kind === 'contains') return condition(inner.column, 'not contains', inner.value);
      const node = nodeOf(inner);
      return node.kind === 'group' && !node.negated ? { ...node, negated: true } : { kind: 'group', join: 'and', negated: true, children: [node] };
    }
    case 'compare':
      return condition(rule.column, rule.op, literalText(rule.value));
    case 'in':
      return condition(rule.column, 'in', rule.values.map(literalText).join(', '));
    case 'contains':
      return condition(rule.column, 'contains', rule.value);
    case 'empty':
      return condition(rule.column, rule.negated ? 'is not empty' : 'is empty');
    case 'between':
      return condition(rule.column, 'between', literalText(rule.low), literalText(rule.high));
    case 'within':
      return condition(rule.column, rule.direction === 'last' ? 'within last' : 'within next', String(rule.days));
    case 'top':
      return condition(rule.column, rule.bottom ? 'bottom %' : 'top %', String(rule.percent));
  }
}

/** The builder tree of a parsed rule: always a group at the top, so the sidebar has somewhere to add conditions. */
export function builderOf(rule: Rule): BuilderGroup {
  const node = nodeOf(rule);
  return node.kind === 'group' ? node : { kind: 'group', join: 'and', negated: false, children: [node] };
}
