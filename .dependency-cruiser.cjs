// The layer and cycle rules of docs/architecture.md, checked by dependency-cruiser (`npm run lint` runs it before
// eslint; alone: `npm run lint:layers`). Paths are relative to the repo root.
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
      comment: 'These modules import each other in a circle (type imports count). Move the type (or constant) they share next to what produces it, or into a file of its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'These folders need each other in a circle, even if every import goes through an index.ts. Move what one takes from the other down, so that only one of them imports the other.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-is-the-bottom',
      comment: 'shared/kernel is the bottom layer and imports nothing else of this repository; move what it needs into the kernel, or the code out of it.',
      severity: 'error',
      from: { path: '^shared/kernel/' },
      to: { path: '^(shared|addon|functions|bench|tests|scripts)/', pathNot: '^shared/kernel/' },
    },
    {
      name: 'engine-not-to-api',
      comment: 'An engine (shared/<capability>/) may import the kernel and other engines, never shared/api, which sits above it; move the code it needs down into an engine.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '^shared/api/' },
      to: { path: '^shared/api/' },
    },
    {
      name: 'shared-not-to-adapters',
      comment: 'shared/ is the pure core and never imports addon/, functions/, bench/, tests/ or scripts/; pass what it needs in as a parameter (a port) instead.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(addon|functions|bench|tests|scripts)/' },
    },
    {
      name: 'shared-not-to-node',
      comment: 'shared/ runs in Apps Script and the browser too: no Node built-ins. Do the I/O in an adapter and pass the data in.',
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
      comment: 'addon/ and functions/ are separate runtimes and never import each other; what both need belongs in shared/.',
      severity: 'error',
      from: { path: '^(addon|functions)/' },
      to: { path: '^(addon|functions)/', pathNot: '^$1/' },
    },
    {
      name: 'through-index-only',
      comment: "Import another folder through its index.ts (e.g. '../workbook', not '../workbook/labels'), and export the name from that index if it is missing.",
      severity: 'error',
      from: { path: UNIT },
      to: { path: UNIT, pathNot: ['^$1/$2/', '^(shared|functions|addon)/[^/]+/index\\.ts$'] },
    },
    {
      name: 'not-own-index',
      comment: "Import the sibling file itself ('./labels'), not your own folder's index.ts: that is a cycle in waiting.",
      severity: 'error',
      from: { path: UNIT, pathNot: '^(shared|functions|addon)/[^/]+/index\\.ts$' },
      to: { path: '^$1/$2/index\\.ts$' },
    },
    {
      name: 'resolvable',
      comment: 'This import does not resolve to a file or package, so the rules above cannot see where it goes.',
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
