// What `regulars clv fit` loads at start-up: its command chunk and the chunks they import statically. The dedupe
// engine (and libphonenumber-js with its metadata) once came along through the SQL modules' index and cost 60 ms
// of every clv run; this holds the line.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildToTemp, removeTempDirs } from './build-to-temp';

afterAll(removeTempDirs);

/** Every file a chunk imports statically, transitively (dynamic imports are loaded only when asked). */
function staticClosure(dir: string, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?["']([^"']+)["']/g)) {
      const target = m[1]!;
      if (target.startsWith('./')) visit(target.slice(2));
      else seen.add(`package:${target}`);
    }
  };
  visit(entry);
  return seen;
}

describe('the CLI chunks', () => {
  it('clv fit loads the CLV engine and neither the dedupe engine, the SQL engines nor libphonenumber-js', () => {
    const dir = path.join(buildToTemp(['cli']), 'cli');
    const clv = readdirSync(dir).find((f) => /^clv-[A-Z0-9]+\.mjs$/.test(f));
    expect(clv).toBeDefined();
    const loaded = [...staticClosure(dir, clv!)];
    const sources = loaded.filter((f) => !f.startsWith('package:')).flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/^\/\/ ((?:shared|functions)\/[\w/.-]+)/gm)].map((m) => m[1]!));
    expect(sources).toContain('shared/clv/pipeline.ts');
    expect(sources.filter((s) => s.startsWith('shared/dedupe/') || s.startsWith('shared/sql/') || s.startsWith('functions/sql/'))).toEqual([]);
    expect(loaded.filter((f) => f.startsWith('package:') && !f.startsWith('package:node:'))).toEqual([]);
  }, 120_000);
});
