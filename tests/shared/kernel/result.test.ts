import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { fail, issuesFromZod, ok, refuse } from '../../../shared/kernel';

describe('results', () => {
  it('carry a value with notes only when there are some', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(ok(3, [])).toEqual({ ok: true, value: 3 });
    expect(ok(3, ['Settings row 4 ignored.'])).toEqual({ ok: true, value: 3, notes: ['Settings row 4 ignored.'] });
  });

  it('carry problems at their paths', () => {
    expect(fail([{ path: ['a'], message: 'm', code: 'x' }])).toEqual({ ok: false, issues: [{ path: ['a'], message: 'm', code: 'x' }] });
    expect(refuse(['by'], 'Choose what to report by.')).toEqual({ ok: false, issues: [{ path: ['by'], code: 'invalid_input', message: 'Choose what to report by.' }] });
  });
});

describe('issuesFromZod', () => {
  const schema = z.object({
    name: z.string().check(z.minLength(1), z.maxLength(5)),
    limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
    kind: z.enum(['call', 'visit']),
    date: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
    country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, 'Use an ISO country code such as ZA.'))),
    ids: z.optional(z.array(z.string()).check(z.minLength(2))),
  });
  const issuesOf = (input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected a failure');
    return issuesFromZod(parsed.error);
  };

  it('puts each problem at its input path, in words, with too-long text coded apart', () => {
    expect(issuesOf({ name: 'abcdef', limit: 0, kind: 'fax', date: '1/2/2025', country: 'za', ids: ['x'] })).toEqual([
      { path: ['name'], code: 'too_long', message: 'name is too long: at most 5 characters.' },
      { path: ['limit'], code: 'invalid_input', message: 'limit must be at least 1.' },
      { path: ['kind'], code: 'invalid_input', message: 'kind: use one of call, visit.' },
      { path: ['date'], code: 'invalid_input', message: 'date is not in the expected form.' },
      { path: ['country'], code: 'invalid_input', message: 'Use an ISO country code such as ZA.' },
      { path: ['ids'], code: 'invalid_input', message: 'ids needs at least 2 items.' },
    ]);
  });

  it('says an empty field is required and names the kind of value expected without echoing it', () => {
    expect(issuesOf({ name: '', limit: '9', kind: 'call' })).toEqual([
      { path: ['name'], code: 'invalid_input', message: 'name is required.' },
      { path: ['limit'], code: 'invalid_input', message: 'limit should be a number.' },
    ]);
    expect(issuesOf({ kind: 'call' })).toEqual([{ path: ['name'], code: 'invalid_input', message: 'name should be text.' }]);
  });

  it('names the whole request when the problem has no path', () => {
    const parsed = schema.safeParse(null);
    expect(!parsed.success && issuesFromZod(parsed.error)).toEqual([{ path: [], code: 'invalid_input', message: 'The request should be a set of fields.' }]);
  });
});
