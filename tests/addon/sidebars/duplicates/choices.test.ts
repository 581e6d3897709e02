import { describe, expect, it } from 'vitest';
import { clustersAbove, defaultChoice, fieldLabel, mergeLine, mergeRequest, percent } from '../../../../addon/sidebars/duplicates/choices';
import type { ReviewCluster, ReviewField } from '../../../../shared/merge';

const field = (values: string[], proposed: string, name = 'email'): ReviewField => ({ field: name, values, proposed, differs: new Set(values).size > 1 });

const cluster: ReviewCluster = {
  clusterId: '7',
  score: 0.964,
  survivorId: 'C-2',
  members: [
    { id: 'C-2', row: 3, score: 0.96 },
    { id: 'C-9', row: 10, score: 0.96 },
  ],
  fields: [field(['ann@a.example', 'ANN@b.example'], 'ann@b.example'), field(['Cape Town', 'Cape Town'], 'Cape Town', 'city'), field(['', '021 555'], '021 555', 'phone')],
};

describe('duplicates sidebar choices', () => {
  it('reads scores as percent, with a decimal near certainty', () => {
    expect([0, 0.5, 0.964, 0.9899, 0.996, 0.9999, 1].map(percent)).toEqual(['0%', '50%', '96%', '99%', '99.6%', '99.9%', '100%']);
  });

  it('starts each field at the member holding the proposed value, else the survivor, else the first filled', () => {
    expect(defaultChoice(field(['a', 'b', 'c'], 'C'), 0)).toBe(2);
    expect(defaultChoice(field(['a', 'b'], ''), 1)).toBe(1);
    expect(defaultChoice(field(['', 'b', 'c'], 'zzz'), 0)).toBe(1);
    expect(defaultChoice(field(['x', 'x'], 'x'), 1)).toBe(1);
  });

  it('sends the chosen survivor, every member and the chosen value of each differing field only', () => {
    expect(mergeRequest(cluster, 'C-9', { email: 0, city: 1, phone: 1 })).toEqual({
      survivorId: 'C-9',
      memberIds: ['C-2', 'C-9'],
      fields: { email: 'ann@a.example', phone: '021 555' },
      score: 0.964,
    });
  });

  it('counts clusters at or above a level in percent', () => {
    const c = (score: number): ReviewCluster => ({ ...cluster, score });
    expect(clustersAbove([c(0.99), c(0.95), c(0.9499)], 95).map((x) => x.score)).toEqual([0.99, 0.95]);
  });

  it('describes a merge for the Undo list and labels fields', () => {
    expect(mergeLine({ mergeId: 'M-1', kind: 'merge', survivorId: 'C-2', mergedIds: ['C-9', 'C-11'], at: '2026-11-23T10:05:00.000Z', by: 'ann@shop.example', score: 0.9, rows: 4, undone: 'no', undoneAt: undefined })).toBe(
      'C-9, C-11 → C-2 · 2026-11-23 10:05 · ann@shop.example',
    );
    expect(fieldLabel('first_name')).toBe('First name');
    expect(fieldLabel('Favourite drink')).toBe('Favourite drink');
  });
});
