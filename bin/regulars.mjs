#!/usr/bin/env node
// Launcher for the built CLI (npm's `prepare` builds dist/cli on `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/regulars.mjs', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('regulars: the CLI is not built yet; run "npm run build" (or "npm ci", which builds it).\n');
  process.exit(1);
}
await import(built.href);
