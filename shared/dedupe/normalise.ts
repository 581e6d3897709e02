// Normalisers for names, e-mails, addresses and free text. Phones and dates have their own files.
import { fold } from '../kernel';
import { clean } from './text';
import { canonicalGivenName } from './nicknames';

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'mnr', 'mev', 'me', 'mej', 'adv']);
const SUFFIXES = new Set(['jr', 'jnr', 'junior', 'sr', 'snr', 'senior', 'ii', 'iii', 'iv']);

/** A normalised personal name: cleaned words without titles; `generation` keeps Jr/Sr so father and son differ. */
export interface NormalName {
  text: string;
  generation: string;
}

/** Cleans a name: accents, case, punctuation, titles (Mr, Dr, Mnr …) and generation suffixes (Jr, Snr …). */
export function normaliseName(raw: string): NormalName {
  const parts = clean(raw.replace(/[''`´]/g, '')).split(' ').filter((w) => w !== '');
  let generation = '';
  const kept: string[] = [];
  for (const w of parts) {
    if (TITLES.has(w) && parts.length > 1) continue;
    if (SUFFIXES.has(w) && parts.length > 1) {
      generation = w.startsWith('s') ? 'sr' : w.startsWith('j') ? 'jr' : w;
      continue;
    }
    kept.push(w);
  }
  return { text: kept.join(' '), generation };
}

/** Canonical given name: the first word, with nicknames mapped (Bill → william). */
export function canonicalFirst(name: string): string {
  const first = name.split(' ')[0] ?? '';
  return canonicalGivenName(first);
}

/** Splits a full name into first and last (middle words dropped; "Surname, Given" understood). */
export function splitFullName(raw: string): { first: string; last: string } {
  const comma = raw.indexOf(',');
  if (comma > 0) {
    const last = normaliseName(raw.slice(0, comma)).text;
    const first = normaliseName(raw.slice(comma + 1)).text.split(' ')[0] ?? '';
    return { first, last };
  }
  const words = normaliseName(raw).text.split(' ').filter((w) => w !== '');
  if (words.length === 0) return { first: '', last: '' };
  if (words.length === 1) return { first: words[0] as string, last: '' };
  return { first: words[0] as string, last: words[words.length - 1] as string };
}

/** A normalised e-mail: lower-case, trimmed; Gmail dots and any +tag removed from the local part. */
export function normaliseEmail(raw: string): string {
  const s = fold(raw.trim()).replace(/^mailto:/, '').replace(/\s+/g, '');
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return '';
  let local = s.slice(0, at);
  let domain = s.slice(at + 1).replace(/\.+$/, '');
  if (domain === 'googlemail.com') domain = 'gmail.com';
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

const STREET_WORDS: Record<string, string> = {
  st: 'street', str: 'street', strt: 'street', rd: 'road', ave: 'avenue', av: 'avenue', avn: 'avenue',
  dr: 'drive', drv: 'drive', cres: 'crescent', cr: 'crescent', crs: 'crescent', pl: 'place', ct: 'court', crt: 'court',
  ln: 'lane', la: 'lane', hwy: 'highway', blvd: 'boulevard', blv: 'boulevard', bvd: 'boulevard', pde: 'parade',
  tce: 'terrace', ter: 'terrace', cl: 'close', sq: 'square', mt: 'mount', pk: 'park', cct: 'circuit', cir: 'circle',
  gr: 'grove', gdns: 'gardens', esp: 'esplanade', ext: 'extension', apt: 'unit', flat: 'unit', u: 'unit',
  po: 'po', pob: 'po box', posbus: 'po box', privaatsak: 'private bag', bus: 'box',
  n: 'north', s: 'south', e: 'east', w: 'west', nth: 'north', sth: 'south',
  straat: 'street', weg: 'road', laan: 'avenue', rylaan: 'drive', singel: 'crescent', steeg: 'lane', plein: 'square',
  pkwy: 'parkway', pky: 'parkway', expy: 'expressway', fwy: 'freeway', plz: 'plaza', trl: 'trail', wy: 'way', wlk: 'walk',
  hts: 'heights', grn: 'green', ste: 'suite', fl: 'floor', rm: 'room', bldg: 'building', blk: 'block',
  ne: 'northeast', nw: 'northwest', se: 'southeast', sw: 'southwest',
};

/** A normalised street address: cleaned words with common abbreviations written out (St → street, Rd → road). */
export function normaliseStreet(raw: string): string {
  const ws = clean(raw).split(' ').filter((w) => w !== '');
  return ws.map((w) => STREET_WORDS[w] ?? w).join(' ');
}

/** A normalised free-text value: cleaned words. */
export function normaliseText(raw: string): string {
  return clean(raw);
}

/** A normalised postcode: letters and digits only, upper-cased. */
export function normalisePostcode(raw: string): string {
  return fold(raw).replace(/[^a-z0-9]/g, '');
}
