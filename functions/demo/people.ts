import { addDays, civilFromDays, dayNumber, fold, isoFromParts, isRealDate } from '../../shared/kernel';
import {
  ACCOUNT_MANAGERS, COMPANY_SUFFIXES, COMPANY_WORDS, FREE_MAIL, GOVERNMENT_BODIES, INDUSTRIES, LEGAL_FORMS, MOBILE_PREFIXES,
  NAME_GROUPS, NON_PROFITS, PLACES, RESELLERS, STREET_NAMES, STREET_TYPES, type NameGroupKey, type Place,
} from './names';
import type { Random } from './random';
import { SEASON, SEASON_PEAK } from './season';

export type ContactType = 'customer' | 'prospect' | 'supplier' | 'partner';
export type Category = 'individual' | 'corporate' | 'government' | 'non-profit' | 'reseller';
export type Consent = 'yes' | 'no' | 'unsubscribed';

/** How a phone number is written in one source system. */
export type PhoneStyle = 'local_spaced' | 'intl_spaced' | 'local_compact' | 'intl_compact' | 'intl_no_plus' | 'local_dashed';

/** One real person (or organisation contact) before it is written as one or more Customers rows. */
export interface Person {
  contactType: ContactType;
  category: Category;
  group: NameGroupKey;
  sex: 'male' | 'female';
  first: string;
  last: string;
  company: string;
  email: string;
  /** National significant number, digits only (e.g. 821234567); '' when unknown. */
  phone: string;
  phoneStyle: PhoneStyle;
  street: string;
  place: Place;
  birthDate: string;
  /** Day number of the first contact (and first purchase for buyers). */
  since: number;
  accountManager: string;
  industry: string;
  source: string;
  consent: Consent;
  consentBasis: string;
  consentSource: string;
  tags: string;
  notes: string;
  archived: boolean;
  profile: Record<string, string | number | boolean>;
  /** Customers fields this source left blank (duplicates from sparse systems). */
  blanks?: readonly string[];
  /** Day the row was created, when later than `since` (a second system's import). */
  createdDay?: number;
}

/** The context every person is drawn in: the random stream, today, and the e-mail addresses taken so far. */
export interface DrawContext {
  rng: Random;
  today: string;
  emails: Set<string>;
}

const CONTACT_MIX = { customer: 80, prospect: 12, supplier: 4, partner: 4 } as const;
const CATEGORY_MIX: Record<ContactType, Partial<Record<Category, number>>> = {
  customer: { individual: 82, corporate: 10, government: 2, 'non-profit': 3, reseller: 3 },
  prospect: { individual: 70, corporate: 25, government: 5 },
  supplier: { corporate: 100 },
  partner: { corporate: 60, 'non-profit': 40 },
};
const SOURCES = { 'walk-in': 40, webshop: 25, referral: 12, event: 8, Google: 6, Facebook: 5, 'old CRM': 4 } as const;
const LANGUAGE_OF: Record<NameGroupKey, string> = { english: 'English', afrikaans: 'Afrikaans', zulu: 'isiZulu', xhosa: 'isiXhosa', sotho: 'Sesotho', indian: 'English', capeMalay: 'Afrikaans' };
const NOTES = ['Prefers morning bookings', 'Call before 10am', 'Interested in kids bikes', 'Tubeless set-up on all bikes', 'Rides the Cape Town Cycle Tour every year', 'Pays by EFT', 'Ask for Thandi in the workshop', 'Wants a quote for an e-bike'];
const TAGS = ['club member', 'e-bike', 'commuter', 'racer', 'family', 'trail builder', 'newsletter'];

/** Lower-case ASCII for e-mail local parts and domains ("van der Merwe" → "vandermerwe", "Charné" → "charne"). */
export function asciiSlug(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

/** A place drawn by population weight. */
export function drawPlace(rng: Random): Place {
  const weights: Record<string, number> = {};
  PLACES.forEach((p, i) => (weights[String(i)] = p.weight));
  return PLACES[Number(rng.weighted(weights))]!;
}

/** A street address such as "14 Jacaranda Crescent". */
export function drawStreet(rng: Random): string {
  return `${rng.int(1, 250)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_TYPES)}`;
}

/** A South African mobile number as its national significant number. */
export function drawMobile(rng: Random): string {
  return `${rng.pick(MOBILE_PREFIXES).slice(1)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/** A landline in the place's area code. */
export function drawLandline(rng: Random, place: Place): string {
  return `${place.areaCode.slice(1)}${rng.int(2, 8)}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/** A given name of this tradition and sex. */
export function drawFirst(rng: Random, group: NameGroupKey, sex: 'male' | 'female'): string {
  return rng.pick(NAME_GROUPS[group][sex]);
}

/** A birth date for someone aged between minAge and maxAge on `today`. */
export function drawBirthDate(rng: Random, today: string, minAge = 18, maxAge = 80): string {
  const year = Number(today.slice(0, 4)) - rng.int(minAge, maxAge);
  for (;;) {
    const month = rng.int(1, 12);
    const day = rng.int(1, 31);
    if (isRealDate(year, month, day)) return isoFromParts(year, month, day);
  }
}

/** A free-mail (or company) address for this name, unique among those already given out. */
export function drawEmail(ctx: DrawContext, first: string, last: string, domain?: string): string {
  const f = asciiSlug(first);
  const l = asciiSlug(last);
  const { rng } = ctx;
  const local = domain
    ? rng.pick([`${f}.${l}`, `${f[0]}${l}`, f])
    : rng.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}.${l}`, `${f}${l[0]}`, `${f}_${l}`, `${f}${rng.int(1, 99)}`, `${l}.${f}`]);
  const host = domain ?? rng.pick(FREE_MAIL);
  let email = `${local}@${host}`;
  while (ctx.emails.has(email)) email = `${local}${rng.int(1, 999)}@${host}`;
  ctx.emails.add(email);
  return email;
}

/** The day a contact first came in: within the three years before today, more of them recently and in summer. */
export function drawSince(rng: Random, today: string): number {
  const end = dayNumber(today)! - 1;
  const span = 3 * 365;
  for (;;) {
    const day = end - Math.floor(Math.pow(rng.next(), 1.1) * span);
    // New customers follow the season too (a bike under the Christmas tree).
    if (rng.chance(SEASON[civilFromDays(day).month - 1]! / SEASON_PEAK)) return day;
  }
}

function drawCompany(rng: Random, category: Category): { name: string; domain: string } {
  const pick = (names: readonly string[]) => {
    const name = rng.pick(names);
    return { name, domain: `${asciiSlug(name).slice(0, 20)}.example` };
  };
  if (category === 'government') return pick(GOVERNMENT_BODIES);
  if (category === 'non-profit') return pick(NON_PROFITS);
  if (category === 'reseller') return pick(RESELLERS);
  const word = rng.pick(COMPANY_WORDS);
  const suffix = rng.pick(COMPANY_SUFFIXES);
  return { name: `${word} ${suffix} ${rng.pick(LEGAL_FORMS)}`, domain: `${asciiSlug(word + suffix).slice(0, 24)}.co.za.example` };
}

function drawProfile(rng: Random, category: Category, group: NameGroupKey, today: string): Record<string, string | number | boolean> {
  const p: Record<string, string | number | boolean> = {};
  const maybe = (share: number, field: string, value: () => string | number | boolean) => {
    if (rng.chance(share)) p[field] = value();
  };
  if (category === 'individual') {
    maybe(0.7, 'preferred_contact', () => rng.weighted({ email: 5, whatsapp: 4, phone: 2, sms: 1 }));
    maybe(0.6, 'riding_style', () => rng.pick(['road', 'mountain', 'gravel', 'commuter', 'e-bike']));
    maybe(0.5, 'frame_size', () => rng.weighted({ XS: 1, S: 3, M: 5, L: 4, XL: 1 }));
  }
  maybe(0.5, 'language', () => LANGUAGE_OF[group]);
  if (category === 'corporate' || category === 'reseller') {
    maybe(0.95, 'vat_number', () => `4${String(rng.int(0, 999_999_999)).padStart(9, '0')}`);
    maybe(0.8, 'registration_no', () => `${rng.int(1995, 2023)}/${String(rng.int(0, 999_999)).padStart(6, '0')}/07`);
  }
  if (category === 'corporate' || category === 'government' || category === 'non-profit') {
    maybe(0.8, 'company_size', () => rng.weighted({ '1-9': 3, '10-49': 4, '50-249': 2, '250+': 1 }));
    maybe(0.6, 'fleet_size', () => rng.int(2, 60));
  }
  if (category === 'corporate' || category === 'government') {
    maybe(0.9, 'purchase_order_required', () => category === 'government' || rng.chance(0.4));
    maybe(0.5, 'contract_renewal', () => addDays(today, rng.int(10, 360)));
  }
  if (category === 'reseller') maybe(0.9, 'reseller_discount_pct', () => rng.pick([15, 20, 25, 30]));
  return p;
}

/** A name tradition for this place. */
export function drawGroup(rng: Random, place: Place): NameGroupKey {
  return rng.weighted(place.names as Record<NameGroupKey, number>);
}

/** One person drawn from the demo's population; `over` pins fields (used to build the look-alike traps). */
export function drawPerson(ctx: DrawContext, over: Partial<Person> = {}): Person {
  const { rng, today } = ctx;
  const contactType = over.contactType ?? rng.weighted(CONTACT_MIX);
  const category = over.category ?? rng.weighted(CATEGORY_MIX[contactType] as Record<Category, number>);
  const place = over.place ?? drawPlace(rng);
  const group = over.group ?? drawGroup(rng, place);
  const sex = over.sex ?? (rng.chance(0.5) ? 'male' : 'female');
  const first = over.first ?? drawFirst(rng, group, sex);
  const last = over.last ?? rng.pick(NAME_GROUPS[group].surnames);
  const organisation = category !== 'individual';
  const company = organisation ? drawCompany(rng, category) : undefined;
  const since = over.since ?? drawSince(rng, today);
  const email = over.email ?? (rng.chance(organisation ? 0.95 : 0.88) ? drawEmail(ctx, first, last, company?.domain) : '');
  const phone = over.phone ?? (rng.chance(0.94) ? (organisation && rng.chance(0.5) ? drawLandline(rng, place) : drawMobile(rng)) : '');
  const consent: Consent = email === '' ? 'no' : (over.consent ?? rng.weighted({ yes: 78, no: 19, unsubscribed: 3 }));
  const industry = category === 'corporate' ? rng.pick(INDUSTRIES)
    : category === 'government' ? 'Public sector'
    : category === 'non-profit' ? 'Non-profit'
    : category === 'reseller' ? 'Retail'
    : rng.chance(0.15) ? rng.pick(INDUSTRIES) : '';
  return {
    contactType,
    category,
    group,
    sex,
    first,
    last,
    company: company?.name ?? '',
    email,
    phone,
    phoneStyle: rng.weighted({ local_spaced: 60, intl_spaced: 25, local_compact: 15 }),
    street: over.street ?? drawStreet(rng),
    place,
    birthDate: over.birthDate ?? (category === 'individual' && rng.chance(0.85) ? drawBirthDate(rng, today) : ''),
    since,
    accountManager: organisation || rng.chance(0.2) ? rng.pick(ACCOUNT_MANAGERS) : '',
    industry,
    source: rng.weighted(SOURCES),
    consent,
    consentBasis: consent === 'no' ? '' : contactType === 'customer' && rng.chance(0.4) ? 'existing customer (POPIA s69(3))' : 'consent',
    consentSource: consent === 'no' ? '' : rng.weighted({ 'in-store form': 5, 'webshop checkout': 4, 'events sign-up': 1 }),
    tags: rng.chance(0.25) ? rng.shuffle(TAGS).slice(0, rng.int(1, 2)).join(', ') : '',
    notes: rng.chance(0.06) ? rng.pick(NOTES) : '',
    archived: over.archived ?? rng.chance(0.015),
    profile: drawProfile(rng, category, group, today),
    ...pinned(over),
  };
}

/** The pinned fields that drawPerson does not compute from others. */
function pinned(over: Partial<Person>): Partial<Person> {
  const out: Partial<Person> = {};
  for (const key of ['phoneStyle', 'source', 'accountManager', 'tags', 'notes'] as const) if (over[key] !== undefined) (out as Record<string, unknown>)[key] = over[key];
  return out;
}
