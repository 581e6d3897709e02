// The layer and cycle rules of docs/architecture.md, checked by dependency-cruiser (`npm run lint` runs it after
// eslint; alone: `npx depcruise shared addon functions bench tests scripts`). Paths are relative to the repo root.
//
// Layers, bottom up: shared/kernel ← the engines (every other shared/<capability>/) ← shared/api ← the adapters
// (addon/, functions/). bench/, tests/ and scripts/ may import anything, but take part in the cycle check.
// A "folder" is a unit behind its index.ts: each shared/<capability>/, each functions/<area>/ and each
// addon/<area>/ (addon/server, addon/sidebars); subfolders belong to the unit they are in.
// Type-only imports count (tsPreCompilationDeps): a type that makes two files need each other is a cycle too.

/** The unit a path belongs to, as regex groups: $1 the top folder, $2 the unit's folder. */
const UNIT = '^(shared|functions|addon)/([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Modules must not import each other in a circle; move the shared type next to what produces it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Folders must not need each other in a circle (two engines, or two areas of functions/), even through index.ts.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-is-the-bottom',
      comment: 'shared/kernel is the bottom layer: it imports nothing else of this repository.',
      severity: 'error',
      from: { path: '^shared/kernel/' },
      to: { path: '^(shared|addon|functions|bench|tests|scripts)/', pathNot: '^shared/kernel/' },
    },
    {
      name: 'engine-not-to-api',
      comment: 'An engine (shared/<capability>/) may import the kernel and other engines, never shared/api, which sits above it.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '^shared/api/' },
      to: { path: '^shared/api/' },
    },
    {
      name: 'shared-not-to-adapters',
      comment: 'shared/ is the pure core: it never imports the adapters (addon/, functions/) or bench/, tests/, scripts/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(addon|functions|bench|tests|scripts)/' },
    },
    {
      name: 'shared-not-to-node',
      comment: 'shared/ runs in Apps Script and the browser too: no Node built-ins (node:fs, crypto, …).',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'addon-not-to-node',
      comment: 'addon/ runs in Apps Script and the browser: no Node built-ins.',
      severity: 'error',
      from: { path: '^addon/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'adapters-apart',
      comment: 'addon/ and functions/ are separate runtimes; what both need belongs in shared/.',
      severity: 'error',
      from: { path: '^(addon|functions)/' },
      to: { path: '^(addon|functions)/', pathNot: '^$1/' },
    },
    {
      name: 'through-index-only',
      comment: "Another folder is imported only through its index.ts (its public face), never a file inside it.",
      severity: 'error',
      from: { path: UNIT },
      to: { path: UNIT, pathNot: ['^$1/$2/', '^(shared|functions|addon)/[^/]+/index\\.ts$'] },
    },
    {
      name: 'not-own-index',
      comment: "A file imports its own folder's siblings directly, not the folder's index.ts (that is a cycle in waiting).",
      severity: 'error',
      from: { path: UNIT, pathNot: '^(shared|functions|addon)/[^/]+/index\\.ts$' },
      to: { path: '^$1/$2/index\\.ts$' },
    },
    {
      name: 'resolvable',
      comment: 'Every import resolves (an unresolved one would be invisible to the rules above).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.tsbuild|node_modules|coverage)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.mjs', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
