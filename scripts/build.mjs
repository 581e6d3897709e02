// Builds what the repo ships: `node scripts/build.mjs [cli|addon|functions ...]` (all when none named).
//   cli        dist/cli/regulars.mjs (+ lazily loaded chunks), the `regulars` bin
//   addon      dist/addon/Code.js, one self-contained HTML per sidebar, appsscript.json
//   functions  dist/functions/index.js with its own package.json, for gcloud
import * as esbuild from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { compileScanner } from './scan-log-wasm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// REGULARS_DIST builds elsewhere (tests build into a temporary folder so they never race a running workbench).
const dist = process.env.REGULARS_DIST ? path.resolve(process.env.REGULARS_DIST) : path.join(root, 'dist');
const wanted = process.argv.slice(2);
const targets = wanted.length > 0 ? wanted : ['cli', 'addon', 'functions'];

async function buildCli() {
  const outdir = path.join(dist, 'cli');
  await rm(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { regulars: path.join(root, 'functions/cli/entry.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Sidebar HTML is read at run time from dist/addon by the workbench.
  });
  // `clv fit` reads purchase logs with this WebAssembly scanner when it is beside the bundle (functions/clv).
  await writeFile(path.join(outdir, 'scan-log.wasm'), await compileScanner());
}

/** Apps Script sees only top-level function declarations: one delegate per export of the IIFE. */
function delegates(globalName, names) {
  return names
    .map((name) => `function ${name}() { return ${globalName}.${name}.apply(this, arguments); }`)
    .join('\n');
}

/**
 * The exports that are functions (data such as the menu table gets no delegate). Learnt by evaluating the
 * bundle with no Apps Script globals, which also proves nothing touches them at load time.
 */
function functionExports(code, globalName, names) {
  let bundle;
  try {
    bundle = vm.runInNewContext(`${code}\n;${globalName}`, {}, { filename: 'Code.js' });
  } catch (error) {
    throw new Error(`addon/server/main.ts must not run anything at load time (Apps Script evaluates Code.js on every call): ${error.message}`);
  }
  return names.filter((name) => typeof bundle[name] === 'function');
}

/**
 * The business's country's holidays for the add-on (REGULARS_COUNTRY, default ZA; the build year and the next
 * three), computed by the same functions/greetings/holidays.ts the CLI and functions use, so codes match.
 */
async function holidayTable() {
  const country = (process.env.REGULARS_COUNTRY ?? 'ZA').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`REGULARS_COUNTRY must be an ISO country code such as ZA, got "${country}"`);
  const out = await esbuild.build({ entryPoints: [path.join(root, 'functions/greetings/holidays.ts')], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' });
  const tmp = path.join(os.tmpdir(), `regulars-holidays-${process.pid}.mjs`);
  await writeFile(tmp, out.outputFiles[0].text);
  try {
    const { holidaysFor } = await import(pathToFileURL(tmp).href);
    const year = new Date().getUTCFullYear();
    return { country, holidays: holidaysFor(country, [year, year + 1, year + 2, year + 3]) };
  } finally {
    await rm(tmp, { force: true });
  }
}

async function buildAddon() {
  const outdir = path.join(dist, 'addon');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const entry = path.join(root, 'addon/server/main.ts');
  if (existsSync(entry)) {
    const globalName = 'RegularsAddon';
    // First pass only to learn the entry's export names.
    const probe = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, metafile: true, platform: 'neutral', logLevel: 'silent', mainFields: ['module', 'main'] });
    const exports = Object.values(probe.metafile.outputs)[0]?.exports ?? [];
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      globalName,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      write: false,
      logLevel: 'warning',
      define: { __REGULARS_HOLIDAYS__: JSON.stringify(await holidayTable()) },
      // The phone library's metadata would take most of the budget; the add-on dedupes small sheets with a
      // calling-code stand-in (tests/addon/phone-lite.test.ts compares it with the real library).
      alias: { 'libphonenumber-js/min': path.join(root, 'addon/server/phone-lite.ts') },
    });
    const code = result.outputFiles[0].text;
    await writeFile(path.join(outdir, 'Code.js'), `${code}\n${delegates(globalName, functionExports(code, globalName, exports))}\n`);
  }
  const manifest = path.join(root, 'addon/appsscript.json');
  if (existsSync(manifest)) await writeFile(path.join(outdir, 'appsscript.json'), withFunctionsUrl(await readFile(manifest, 'utf8')));
  const sidebarsDir = path.join(root, 'addon/sidebars');
  for (const name of existsSync(sidebarsDir) ? await readdir(sidebarsDir) : []) {
    const dir = path.join(sidebarsDir, name);
    if (!(await stat(dir)).isDirectory() || !existsSync(path.join(dir, 'index.html'))) continue;
    await writeFile(path.join(outdir, `${name}.html`), await inlineSidebar(dir));
  }
}

/** The placeholder host in appsscript.json's urlFetchWhitelist, replaced by REGULARS_FUNCTIONS_URL's origin when set. */
const FUNCTIONS_PLACEHOLDER = 'https://REGION-PROJECT.cloudfunctions.net/';

function withFunctionsUrl(manifest) {
  const url = process.env.REGULARS_FUNCTIONS_URL;
  if (!url) return manifest;
  const origin = new URL(url);
  if (origin.protocol !== 'https:') throw new Error(`REGULARS_FUNCTIONS_URL must be https: ${url}`);
  return manifest.replace(FUNCTIONS_PLACEHOLDER, `${origin.origin}/`);
}

/** One HTML file with its script and style inlined; `</script` inside the code is escaped. */
async function inlineSidebar(dir) {
  let html = await readFile(path.join(dir, 'index.html'), 'utf8');
  const script = path.join(dir, 'main.ts');
  if (existsSync(script)) {
    const result = await esbuild.build({ entryPoints: [script], bundle: true, format: 'iife', platform: 'browser', target: 'es2020', minify: true, legalComments: 'none', write: false, logLevel: 'warning' });
    const js = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
    html = html.replace('<!-- script -->', () => `<script>${js}</script>`);
  }
  const style = path.join(dir, 'style.css');
  if (existsSync(style)) {
    const css = (await readFile(style, 'utf8')).replace(/<\/style/gi, '<\\/style');
    html = html.replace('<!-- style -->', () => `<style>${css}</style>`);
  }
  return html;
}

async function buildFunctions() {
  const outdir = path.join(dist, 'functions');
  const entry = path.join(root, 'functions/http/main.ts');
  await rm(outdir, { recursive: true, force: true });
  if (!existsSync(entry)) return;
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  // Libraries with native or data-heavy trees stay external and are installed by gcloud from package.json.
  // @duckdb/node-api is external only so esbuild does not scan its native bindings: no function calls it, so the
  // bundle does not require it and it is not shipped (dependencies are the externals the bundle requires).
  const external = ['@google-cloud/functions-framework', 'googleapis', 'google-auth-library', 'nodemailer', 'date-holidays', 'libphonenumber-js', 'exceljs', '@google-cloud/bigquery', '@duckdb/node-api'];
  await esbuild.build({ entryPoints: [entry], outfile: path.join(outdir, 'index.js'), bundle: true, format: 'cjs', platform: 'node', target: 'node22', external, logLevel: 'warning', sourcemap: 'linked' });
  const code = await readFile(path.join(outdir, 'index.js'), 'utf8');
  const required = (name) => ['require', 'import'].some((call) => code.includes(`${call}("${name}")`) || code.includes(`${call}("${name}/`));
  const dependencies = Object.fromEntries(external.filter((name) => pkg.dependencies?.[name] && required(name)).map((name) => [name, pkg.dependencies[name]]));
  await writeFile(path.join(outdir, 'package.json'), `${JSON.stringify({ name: 'regulars-functions', private: true, main: 'index.js', engines: { node: '22' }, dependencies }, null, 2)}\n`);
}

const builders = { cli: buildCli, addon: buildAddon, functions: buildFunctions };
for (const target of targets) {
  const build = builders[target];
  if (!build) throw new Error(`unknown build target ${target}; use ${Object.keys(builders).join(', ')}`);
  await build();
}
