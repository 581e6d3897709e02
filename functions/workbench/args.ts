import path from 'node:path';

/** What `regulars workbench` was asked for. */
export interface WorkbenchArgs {
  workbook: string;
  port: number;
  host: string;
}

export const DEFAULT_PORT = 8080;

/** A flag's problem, reported by the CLI as a usage error. */
export class WorkbenchArgsError extends Error {
  override readonly name = 'WorkbenchArgsError';
}

function port(flag: string, text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text.trim())) throw new WorkbenchArgsError(`${flag} needs a port number`);
  const n = Number(text);
  // 0 asks the system for a free port (tests and benches use it).
  if (n > 65_535) throw new WorkbenchArgsError(`${flag} must be between 0 and 65535`);
  return n;
}

/**
 * Parses `[--workbook FILE.xlsx] [--port N] [--host H]`: --port beats PORT, which beats 8080; the workbook
 * defaults to ./workbook.xlsx. Returns 'help' for -h/--help.
 */
export function parseWorkbenchArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): WorkbenchArgs | 'help' {
  const out: WorkbenchArgs = { workbook: path.resolve(cwd, 'workbook.xlsx'), port: DEFAULT_PORT, host: '127.0.0.1' };
  if (env.PORT !== undefined && env.PORT !== '') out.port = port('PORT', env.PORT);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--workbook': {
        const file = value();
        if (file === undefined || file.trim() === '' || file.startsWith('--')) throw new WorkbenchArgsError('--workbook needs a file name');
        if (!/\.xlsx$/i.test(file)) throw new WorkbenchArgsError('--workbook must name an .xlsx file');
        out.workbook = path.resolve(cwd, file);
        break;
      }
      case '--port':
        out.port = port('--port', value());
        break;
      case '--host': {
        const host = value();
        if (host === undefined || host.trim() === '') throw new WorkbenchArgsError('--host needs a host name or address');
        out.host = host.trim();
        break;
      }
      default:
        throw new WorkbenchArgsError(`unknown option "${arg}" (see regulars workbench --help)`);
    }
  }
  return out;
}
