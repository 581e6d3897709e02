// Probable duplicates of an import's new rows, found by the dedupe engine: listed for the Duplicates sidebar, never merged.
import { canonicalFirst, dedupe, jaroWinkler, normaliseName, type DedupeRecord } from '../dedupe';
import type { Customer } from '../workbook';
import type { ExistingCustomer } from './customers';
import type { Candidate } from './rows';
import type { PhoneNormaliser } from './values';

/** A customer in a possible-duplicate group: an existing id, or a row this import creates (index into creates). */
export type DuplicateMember = { id: string } | { create: number };

/** A group of customers that are probably one person; `same_key` when rows of the import share an e-mail or phone. */
export interface PossibleDuplicate {
  members: DuplicateMember[];
  score: number;
  reason: 'same_key' | 'similar';
}

function fieldsOf(c: Partial<Customer>): DedupeRecord['fields'] {
  const birth = c.birth_date && !c.birth_date.startsWith('--') ? c.birth_date : '';
  return {
    first_name: c.first_name ?? '',
    last_name: c.last_name ?? '',
    company: c.company ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    street: c.street ?? '',
    city: c.city ?? '',
    postcode: c.postcode ?? '',
    region: c.region ?? '',
    birth_date: birth,
  };
}

/** True when two rows that share an e-mail or phone name other people: both first names given, neither a nickname or a typo of the other. */
export function otherPerson(a: Partial<Customer>, b: Partial<Customer>): boolean {
  const x = normaliseName(a.first_name ?? '').text;
  const y = normaliseName(b.first_name ?? '').text;
  if (x === '' || y === '') return false;
  if (canonicalFirst(x) === canonicalFirst(y) || x.startsWith(y) || y.startsWith(x)) return false;
  return jaroWinkler(x, y) < 0.88;
}

/**
 * Runs the dedupe engine over the existing customers and the rows to create, and keeps each cluster that holds
 * at least one new row; rows that share a key are listed whatever the engine says, unless their first names say
 * they are two people (a family mailbox, a shared landline): those the engine judges like any other pair.
 */
export function findPossibleDuplicates(
  existing: readonly ExistingCustomer[],
  creates: readonly { candidate: Candidate; record: Partial<Customer> }[],
  sameKey: readonly [number | string, number][],
  country: string,
  normalisePhone: PhoneNormaliser,
): PossibleDuplicate[] {
  const out: PossibleDuplicate[] = [];
  const listed = new Set<string>();
  const keyOf = (m: DuplicateMember): string => ('id' in m ? m.id : `#${m.create}`);
  const existingById = new Map(existing.map((c) => [c.record.id, c.record]));
  for (const [a, b] of sameKey) {
    const left = typeof a === 'number' ? creates[a]?.record : existingById.get(a);
    // A family mailbox or a shared landline: created apart and left to the engine, which keeps households apart.
    if (left && creates[b] && otherPerson(left, creates[b].record)) continue;
    const members: DuplicateMember[] = [typeof a === 'number' ? { create: a } : { id: a }, { create: b }];
    out.push({ members, score: 1, reason: 'same_key' });
    listed.add(members.map(keyOf).sort().join('|'));
  }
  if (creates.length === 0) return out;
  const records: DedupeRecord[] = [
    ...existing.map((c) => ({ id: c.record.id, fields: fieldsOf(c.record) })),
    ...creates.map((c, i) => ({ id: `#${i}`, fields: fieldsOf(c.record) })),
  ];
  const result = dedupe(records, { country: country === '' ? undefined : country, normalisePhone, proposals: false });
  for (const cluster of result.clusters) {
    if (cluster.memberIds.length < 2 || !cluster.memberIds.some((id) => id.startsWith('#'))) continue;
    const members: DuplicateMember[] = cluster.memberIds.map((id) => (id.startsWith('#') ? { create: Number(id.slice(1)) } : { id }));
    const k = members.map(keyOf).sort().join('|');
    if (listed.has(k)) continue;
    out.push({ members, score: Math.round(cluster.score * 1000) / 1000, reason: 'similar' });
  }
  return out;
}
