import { NICKNAMES } from './names';
import { drawEmail, drawPlace, drawStreet, type DrawContext, type Person, type PhoneStyle } from './people';

/** The ways a second row of the same person differs from the first, as imports from several systems make them. */
export type DuplicateKind =
  | 'exact'
  | 'typo'
  | 'nickname'
  | 'case'
  | 'date_swap'
  | 'phone_format'
  | 'missing_fields'
  | 'other_source'
  | 'new_email'
  | 'moved'
  | 'company_variant';

const PHONE_STYLES: readonly PhoneStyle[] = ['local_spaced', 'intl_spaced', 'local_compact', 'intl_compact', 'intl_no_plus', 'local_dashed'];
const NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';
const STREET_SHORT: Readonly<Record<string, string>> = { Street: 'St', Road: 'Rd', Avenue: 'Ave', Crescent: 'Cres', Drive: 'Dr', Lane: 'Ln', Close: 'Cl', Way: 'Wy' };
const OTHER_SOURCES = ['webshop', 'POS export', 'old CRM', 'events sign-up', 'workshop bookings'];

/** One keyboard slip: a swapped, dropped, doubled or mistyped letter (never the first). */
export function typo(text: string, next: () => number): string {
  if (text.length < 3) return text + text.slice(-1);
  const at = 1 + Math.floor(next() * (text.length - 2));
  const op = Math.floor(next() * 4);
  const ch = text[at]!;
  if (op === 0 && text[at + 1] !== undefined && text[at + 1] !== ch) return text.slice(0, at) + text[at + 1] + ch + text.slice(at + 2);
  if (op === 1) return text.slice(0, at) + text.slice(at + 1);
  if (op === 2) return text.slice(0, at) + ch + text.slice(at);
  const i = NEIGHBOURS.indexOf(ch.toLowerCase());
  const swap = i < 0 ? 'e' : NEIGHBOURS[i === NEIGHBOURS.length - 1 ? i - 1 : i + 1]!;
  return text.slice(0, at) + swap + text.slice(at + 1);
}

function recase(text: string, style: number): string {
  if (style === 0) return text.toUpperCase();
  if (style === 1) return text.toLowerCase();
  return text.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

function companyVariant(name: string, style: number): string {
  if (style === 0) return name.replace(/\s*\(?Pty\)?\s*Ltd\.?|\s+CC$|\s+Ltd$|\s+Inc\.$/i, '').trim();
  if (style === 1) return name.toUpperCase();
  if (name.includes('(Pty) Ltd')) return name.replace('(Pty) Ltd', 'Pty Ltd');
  if (name.includes('Pty Ltd')) return name.replace('Pty Ltd', '(Pty) Ltd');
  return `${name} (Head Office)`;
}

/** Which kinds can apply to this person. */
function applicable(p: Person): DuplicateKind[] {
  const kinds: DuplicateKind[] = ['typo', 'case', 'missing_fields', 'other_source'];
  if (NICKNAMES[p.first]) kinds.push('nickname', 'nickname');
  const day = Number(p.birthDate.slice(8, 10));
  if (p.birthDate !== '' && day <= 12 && day !== Number(p.birthDate.slice(5, 7))) kinds.push('date_swap', 'date_swap');
  if (p.phone !== '') kinds.push('phone_format', 'phone_format');
  if (p.email !== '' && p.category === 'individual') kinds.push('new_email');
  if (p.category === 'individual') kinds.push('moved');
  if (p.company !== '') kinds.push('company_variant', 'company_variant');
  return kinds;
}

/** A second row for `original` with one to three kinds of difference, and which kinds they are. */
export function drawDuplicate(ctx: DrawContext, original: Person, lastDay: number): { person: Person; kinds: DuplicateKind[] } {
  const { rng } = ctx;
  const dup: Person = { ...original, profile: { ...original.profile }, blanks: [] };
  dup.createdDay = Math.min(lastDay, original.since + rng.int(0, 400));
  if (rng.chance(0.04)) return { person: { ...dup, source: rng.pick(OTHER_SOURCES) }, kinds: ['exact'] };
  const want = Number(rng.weighted({ 1: 5, 2: 4, 3: 1 }));
  const kinds: DuplicateKind[] = [];
  for (const kind of rng.shuffle(applicable(original))) if (kinds.length < want && !kinds.includes(kind)) kinds.push(kind);
  const blanks: string[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'typo':
        if (rng.chance(0.6)) dup.last = typo(dup.last, () => rng.next());
        else dup.first = typo(dup.first, () => rng.next());
        break;
      case 'nickname':
        dup.first = rng.pick(NICKNAMES[original.first] ?? [original.first]);
        break;
      case 'case':
        if (rng.chance(0.5)) dup.last = recase(dup.last, rng.int(0, 2));
        else {
          const style = rng.int(0, 1);
          dup.first = recase(dup.first, style);
          dup.last = recase(dup.last, style);
        }
        break;
      case 'date_swap':
        dup.birthDate = `${dup.birthDate.slice(0, 4)}-${dup.birthDate.slice(8, 10)}-${dup.birthDate.slice(5, 7)}`;
        break;
      case 'phone_format':
        dup.phoneStyle = rng.pick(PHONE_STYLES.filter((s) => s !== original.phoneStyle));
        break;
      case 'missing_fields': {
        const options = ['birth_date', 'street', 'postcode', 'city', 'region', dup.phone !== '' && dup.email !== '' ? (rng.chance(0.5) ? 'email' : 'phone') : 'street'];
        blanks.push(...rng.shuffle(options).slice(0, rng.int(1, 3)));
        break;
      }
      case 'other_source':
        dup.source = rng.pick(OTHER_SOURCES.filter((s) => s !== original.source));
        dup.since = dup.createdDay;
        dup.street = dup.street.replace(/(Street|Road|Avenue|Crescent|Drive|Lane|Close|Way)$/, (t) => STREET_SHORT[t] ?? t);
        if (rng.chance(0.3)) dup.consent = dup.email === '' ? 'no' : rng.pick(['yes', 'no'] as const);
        break;
      case 'new_email':
        dup.email = drawEmail(ctx, dup.first, dup.last);
        break;
      case 'moved':
        dup.place = rng.chance(0.5) ? original.place : drawPlace(rng);
        dup.street = drawStreet(rng);
        break;
      case 'company_variant':
        dup.company = companyVariant(dup.company, rng.int(0, 2));
        break;
      case 'exact':
        break;
    }
  }
  dup.blanks = blanks;
  return { person: dup, kinds };
}
