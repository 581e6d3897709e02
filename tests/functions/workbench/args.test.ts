import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkbenchArgs, WorkbenchArgsError } from '../../../functions/workbench';

const cwd = '/home/ann/shop';

describe('regulars workbench arguments', () => {
  it('defaults to ./workbook.xlsx on 127.0.0.1:8080', () => {
    expect(parseWorkbenchArgs([], {}, cwd)).toEqual({ workbook: path.join(cwd, 'workbook.xlsx'), port: 8080, host: '127.0.0.1' });
  });

  it('takes PORT from the environment, and --port over PORT', () => {
    expect(parseWorkbenchArgs([], { PORT: '3000' }, cwd)).toMatchObject({ port: 3000 });
    expect(parseWorkbenchArgs(['--port', '9000'], { PORT: '3000' }, cwd)).toMatchObject({ port: 9000 });
    expect(parseWorkbenchArgs(['--port=0'], {}, cwd)).toMatchObject({ port: 0 });
  });

  it('resolves --workbook against the current folder', () => {
    expect(parseWorkbenchArgs(['--workbook', 'data/Shop.XLSX'], {}, cwd)).toMatchObject({ workbook: path.join(cwd, 'data/Shop.XLSX') });
    expect(parseWorkbenchArgs(['--workbook=/tmp/a.xlsx'], {}, cwd)).toMatchObject({ workbook: '/tmp/a.xlsx' });
  });

  it('answers help', () => {
    expect(parseWorkbenchArgs(['--help'], {}, cwd)).toBe('help');
    expect(parseWorkbenchArgs(['-h'], {}, cwd)).toBe('help');
  });

  it.each([
    [['--port', 'eighty'], {}, '--port needs a port number'],
    [['--port', '70000'], {}, '--port must be between 0 and 65535'],
    [[], { PORT: 'x' }, 'PORT needs a port number'],
    [['--workbook'], {}, '--workbook needs a file name'],
    [['--workbook', 'customers.csv'], {}, '--workbook must name an .xlsx file'],
    [['--verbose'], {}, 'unknown option "--verbose" (see regulars workbench --help)'],
  ] as const)('refuses %j %j: %s', (args, env, message) => {
    expect(() => parseWorkbenchArgs(args, env, cwd)).toThrow(new WorkbenchArgsError(message));
  });
});
