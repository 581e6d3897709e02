// The BigQuery dedupe UDFs: their JavaScript is the engine's own TypeScript bundled (the checked-in library is what
// the bundler makes of shared/dedupe today), and run in Node as BigQuery's V8 runs it they answer exactly what the
// TypeScript answers, on random strings (accents, emoji, repeats) and on the real values of a dedupe fixture.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jaroWinkler, prepare, wordWeights } from '../../../shared/dedupe';
import { companyContainment, companySimilarity } from '../../../shared/dedupe/company';
import { tokenOverlap, withinTypos } from '../../../shared/dedupe/similarity';
import { mulberry32 } from '../../../shared/kernel';
import { DEDUPE_UDFS, udfDeclaration, udfJavaScript, udfParameters, withUdfs } from '../../../shared/sql';
import { bundleUdfLibrary, udfLibraryModule } from '../../../scripts/bigquery-udfs.mjs';
import { fixture } from '../../functions/sql/comparison-harness';

/** A UDF as BigQuery calls it: its parameters bound, its JavaScript run (a fresh function, as each UDF is). */
function udf(name: string): (...args: unknown[]) => unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point: run the exact text BigQuery is sent
  return new Function(...udfParameters(name), udfJavaScript(name)) as (...args: unknown[]) => unknown;
}

const rand = mulberry32(42);
const word = (letters: readonly string[], most = 8): string => Array.from({ length: Math.floor(rand() * most) }, () => letters[Math.floor(rand() * letters.length)]).join('');
const LETTERS = ['a', 'b', 'c', 'n', 'e', '\u00e9', 'e\u0301', '\u00f8', '\ud83d\ude00', '\ud83d\ude01', ' '];

/** Random pairs, many of them near (one built from the other by an edit), so every answer occurs. */
function randomPairs(count: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (let k = 0; k < count; k++) {
    const a = word(LETTERS, 10);
    const at = Math.floor(rand() * (a.length + 1));
    const b = k % 2 === 0 ? word(LETTERS, 10) : a.slice(0, at) + word(LETTERS, 2) + a.slice(at + Math.floor(rand() * 2));
    pairs.push([a, b]);
  }
  return pairs;
}

/** Pairs of real values: every value with its neighbours in sorted order (near spellings) and a random one. */
function realPairs(values: readonly string[]): [string, string][] {
  const sorted = [...new Set(values.filter((v) => v !== ''))].sort();
  return sorted.flatMap((v, k) => [[v, sorted[k + 1] ?? v] as [string, string], [v, sorted[Math.floor(rand() * sorted.length)] as string] as [string, string]]);
}

describe('the UDF library', () => {
  it('is what the bundler makes of shared/dedupe now (regenerate with node scripts/bigquery-udfs.mjs)', async () => {
    const file = await readFile(path.join(__dirname, '../../../shared/sql/bigquery-udf-library.ts'), 'utf8');
    expect(file).toBe(udfLibraryModule(await bundleUdfLibrary()));
  }, 30_000);

  it('declares each UDF as BigQuery reads it, and a statement declares only the UDFs it calls', () => {
    expect(udfDeclaration('regulars_jaro_winkler')).toMatch(/^CREATE TEMP FUNCTION regulars_jaro_winkler\(a STRING, b STRING\) RETURNS FLOAT64 LANGUAGE js AS r"""\n[^]*\n"""$/);
    expect(udfParameters('regulars_company_similarity')).toEqual(['a', 'wa', 'b', 'wb']);
    expect(withUdfs('SELECT 1')).toBe('SELECT 1');
    const script = withUdfs('SELECT regulars_within_typos(a, b, 1.0) FROM t');
    expect(script.match(/CREATE TEMP FUNCTION (\w+)/g)).toEqual(['CREATE TEMP FUNCTION regulars_within_typos']);
    // Each UDF's code stays under BigQuery's 32 KB per inline code blob.
    for (const name of Object.keys(DEDUPE_UDFS)) expect(Buffer.byteLength(udfJavaScript(name))).toBeLessThan(32_000);
  });
});

describe('the UDFs answer as the TypeScript does', () => {
  it('Jaro-Winkler and withinTypos (1 and 2) on random strings, to the last bit', () => {
    const [jw, typos] = [udf('regulars_jaro_winkler'), udf('regulars_within_typos')];
    const pairs = randomPairs(20_000);
    const wrong = pairs.filter(([a, b]) => !Object.is(jw(a, b), jaroWinkler(a, b)) || typos(a, b, 1) !== withinTypos(a, b, 1) || typos(a, b, 2) !== withinTypos(a, b, 2));
    expect(wrong).toEqual([]);
    // Every answer occurs: within one, within two only, neither; similarities across the cuts.
    expect(new Set(pairs.map(([a, b]) => `${withinTypos(a, b, 1)}${withinTypos(a, b, 2)}`))).toEqual(new Set(['truetrue', 'falsetrue', 'falsefalse']));
    expect(pairs.filter(([a, b]) => jaroWinkler(a, b) >= 0.92 && a !== b).length).toBeGreaterThan(500);
    expect(jw(null, 'a')).toBeNull();
  });

  it('on the real names, e-mails, phones and cities of a fixture', async () => {
    const p = prepare(await fixture('febrl3-800.csv'), {});
    const [jw, typos] = [udf('regulars_jaro_winkler'), udf('regulars_within_typos')];
    const pairs = [p.first, p.last, p.fullName, p.city, p.email.flat(), p.phone.flat()].flatMap(realPairs);
    expect(pairs.length).toBeGreaterThan(2_000);
    expect(pairs.filter(([a, b]) => !Object.is(jw(a, b), jaroWinkler(a, b)) || typos(a, b, 1) !== withinTypos(a, b, 1) || typos(a, b, 2) !== withinTypos(a, b, 2))).toEqual([]);
  });

  it('token overlap and the company measures on word lists with repeats and ties', () => {
    const [overlap, similarity, containment] = [udf('regulars_token_overlap'), udf('regulars_company_similarity'), udf('regulars_company_containment')];
    const vocabulary = ['acme', 'acne', 'deli', 'delicatessen', 'trading', 'jones', 'jonas', 'a'];
    const lists = Array.from({ length: 3_000 }, () => Array.from({ length: Math.floor(rand() * 4) }, () => vocabulary[Math.floor(rand() * vocabulary.length)] as string));
    const weightOf = wordWeights(lists);
    const weights = (ws: readonly string[]): string[] => ws.map((w) => String(weightOf(w)));
    const wrong: unknown[] = [];
    for (let k = 0; k + 1 < lists.length; k += 2) {
      const [a, b] = [lists[k] as string[], lists[k + 1] as string[]];
      if (!Object.is(overlap(a, b), tokenOverlap(a, b))) wrong.push(['overlap', a, b]);
      if (!Object.is(similarity(a, weights(a), b, weights(b)), companySimilarity(a, b, weightOf))) wrong.push(['similarity', a, b]);
      if (!Object.is(containment(a, weights(a), b, weights(b)), companyContainment(a, b, weightOf))) wrong.push(['containment', a, b]);
    }
    expect(wrong).toEqual([]);
    expect(new Set(lists.map((a, k) => tokenOverlap(a, lists[k + 1] ?? [])))).toContain(0.5);
  });
});
