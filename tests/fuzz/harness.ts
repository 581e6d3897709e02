// What every fuzz suite checks of an answer, and the count of inputs it tried per entry point.
import { expect } from 'vitest';

/** Markers of a leaked stack trace or file path: "at fn (", "/home/…/x.ts:12", "node_modules", "C:\\…". */
const LEAKS = [/\bat [^\s()]+ \([^)]*:\d+:\d+\)/, /\bat (file|node):/, /\n\s+at \S/, /(^|[\s"'(])\/(home|work|tmp|usr|root|Users|app)\//, /node_modules/, /\.[cm]?[jt]s:\d+/, /[A-Z]:\\\\/, /<title>Error<\/title>/i];

/** Markers of a stack trace only (a CLI may name the file its user gave it, path and all). */
const STACKS = LEAKS.slice(0, 3);

/** Fails when a text shows a stack trace, an absolute path (unless `paths` are allowed) or any of the secrets. */
export function expectNoLeak(text: string, secrets: readonly string[] = [], where = '', paths = false): void {
  for (const leak of paths ? STACKS : LEAKS) expect(leak.test(text), `${where}: ${leak} in ${text.slice(0, 300)}`).toBe(false);
  for (const secret of secrets) expect(text.includes(secret), `${where}: a secret in ${text.slice(0, 300)}`).toBe(false);
}

const tried = new Map<string, number>();

/** Counts one input tried at an entry point. */
export function tally(entry: string): void {
  tried.set(entry, (tried.get(entry) ?? 0) + 1);
}

/** Prints how many inputs were tried per entry point (call from afterAll). */
export function printTally(suite: string): void {
  const lines = [...tried].map(([entry, n]) => `  ${entry}: ${n}`);
  console.log(`fuzz ${suite}: inputs tried per entry point\n${lines.join('\n')}`);
}

/** Hostile strings: formulas, markup, path tricks, control and odd Unicode, huge numbers. */
export const HOSTILE_STRINGS = [
  '=HYPERLINK("http://evil.example","x")',
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../etc/passwd',
  '%E0%A4%A',
  '\u0000\u0001\u001f',
  '\uFEFF\u202E\uD800',
  '__proto__',
  'constructor',
  '1e309',
  '-0',
  'NaN',
  'x'.repeat(5000),
];
