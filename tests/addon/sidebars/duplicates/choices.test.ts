import { describe, expect, it } from 'vitest';
import { batchLine, clustersAbove, defaultChoice, entryUndone, fieldLabel, historyEntries, mergeAllQuestion, mergeLine, mergeRequest, percent } from '../../../../addon/sidebars/duplicates/choices';
import type { MergeSummary, ReviewCluster, ReviewField } from '../../../../shared/merge';

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

  const summary = (over: Partial<MergeSummary>): MergeSummary => ({
    mergeId: 'M-1',
    batchId: undefined,
    kind: 'merge',
    survivorId: 'C-2',
    mergedIds: ['C-9', 'C-11'],
    at: '2026-11-23T10:05:00.000Z',
    by: 'ann@shop.example',
    score: 0.9,
    rows: 4,
    undone: 'no',
    undoneAt: undefined,
    names: {},
    ...over,
  });

  it('describes a merge for the Undo list with names next to ids, and labels fields', () => {
    expect(mergeLine(summary({}))).toBe('C-9, C-11 → C-2 · 2026-11-23 10:05 · ann@shop.example');
    expect(mergeLine(summary({ names: { 'C-2': 'Ann Botha', 'C-9': 'Anne Botha' } }))).toBe('Anne Botha (C-9), C-11 → Ann Botha (C-2) · 2026-11-23 10:05 · ann@shop.example');
    expect(fieldLabel('first_name')).toBe('First name');
    expect(fieldLabel('Favourite drink')).toBe('Favourite drink');
  });

  it('groups the merges of one batch into one Undo list entry, where its newest merge is', () => {
    const list = [
      summary({ mergeId: 'M-5', batchId: 'B-1', survivorId: 'C-50', names: { 'C-50': 'Zoë Nkosi' } }),
      summary({ mergeId: 'M-4' }),
      summary({ mergeId: 'M-3', batchId: 'B-1', survivorId: 'C-30', undone: 'yes' }),
      summary({ mergeId: 'M-2', batchId: 'B-1', survivorId: 'C-20' }),
      summary({ mergeId: 'M-1', batchId: 'B-1', survivorId: 'C-10' }),
    ];
    const entries = historyEntries(list);
    expect(entries.map((e) => (e.kind === 'batch' ? `${e.batchId}:${e.merges.map((m) => m.mergeId).join('+')}` : e.merge.mergeId))).toEqual(['B-1:M-5+M-3+M-2+M-1', 'M-4']);
    const batch = entries[0]!;
    expect(batch.kind === 'batch' && batchLine(batch)).toBe('Merge all: 4 groups (Zoë Nkosi (C-50); C-30; C-20, and 1 more) · 2026-11-23 10:05 · ann@shop.example');
    expect(entryUndone(batch)).toBe(false);
    expect(entryUndone({ kind: 'batch', batchId: 'B-1', merges: [summary({ undone: 'yes' })] })).toBe(true);
  });

  it('asks before merging all: the count, three examples with names, and exactly the groups shown', () => {
    const named = (id: string, score: number, first: string[]): ReviewCluster => ({
      clusterId: id,
      score,
      survivorId: `C-${id}1`,
      members: [
        { id: `C-${id}1`, row: 2, score },
        { id: `C-${id}2`, row: 3, score },
      ],
      fields: [field(first, first[0]!, 'first_name'), field(['Botha', 'Botha'], 'Botha', 'last_name')],
    });
    const list = [named('a', 0.999, ['Ann', 'Anne']), named('b', 0.995, ['Ben', '']), named('c', 0.99, ['', '']), named('d', 0.99, ['Dee', 'Dee'])];
    const asked = mergeAllQuestion(list, 99);
    expect(asked.question).toMatch(/^Merge 4 groups at or above 99%\?/);
    expect(asked.examples).toEqual(['Anne Botha (C-a2) into Ann Botha (C-a1) (99.9%)', 'Botha (C-b2) into Ben Botha (C-b1) (99.5%)', 'Botha (C-c2) into Botha (C-c1) (99%)']);
    expect(asked.groups).toEqual(list.map((c) => ({ survivorId: c.survivorId, memberIds: c.members.map((m) => m.id) })));
  });
});
