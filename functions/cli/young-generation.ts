// `regulars dedupe` on a large list makes millions of objects that die young (keys, pair rows, value codes). With
// V8's default young generation (16 MB semi-spaces) most of them are copied to the old generation before they die,
// and collecting that costs a quarter of a 200,000-record run and a tenth of a million-record one (README). V8
// reads the size only at start, so the command re-runs itself once with a larger one, when its input is large: on
// a small file the second start-up costs more than it saves.

/** The V8 flag the heavy commands run with: semi-spaces of 64 MB (a young generation of about 192 MB). */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';

/** Commands whose runs on large files are dominated by short-lived objects. */
const HEAVY = new Set(['dedupe']);

/**
 * The heap the second start may grow to, in MB: three quarters of the machine's memory. V8's default (about 4 GB)
 * ends a run of two million records or more with "heap out of memory"; five million need about 8 GB.
 */
export function oldSpaceFlag(totalMemoryBytes: number): string {
  return `--max-old-space-size=${Math.floor((totalMemoryBytes * 0.75) / 2 ** 20)}`;
}

/** Input (bytes, all files together) from which the second start is worth it: about 75,000 rows of CSV. */
export const LARGE_INPUT_BYTES = 8 * 2 ** 20;

/**
 * The node arguments to run the CLI again with a larger young generation (and, unless chosen, a heap of three
 * quarters of `totalMemoryBytes`), or undefined to go on as is: for a heavy command on large input (`sizeOf` gives a
 * path's size, 0 when it is no file), unless the young generation's size was already chosen (on the command line or
 * in NODE_OPTIONS) or REGULARS_NO_RESPAWN is set.
 */
export function respawnArgs(
  argv: readonly string[],
  execArgv: readonly string[],
  script: string,
  env: Readonly<Record<string, string | undefined>>,
  sizeOf: (path: string) => number,
  totalMemoryBytes: number,
): string[] | undefined {
  if (!HEAVY.has(argv[0] ?? '') || argv.includes('--help') || argv.includes('-h')) return undefined;
  if (env.REGULARS_NO_RESPAWN !== undefined && env.REGULARS_NO_RESPAWN !== '') return undefined;
  const chosen = (text: string): boolean => /--max-semi-space-size\b/.test(text);
  if (execArgv.some(chosen) || chosen(env.NODE_OPTIONS ?? '')) return undefined;
  // The files read: every argument that names one, but the one written (--out).
  const input = argv.slice(1).reduce((sum, arg, k, all) => (arg.startsWith('-') || all[k - 1] === '--out' ? sum : sum + sizeOf(arg)), 0);
  if (input < LARGE_INPUT_BYTES) return undefined;
  const heap = execArgv.some((a) => a.startsWith('--max-old-space-size')) || (env.NODE_OPTIONS ?? '').includes('--max-old-space-size') ? [] : [oldSpaceFlag(totalMemoryBytes)];
  return [...execArgv, YOUNG_GENERATION_FLAG, ...heap, script, ...argv];
}
