import { describe, expect, it } from 'vitest';
import { filterProposals, loadDecisions, markNotDuplicate, pairKey, type MergeInput } from '../../../shared/merge';
import { MemoryWorkbook } from '../../../shared/workbook';

const ACTOR = { by: 'staff@shop.example', at: '2026-11-23T10:00:00Z' };

describe('not-a-duplicate decisions', () => {
  it('are stored once per pair, whichever way round, and read back as pair keys', () => {
    const wb = new MemoryWorkbook();
    expect(markNotDuplicate(wb, 'C-000009', 'C-000002', ACTOR)).toEqual({ ok: true, added: true, pair: 'C-000002|C-000009' });
    expect(markNotDuplicate(wb, 'C-000002', ' C-000009 ', ACTOR)).toEqual({ ok: true, added: false, pair: 'C-000002|C-000009' });
    expect(markNotDuplicate(wb, 'C-000004', 'C-000004', ACTOR)).toEqual({ ok: false, code: 'same_customer' });
    expect(markNotDuplicate(wb, '', 'C-000004', ACTOR)).toEqual({ ok: false, code: 'blank_id' });
    const grid = wb.snapshot('Dedupe decisions')!;
    expect(grid.header).toEqual(['id', 'pair', 'decided_by', 'decided_at']);
    expect(grid.rows).toEqual([['N-000001', 'C-000002|C-000009', ACTOR.by, ACTOR.at]]);
    expect(loadDecisions(wb)).toEqual(new Set(['C-000002|C-000009']));
  });

  it('count a pair typed in by hand in either order', () => {
    const wb = new MemoryWorkbook({ 'Dedupe decisions': { header: ['Pair', 'Decided by'], rows: [[' C-7 | C-3 ', 'me'], ['nonsense', null], [null, null]] } });
    expect(loadDecisions(wb)).toEqual(new Set(['C-3|C-7']));
    expect(loadDecisions(new MemoryWorkbook())).toEqual(new Set());
  });

  it('split members declared distinct out of proposals, keeping the survivor', () => {
    const p = (survivorId: string, memberIds: string[]): MergeInput => ({ survivorId, memberIds, score: 0.9, fields: {}, alternatives: {} });
    const untouched = p('A', ['A', 'B']);
    const fromSurvivor = p('C', ['D', 'C', 'E']);
    const betweenOthers = p('F', ['F', 'G', 'H']);
    const onlyPair = p('J', ['J', 'K']);
    const decisions = new Set([pairKey('C', 'E'), pairKey('H', 'G'), pairKey('K', 'J'), pairKey('A', 'Z')]);
    const { kept, split } = filterProposals([untouched, fromSurvivor, betweenOthers, onlyPair], decisions);
    expect(kept).toEqual([untouched]);
    expect(split).toEqual([
      { proposal: fromSurvivor, keep: ['C', 'D'], apart: ['E'] },
      { proposal: betweenOthers, keep: ['F', 'G'], apart: ['H'] },
      { proposal: onlyPair, keep: ['J'], apart: ['K'] },
    ]);
  });
});
