/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal, so progress bars may be drawn. */
  isTTY: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** A subcommand: parses its own arguments and returns the process exit code. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

/** Bad input from the user: printed as one clear line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
