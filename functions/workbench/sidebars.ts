import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GOOGLE_SCRIPT_SHIM } from './shim';

/** Sidebar names as the build writes them (folder names under addon/sidebars); anything else is refused. */
const SIDEBAR_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Every built sidebar in the add-on's dist folder, by name, sorted. */
export async function listSidebars(addonDir: string): Promise<string[]> {
  if (!existsSync(addonDir)) return [];
  const files = await readdir(addonDir);
  return files
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.slice(0, -'.html'.length))
    .filter((name) => SIDEBAR_NAME.test(name))
    .sort();
}

/** Puts the google.script shim before anything in the sidebar can run: right after <head>, else first. */
export function injectShim(html: string): string {
  const tag = `<script>${GOOGLE_SCRIPT_SHIM.replace(/<\/script/gi, '<\\/script')}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return tag + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + tag + html.slice(at);
}

/**
 * The sidebar exactly as the add-on ships it, plus the shim; undefined for a name that is not a built sidebar.
 * Read on every request so a rebuild shows without restarting the workbench.
 */
export async function sidebarHtml(addonDir: string, name: string): Promise<string | undefined> {
  if (!SIDEBAR_NAME.test(name)) return undefined;
  const file = path.join(addonDir, `${name}.html`);
  if (!existsSync(file)) return undefined;
  return injectShim(await readFile(file, 'utf8'));
}

/**
 * The repo (or installed package) root above `from`: the first folder holding dist/addon or scripts/build.mjs.
 * The CLI bundle lives in dist/cli and the sources in functions/workbench; both find the same root.
 */
export function findRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'dist', 'addon')) || existsSync(path.join(dir, 'scripts', 'build.mjs'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
