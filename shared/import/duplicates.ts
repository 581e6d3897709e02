// Probable duplicates of an import's new rows, found by the dedupe engine: listed for the Duplicates sidebar, never merged.
import { dedupe, type DedupeRecord } from '../dedupe';
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

/**
 * Runs the dedupe engine over the existing customers and the rows to create, and keeps each cluster that holds
 * at least one new row; rows that share a key are listed whatever the engine says.
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
  for (const [a, b] of sameKey) {
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
