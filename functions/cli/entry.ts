import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { main } from './main';
import { respawnArgs } from './young-generation';

// The process entry of the `regulars` bin: real streams in, exit code out.
// `regulars export … | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const args = process.argv.slice(2);
const fileSize = (file: string): number => {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() === true ? stat.size : 0;
};
const again = respawnArgs(args, process.execArgv, process.argv[1] ?? '', process.env, fileSize, totalmem());
if (again) {
  // The same command with a larger young generation (young-generation.ts); its exit is ours.
  // The child is told not to do the same again, whatever its flags look like.
  const child = spawnSync(process.execPath, again, { stdio: 'inherit', env: { ...process.env, REGULARS_NO_RESPAWN: '1' } });
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

main(args, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`regulars: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
