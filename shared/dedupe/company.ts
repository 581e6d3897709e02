// Company names compared as what they are: legal forms dropped, abbreviations written out, word order ignored,
// and each word weighted by how rare it is in the list ("Lutheran" tells more than "Services").
import type { Field } from './compared-field';
import { fold } from '../kernel';
import { clean } from './text';
import { codedMeasure, jaroWinkler } from './similarity';

/** Legal-form words and phrases (after cleaning): they say what kind of entity, never which one. */
const LEGAL_FORMS = [
  'pty ltd', 'pty limited', 'proprietary limited', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'l l c', 'llp', 'lp', 'plc',
  'corp', 'corporation', 'cc', 'npc', 'soc ltd', 'rf', 'gmbh', 'ag', 'bv', 'nv', 'sa', 'sarl', 'srl', 'spa', 'oy',
  'co', 'company', 'pllc', 'pc', 'ltda', 'pty', 'the',
];

/** Abbreviations written out, so "svcs" meets "services" and "&" meets "and". */
const ABBREVIATIONS: Record<string, string> = {
  svc: 'services', svcs: 'services', srvcs: 'services', serv: 'services', service: 'services',
  intl: 'international', int: 'international', natl: 'national', assn: 'association', assoc: 'association',
  ctr: 'center', cntr: 'center', centre: 'center', dept: 'department', univ: 'university', mgmt: 'management',
  mfg: 'manufacturing', bros: 'brothers', dev: 'development', ent: 'enterprises', grp: 'group', hldgs: 'holdings',
  inv: 'investments', tech: 'technology', sch: 'school', acad: 'academy', comm: 'community', cmty: 'community',
  st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort', hosp: 'hospital', med: 'medical', dist: 'distribution',
  and: '', of: '', for: '', at: '', in: '', en: '', le: '', la: '',
};

const LEGAL_PATTERN = new RegExp(`(^| )(${LEGAL_FORMS.map((f) => f.replace(/ /g, ' ')).join('|')})(?= |$)`, 'g');

/** The words of a company name for comparison: folded, legal forms and joining words dropped, abbreviations expanded. */
export function companyTokens(raw: string): string[] {
  // Apostrophes go without a space (art's → arts), "&" and "+" are "and", bracketed legal forms go too.
  const text = clean(fold(raw).replace(/['’`´]/g, '').replace(/[&+]/g, ' and ')).replace(LEGAL_PATTERN, ' ');
  const out: string[] = [];
  for (const w of text.split(' ')) {
    if (w === '') continue;
    const expanded = ABBREVIATIONS[w] ?? w;
    if (expanded !== '' && !out.includes(expanded)) out.push(expanded);
  }
  // A name made only of legal words ("The Company") keeps its words rather than vanishing.
  return out.length > 0 ? out : clean(raw).split(' ').filter((w) => w !== '');
}

/** Legal forms that mark a name as a company's (the looser ones, co, the, ag …, also occur in people's names). */
const MARKS_A_COMPANY = new Set(['pty', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'llp', 'plc', 'corp', 'corporation', 'cc', 'npc', 'gmbh', 'bv', 'sarl', 'srl', 'pllc', 'ltda', 'holdings', 'trading', 'enterprises', 'services', 'solutions', 'group', 'company']);

/**
 * True when a name is plainly a company's: a legal form or a trading word. An ampersand is not enough: "John &
 * Mary Smith" is a household, "Smith & Sons" a firm.
 */
export function looksLikeCompany(raw: string): boolean {
  return clean(raw)
    .split(' ')
    .some((w) => MARKS_A_COMPANY.has(w));
}

/** The normalised company name: its comparison words sorted, so word order never matters. */
export function normaliseCompany(raw: string): string {
  return [...companyTokens(raw)].sort().join(' ');
}

/** Two words that are one: equal, a short form of the other (deli/delicatessen, 3+ letters) or a near spelling. */
export function wordsAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 3 && l.startsWith(s)) return true;
  return s.length >= 5 && jaroWinkler(a, b) >= 0.92;
}

/**
 * Soft token-set similarity in [0, 1]: the weight of the words the two names share (each word matched at most
 * once, with `wordsAgree`) over the weight of all their words, each word weighted by `weightOf` (rarer is heavier).
 */
export function companySimilarity(a: readonly string[], b: readonly string[], weightOf: (word: string) => number): number {
  if (a.length === 0 || b.length === 0) return 0;
  const used = new Uint8Array(b.length);
  let shared = 0;
  let total = 0;
  for (const w of a) {
    const wa = weightOf(w);
    total += wa;
    for (let y = 0; y < b.length; y++) {
      if (used[y] === 1 || !wordsAgree(w, b[y] as string)) continue;
      used[y] = 1;
      shared += wa + weightOf(b[y] as string);
      total += weightOf(b[y] as string);
      break;
    }
  }
  for (let y = 0; y < b.length; y++) if (used[y] === 0) total += weightOf(b[y] as string);
  // shared counts both sides of each matched pair, total every word once: 1 when everything matches.
  return total === 0 ? 0 : shared / total;
}

/** How much a name is contained in the other: weighted share of the smaller name's words found in the larger. */
export function companyContainment(a: readonly string[], b: readonly string[], weightOf: (word: string) => number): number {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  let hit = 0;
  let all = 0;
  for (const w of s) {
    const ww = weightOf(w);
    all += ww;
    if (l.some((x) => wordsAgree(w, x))) hit += ww;
  }
  return all === 0 ? 0 : hit / all;
}

/** The levels of the company comparison, from agreement to disagreement. */
export const COMPANY_LEVELS = ['same name', 'same words', 'one name within the other', 'some distinctive words shared', 'different'] as const;

/** Inverse document frequency of each word in the column: log(records / records with the word). */
export function wordWeights(tokens: readonly string[][]): (word: string) => number {
  const df = new Map<string, number>();
  let n = 0;
  for (const ts of tokens) {
    if (ts.length === 0) continue;
    n++;
    for (const w of ts) df.set(w, (df.get(w) ?? 0) + 1);
  }
  // Unknown words (never in the column) weigh as much as a word seen once.
  return (w) => Math.log(1 + n / (df.get(w) ?? 1));
}

/** The company field: levels COMPANY_LEVELS over normalised names, exact agreement term-frequency adjusted. */
export function companyField(names: readonly string[]): Field {
  const tokens = names.map((v) => (v === '' ? [] : v.split(' ')));
  const weightOf = wordWeights(tokens);
  const level = codedMeasure(names, (a, b) => {
    const ta = a.split(' ');
    const tb = b.split(' ');
    const s = companySimilarity(ta, tb, weightOf);
    if (s >= 0.9) return 1;
    if (companyContainment(ta, tb, weightOf) >= 0.9) return 2;
    return s >= 0.5 ? 3 : 4;
  });
  const counts = new Map<string, number>();
  let present = 0;
  for (const v of names) {
    if (v === '') continue;
    present++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return {
    name: 'company',
    levels: COMPANY_LEVELS.length,
    compare: (i, j) => {
      const a = names[i] as string;
      const b = names[j] as string;
      if (a === '' || b === '') return -1;
      return a === b ? 0 : level(i, j);
    },
    agreedValue: (i) => names[i] as string,
    counts,
    ownCounts: Int32Array.from(names, (v) => counts.get(v) ?? 2),
    present,
  };
}
