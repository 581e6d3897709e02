// The one place that picks the browser the browser tests drive: CHROMIUM_PATH, then a Chrome or Chromium
// installed on the machine, then the Chromium that ships inside the @sparticuz/chromium npm package (so a
// fresh `npm ci && npm test` needs no apt and no download). Never skips: no browser is a failure that says
// what to install.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a browser comes from, for messages. */
export type BrowserSource = 'CHROMIUM_PATH' | 'installed' | 'bundled';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
}

/** What to do when no browser starts, in one line. */
export const NO_BROWSER =
  'No browser for the browser tests: run `npm ci` (it brings Chromium in @sparticuz/chromium), install Chrome or Chromium (Debian: apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary.';

/** Chrome and Chromium where Debian, Ubuntu, Fedora, macOS and Windows install them. */
export function installedCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    return ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.win32.join(root, 'Chromium', 'Application', 'chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
}

/** The bundled package's version, which names its folder, so an upgrade never runs an old extraction. */
function bundledVersion(): string | undefined {
  try {
    // The package's exports map hides package.json, so read it beside the resolved entry point.
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    const root = entry.slice(0, entry.lastIndexOf(`${path.sep}build${path.sep}`));
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The bundled Chromium, unpacked once per machine into the temp folder. The package unpacks into
 * os.tmpdir() and treats an existing file as complete, so each process unpacks into a private folder of its own
 * (TMPDIR of a child process) and renames it into place: a reader never sees half a binary, whichever of
 * several test workers gets there first.
 */
async function bundledChromium(): Promise<string | undefined> {
  const version = bundledVersion();
  if (!version || process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const home = path.join(os.tmpdir(), `regulars-chromium-${version}`);
  const binary = path.join(home, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = await mkdtemp(path.join(os.tmpdir(), 'regulars-chromium-unpack-'));
  try {
    const script = "import('@sparticuz/chromium').then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: staging }, cwd: path.dirname(new URL(import.meta.url).pathname) });
    if (path.dirname(stdout.trim()) !== staging) throw new Error(`unpacked to ${stdout.trim()}, not ${staging}`);
    await rename(staging, home).catch((error: NodeJS.ErrnoException) => {
      // Another worker renamed its copy first: use that one.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return existsSync(binary) ? binary : undefined;
}

/** The browser to drive for this environment; rejects with NO_BROWSER (and why) when there is none. */
export async function pickBrowser(env: NodeJS.ProcessEnv): Promise<FoundBrowser> {
  const pinned = env.CHROMIUM_PATH;
  if (pinned) {
    if (!existsSync(pinned)) throw new Error(`CHROMIUM_PATH=${pinned} does not exist. ${NO_BROWSER}`);
    return { executablePath: pinned, source: 'CHROMIUM_PATH' as const };
  }
  const installed = installedCandidates().find((p) => existsSync(p));
  if (installed) return { executablePath: installed, source: 'installed' as const };
  let why = '';
  const bundled = await bundledChromium().catch((error: unknown) => {
    why = ` (the bundled one could not be unpacked: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    return undefined;
  });
  if (bundled) return { executablePath: bundled, source: 'bundled' as const };
  throw new Error(NO_BROWSER + why);
}

let found: Promise<FoundBrowser> | undefined;

/** pickBrowser for this process's environment, chosen once per process. */
export function findBrowser(): Promise<FoundBrowser> {
  found ??= pickBrowser(process.env);
  return found;
}

/** The browser's own version line, which also proves it starts on this machine. */
export async function browserVersion(executablePath: string): Promise<string> {
  const { stdout } = await run(executablePath, ['--version', '--no-sandbox'], { timeout: 30_000 });
  return stdout.trim();
}
