import type * as z from 'zod/mini';
import type { CodedIssue } from './result';

/** The codes a zod problem becomes: text over its length limit, or any other input that was not understood. */
export type InputFault = 'invalid_input' | 'too_long';

// zod/mini carries no locale: a problem without a message of ours says only this.
const ZOD_DEFAULT = 'Invalid input';

const KINDS: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'yes or no', array: 'a list', object: 'a set of fields', date: 'a date' };

function fieldOf(path: readonly string[]): string {
  return path.length === 0 ? 'The request' : path.join('.');
}

function describe(issue: z.core.$ZodIssue, field: string): string {
  // A message of ours was written to stand next to its field, as it is.
  if (issue.message !== ZOD_DEFAULT && issue.message !== '') return issue.message;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `${field} is too long: at most ${String(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field} has too many items: at most ${String(issue.maximum)}.`;
      return `${field} must be ${issue.inclusive === false ? 'below' : 'at most'} ${String(issue.maximum)}.`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${field} is required.` : `${field} is too short: at least ${String(issue.minimum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field} needs at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}.`;
      return `${field} must be ${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}.`;
    case 'invalid_value':
      return `${field}: use one of ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      return `${field} is not in the expected form.`;
    case 'invalid_type':
      // zod/mini does not report the input, so a missing field and a wrong one read alike.
      return `${field} should be ${KINDS[issue.expected] ?? issue.expected}.`;
    default:
      return `${field} was not understood.`;
  }
}

/**
 * The problems of a failed zod parse, one issue each at its input path, in words that never echo the value:
 * a string over its limit is `too_long`, everything else `invalid_input`.
 */
export function issuesFromZod(error: z.core.$ZodError): CodedIssue<InputFault>[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const code: InputFault = issue.code === 'too_big' && issue.origin === 'string' ? 'too_long' : 'invalid_input';
    return { path, code, message: describe(issue, fieldOf(path)) };
  });
}
