import { describe, expect, it } from 'vitest';
import { cluster } from '../../../shared/dedupe/cluster';
import { dedupe } from '../../../shared/dedupe';
import { proposeMerge } from '../../../shared/dedupe/survivorship';

describe('clustering without chaining', () => {
  const edges = { i: Int32Array.of(0, 1), j: Int32Array.of(1, 2), w: Float64Array.of(10, 9), count: 2 };
  const options = { threshold: 0.5, cohesion: 0.5, maxClusterSize: 100 };

  it('does not join A~B~C when A and C disagree', () => {
    const score = (a: number, b: number) => (a + b === 2 ? { weight: -12, conflict: true } : { weight: 10, conflict: false });
    const groups = cluster(3, edges, { score, comparable: () => true }, options);
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).not.toBe(groups[0]);
  });

  it('joins all three when A and C agree too', () => {
    const score = () => ({ weight: 8, conflict: false });
    const groups = Array.from(cluster(3, edges, { score, comparable: () => true }, options));
    expect(groups).toEqual([0, 0, 0]);
  });

  it('keeps twins apart: same surname, birthday, address and landline, different names and cell phones', () => {
    const base = { last_name: 'Dlamini', street: '12 Kerk Street', city: 'Sandton', postcode: '2196', birth_date: '2001-05-04' };
    const records = [
      { id: '1', fields: { ...base, first_name: 'Sipho', phone: '082 111 2222; 011 555 0000', email: 'sipho.d@gmail.com' } },
      { id: '2', fields: { ...base, first_name: 'Sipho', phone: '+27 82 111 2222', email: 'sipho.d@gmail.com' } },
      { id: '3', fields: { ...base, first_name: 'Zanele', phone: '083 999 8888; 011 555 0000', email: 'zanele.dlamini@yahoo.com' } },
    ];
    const r = dedupe(records, { country: 'ZA' });
    expect(r.clusters.map((c) => c.memberIds)).toEqual([['1', '2'], ['3']]);
  });
});

describe('survivorship', () => {
  it('keeps the most recent value and every other e-mail and phone as alternatives', () => {
    const members = [
      { id: 'a', fields: { first_name: 'Anna', email: 'anna@old.example', phone: '+27821112222' }, updatedAt: '2023-01-01' },
      { id: 'b', fields: { first_name: 'Anna', last_name: 'Botha', email: 'anna@new.example; anna@work.example' }, updatedAt: '2024-06-01' },
    ];
    const p = proposeMerge({ id: '1', memberIds: ['a', 'b'], memberIndexes: [0, 1], score: 0.99, memberScores: [0.99, 0.99] }, members);
    expect(p.fields.email).toBe('anna@new.example; anna@work.example');
    expect(p.fields.phone).toBe('+27821112222');
    expect(p.fields.last_name).toBe('Botha');
    expect(p.alternatives.email).toEqual(['anna@old.example']);
    expect(p.memberIds).toEqual(['a', 'b']);
  });
});
