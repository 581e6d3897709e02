import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { invalidRequest, issueLines } from '../../../functions/http/invalid-request';

describe('one way from zod to the text of a 400', () => {
  it('writes each kernel issue at its JSON path, naming the field once', () => {
    expect(
      issueLines([
        { path: ['purchases', '17', 'date'], message: 'expected a date as YYYY-MM-DD' },
        { path: ['rows', '3', 'email'], message: 'rows.3.email is too long: at most 20 characters.' },
        { path: [], message: 'The request should be a set of fields.' },
      ]),
    ).toEqual(['purchases[17].date: expected a date as YYYY-MM-DD', 'rows[3].email is too long: at most 20 characters.', 'body: The request should be a set of fields.']);
  });

  it('answers a refused body with a 400: the first problem as the error, at most twenty listed', () => {
    const schema = z.object({ rows: z.array(z.object({ id: z.string().min(1, 'required') })) });
    const parsed = schema.safeParse({ rows: Array.from({ length: 25 }, () => ({ id: '' })) });
    if (parsed.success) throw new Error('the schema should refuse blank ids');
    const answer = invalidRequest(parsed.error) as { status: number; body: { error: string; issues: string[] } };
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid request: rows[0].id: required');
    expect(answer.body.issues).toHaveLength(20);
    expect(answer.body.issues[19]).toBe('rows[19].id: required');
  });
});
