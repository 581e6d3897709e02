// Runs `regulars` in this process with its output captured, as a shell would see it: the exit code, standard
// output and standard error (not a terminal and no environment, unless asked).
import type { CliIO } from '../../../functions/cli/command';
import { main } from '../../../functions/cli/main';

/** How the shell around the run looks. */
export interface CliShell {
  /** Standard error is a terminal (progress bars are drawn). */
  isTTY?: boolean;
  env?: Record<string, string>;
}

/** `regulars ARGS…` run in `cwd`. */
export async function cli(args: string[], cwd: string, shell: CliShell = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: shell.isTTY ?? false, cwd, env: shell.env ?? {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
