// Recognises column roles from header names (given name → first_name, dob → birth_date, suburb → city …).
import type { Role } from './types';
import { ROLES } from './types';

const SYNONYMS: Record<Role, readonly string[]> = {
  id: ['id', 'rec id', 'record id', 'unique id', 'uid', 'customer id', 'customer no', 'customer number', 'client id', 'contact id', 'account id', 'account no', 'key'],
  first_name: ['first name', 'firstname', 'given name', 'given names', 'forename', 'forenames', 'first', 'fname', 'voornaam', 'name first', 'christian name'],
  last_name: ['last name', 'lastname', 'surname', 'family name', 'lname', 'van', 'name last', 'second name'],
  full_name: ['full name', 'fullname', 'name', 'customer name', 'client name', 'contact name', 'contact', 'naam', 'customer'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'mail', 'epos', 'email 1', 'email1', 'emails'],
  phone: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'cell phone', 'mobile phone', 'phone number', 'landline', 'home phone', 'work phone', 'contact number', 'selfoon', 'telefoon', 'msisdn', 'phones', 'whatsapp'],
  street: ['street', 'address', 'address 1', 'address1', 'address line 1', 'street address', 'addr', 'adres', 'straat', 'postal address', 'physical address', 'line1'],
  city: ['city', 'town', 'suburb', 'locality', 'place', 'stad', 'dorp', 'voorstad'],
  postcode: ['postcode', 'post code', 'postal code', 'zip', 'zipcode', 'zip code', 'poskode', 'code'],
  region: ['region', 'state', 'province', 'county', 'provinsie'],
  birth_date: ['birth date', 'birthdate', 'date of birth', 'dob', 'birthday', 'born', 'geboortedatum', 'd o b'],
  company: ['company', 'organisation', 'organization', 'business', 'employer', 'firm', 'company name', 'maatskappy', 'site name', 'business name', 'trading name', 'trading as', 't a', 'organisation name', 'organization name', 'account name', 'store name', 'shop name', 'practice name', 'registered name', 'legal name', 'entity name', 'besigheid'],
  website: ['website', 'web site', 'url', 'web', 'homepage', 'home page', 'web address', 'www', 'webwerf', 'domain'],
};

/** Headers that hold answers rather than data (evaluation labels); never compared, so a run cannot cheat. */
const TRUTH = new Set(['cluster', 'cluster id', 'true id', 'entity id', 'match id', 'truth', 'gold', 'label', 'true cluster', 'person id']);

const LOOKUP = new Map<string, Role>();
for (const role of ROLES) for (const s of SYNONYMS[role]) LOOKUP.set(s, role);

/** A header folded for matching: lower-case words separated by single spaces. */
export function headerKey(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Headers that look like a role by their first word but are another thing (street_number, address_2). */
const NOT_A_ROLE = /^(street|house) (number|no|nr)$|^(address|addr|address line|line) ?[2-9]$|^unit/;

/** Last words of a header that describe a value rather than hold it. */
const DESCRIBES_A_VALUE: ReadonlySet<string> = new Set(['size', 'type', 'label', 'labels', 'count', 'status', 'category', 'kind', 'rating', 'score', 'verified', 'consent', 'opt', 'source']);

/** The role a header names exactly (a synonym), if any. */
function exactRole(k: string): Role | undefined {
  return NOT_A_ROLE.test(k) ? undefined : LOOKUP.get(k);
}

/** The role a header names, if any: exact synonyms first, then a synonym as the header's first words (postcode_fake). */
export function roleOfHeader(header: string): Role | undefined {
  const k = headerKey(header);
  if (NOT_A_ROLE.test(k)) return undefined;
  const exact = exactRole(k);
  if (exact) return exact;
  const ws = k.split(' ');
  // "Company size", "E-mail 1 - Type", "Phone label": a header that ends in a word about the value is not the value.
  if (DESCRIBES_A_VALUE.has(ws[ws.length - 1] ?? '')) return undefined;
  for (let len = ws.length - 1; len >= 1; len--) {
    const r = LOOKUP.get(ws.slice(0, len).join(' '));
    if (r && r !== 'id' && r !== 'full_name') return r;
  }
  return undefined;
}

/** True for evaluation-label columns (cluster, true_id, entity_id …), which are never used for matching. */
export function isTruthHeader(header: string): boolean {
  return TRUTH.has(headerKey(header));
}

/** Roles that may come from several columns, joined (Cell and Tel; Suburb and City); the others take the first. */
const JOINABLE: ReadonlySet<Role> = new Set<Role>(['phone', 'email', 'street', 'city', 'region', 'company', 'website']);

/** Column mapping: each role to its column indexes (phones and e-mails may come from several), the rest generic. */
export interface ColumnMap {
  roles: Partial<Record<Role, number[]>>;
  generic: number[];
  ignored: number[];
}

/** Maps headers to roles; `overrides` (role → header) win. Returns the unknown override headers as errors. */
export function mapColumns(headers: readonly string[], overrides: Partial<Record<Role, string>> = {}): { map: ColumnMap; unknown: string[] } {
  const roles: Partial<Record<Role, number[]>> = {};
  const used = new Set<number>();
  const unknown: string[] = [];
  const keys = headers.map(headerKey);
  for (const [role, header] of Object.entries(overrides) as [Role, string][]) {
    const idx = keys.indexOf(headerKey(header));
    if (idx < 0) {
      unknown.push(header);
      continue;
    }
    roles[role] = [idx];
    used.add(idx);
  }
  const ignored: number[] = [];
  // Exact header names claim their roles first, so first_and_surname cannot take first_name's place.
  for (const exactOnly of [true, false]) {
    headers.forEach((h, idx) => {
      if (used.has(idx) || ignored.includes(idx)) return;
      if (isTruthHeader(h)) {
        ignored.push(idx);
        return;
      }
      const role = exactOnly ? exactRole(keys[idx] as string) : roleOfHeader(h);
      if (role === undefined || overrides[role] !== undefined) return;
      const list = roles[role];
      if (list === undefined) roles[role] = [idx];
      else if (JOINABLE.has(role)) list.push(idx);
      else return;
      used.add(idx);
    });
  }
  const generic = headers.map((_, idx) => idx).filter((idx) => !used.has(idx) && !ignored.includes(idx) && (headers[idx] ?? '').trim() !== '');
  return { map: { roles, generic, ignored }, unknown };
}
