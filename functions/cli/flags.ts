import { UsageError } from './command';

/** One word of a command line as read: the word, its flag name (before any `=`), and a reader of the flag's value. */
export interface CommandWord {
  arg: string;
  flag: string;
  /** The flag's value: after `=`, else the next word (consumed); a missing or blank value is a UsageError. */
  value: () => string;
}

/** Walks a command's words in turn, so every command reads `--flag value` and `--flag=value` the same way. */
export function* commandLine(args: readonly string[]): Generator<CommandWord> {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v.trim() === '' || (eq < 0 && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v.trim();
    };
    yield { arg, flag, value };
  }
}
