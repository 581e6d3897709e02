import type * as z from 'zod';
import { issuesFromZod, type Issue } from '../../shared/kernel';
import type { HandlerResponse } from './handler';

/** At most this many problems are listed in one answer: enough to fix a batch, short enough to read. */
const MAX_LISTED = 20;

/** A path as a JSON caller writes it: `purchases[17].date` (the kernel keeps indices as text). */
function jsonPath(path: readonly string[]): string {
  return path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');
}

/**
 * "purchases[17].date: expected a date as YYYY-MM-DD" — where each problem is and what is wrong, one line per
 * kernel issue. A message in which the kernel already names its field ("rows.3.email is too long…") names it once.
 */
export function issueLines(issues: readonly Issue[]): string[] {
  return issues.slice(0, MAX_LISTED).map((issue) => {
    const field = issue.path.join('.');
    const at = jsonPath(issue.path);
    if (field !== '' && issue.message.startsWith(field)) return `${at}${issue.message.slice(field.length)}`;
    return `${at || 'body'}: ${issue.message}`;
  });
}

/** A 400 for a body its schema refused, through the kernel's one zod → issues: the first problem says what, `issues` lists them. */
export function invalidRequest(error: z.core.$ZodError): HandlerResponse {
  const lines = issueLines(issuesFromZod(error));
  return { status: 400, body: { error: `invalid request: ${lines[0] ?? 'unreadable body'}`, issues: lines } };
}
