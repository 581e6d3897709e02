// Runs `regulars` in this process with its output captured, as a shell would see it: the exit code, standard
// output and standard error (not a terminal, no environment).
import type { CliIO } from '../../../functions/cli/command';
import { main } from '../../../functions/cli/main';

/** `regulars ARGS…` run in `cwd`. */
export async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
