import { describe, expect, it } from 'vitest';
import { findClusters, memberScoresById, type DedupeRecord } from '../../../shared/dedupe';

const person = (id: string, first: string, last: string, email: string, phone: string, source?: number): DedupeRecord => ({
  id,
  ...(source === undefined ? {} : { source }),
  fields: { first_name: first, last_name: last, email, phone, city: 'Cape Town' },
});

/** Ann twice (a typo in her surname, her number written nationally once), and Ben, who is nobody else. */
const records: DedupeRecord[] = [
  person('A-1', 'Ann', 'Smith', 'ann.smith@example.com', '+27 82 555 1234'),
  person('B-1', 'Ben', 'Mokoena', 'ben@example.org', '+27 83 444 9876'),
  person('A-2', 'Ann', 'Smyth', 'ann.smith@example.com', '082 555 1234'),
];

describe('findClusters: the dedupe pipeline every caller runs', () => {
  it('assigns every record, in input order, to its cluster with its score, and counts those with a twin', () => {
    const found = findClusters(records, { country: ' za ' });
    expect(found.assignments.map((a) => a.id)).toEqual(['A-1', 'B-1', 'A-2']);
    const [a1, b1, a2] = found.assignments;
    expect(a1!.cluster).toBe(a2!.cluster);
    expect(b1!.cluster).not.toBe(a1!.cluster);
    expect(b1!.score).toBe(0);
    expect(a1!.score).toBeGreaterThan(0.5);
    expect(found.duplicates).toBe(2);
    // The country is read as an ISO code whatever its case and spaces.
    expect(found.stats.country).toBe('ZA');
    expect(found.clusters).toHaveLength(2);
  });

  it('leaves lone records out of clusters when asked, but never out of the assignments', () => {
    const found = findClusters(records, { singletons: false });
    expect(found.clusters.map((c) => c.memberIds)).toEqual([['A-1', 'A-2']]);
    expect(found.assignments).toHaveLength(3);
  });

  it('with nothing to compare, every record is its own cluster and the model is not run', () => {
    expect(findClusters([], {})).toMatchObject({ clusters: [], assignments: [], duplicates: 0, proposals: [] });
    const one = findClusters([records[0]!], { country: 'za' });
    expect(one.assignments).toEqual([{ id: 'A-1', cluster: '1', score: 0 }]);
    expect(one.stats).toMatchObject({ records: 1, candidatePairs: 0, clusters: 1, multiClusters: 0, country: 'ZA' });
    // Linking needs a record on each side: two lists of which one is empty link nothing.
    const oneSide = findClusters([person('A-1', 'Ann', 'Smith', 'a@example.com', '', 0), person('A-2', 'Ann', 'Smith', 'a@example.com', '', 0)], { link: true });
    expect(oneSide.assignments.map((a) => a.cluster)).toEqual(['1', '2']);
  });

  it('memberScoresById reads the scores from clusters found here or by the function', () => {
    const found = findClusters(records, {});
    const scores = memberScoresById(found.clusters);
    expect(scores.get('A-1')).toBe(found.assignments[0]!.score);
    expect(scores.get('B-1')).toBe(0);
    expect(memberScoresById([{ memberIds: ['x', 'y'], memberScores: [0.9, 0.8] }])).toEqual(new Map([['x', 0.9], ['y', 0.8]]));
  });
});
