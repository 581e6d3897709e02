import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Command } from '../command';

const HELP = `Usage: regulars workbench [--workbook FILE.xlsx] [--port N] [--host H]

Serves the local workbench: the workbook's tabs as read-only tables and the add-on's sidebars beside them,
exactly the HTML the add-on ships, with google.script.run bridged to the add-on's server code running on the
.xlsx file. Changes made in a sidebar are saved to the file. Stop it with Ctrl+C.

Options:
  --workbook FILE.xlsx  the workbook to serve (default: workbook.xlsx here; the demo is written there if absent)
  --port N              the port (default: $PORT, else 8080; 0 picks a free one)
  --host H              the address to listen on (default 127.0.0.1, this machine only)
  -h, --help            show this help
`;

/** dist/addon of this install, built first when it holds no sidebar yet (a fresh clone before npm run build). */
async function addonDir(io: Parameters<Command>[1]): Promise<string> {
  const { findRoot, listSidebars } = await import('../../workbench');
  const root = findRoot(path.dirname(fileURLToPath(import.meta.url)));
  if (!root) throw new Error('cannot find the built add-on (dist/addon); run "npm run build"');
  const dir = path.join(root, 'dist', 'addon');
  const script = path.join(root, 'scripts', 'build.mjs');
  if ((await listSidebars(dir)).length === 0) {
    io.stderr('Building the add-on sidebars …\n');
    const built = spawnSync(process.execPath, [script, 'addon'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('building the add-on failed; run "npm run build" to see why');
  }
  return dir;
}

/** `regulars workbench`: opens (or creates) the workbook, serves it, and runs until interrupted. */
export const run: Command = async (args, io) => {
  const { parseWorkbenchArgs, WorkbenchArgsError, openOrCreateWorkbook, demoToday, startWorkbenchServer } = await import('../../workbench');
  let parsed;
  try {
    parsed = parseWorkbenchArgs(args, io.env, io.cwd);
  } catch (error) {
    if (error instanceof WorkbenchArgsError) throw new UsageError(error.message);
    throw error;
  }
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const dir = await addonDir(io);
  const started = performance.now();
  const { wb, created } = await openOrCreateWorkbook(parsed.workbook, demoToday(io.env));
  if (created) io.stdout(`No workbook at ${parsed.workbook}: wrote the demo workbook there.\n`);
  const server = await startWorkbenchServer({ wb, workbookPath: parsed.workbook, addonDir: dir, port: parsed.port, host: parsed.host });
  io.stdout(`Regulars workbench on ${parsed.workbook} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)\n${server.url}\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Calls under way finish and save before the process ends.
      server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
};
