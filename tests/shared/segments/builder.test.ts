import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builderOf, parseRule, ruleText, type BuilderCondition, type BuilderGroup, type BuilderNode } from '../../../shared/segments';

const cond = (column: string, op: BuilderCondition['op'], value = '', value2 = ''): BuilderCondition => ({ kind: 'condition', column, op, value, value2 });
const group = (join: 'and' | 'or', children: BuilderNode[], negated = false): BuilderGroup => ({ kind: 'group', join, negated, children });

function roundTrip(tree: BuilderGroup): BuilderGroup {
  const parsed = parseRule(ruleText(tree));
  if (!parsed.ok) throw new Error(`${ruleText(tree)}: ${parsed.issues[0]?.message}`);
  return builderOf(parsed.rule);
}

describe('the segment builder and the rule text', () => {
  it('writes the rule a person would type for a tree built by clicks', () => {
    const tree = group('and', [
      cond('region', 'in', 'Gauteng, Western Cape'),
      cond('clv_12m', '>=', '1000'),
      group('or', [cond('tags', 'contains', 'vip'), cond('last_purchase', 'within last', '90')]),
      group('and', [cond('email', 'is empty')], true),
      cond('Riding style', '=', 'road'),
      cond('email_consent', '=', 'yes'),
      cond('postcode', '=', '0002'),
    ]);
    expect(ruleText(tree)).toBe(
      'region in ("Gauteng", "Western Cape") and clv_12m >= 1000 and (tags contains "vip" or last_purchase within last 90 days) and not (email is empty) and "Riding style" = "road" and email_consent = yes and postcode = "0002"',
    );
    expect(roundTrip(tree)).toEqual(tree);
  });

  it('reads typed text into the tree: not in / not contains / between / top % stay one condition', () => {
    const parsed = parseRule('not region in ("KZN") and revenue between 10 and 20 or top 10% by clv_12m');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(builderOf(parsed.rule)).toEqual(
      group('or', [group('and', [cond('region', 'not in', 'KZN'), cond('revenue', 'between', '10', '20')]), cond('clv_12m', 'top %', '10')]),
    );
  });

  it('any tree of clicks survives text → parse → tree unchanged', () => {
    const column = fc.constantFrom('region', 'clv_12m', 'last_purchase', 'Riding style', 'tags', 'in', 'churn risk');
    const value = fc.oneof(fc.constantFrom('Gauteng', '12', '-3.5', '0002', 'yes', 'it\'s "quoted"', 'a\\b', '2025-01-31', 'x, y'), fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() === s && s.trim() !== ''));
    const condition: fc.Arbitrary<BuilderCondition> = fc.oneof(
      fc.record({ column, op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), value }).map((c) => cond(c.column, c.op, c.value)),
      fc.record({ column, op: fc.constantFrom('in' as const, 'not in' as const), values: fc.array(fc.constantFrom('A', '7', 'no', 'B C'), { minLength: 1, maxLength: 3 }) }).map((c) => cond(c.column, c.op, c.values.join(', '))),
      fc.record({ column, op: fc.constantFrom('contains' as const, 'not contains' as const), value }).map((c) => cond(c.column, c.op, c.value)),
      fc.record({ column, op: fc.constantFrom('is empty' as const, 'is not empty' as const) }).map((c) => cond(c.column, c.op)),
      fc.record({ column, low: value, high: value }).map((c) => cond(c.column, 'between', c.low, c.high)),
      fc.record({ column, op: fc.constantFrom('within last' as const, 'within next' as const), n: fc.integer({ min: 0, max: 400 }) }).map((c) => cond(c.column, c.op, String(c.n))),
      fc.record({ column, op: fc.constantFrom('top %' as const, 'bottom %' as const), n: fc.integer({ min: 1, max: 100 }) }).map((c) => cond(c.column, c.op, String(c.n))),
    );
    // Trees as the builder makes them: a nested group either has another join than its parent or is negated, and
    // holds at least two conditions (a one-condition group is written as that condition).
    const tree = (join: 'and' | 'or', depth: number): fc.Arbitrary<BuilderGroup> =>
      fc
        .array(depth > 0 ? fc.oneof(condition, fc.boolean().chain((negated) => tree(negated ? join : join === 'and' ? 'or' : 'and', depth - 1).map((g) => ({ ...g, negated })))) : condition, { minLength: 2, maxLength: 4 })
        .map((children) => group(join, children));
    fc.assert(
      fc.property(fc.constantFrom('and' as const, 'or' as const).chain((j) => tree(j, 2)), (t) => {
        expect(roundTrip(t)).toEqual(t);
        expect(ruleText(roundTrip(t))).toBe(ruleText(t));
      }),
      { numRuns: 300 },
    );
  });
});
